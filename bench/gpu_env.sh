# Sourced by bench/gpu_check.sh (and by one-off commands on the GPU machine,
# `source bench/gpu_env.sh; "$DENO" run -A ...`): exports DENO, and where
# .carry/ holds them (bench/gpu_carry.sh), unpacks Deno's npm cache
# (DENO_DIR) and the CPU kernel library with the shared libraries it links
# (DENDRITE_LIB, LD_LIBRARY_PATH). Run from the repository root.
export DENO_NO_UPDATE_CHECK=1
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
  echo "no deno on PATH and no .carry/deno.xz: make .carry with bash bench/gpu_carry.sh" >&2
  return 2
fi
export DENO

# a carried archive unpacked by Python's tarfile: xz may be missing there
untar() { mkdir -p "$2" && python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$1" "$2"; }
if [ -z "${DENO_DIR:-}" ] && [ -f .carry/deno_dir.tar.xz ]; then
  untar .carry/deno_dir.tar.xz /tmp/dendrite-deno-dir && export DENO_DIR=/tmp/dendrite-deno-dir
fi
if [ -z "${DENDRITE_LIB:-}" ] && [ -f .carry/libs.tar.xz ]; then
  untar .carry/libs.tar.xz /tmp/dendrite-libs
  # the machine's own OpenMP runtime when it has one
  ldconfig -p | grep -q 'libgomp.so.1 ' && rm -f /tmp/dendrite-libs/lib/libgomp.so.1
  export DENDRITE_LIB=/tmp/dendrite-libs/lib/libdendrite.so
  export LD_LIBRARY_PATH=/tmp/dendrite-libs/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi

