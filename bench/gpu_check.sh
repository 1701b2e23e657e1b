#!/usr/bin/env bash
# The CUDA backend's checks on a machine with an NVIDIA GPU and no network,
# in one call from the repository root: `bash bench/gpu_check.sh`.
#
# 1. Deno: the one on PATH, else the binary carried xz-compressed in the
#    git-ignored .carry/deno.xz (make it with `xz -c "$(which deno)" > .carry/deno.xz`).
# 2. The CPU kernel library (the results the GPU's are compared with): built,
#    or, where the machine has no OpenBLAS / oneDNN (the GPU machine has
#    neither and no registry), the one carried in .carry/libs.tar.xz with
#    those libraries beside it. .carry/deno_dir.tar.xz carries Deno's npm
#    cache (mod.ts imports npm packages). Make both with
#    `bash bench/gpu_carry.sh`.
# 3. Compiles every kernel file with NVRTC for sm_90, in parallel (cached).
# 4. bench/gpu_check.ts then bench/gpu_check.py (first: the table is what only
#    this machine can give, and a hang in the tests must not cost it): op and
#    layer results (and gradients) against PyTorch CUDA, and sgemm 4096, add
#    on 2^26 float32, a small add's host time, a Fashion-MNIST CNN training
#    step at batch 256, ResNet18 forward at batch 64 and the allocator over
#    1,000 steps, side by side with PyTorch; prints a table. A failed row is
#    reported and the others still run.
# 5. With the time left (the whole script stays under 10 minutes), runs
#    tests/backend/cuda_*_test.ts and tests/torch/cuda_test.ts: the FFI
#    tables against libcuda.so.1 and the headers, NVRTC for this GPU, the
#    allocator and launch logic, device discovery, every op and nn layer on
#    cuda:0 against the CPU, a CNN training step through torch's API.
#
# Logs go to $OUT (the device tool's return folder) when set, else
# /tmp/dendrite-gpu-check. Exits non-zero when a test or a benchmark fails.
set -uo pipefail
# the whole script's time, in seconds (the device tool allows 600 a call)
BUDGET=${GPU_CHECK_SECONDS:-580}
cd "$(dirname "$0")/.."
LOGS=${OUT:-/tmp/dendrite-gpu-check}
mkdir -p "$LOGS"
# the host emulation of the kernels (tests/backend/cuda_emulator.ts) runs on every machine; not worth device time
export DENDRITE_NO_CUDA_EMULATION=1

say() { printf '\n== %s\n' "$*"; }

say "Deno and the carried files"
# shellcheck source=bench/gpu_env.sh
source bench/gpu_env.sh || exit 2
"$DENO" --version | head -1

say "Machine"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "nvidia-smi failed"
python3 -c 'import torch; print("python", __import__("sys").version.split()[0], "torch", torch.__version__, "cuda", torch.version.cuda)' ||
  echo "no PyTorch: the comparison columns will be empty"

say "CPU kernel library"
if [ -n "${DENDRITE_LIB:-}" ]; then
  echo "given: $DENDRITE_LIB"
elif ! "$DENO" run -A --no-lock ffi/build_cli.ts; then
  echo "building the CPU kernels failed: the CUDA results have nothing to be compared with" >&2
  exit 3
fi

say "NVRTC: every kernel file for sm_90, in parallel (cached for the tests and the benchmark)"
timeout 150 "$DENO" eval --no-lock \
  "const { compileKernelImages } = await import('file://$PWD/src/backend/cuda_compile.ts'); await compileKernelImages(90);" ||
  echo "precompiling failed: the kernels compile at first use instead"

say "Benchmark and PyTorch comparison (cuda:0)"
# each side records a failed row and goes on; a crash leaves '{}' and the table says so
# the JSON file is rewritten after every row, so a crash or a timeout keeps the rows done
DENDRITE_GPU_CHECK_OUT="$LOGS/bench_dendrite.json" timeout 180 "$DENO" run -A --no-lock bench/gpu_check.ts \
  >/dev/null 2>"$LOGS/bench_dendrite.err" ||
  { tail -20 "$LOGS/bench_dendrite.err" >&2; [ -s "$LOGS/bench_dendrite.json" ] || echo '{}' >"$LOGS/bench_dendrite.json"; }
timeout 120 python3 bench/gpu_check.py "$LOGS/bench_dendrite.json" >"$LOGS/bench_torch.json" 2>"$LOGS/bench_torch.err" ||
  { tail -20 "$LOGS/bench_torch.err" >&2; [ -s "$LOGS/bench_torch.json" ] || echo '{}' >"$LOGS/bench_torch.json"; }
python3 - "$LOGS/bench_dendrite.json" "$LOGS/bench_torch.json" <<'PY'
import json, sys

