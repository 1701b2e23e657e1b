/**
 * The CUDA backend against the CPU backend, op by op: the same inputs go
 * through `CPU` and the CUDA backend and the results must agree (exactly
 * for bool and integer results and for casts, within a tolerance per float
 * dtype otherwise). Covers every unary and binary op of the shared tables
 * for every dtype its mask allows (contiguous, vectorized, transposed,
 * offset and broadcast operands), where, all casts, fill, reductions over
 * axis sets (with and without grid splits), argmax/argmin, scans, softmax,
 * index gather/scatter/add/multiply, matmul (plain, transposed, batched,
 * broadcast), copies, and the allocator.
 *
 * The suite runs on every CUDA device there is: the real cuda:0 when a GPU
 * is present, and always (where g++ is) the host emulation of
 * tests/backend/cuda_emulator.ts, which runs the same kernel sources and
 * the same backend code on CPU threads. Each missing one is skipped with
 * the reason.
 */
import assert from "node:assert/strict";
import { CPU, loopOut, OP_CODES } from "../../src/backend/cpu.ts";
import { type CudaBackend, cudaBackend, useCudaDevice } from "../../src/backend/cuda.ts";
import { isAvailable, unavailableReason } from "../../src/backend/cuda_device.ts";
import { type DType, DTYPE_BY_CODE, isFloat } from "../../src/core/dtype.ts";
import type { Operand, Storage } from "../../src/core/storage.ts";
import { View } from "../../src/core/view.ts";
import { emulatedCuda } from "./cuda_emulator.ts";

/**
 * A CUDA backend to check. The emulation runs a block's threads as
 * coroutines, thousands of times slower than a GPU: it gets the long
 * rows and every-op-on-big-input cases in smaller sizes (`big` false).
 */
interface Target {
  name: string;
  be: () => CudaBackend;
  steps: number;
  big: boolean;
}
const TARGETS: Target[] = [];
// bench/gpu_check.sh skips the emulation: device time is short, and the emulated run is the same here as anywhere
const emulated = Deno.env.get("DENDRITE_NO_CUDA_EMULATION")
  ? "DENDRITE_NO_CUDA_EMULATION is set"
  : await emulatedCuda();
if (typeof emulated === "string") console.log(`cuda_ops_test: emulated device skipped: ${emulated}`);
else {
  const be = cudaBackend(emulated);
  TARGETS.push({ name: "emulated cuda", be: () => be, steps: 50, big: false });
}
if (isAvailable()) TARGETS.push({ name: "cuda:0", be: () => useCudaDevice("cuda:0"), steps: 1000, big: true });
else console.log(`cuda_ops_test: cuda:0 skipped (no GPU): ${unavailableReason()}`);

let seed = 20240611;
function random(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
}

const FLOAT_SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 1e30, -1e30, 0.5, -0.5, 1, -1, 2, 3e9, -3e9, 255.5, 300];

/**
 * A host storage of n random `dtype` values; `kind` picks the range: "any"
 * (floats with NaN, infinities, -0 and out-of-range values mixed in),
 * "plain" (floats in (-4, 4)), "small" (integers -1..5, also as floats, so
 * float sums and products of them are exact in any order), "nearOne",
 * "positive".
 */
function randomHost(
  dtype: DType,
  n: number,
  kind: "any" | "plain" | "small" | "nearOne" | "positive" = "any",
): Storage {
  const s = CPU.alloc(dtype, n, false);
  const d = s.data;
  for (let i = 0; i < n; i++) {
    const r = random();
    if (dtype === "bool") d[i] = r < 0.5 ? 1 : 0;
    else if (dtype === "int64") {
      const v = kind === "small"
        ? Math.floor(r * 7) - 1
        : kind === "positive"
        ? Math.floor(r * 6)
        : Math.floor(r * 2001) - 1000;
      (d as BigInt64Array)[i] = BigInt(v);
    } else if (isFloat(dtype)) {
      if (kind === "any" && i % 17 === 0) d[i] = FLOAT_SPECIALS[(i / 17) % FLOAT_SPECIALS.length];
      else if (kind === "small") d[i] = Math.floor(r * 7) - 1;
      else if (kind === "nearOne") d[i] = 0.9 + 0.2 * r;
      else if (kind === "positive") d[i] = 0.1 + 4 * r;
      else d[i] = (r - 0.5) * 8;
    } else if (dtype === "uint8") d[i] = kind === "positive" ? Math.floor(r * 6) : Math.floor(r * 256);
    else {d[i] = kind === "small"
        ? Math.floor(r * 7) - 1
        : kind === "positive"
        ? Math.floor(r * 6)
        : Math.floor(r * 2001) - 1000;}
  }
  return s;
}

