/**
 * NumPy's ufunc `where=` on every np op declared with a ufunc signature,
 * against NumPy 2.4: with `out` (the only deterministic form in NumPy),
 * masks that broadcast with the inputs, every call form, the scalar masks,
 * and NumPy's errors; without `out` the masked-off elements are zeros here.
 */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { NP_OPS } from "../../src/numpy/ndarray.ts";
import { build, checkRuns, type Input, rng, type Run } from "../helpers/oracle.ts";
import { npf } from "../helpers/op_runs.ts";
import { snake } from "../api/registry.ts";

/** The ufuncs: each op's first np name, and whether it takes two operands. */
const UFUNCS = [...NP_OPS.values()].filter((d) => d.np!.overloads.some((o) => o.sig.ufunc)).map((d) => ({
  name: d.np!.names[0],
  binary: d.np!.overloads[0].sig.pos.length === 3,
}));

const R = rng(31);
const values = (dtype: string, shape: number[], f: () => number | boolean): Input => ({
  dtype,
  shape,
  data: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, f),
});
const floats = (shape: number[]) => values("float64", shape, () => Math.round((0.1 + 1.9 * R()) * 100) / 100);
const ints = (shape: number[]) => values("int64", shape, () => 1 + Math.floor(R() * 5));
const mask = (shape: number[]) => values("bool", shape, () => R() < 0.5);

Deno.test("every ufunc's where= with out matches NumPy (float64 and int64 operands, broadcast masks)", async () => {
  assert.ok(UFUNCS.length >= 70, `${UFUNCS.length} ufuncs`);
  const runs: Run[] = [];
  for (const { name, binary } of UFUNCS) {
    for (const [make, fill] of [[floats, 7.25], [ints, 7]] as const) {
      for (const mshape of [[3, 4], [4], [3, 1]]) {
        const x = make([3, 4]), y = make([4]), m = mask(mshape);
        const o = values(make === floats ? "float64" : "int64", [3, 4], () => fill);
        const args = binary ? "x, y" : "x";
        runs.push({
          c: { expr: `np.${snake(name)}(${args}, out=o, where=m)`, inputs: binary ? { x, y, o, m } : { x, o, m } },
          ours: () => {
            const operands = binary ? [build(x), build(y)] : [build(x)];
            return npf[name](...operands as never[], { out: build(o), where: build(m) } as never);
          },
        });
      }
    }
  }
  await checkRuns(runs);
});

Deno.test("where= in every call form; the out is written only where the mask is true and returned", () => {
  const x = np.array([1, 4, 9]), m = [true, false, true];
  const o1 = np.full([3], -1.5);
  assert.equal(np.sqrt(x, o1, { where: m }), o1);
  assert.deepEqual(o1.tolist(), [1, -1.5, 3]);
  const o2 = np.full([3], -1.5);
  assert.deepEqual(np.sqrt(x, { out: o2, where: m }).tolist(), [1, -1.5, 3]);
  const o3 = np.full([3], -1.5);
  assert.deepEqual(x.add(1, { out: o3, where: np.array(m) }).tolist(), [2, -1.5, 10]);
  const o4 = np.full([3], -1.5);
  assert.deepEqual(np.add(x, 1, o4, { where: [1, 0, 2] }).tolist(), [2, -1.5, 10]);
});

Deno.test("scalar masks: true is a plain call, false leaves out as it was", () => {
  const x = np.array([1.5, 2.5]), o = np.array([7.5, 8.5]);
  np.negative(x, o, { where: false });
  assert.deepEqual(o.tolist(), [7.5, 8.5]);
  np.negative(x, o, { where: true });
  assert.deepEqual(o.tolist(), [-1.5, -2.5]);
});

Deno.test("without out the mask may widen the result; masked-off elements are zeros", () => {
  const r = np.add(np.array([1, 2, 3]), 1, { where: np.array([[true], [false]]) });
  assert.deepEqual(r.shape, [2, 3]);
  assert.deepEqual(r.tolist(), [[2, 3, 4], [0, 0, 0]]);
  assert.deepEqual(np.add(1, 2, { where: np.array([true, false]) }).tolist(), [3, 0]);
});

Deno.test("where= errors are NumPy's: an out that the mask's broadcast does not fit, an out dtype by same_kind", async () => {
  const x = floats([3]), o = floats([3]), wide = mask([2, 1]), m = mask([3]), io = ints([3]);
  await checkRuns([
    {
      c: { expr: "np.add(x, 1, out=o, where=m)", inputs: { x, o, m: wide } },
      ours: () => np.add(build(x), 1, { out: build(o), where: build(wide) }),
    },
    {
      c: { expr: "np.add(x, 1, out=o, where=m)", inputs: { x, o: io, m } },
      ours: () => np.add(build(x), 1, { out: build(io), where: build(m) }),
    },
  ]);
  assert.throws(
    () => np.abs(np.array([-1.5]), np.zeros([1], "int64"), { where: [true] }),
    /Cannot cast ufunc 'absolute' output from dtype\('float64'\) to dtype\('int64'\)/,
  );
});
