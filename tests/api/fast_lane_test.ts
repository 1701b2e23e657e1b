/**
 * The fast lane (`Overload.fast`): a call of exactly the required arrays,
 * positional and of one dtype, skips binding and the runner. It must give
 * what the full path gives. Every op that declares a lane is called on
 * every dtype both ways (the full path is forced by a trailing empty
 * options object, which the lane never takes), as a function and as a
 * method; the results (dtype, shape, values) or the errors must be the
 * same. A stand-in front-end checks which calls the surface sends down
 * the lane, and torch's lane leaves autograd and inference mode to the
 * full path.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { type DType, DTYPES } from "../../src/core/dtype.ts";
import type { OpDecl } from "../../src/api/define.ts";
import { type Compiled, type FrontEnd, generate } from "../../src/api/surface.ts";
import { BINARY } from "../../src/api/ops/elementwise.ts";
import { NP_FUNCTIONS, NP_OPS } from "../../src/numpy/ndarray.ts";
import { TORCH_FUNCTIONS, TORCH_OPS } from "../../src/torch/tensor.ts";

type Arr = np.NDArray | torch.Tensor;
type Fn = (...args: unknown[]) => unknown;

/** Values that reach the edges: zero divisors, negatives, NaN and infinities for floats. */
const DATA: Record<"x" | "y", Record<"b" | "u" | "i" | "f", number[]>> = {
  x: {
    b: [1, 0, 1, 0, 1, 1],
    u: [0, 1, 7, 200, 255, 3],
    i: [-7, 0, 3, 9, -1, 12],
    f: [-1.5, 0, 2.25, NaN, Infinity, 0.5],
  },
  y: { b: [1, 1, 0, 0, 1, 0], u: [3, 2, 0, 9, 1, 255], i: [2, -3, 0, 4, -1, 5], f: [0.5, -2, 0, 1.5, -Infinity, 0.75] },
};

/** The transpose of a 2-d array (a view that is not C-contiguous). */
const T = (a: Arr): Arr => a instanceof np.NDArray ? a.T : (a as torch.Tensor).t();

/** What a call gave, comparable with deepEqual: the result's dtype, shape and values, or the error. */
function outcome(call: () => unknown): unknown {
  try {
    const r = call() as Arr;
    if (!(r instanceof np.NDArray || r instanceof torch.Tensor)) return r;
    const values = Array.from(
      r.storage.data as ArrayLike<number | bigint>,
      (v) => typeof v === "bigint" ? String(v) : Number.isNaN(v) ? "NaN" : v,
    );
    return { dtype: r.dtype, shape: r.shape, values, strides: r.layout.strides };
  } catch (e) {
    return { error: (e as Error).constructor.name, message: (e as Error).message };
  }
}

/** Every declaration of `ops` whose first overload has a lane, with its arity and function. */
function lanes(ops: ReadonlyMap<string, OpDecl>, key: "np" | "torch", fns: Record<string, Fn>) {
  const found: { name: string; arity: number; fn: Fn; method?: string; scalars: boolean }[] = [];
  for (const d of ops.values()) {
    const s = d[key];
    const o = s?.overloads[0];
    if (!s || !o?.fast) continue;
    const arity = o.sig.pos.filter((p) => !p.optional).length;
    const scalars = arity === 2 && o.sig.pos[1].kind === "arrayOrScalar";
    found.push({ name: s.names[0], arity, fn: fns[s.names[0]], method: s.methods?.[0], scalars });
  }
  return found;
}