/** The backend the running test checks. */
let gpu: () => CudaBackend = () => {
  throw new Error("no CUDA target");
};

const onDevice = (x: Operand): Operand => ({ storage: gpu().copyFrom(x.storage), layout: x.layout });

/** The device storage's elements, copied to a host storage. */
function toHost(s: Storage): Storage {
  const h = CPU.alloc(s.dtype, s.length, false);
  gpu().toHost(s, h.bytes);
  return h;
}

const TOL: Record<DType, number> = { bool: 0, uint8: 0, int32: 0, int64: 0, float32: 2e-5, float64: 1e-12 };

/**
 * The orthogonal polynomials' recurrences cancel at high degree: the CPU table contracts multiply-adds there (to give
 * PyTorch's values, kernels/include/special_fns_t.h), the CUDA table does not, so the two differ by more than rounding.
 */
const POLYNOMIAL = /^(shifted_)?chebyshev_|^hermite_|^laguerre_|^legendre_/;
const POLY_TOL: Partial<Record<DType, number>> = { float32: 1e-2, float64: 1e-5 };

/** Element-wise equality (NaN equals NaN); floats within `tol` relative to their magnitude (absolute below 1). */
function assertClose(cpu: Storage, dev: Storage, what: string, tol = TOL[cpu.dtype]): void {
  assert.equal(dev.dtype, cpu.dtype, what);
  const a = cpu.data, b = toHost(dev).data;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") {
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      const err = Math.abs(x - y), scale = Math.max(Math.abs(x), Math.abs(y));
      if (tol > 0 && Number.isFinite(err) && err <= tol * Math.max(scale, 1)) continue;
    }
    assert.fail(`${what}: element ${i} is ${y} on the CUDA backend, ${x} on the cpu`);
  }
}

/** A pair of operands with the same values on the CPU and the GPU. */
function pair(x: Operand): [Operand, Operand] {
  return [x, onDevice(x)];
}

/** Contiguous, transposed, offset (unaligned) and broadcast layouts of a [37, 53] space over a storage. */
function layouts(): { name: string; view: View; size: number }[] {
  return [
    { name: "contiguous", view: new View([37, 53]), size: 37 * 53 },
    { name: "transposed", view: new View([53, 37]).permute("t", [1, 0]), size: 37 * 53 },
    { name: "offset by 3", view: new View([37, 53], undefined, 3), size: 37 * 53 + 3 },
    { name: "broadcast rows", view: new View([37, 1]).expand("t", [37, 53]), size: 37 },
  ];
}

const outputOf = (be: { alloc: CudaBackend["alloc"] }, dtype: DType, shape: number[]): Operand => ({
  storage: be.alloc(dtype, shape.reduce((a, b) => a * b, 1), false),
  layout: new View(shape),
});

