#!/usr/bin/env bash
# The CUDA backend's checks on a machine with an NVIDIA GPU and no network,
# in one call from the repository root: `bash bench/gpu_check.sh`.
#
# 1. Deno: the one on PATH, else the binary carried xz-compressed in the
#    git-ignored .carry/deno.xz (make it with `xz -c "$(which deno)" > .carry/deno.xz`).
# 2. Builds the CPU kernel library (the results the GPU's are compared with).
# 3. Runs tests/backend/cuda_*_test.ts: the FFI tables against libcuda.so.1
#    and the headers, NVRTC for this GPU, the allocator and launch logic,
#    device discovery, and every op on cuda:0 against the CPU.
# 4. Benchmarks sgemm 4096 and add on 2^26 float32 (and one small add's host
#    time) against PyTorch on the same GPU, and prints a table.
#
# Logs go to $OUT (the device tool's return folder) when set, else
# /tmp/dendrite-gpu-check. Exits non-zero when a test or a benchmark fails.
set -uo pipefail
cd "$(dirname "$0")/.."
LOGS=${OUT:-/tmp/dendrite-gpu-check}
mkdir -p "$LOGS"
export DENO_NO_UPDATE_CHECK=1
# the host emulation of the kernels (tests/backend/cuda_emulator.ts) runs on every machine; not worth device time
export DENDRITE_NO_CUDA_EMULATION=1

say() { printf '\n== %s\n' "$*"; }

say "Deno"
if [ -n "${DENO:-}" ]; then :
elif command -v deno >/dev/null 2>&1; then DENO=$(command -v deno)
elif [ -f .carry/deno.xz ]; then
  DENO=/tmp/dendrite-deno/deno
  mkdir -p /tmp/dendrite-deno
  if command -v xz >/dev/null 2>&1; then
    xz -dc .carry/deno.xz >"$DENO"
  else
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' \
      .carry/deno.xz "$DENO"
  fi
  chmod +x "$DENO"
else
  echo "no deno on PATH and no .carry/deno.xz: carry one (xz -c \"\$(which deno)\" > .carry/deno.xz)" >&2
  exit 2
fi
"$DENO" --version | head -1

say "Machine"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "nvidia-smi failed"
python3 -c 'import torch; print("python", __import__("sys").version.split()[0], "torch", torch.__version__, "cuda", torch.version.cuda)' ||
  echo "no PyTorch: the comparison columns will be empty"

say "CPU kernel library"
if ! "$DENO" run -A --no-lock ffi/build_cli.ts; then
  echo "building the CPU kernels failed: the CUDA results have nothing to be compared with" >&2
  exit 3
fi

say "CUDA tests"
"$DENO" test -A --no-lock tests/backend/cuda_compile_test.ts tests/backend/cuda_ffi_test.ts \
  tests/backend/cuda_device_test.ts tests/backend/cuda_allocator_test.ts tests/backend/cuda_meta_test.ts \
  tests/backend/cuda_ops_test.ts 2>&1 | tee "$LOGS/cuda_tests.log"
tests=${PIPESTATUS[0]}

say "Benchmark (cuda:0)"
ours=$("$DENO" run -A --no-lock bench/gpu_check.ts 2>"$LOGS/bench_dendrite.err") || {
  cat "$LOGS/bench_dendrite.err" >&2
  ours='{}'
}
theirs=$(python3 bench/gpu_check.py 2>"$LOGS/bench_torch.err") || {
  cat "$LOGS/bench_torch.err" >&2
  theirs='{}'
}
echo "$ours" >"$LOGS/bench_dendrite.json"
echo "$theirs" >"$LOGS/bench_torch.json"
python3 - "$ours" "$theirs" <<'PY'
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"device: {ours.get('device') or theirs.get('device', '?')}   torch {theirs.get('torch', '-')}")
rows = [
    ("sgemm 4096, TFLOP/s", "sgemm_tflops", ">= 0.95x", True),
    ("add 2^26 float32, GB/s", "add_gbs", ">= 0.90x", True),
    ("small add, host us/op", "small_add_us", "(lower is better)", False),
]
print(f"{'case':26} {'dendrite':>10} {'PyTorch':>10} {'ratio':>8}  target")
ok, measured = True, True
for name, key, target, higher in rows:
    a, b = ours.get(key), theirs.get(key)
    fa = f"{a:10.2f}" if a is not None else f"{'-':>10}"
    fb = f"{b:10.2f}" if b is not None else f"{'-':>10}"
    ratio = a / b if a and b else None
    fr = f"{ratio:7.2f}x" if ratio else f"{'-':>8}"
    print(f"{name:26} {fa} {fb} {fr}  {target}")
    if higher and ratio is not None and ratio < float(target.split()[1][:-1]):
        ok = False
    measured = measured and a is not None
print("targets met" if ok and measured else "targets NOT met" if measured else "a benchmark failed (see the logs)")
sys.exit(0 if measured else 1)
PY
bench=$?

say "Summary"
echo "tests: $([ "$tests" -eq 0 ] && echo passed || echo "FAILED (exit $tests), see $LOGS/cuda_tests.log")"
[ "$tests" -eq 0 ] && [ "$bench" -eq 0 ]