for (
  const [key, ops, fns, make] of [
    ["np", NP_OPS, NP_FUNCTIONS, (d: number[], dt: DType) => np.array(d, { dtype: dt })],
    ["torch", TORCH_OPS, TORCH_FUNCTIONS, (d: number[], dt: DType) => torch.tensor(d, { dtype: dt })],
  ] as const
) {
  Deno.test(`${key}: every fast lane gives what the full path gives, on every dtype`, () => {
    const found = lanes(ops, key, fns as Record<string, Fn>);
    // the element-wise ops declare lanes; a refactor that drops them should be noticed
    assert(found.length > 60, `${key}: only ${found.length} ops declare a fast lane`);
    let compared = 0;
    for (const { name, arity, fn, method, scalars } of found) {
      for (const dt of Object.keys(DTYPES) as DType[]) {
        const k = DTYPES[dt].kind;
        const x = make(DATA.x[k], dt) as Arr, y = make(DATA.y[k], dt) as Arr;
        // same shapes; a transposed view with a broadcast row; 0-d with 1-d; JS numbers (where the second
        // parameter takes scalars: the lane takes them too), also with a transposed view
        const pairs: [Arr, Arr | number][] = [[x, y], [T(x.reshape(2, 3) as Arr), y.get("0:2")], [
          x.get(0),
          y.get("1:3"),
        ]];
        if (scalars) { for (const v of [2.5, 3, -1, 0, NaN]) pairs.push([x, v], [T(x.reshape(2, 3) as Arr), v]); }
        for (const [p, q] of pairs) {
          const args = arity === 1 ? [p] : [p, q];
          const full = outcome(() => fn(...args, {}));
          const shapes = `${dt} ${args.map((v) => typeof v === "number" ? v : `[${v.shape}]`).join(" ")}`;
          assert.deepEqual(outcome(() => fn(...args)), full, `${key}.${name} on ${shapes}`);
          if (method) {
            const m = (p as unknown as Record<string, Fn>)[method];
            assert.deepEqual(outcome(() => m.call(p, ...args.slice(1))), full, `${key} x.${method}() on ${shapes}`);
          }
          compared++;
        }
        if (key === "torch" && DTYPES[dt].kind === "f") {
          // recorded: the same history and gradients
          const graded = (full: boolean, number: boolean) =>
            outcome(() => {
              const p = (make(DATA.x.f, dt) as torch.Tensor).requiresGrad_(), q = number ? 2.5 : make(DATA.y.f, dt);
              const args = arity === 1 ? [p] : [p, q];
              const r = (full ? fn(...args, {}) : fn(...args)) as torch.Tensor;
              const name = r.gradFn?.name ?? null;
              if (r.requiresGrad) r.sum().backward();
              return { ...outcome(() => r.detach()) as object, name, grad: outcome(() => p.grad) };
            });
          assert.deepEqual(graded(false, false), graded(true, false), `torch.${name} on ${dt}, recorded`);
          if (scalars) assert.deepEqual(graded(false, true), graded(true, true), `torch.${name} on ${dt} and 2.5`);
        }
      }
    }
    assert(compared > 0);
  });
}

/** A stand-in front-end over plain operands that counts the lane's calls. */
function standIn() {
  const calls: string[] = [];
  const isArr = (v: unknown): v is Arr => v instanceof torch.Tensor;
  const fe: FrontEnd<Arr> = {
    ctx: { fe: "torch", defaultFloat: "float32" },
    arrayName: "tensor",
    array: (v) => (isArr(v) ? v : undefined),
    isArray: isArr,
    dtype: () => undefined,
    wrap: (v) => v as Arr,
    run: (c, args) => {
      calls.push("full");
      return c.overload.impl(args, fe.ctx);
    },
    fast: (c: Compiled, x: unknown, y: unknown) => {
      if (!isArr(x) || (y !== undefined && !isArr(y))) return undefined;
      calls.push("fast");
      return torch.Tensor._wrap(c.fast!(x, y as torch.Tensor)!);
    },
  };
  const g = generate({ add: BINARY.add }, "torch", fe);
  return { calls, fn: g.functions.add, method: g.methods.add, inplace: g.methods.add_ };
}

Deno.test("the surface takes the lane only for the required arrays, positional, and never for in-place twins", () => {
  const { calls, fn, method, inplace } = standIn();
  const a = torch.tensor([1, 2]), b = torch.tensor([3, 4]);
  const take = (f: () => unknown) => {
    calls.length = 0;
    f();
    return calls.join(",");
  };
  assert.equal(take(() => fn(a, b)), "fast");
  assert.equal(take(() => method.call(a, b)), "fast");
  assert.equal(take(() => fn(a, b, {})), "full");
  assert.equal(take(() => fn(a, b, { alpha: 2 })), "full");
  assert.equal(take(() => method.call(a, b, { alpha: 2 })), "full");
  assert.equal(take(() => fn(a, 2)), "full"); // a number: the stand-in's lane declines it, the implementation runs
  assert.equal(take(() => fn(a, true)), "full"); // not a lane call: the binder binds it
  assert.equal(take(() => inplace.call(a, b)), "full");
  // the second array missing (undefined) is the binder's error, not a one-array lane
  assert.throws(() => fn(a, undefined), /add\(\): argument 'other' \(position 2\) must be/);
});