/** Registers the suite for one target. */
function suite(t: Target): void {
  const test = (name: string, fn: () => void) =>
    Deno.test(`${t.name} vs cpu: ${name}`, () => {
      gpu = t.be;
      fn();
    });

  test("every unary op, every dtype its mask allows, every layout", () => {
    for (const [name, code] of OP_CODES.unary) {
      for (const dt of DTYPE_BY_CODE) {
        const od = loopOut.unary(code, dt);
        if (od === undefined) continue;
        for (const l of layouts()) {
          const [cx, gx] = pair({ storage: randomHost(dt, l.size), layout: l.view });
          const co = outputOf(CPU, od, [37, 53]), go = outputOf(gpu(), od, [37, 53]);
          CPU.unary(code, cx, co);
          gpu().unary(code, gx, go);
          const tol = name === "lgamma" || name === "tan" ? 100 * TOL[od] : TOL[od];
          assertClose(co.storage, go.storage, `${name}(${dt}, ${l.name})`, tol);
        }
      }
    }
  });

  test("every binary op, every dtype its mask allows: same-shape, broadcast, scalar and transposed operands", () => {
    for (const [name, code] of OP_CODES.binary) {
      for (const dt of DTYPE_BY_CODE) {
        const od = loopOut.binary(code, dt);
        if (od === undefined) continue;
        // (a polynomial's degree runs its recurrence that many times: the float specials' 3e9 and 1e30 took minutes)
        const kindB = name === "power" && !isFloat(dt) ? "positive" : POLYNOMIAL.test(name) ? "plain" : "any";
        const cases: [string, View, number, View, number][] = [
          ["same shape", new View([37, 53]), 37 * 53, new View([37, 53]), 37 * 53],
          ["[37,1] x [1,53]", new View([37, 1]).expand("t", [37, 53]), 37, new View([1, 53]).expand("t", [37, 53]), 53],
          ["scalar b", new View([37, 53]), 37 * 53, new View([]).expand("t", [37, 53]), 1],
          [
            "transposed a",
            new View([53, 37]).permute("t", [1, 0]),
            37 * 53,
            new View([37, 53], undefined, 1),
            37 * 53 + 1,
          ],
        ];
        for (const [what, va, na, vb, nb] of cases) {
          const [ca, ga] = pair({ storage: randomHost(dt, na), layout: va });
          const [cb, gb] = pair({ storage: randomHost(dt, nb, kindB), layout: vb });
          const co = outputOf(CPU, od, [37, 53]), go = outputOf(gpu(), od, [37, 53]);
          CPU.binary(code, ca, cb, co);
          gpu().binary(code, ga, gb, go);
          assertClose(
            co.storage,
            go.storage,
            `${name}(${dt}, ${what})`,
            POLYNOMIAL.test(name) ? POLY_TOL[od] : undefined,
          );
        }
      }
    }
  });

  test("integer power with a negative exponent gives 0 on both backends (the front-ends raise before)", () => {
    const code = OP_CODES.binary.get("power")!;
    const a = CPU.alloc("int32", 4, false), b = CPU.alloc("int32", 4, false);
    (a.data as Int32Array).set([2, 3, 4, 5]);
    (b.data as Int32Array).set([1, -1, 2, 0]);
    const [, ga] = pair({ storage: a, layout: new View([4]) });
    const [, gb] = pair({ storage: b, layout: new View([4]) });
    const go = outputOf(gpu(), "int32", [4]);
    const co = outputOf(CPU, "int32", [4]);
    CPU.binary(code, { storage: a, layout: new View([4]) }, { storage: b, layout: new View([4]) }, co);
    gpu().binary(code, ga, gb, go);
    assert.deepEqual([...toHost(go.storage).data], [2, 0, 16, 1]);
    assert.deepEqual([...co.storage.data], [2, 0, 16, 1]);
  });

  test("where, for every dtype, with broadcast operands", () => {
    for (const dt of DTYPE_BY_CODE) {
      const [cc, gc] = pair({ storage: randomHost("bool", 37 * 53), layout: new View([37, 53]) });
      const [cx, gx] = pair({ storage: randomHost(dt, 53), layout: new View([1, 53]).expand("t", [37, 53]) });
      const [cy, gy] = pair({ storage: randomHost(dt, 37 * 53), layout: new View([53, 37]).permute("t", [1, 0]) });
      const co = outputOf(CPU, dt, [37, 53]), go = outputOf(gpu(), dt, [37, 53]);
      CPU.where(cc, cx, cy, co);
      gpu().where(gc, gx, gy, go);
      assertClose(co.storage, go.storage, `where(${dt})`, 0);
    }
  });

  test("casts between every pair of dtypes are exact, NaN, infinities and out-of-range values included", () => {
    for (const from of DTYPE_BY_CODE) {
      for (const to of DTYPE_BY_CODE) {
        for (const l of layouts()) {
          const [cx, gx] = pair({ storage: randomHost(from, l.size), layout: l.view });
          const co = outputOf(CPU, to, [37, 53]), go = outputOf(gpu(), to, [37, 53]);
          CPU.cast(cx, co);
          gpu().cast(gx, go);
          assertClose(co.storage, go.storage, `cast ${from} -> ${to} (${l.name})`, 0);
        }
      }
    }
  });

  test("fill writes every dtype's value, into strided views too", () => {
    const values: [DType, number | bigint | boolean][] = [
      ["bool", true],
      ["uint8", 200],
      ["int32", -7],
      ["int64", -(2n ** 40n)],
      ["float32", 0.1],
      ["float64", -1e300],
    ];
    for (const [dt, v] of values) {
      const go = outputOf(gpu(), dt, [6, 5]);
      gpu().fill({ storage: go.storage, layout: new View([6, 5]) }, 0);
      gpu().fill({ storage: go.storage, layout: new View([3, 5], [10, 1]) }, v); // every other row
      const h = toHost(go.storage).data;
      for (let i = 0; i < 30; i++) {
        const want = Math.floor(i / 5) % 2 === 0 ? v : 0;
        const got = h[i];
        if (dt === "float32") assert.equal(got, Math.fround(Number(want)));
        else if (dt === "int64") assert.equal(got, BigInt(want as number | bigint));
        else assert.equal(got, Number(want));
      }
    }
  });

  test("reductions: every op and dtype over axis sets, including split (two-pass) reductions", () => {
    const long = t.big ? 1 << 20 : 1 << 18;
    const shapes: { shape: number[]; axes: number[][]; big?: boolean }[] = [
      { shape: [37, 53], axes: [[0], [1], [0, 1], []] },
      { shape: [4, 5, 6], axes: [[0, 2], [1], [2]] },
      { shape: [long], axes: [[0]], big: true }, // one output: split over grid.y
      { shape: [long / 8, 3], axes: [[0]], big: true }, // columns: vertical and split
      { shape: [3, long / 8], axes: [[1]], big: true },
    ];
    for (const [name, code] of OP_CODES.reduce) {
      for (const dt of DTYPE_BY_CODE) {
        // the emulation takes the long inputs for one float and one integer dtype
        const longToo = t.big || dt === "float32" || dt === "int64";
        for (const { shape, axes, big } of shapes) {
          if (big && !longToo) continue;
          const n = shape.reduce((a, b) => a * b, 1);
          // NaN and infinities where they propagate by rule (max/min/all/any); sums see plain values
          const kind = name === "prod" ? (isFloat(dt) ? "nearOne" : "small") : name === "sum" ? "plain" : "any";
          const [cx, gx] = pair({ storage: randomHost(dt, n, kind), layout: new View(shape) });
          for (const ax of axes) {
            const outShape = shape.filter((_, i) => !ax.includes(i));
            const od = loopOut.reduce(code, dt);
            const co = outputOf(CPU, od, outShape), go = outputOf(gpu(), od, outShape);
            CPU.reduce(code, cx, ax, co.storage);
            gpu().reduce(code, gx, ax, go.storage);
            // float32 sums: the CPU adds float32 partial sums (kernels/cpu/reduce.c), whose rounding grows
            // with the reduced count while cancellation keeps the result small: the tolerance grows too
            const nred = ax.reduce((p, a) => p * shape[a], 1);
            const grow = name === "sum" && od === "float32" ? Math.max(1, nred / 1000) : 1;
            const tol = isFloat(od) ? Math.max(TOL[od], od === "float32" ? 1e-5 : 1e-11) * grow : 0;
            assertClose(co.storage, go.storage, `${name}(${dt}, [${shape}], axes [${ax}])`, tol);
          }
        }
      }
    }
  });

  test("argmax/argmin: first extreme, first NaN, along each axis and over long rows", () => {
    for (const op of ["argmax", "argmin"] as const) {
      for (const dt of DTYPE_BY_CODE) {
        const long = t.big ? 1 << 20 : 1 << 16;
        for (const [shape, axis] of [[[37, 53], 0], [[37, 53], 1], [[long], 0], [[long / 8, 3], 0]] as const) {
          const n = shape.reduce((a, b) => a * b, 1);
          // small integer ranges make ties, which must resolve to the first index
          const [cx, gx] = pair({ storage: randomHost(dt, n, isFloat(dt) ? "any" : "small"), layout: new View(shape) });
          const outShape = shape.filter((_, i) => i !== axis);
          const co = outputOf(CPU, "int64", outShape), go = outputOf(gpu(), "int64", outShape);
          CPU.argreduce(op, cx, axis, co.storage);
          gpu().argreduce(op, gx, axis, go.storage);
          assertClose(co.storage, go.storage, `${op}(${dt}, [${shape}], axis ${axis})`, 0);
        }
      }
    }
  });

  test("cumsum/cumprod along each axis, long rows included", () => {
    for (const op of ["cumsum", "cumprod"] as const) {
      for (const dt of DTYPE_BY_CODE) {
        for (const [shape, axis] of [[[37, 53], 0], [[37, 53], 1], [[3, t.big ? 5000 : 1000], 1]] as const) {
          const n = shape.reduce((a, b) => a * b, 1);
          const x = randomHost(dt, n, op === "cumprod" ? (isFloat(dt) ? "nearOne" : "small") : "positive");
          const [cx, gx] = pair({ storage: x, layout: new View(shape) });
          const od = loopOut.reduce(OP_CODES.reduce.get("sum")!, dt);
          const co = outputOf(CPU, od, [...shape]), go = outputOf(gpu(), od, [...shape]);
          CPU.scan(op, cx, axis, co);
          gpu().scan(op, gx, axis, go);
          const tol = od === "float32" ? 1e-4 : od === "float64" ? 1e-10 : 0;
          assertClose(co.storage, go.storage, `${op}(${dt}, [${shape}], axis ${axis})`, tol);
        }
      }
    }
  });

  test("softmax and log_softmax along the last and the first axis match a float64 reference", () => {
    for (const dt of ["float32", "float64"] as const) {
      for (const axis of [1, 0]) {
        for (const log of [false, true]) {
          const x = randomHost(dt, 37 * 53, "plain");
          const gx = onDevice({ storage: x, layout: new View([37, 53]) });
          const go = outputOf(gpu(), dt, [37, 53]);
          gpu().softmax(gx, axis, go, log);
          const ref = CPU.alloc(dt, 37 * 53, false), xs = x.data as Float64Array, r = ref.data as Float64Array;
          const [rows, n] = axis === 1 ? [37, 53] : [53, 37];
          const at = (row: number, i: number) => axis === 1 ? row * 53 + i : i * 53 + row;
          for (let row = 0; row < rows; row++) {
            let m = -Infinity, s = 0;
            for (let i = 0; i < n; i++) m = Math.max(m, xs[at(row, i)]);
            for (let i = 0; i < n; i++) s += Math.exp(xs[at(row, i)] - m);
            for (let i = 0; i < n; i++) {
              const v = xs[at(row, i)] - m;
              r[at(row, i)] = log ? v - Math.log(s) : Math.exp(v) / s;
            }
          }
          assertClose(
            ref,
            go.storage,
            `${log ? "log_" : ""}softmax(${dt}, axis ${axis})`,
            dt === "float32" ? 1e-5 : 1e-12,
          );
        }
      }
    }
  });

  test("index gather, scatter, scatter-add and scatter-multiply with repeated offsets", () => {
    const offsets = BigInt64Array.from([0, 5, 5, 9, 2, 5], (v) => BigInt(v * 3)); // rows of a [10, 3] array
    for (const dt of DTYPE_BY_CODE) {
      // gather rows into [6, 3]
      const [cs, gs] = pair({ storage: randomHost(dt, 30, "small"), layout: new View([10, 3]) });
      const co = outputOf(CPU, dt, [6, 3]), go = outputOf(gpu(), dt, [6, 3]);
      CPU.indexCopy(cs, co, offsets, 1, 0);
      gpu().indexCopy(gs, go, offsets, 1, 0);
      assertClose(co.storage, go.storage, `gather(${dt})`, 0);
      for (const mode of [1, 2, 3] as const) {
        const [cv, gv] = pair({ storage: randomHost(dt, 18, "small"), layout: new View([6, 3]) });
        const base = randomHost(dt, 30, "small");
        const cd = { storage: base, layout: new View([10, 3]) };
        const gd = onDevice(cd);
        // plain scatter with repeated offsets has no defined winner: use distinct ones
        const offs = mode === 1 ? BigInt64Array.from([0, 15, 6, 27, 3, 9], BigInt) : offsets;
        CPU.indexCopy(cv, cd, offs, 1, mode);
        gpu().indexCopy(gv, gd, offs, 1, mode);
        assertClose(cd.storage, gd.storage, `scatter mode ${mode} (${dt})`, isFloat(dt) ? 1e-6 : 0);
      }
    }
  });

  test("matmul: plain, transposed operands, batched, broadcast batches, and views cuBLAS cannot read", () => {
    for (const dt of ["float32", "float64"] as const) {
      // small integer values: every product and sum is exact, in any order (TF32 is off by default)
      const tol = 0;
      const cases: { name: string; a: View; na: number; b: View; nb: number; batch: number[] }[] = [
        { name: "plain", a: new View([37, 53]), na: 37 * 53, b: new View([53, 29]), nb: 53 * 29, batch: [] },
        {
          name: "a^T, b^T",
          a: new View([53, 37]).permute("t", [1, 0]),
          na: 37 * 53,
          b: new View([29, 53]).permute("t", [1, 0]),
          nb: 53 * 29,
          batch: [],
        },
        {
          name: "batched",
          a: new View([4, 37, 53]),
          na: 4 * 37 * 53,
          b: new View([4, 53, 29]),
          nb: 4 * 53 * 29,
          batch: [4],
        },
        {
          name: "b broadcast over [2, 3]",
          a: new View([2, 3, 37, 53]),
          na: 6 * 37 * 53,
          b: new View([53, 29]).expand("t", [2, 3, 53, 29]),
          nb: 53 * 29,
          batch: [2, 3],
        },
        {
          name: "a broadcast over the outer batch dim",
          a: new View([1, 3, 37, 53]).expand("t", [2, 3, 37, 53]),
          na: 3 * 37 * 53,
          b: new View([2, 3, 53, 29]),
          nb: 6 * 53 * 29,
          batch: [2, 3],
        },
        {
          name: "a strided in both dims (copied first)",
          a: new View([37, 53], [2 * 53 * 2, 2]),
          na: 4 * 37 * 53,
          b: new View([53, 29]),
          nb: 53 * 29,
          batch: [],
        },
      ];
      for (const c of cases) {
        const [ca, ga] = pair({ storage: randomHost(dt, c.na, "small"), layout: c.a });
        const [cb, gb] = pair({ storage: randomHost(dt, c.nb, "small"), layout: c.b });
        const shape = [...c.batch, 37, 29];
        const co = outputOf(CPU, dt, shape), go = outputOf(gpu(), dt, shape);
        CPU.matmul(ca, cb, co.storage, c.batch, 37, 29, 53);
        gpu().matmul(ga, gb, go.storage, c.batch, 37, 29, 53);
        assertClose(co.storage, go.storage, `matmul ${c.name} (${dt})`, tol);
      }
    }
  });

  test("copies: host -> device -> host round trip, device -> device, zeroed allocation", () => {
    for (const dt of DTYPE_BY_CODE) {
      const x = randomHost(dt, 1001);
      const d = gpu().copyFrom(x);
      assert.equal(d.device, "cuda:0");
      assertClose(x, d, `round trip ${dt}`, 0);
      assertClose(x, gpu().copyFrom(d), `device copy ${dt}`, 0);
      const z = gpu().alloc(dt, 999, true);
      assertClose(CPU.alloc(dt, 999, true), z, `zeros ${dt}`, 0);
    }
  });

  test("the allocator: a steady loop calls cuMemAlloc zero times after warm-up, and memory stays flat", () => {
    const be = gpu();
    const add = OP_CODES.binary.get("add")!, exp = OP_CODES.unary.get("exp")!;
    const x = onDevice({ storage: randomHost("float32", 1 << 16), layout: new View([256, 256]) });
    const step = () => {
      const y = outputOf(be, "float32", [256, 256]), z = outputOf(be, "float32", [256, 256]);
      be.unary(exp, x, y);
      be.binary(add, x, y, z);
      const s = outputOf(be, "float32", [256]);
      be.reduce(OP_CODES.reduce.get("sum")!, z, [0], s.storage);
      y.storage.release();
      z.storage.release();
      s.storage.release();
    };
    step();
    const warm = be.context.allocator.stats();
    for (let i = 0; i < t.steps; i++) step();
    be.context.synchronize();
    const after = be.context.allocator.stats();
    assert.equal(after.driverAllocs, warm.driverAllocs);
    assert.equal(after.allocated, warm.allocated);
    assert.equal(after.reserved, warm.reserved);
  });

  test("ops reject operands of another device with PyTorch's message", () => {
    const code = OP_CODES.unary.get("negative")!;
    const host = { storage: randomHost("float32", 4), layout: new View([4]) };
    assert.throws(() => gpu().unary(code, host, outputOf(gpu(), "float32", [4])), /same device/);
  });
}

for (const t of TARGETS) suite(t);