def load(path):
    try:
        return json.load(open(path))
    except Exception as e:  # a crashed side: its columns stay empty
        print(f"cannot read {path}: {e}")
        return {}

ours, theirs = load(sys.argv[1]), load(sys.argv[2])
po, pt = ours.get("perf", {}), theirs.get("perf", {})
print(f"device: {ours.get('device') or theirs.get('device', '?')}   torch {theirs.get('torch', '-')}")
# (label, key, target ratio dendrite/PyTorch, higher is better)
rows = [
    ("sgemm 4096, TFLOP/s", "sgemm_tflops", 0.95, True),
    ("add 2^26 float32, GB/s", "add_gbs", 0.90, True),
    ("small add, host us/op", "small_add_us", None, False),
    ("CNN train step b256, ms", "cnn_step_ms", 1.3, False),
    ("ResNet18 fwd b64, ms", "resnet18_fwd_ms", 1.3, False),
]
print(f"{'case':28} {'dendrite':>10} {'PyTorch':>10} {'ratio':>8}  target")
ok = True
for name, key, target, higher in rows:
    a, b = po.get(key), pt.get(key)
    fa = f"{a:10.3f}" if a is not None else f"{'-':>10}"
    fb = f"{b:10.3f}" if b is not None else f"{'-':>10}"
    ratio = a / b if a and b else None
    fr = f"{ratio:7.2f}x" if ratio else f"{'-':>8}"
    tt = "" if target is None else (f">= {target}x" if higher else f"<= {target}x")
    met = ratio is not None and target is not None and (ratio >= target if higher else ratio <= target)
    print(f"{name:28} {fa} {fb} {fr}  {tt}{'' if target is None else ('  met' if met else '  NOT met')}")
    if target is not None and not met:
        ok = False
for key in ("cnn_driver_allocs_in_1000_steps", "cnn_allocated_growth_bytes"):
    v = po.get(key)
    print(f"{key:40} {'-' if v is None else v}   (want 0)")
    if v != 0:
        ok = False
cmp = theirs.get("compare", {})
names = [c.get("name") for c in ours.get("cases", [])]
print(f"\nop/layer vs PyTorch CUDA ({len(names)} cases, max |d|/(1+|ref|) over outputs and gradients):")
bad = 0
for n in names:
    c = cmp.get(n)
    if c is None:
        print(f"  {n:26} not compared")
        bad += 1
    else:
        print(f"  {n:26} {c['max_err']:.2e}  {'ok' if c['ok'] else 'MISMATCH ' + json.dumps(c['errors'])}")
        bad += 0 if c["ok"] else 1
for side, d in (("dendrite", ours), ("PyTorch", theirs)):
    for row, err in d.get("errors", {}).items():
        print(f"\n{side} row '{row}' failed:\n{err}")
        ok = False
ok = ok and bad == 0 and len(names) > 0
print("\nall targets met, all cases agree" if ok else "\nsome rows failed or missed their targets (above)")
sys.exit(0 if ok else 1)
PY
bench=$?

say "CUDA tests (with the time left)"
# every op and layer on cuda:0 against the CPU backend (the emulated device is skipped: see above); after
# the benchmark, so a hang here cannot cost the table, and bounded so the script ends inside 10 minutes
left=$((BUDGET - SECONDS))
timeout "$left" "$DENO" test -A --no-lock tests/backend/cuda_compile_test.ts tests/backend/cuda_ffi_test.ts \
  tests/backend/cuda_device_test.ts tests/backend/cuda_allocator_test.ts tests/backend/cuda_meta_test.ts \
  tests/backend/cuda_ops_test.ts tests/backend/cuda_nn_test.ts tests/torch/cuda_test.ts 2>&1 | tee "$LOGS/cuda_tests.log"
tests=${PIPESTATUS[0]}
[ "$tests" -eq 124 ] && echo "the tests ran out of time after ${left}s: see $LOGS/cuda_tests.log for how far they got"

say "Example"
if [ -d data/FashionMNIST ] && [ $((BUDGET + 10 - SECONDS)) -gt 30 ]; then
  DENDRITE_EXAMPLE_QUICK=1 timeout $((BUDGET + 10 - SECONDS)) "$DENO" run -A --no-lock examples/cuda_training.ts 2>&1 | tail -5
else
  echo "examples/cuda_training.ts not run: no Fashion-MNIST in data/ (no network here), or no time left"
fi

say "Summary"
echo "tests: $([ "$tests" -eq 0 ] && echo passed || echo "FAILED (exit $tests), see $LOGS/cuda_tests.log")"
echo "benchmark and comparison: $([ "$bench" -eq 0 ] && echo "all met" || echo "see the table")"
[ "$tests" -eq 0 ] && [ "$bench" -eq 0 ]