Deno.test("torch's lane records what the full path records", () => {
  for (const op of ["add", "sub", "mul", "div", "maximum", "atan2", "hypot"] as const) {
    const run = (full: boolean) => {
      const x = torch.tensor([1.5, -2, 3], { requiresGrad: true }), y = torch.tensor([0.5, 4, -1]);
      y.requiresGrad_(op !== "sub"); // one input without grad: its edge is null
      const f = x[op] as unknown as Fn;
      const r = (full ? f.call(x, y, {}) : f.call(x, y)) as torch.Tensor;
      const name = r.gradFn?.name;
      r.mul(r).sum().backward();
      return { name, value: r.tolist(), gx: x.grad?.tolist(), gy: y.grad?.tolist() ?? null };
    };
    assert.deepEqual(run(false), run(true), op);
  }
  // a one-array lane
  const x = torch.tensor([0.5, 1], { requiresGrad: true });
  const e = x.exp();
  assert.equal(e.gradFn?.name, "ExpBackward0");
  e.sum().backward();
  assert.deepEqual(x.grad!.tolist(), x.exp().tolist());
  // a saved input changed in place before backward is PyTorch's version error, on the lane as on the full path
  const a = torch.tensor([1, 2], { requiresGrad: true }), b = torch.tensor([3, 4]);
  const m = a.mul(b);
  b.add_(1);
  assert.throws(() => m.sum().backward(), /modified by an inplace operation/);
  // comparisons have no derivative: no history, as on the full path
  assert.equal(a.lt(b).gradFn, null);
  assert.equal(a.lt(b).requiresGrad, false);
});

Deno.test("torch's lane and grad modes: no grad records nothing, inference mode marks its results", () => {
  const a = torch.tensor([1, 2]), g = torch.tensor([3, 4], { requiresGrad: true });
  const r = a.add(g);
  assert.equal(r.requiresGrad, true);
  assert.equal(r.gradFn?.name, "AddBackward0");
  assert.equal(g.mul(a).gradFn?.name, "MulBackward0");
  assert.equal(g.exp().gradFn?.name, "ExpBackward0");
  // no grad mode: nothing to record, the result has no history
  const n = torch.noGrad(() => g.add(a));
  assert.equal(n.requiresGrad, false);
  assert.equal(n.gradFn, null);
  // inference mode marks its results
  const i = torch.inferenceMode(() => a.add(a));
  assert.equal(i.isInference(), true);
  assert.equal(a.add(a).isInference(), false);
});

Deno.test("the lane's errors name the op and shapes as the full path does", () => {
  const a = torch.ones([2]), b = torch.ones([3]);
  const full = outcome(() => torch.add(a, b, {}));
  assert.deepEqual(outcome(() => torch.add(a, b)), full);
  assert.deepEqual(outcome(() => a.add(b)), full);
  const released = torch.ones([2]);
  released.dispose();
  assert.deepEqual(outcome(() => a.add(released)), outcome(() => a.add(released, {})));
  assert.deepEqual(outcome(() => released.exp()), outcome(() => released.exp({})));
  const x = np.ones([2]), y = np.ones([3]);
  assert.deepEqual(outcome(() => np.multiply(x, y)), outcome(() => np.multiply(x, y, {})));
});

Deno.test("a JS number with another JS scalar (bool, bigint) is no array-and-number call", () => {
  // the kernels' number fast path takes an array with a number only; NumPy's results
  const r = [np.add(1, true), np.add(true, 2.5), np.multiply(2n, 3), np.subtract(false, 1)];
  assert.deepEqual(r.map((a) => [a.dtype, a.item()]), [["int64", 2], ["float64", 3.5], ["int64", 6], ["int64", -1]]);
});
