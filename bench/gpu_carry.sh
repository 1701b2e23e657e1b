#!/usr/bin/env bash
# Fills the git-ignored .carry/ with what bench/gpu_check.sh needs on a GPU
# machine that has no registry, no OpenBLAS and no oneDNN:
#   deno.xz          this machine's Deno, xz-compressed;
#   libs.tar.xz      the CPU kernel library (built here) and the shared
#                    libraries it links that such a machine may lack;
#   deno_dir.tar.xz  Deno's npm cache for mod.ts, the benchmark and the tests.
# Then: the device tool's run(command="bash bench/gpu_check.sh", carry=[".carry"]).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .carry
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

xz -T0 -6 -c "$(readlink -f "$(command -v deno)")" >.carry/deno.xz

lib=$(deno run -A ffi/build_cli.ts | tail -1)
mkdir -p "$work/lib"
cp "$lib" "$work/lib/libdendrite.so"
# what the library needs beyond glibc, libstdc++ and libgcc (every Linux with a compiler has those)
ldd "$lib" | awk '/=> \//{print $3}' | grep -Ev '/(libc|libm|libmvec|libstdc\+\+|libgcc_s|ld-linux[^/]*)\.so' |
  while read -r so; do cp -L "$so" "$work/lib/"; done
tar cJf .carry/libs.tar.xz -C "$work" lib

DENO_DIR="$work/deno_dir" deno cache --no-lock mod.ts bench/gpu_check.ts examples/cuda_training.ts \
  tests/backend/cuda_*_test.ts tests/torch/cuda_test.ts >/dev/null
# only the npm packages: the rest is Deno's own cache, rebuilt there
tar cJf .carry/deno_dir.tar.xz -C "$work/deno_dir" npm
ls -l .carry
