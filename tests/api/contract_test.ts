/**
 * einsum, tensordot, kron and cross against NumPy 2.4 / PyTorch 2.13 (random inputs of several shapes, empty dims,
 * dtypes, every call form, errors), plus torch gradients by gradcheck. The registry test also calls every form.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { build, buildT, checkRuns, type Input, randomInput, rng, type Run } from "../helpers/oracle.ts";

const R = rng(31);
/** An operand: its dims, then optionally its dtype (float64 by default). */
type Spec = readonly (number | string)[];
const inputs = (specs: readonly Spec[]): Record<string, Input> =>
  Object.fromEntries(specs.map((s, i) => {
    const dt = typeof s.at(-1) === "string" ? s.at(-1) as string : "float64";
    return [`a${i}`, randomInput(R, dt, s.filter((d) => typeof d === "number") as number[])];
  }));
const names = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`).join(", ");

/** One case for each front-end given: `py(args)` / `ts.np(arrays)` / `ts.torch(tensors)` call the op on a0, a1, ... */
function both(
  specs: Spec[],
  py: (args: string) => string,
  ts: { np?: (xs: np.NDArray[]) => unknown; torch?: (xs: torch.Tensor[]) => unknown },
): Run[] {
  const ins = inputs(specs), list = Object.values(ins), expr = py(names(specs.length));
  const runs: Run[] = [];
  const { np: n, torch: t } = ts;
  if (n) runs.push({ c: { expr: `np.${expr}`, inputs: ins }, ours: () => n(list.map(build)) });
  if (t) runs.push({ c: { expr: `torch.${expr}`, inputs: ins, torch: true }, ours: () => t(list.map(buildT)) });
  return runs;
}

const EINSUM: [string, Spec[]][] = [
  ["ij,jk->ik", [[2, 3], [3, 4]]],
  ["ij,jk", [[2, 3], [3, 4]]],
  ["ij,kj", [[2, 3], [4, 3]]],
  ["ba,ab", [[3, 2], [2, 3]]],
  ["Ab,bA", [[2, 3], [3, 2]]],
  ["ij->ji", [[2, 3]]],
  ["ij->", [[2, 3]]],
  ["ij->j", [[2, 3]]],
  ["ii->i", [[3, 3]]],
  ["ii", [[3, 3]]],
  ["iij->ji", [[3, 3, 2]]],
  ["i...i", [[3, 2, 3]]],
  ["i,i", [[4], [4]]],
  ["i,i->", [[0], [0]]],
  ["i,j->ij", [[3], [2]]],
  ["i,j", [[3], [0]]],
  ["ij,jk", [[2, 0], [0, 3]]],
  ["ij,ij->ij", [[2, 1], [1, 4]]],
  ["ij,jk", [[2, 1], [3, 5]]],
  ["ij,ij->", [[3, 1], [1, 4]]],
  ["bij,bjk->bik", [[2, 3, 4], [2, 4, 5]]],
  ["bij,jk->bik", [[2, 3, 4], [4, 5]]],
  ["...ij,...jk->...ik", [[2, 1, 3, 4], [5, 4, 2]]],
  ["...i,...i", [[2, 3], [1, 3]]],
  ["...i,...i->...", [[2, 3], [5, 1, 3]]],
  ["ab...,b...->...a", [[2, 3, 4, 5], [3, 5]]],
  ["...->...", [[3]]],
  ["...i->...", [[2]]],
  ["ij->...", [[2, 3]]],
  ["i,j,k->ijk", [[2], [3], [4]]],
  ["ij,jk,kl", [[2, 3], [3, 4], [4, 5]]],
  ["ij,jk,kl->il", [[2, 3], [3, 0], [0, 5]]],
  ["ab,bc,cd,de->ae", [[2, 3], [3, 2], [2, 4], [4, 2]]],
  ["i,ij,j->", [[3], [3, 2], [2]]],
  ["ij ,jk ->ik", [[2, 3], [3, 4]]],
  ["", [[]]],
  ["->", [[]]],
  [",ij", [[], [2, 3]]],
  ["ij,ij->ij", [[2, 3, "int32"], [2, 3, "int64"]]],
  ["ij,jk", [[2, 3, "int64"], [3, 2, "int64"]]],
  ["ij->", [[2, 3, "int32"]]],
  ["ii", [[2, 2, "int64"]]],
  ["ij->ji", [[2, 3, "bool"]]],
  ["i,j", [[2, "float32"], [3, "float64"]]],
  ["ij,jk", [[2, 3, "float32"], [3, 4, "float32"]]],
  // errors
  ["ij,jk", [[2, 3]]],
  ["ij", [[2, 3], [3, 4]]],
  ["ijk", [[2, 3]]],
  ["i", [[2, 3]]],
  ["ij,jk", [[2, 3], [4, 5]]],
  ["i1", [[2, 3]]],
  ["ij->k", [[2, 3]]],
  ["ij->ii", [[2, 2]]],
  ["ii", [[2, 3]]],
  ["i..j", [[2, 3]]],
  ["....i", [[2]]],
  ["...i,...i", [[2, 3], [4, 3]]],
  ["ij-", [[2, 3]]],
  ["i->.", [[3]]],
  ["i", [[]]],
];

Deno.test("einsum: explicit/implicit output, ellipsis, diagonals, sums, several operands, dtypes, errors", async () => {
  const runs = EINSUM.flatMap(([eq, specs]) =>
    both(specs, (args) => `einsum(${JSON.stringify(eq)}, ${args})`, {
      np: (xs) => np.einsum(eq, ...xs),
      torch: (xs) => torch.einsum(eq, ...xs),
    })
  );
  // dtypes where they differ: torch's sums promote integers, its bmm refuses mixed dtypes; np keeps its result type
  const mixed: [string, Spec[]][] = [
    ["ij,jk", [[2, 3, "int32"], [3, 2, "int64"]]],
    ["i,i", [[3, "float32"], [3, "float64"]]],
    ["ij,jk", [[2, 3, "bool"], [3, 2, "bool"]]],
    ["i->", [[3, "bool"]]],
    ["ij,ij->i", [[2, 1, "int32"], [1, 3, "int32"]]],
    ["ij,jk", [[2, 3, "uint8"], [3, 2, "int32"]]],
  ];
  runs.push(...mixed.flatMap(([eq, specs]) =>
    both(specs, (args) => `einsum(${JSON.stringify(eq)}, ${args})`, {
      np: (xs) => np.einsum(eq, ...xs),
      torch: (xs) => torch.einsum(eq, ...xs),
    })
  ));
  await checkRuns(runs, { rtol: 1e-5, atol: 1e-6 });
});

Deno.test("np.einsum: dtype, casting, out and optimize as NumPy's", async () => {
  const ins = inputs([[2, 3, "int32"], [3, 2, "int32"]]);
  const [x, y] = Object.values(ins).map(build);
  const outOf = (dt: string, shape = [2, 2]) => np.zeros(shape, { dtype: dt });
  const cases: [string, () => unknown][] = [
    ["np.einsum('ij,jk', a0, a1, dtype='float32')", () => np.einsum("ij,jk", x, y, { dtype: "float32" })],
    [
      "np.einsum('ij,jk', a0.astype(float), a1, dtype='int32')",
      () => np.einsum("ij,jk", x.astype("float64"), y, { dtype: "int32" }),
    ],
    [
      "np.einsum('ij,jk', a0.astype(float), a1, dtype='int32', casting='unsafe')",
      () => np.einsum("ij,jk", x.astype("float64"), y, { dtype: "int32", casting: "unsafe" }),
    ],
    ["np.einsum('ij,jk', a0, a1, out=np.zeros((2, 2)))", () => np.einsum("ij,jk", x, y, { out: outOf("float64") })],
    [
      "np.einsum('ij,jk', a0, a1, out=np.zeros((2, 2), 'int64'))",
      () => np.einsum("ij,jk", x, y, { out: outOf("int64") }),
    ],
    [
      "np.einsum('ij,jk', a0.astype(float), a1, out=np.zeros((2, 2), 'int64'))",
      () => np.einsum("ij,jk", x.astype("float64"), y, { out: outOf("int64") }),
    ],
    [
      "np.einsum('ij,jk', a0, a1, out=np.zeros((2, 2), 'float32'))",
      () => np.einsum("ij,jk", x, y, { out: outOf("float32") }),
    ],
    [
      "np.einsum('ij,jk', a0, a1, dtype='int64', out=np.zeros((2, 2)))",
      () => np.einsum("ij,jk", x, y, { dtype: "int64", out: outOf("float64") }),
    ],
    [
      "np.einsum('ij,jk', a0, a1, out=np.zeros((2, 3)))",
      () => np.einsum("ij,jk", x, y, { out: outOf("float64", [2, 3]) }),
    ],
    [
      "np.einsum('i,i', a0[0] > 0, a0[0] > 0, out=np.zeros((), 'int64'))",
      () => np.einsum("i,i", x.get(0).greater(0), x.get(0).greater(0), { out: outOf("int64", []) }),
    ],
    ["np.einsum('ij,jk', a0, a1, optimize=True)", () => np.einsum("ij,jk", x, y, { optimize: true })],
    ["np.einsum('ij,jk', a0, a1, optimize='greedy')", () => np.einsum("ij,jk", x, y, { optimize: "greedy" })],
    ["np.einsum('ij,jk', a0, a1, optimize='optimal')", () => np.einsum("ij,jk", x, y, { optimize: "optimal" })],
    ["np.einsum('ij,jk', a0, a1, casting='foo')", () => np.einsum("ij,jk", x, y, { casting: "foo" as "no" })],
  ];
  await checkRuns(cases.map(([expr, ours]) => ({ c: { expr, inputs: ins }, ours })));
  // the out given is the result
  const o = outOf("float64");
  assert.equal(np.einsum("ij,jk", x, y, { out: o }), o);
  assert.throws(() => np.einsum("ij,jk", x, y, { optimize: 3 }), TypeError);
  assert.throws(() => (np.einsum as (s: string) => unknown)("ij"), /at least one operand/);
});

Deno.test("einsum: call forms and PyTorch's/NumPy's messages", () => {
  const a = torch.ones(2, 3), b = torch.ones(3, 4);
  assert.deepEqual(torch.einsum("ij,jk", [a, b]).shape, [2, 4]);
  assert.deepEqual(torch.einsum("ij,jk->ik", a, b).shape, [2, 4]);
  assert.deepEqual(torch.einsum({ equation: "ij,jk", operands: [a, b] }).shape, [2, 4]);
  assert.deepEqual(torch.einsum("ij", { operands: [a] }).shape, [2, 3]);
  assert.deepEqual(np.einsum("ij,jk", { operands: [np.ones([2, 3]), np.ones([3, 4])] }).shape, [2, 4]);
  assert.deepEqual(np.einsum({ subscripts: "i,i", operands: [[1, 2], [3, 4]] }).tolist(), 11);
  const msg = (f: () => unknown, re: RegExp) => assert.throws(f, re);
  msg(() => torch.einsum("ij,jk", a), /einsum\(\): fewer operands were provided than specified in the equation/);
  msg(() => torch.einsum("ij", a, b), /more operands were provided/);
  msg(
    () => torch.einsum("ijk", a),
    /the number of subscripts in the equation \(3\) does not match the number of dimensions \(2\) for operand 0 and no ellipsis was given/,
  );
  msg(
    () => torch.einsum("i1", a),
    /invalid subscript given at index 1 in the equation string, subscripts must be in \[a-zA-Z\]/,
  );
  msg(() => torch.einsum("ij->k", a), /output subscript k does not appear in the equation for any input operand/);
  msg(() => torch.einsum("ii->ii", torch.ones(2, 2)), /output subscript i appears more than once in the output/);
  msg(
    () => torch.einsum("ij,jk", a, torch.ones(4, 5)),
    /subscript j has size 4 for operand 1 which does not broadcast with previously seen size 3/,
  );
  msg(() => torch.einsum("ii", a), /subscript i is repeated for operand 0 but the sizes don't match, 3 != 2/);
  const x = np.ones([2, 3]);
  msg(
    () => np.einsum("ij,jk", x),
    /more operands provided to einstein sum function than specified in the subscripts string/,
  );
  msg(() => np.einsum("ij", x, x), /fewer operands provided/);
  msg(() => np.einsum("ijk", x), /too many subscripts for operand 0/);
  msg(() => np.einsum("i1", x), /invalid subscript '1' in einstein sum subscripts string, subscripts must be letters/);
  msg(() => np.einsum("ij->k", x), /output subscript 'k' which never appeared in an input/);
  msg(() => np.einsum("ij->ii", np.ones([2, 2])), /output subscript 'i' multiple times/);
  msg(() => np.einsum("ii", x), /dimensions in operand 0 for collapsing index 'i' don't match \(2 != 3\)/);
  msg(() => np.einsum("i...->", np.ones([2, 3])), /no '...' ellipsis provided/);
  msg(() => np.einsum("ij,jk", x, np.ones([4, 5])), /could not be broadcast/);
});

const AXES: [Spec[], string, unknown][] = [
  [[[2, 3], [3, 4]], "1", 1],
  [[[2, 3, 4], [3, 4, 5]], "2", 2],
  [[[2, 3], [2, 3]], "2", 2],
  [[[2, 3], [4, 5]], "0", 0],
  [[[2, 3], [2, 3]], "([0], [0])", [[0], [0]]],
  [[[2, 3, 4], [4, 3]], "([1, 2], [1, 0])", [[1, 2], [1, 0]]],
  [[[2, 3, 4], [4, 3]], "([-1, -2], [0, 1])", [[-1, -2], [0, 1]]],
  [[[2, 0], [0, 3]], "1", 1],
  [[[0, 3], [3]], "1", 1],
  [[[2, 3, "int64"], [3, 2, "int64"]], "1", 1],
  [[[2, 3, "float32"], [3, 2, "float32"]], "1", 1],
  [[[2, 3, "bool"], [3, 2, "bool"]], "1", 1],
  [[[2, 3, "int32"], [3, 2, "float64"]], "1", 1],
  [[[2, 3], [3, 4]], "3", 3],
  [[[2, 3], [2, 3]], "([0], [1])", [[0], [1]]],
  [[[2, 3], [2, 3]], "([0, 1], [1])", [[0, 1], [1]]],
  [[[2, 3], [2, 3]], "([0], [5])", [[0], [5]]],
  [[[2, 3], [2, 3]], "([0, 0], [0, 0])", [[0, 0], [0, 0]]],
];

Deno.test("tensordot: int and list axes, empty dims, dtypes, errors", async () => {
  const runs = AXES.flatMap(([specs, py, axes]) =>
    both(specs, (args) => `tensordot(${args}, ${py})`, {
      np: ([a, b]) => np.tensordot(a, b, axes),
      torch: ([a, b]) => torch.tensordot(a, b, axes),
    })
  );
  // NumPy only: a pair of ints, a negative count (an outer product); torch's size-1 dims broadcast
  runs.push(
    ...both([[2, 3], [3, 2]], (args) => `tensordot(${args}, (1, 0))`, {
      np: ([a, b]) => np.tensordot(a, b, [1, 0]),
      torch: ([a, b]) => torch.tensordot(a, b, [1, 0]),
    }),
    ...both([[2, 3], [3]], (args) => `tensordot(${args}, -1)`, {
      np: ([a, b]) => np.tensordot(a, b, -1),
      torch: ([a, b]) => torch.tensordot(a, b, -1),
    }),
    ...both([[2, 3], [1, 3]], (args) => `tensordot(${args}, ([0], [0]))`, {
      np: ([a, b]) => np.tensordot(a, b, [[0], [0]]),
      torch: ([a, b]) => torch.tensordot(a, b, [[0], [0]]),
    }),
  );
  await checkRuns(runs, { rtol: 1e-5, atol: 1e-6 });
  assert.deepEqual(torch.tensordot(torch.ones(2, 3), torch.ones(3, 2), { dims: 1 }).shape, [2, 2]);
  assert.deepEqual(np.tensordot(np.ones([2, 3]), np.ones([3, 2]), { axes: 1 }).shape, [2, 2]);
  assert.throws(
    () => torch.tensordot(torch.ones(2, 3), torch.ones(2, 3).int(), 1),
    /both inputs should have same dtype/,
  );
  // out= (resized as PyTorch's; its dtype must be the result's)
  const o = torch.empty(0);
  assert.equal(torch.tensordot(torch.ones(2, 3), torch.ones(3, 4), 1, { out: o }), o);
  assert.deepEqual(o.shape, [2, 4]);
  assert.throws(
    () => torch.tensordot(torch.ones(2, 3), torch.ones(3, 4), 1, { out: torch.empty(2, 4, { dtype: "float64" }) }),
    /tensordot: Expected the output tensor to have dtype Float, but got an output tensor with dtype Double/,
  );
  assert.throws(() => torch.einsum("ij"), /at least one operand/);
});

const KRON: Spec[][] = [
  [[2, 3], [2, 2]],
  [[3], [2]],
  [[2, 3], [4]],
  [[2], [3, 2, 2]],
  [[], [2, 3]],
  [[2, 3], []],
  [[], []],
  [[2, 0], [3]],
  [[2, 3, "int64"], [2, "int64"]],
  [[2, 2, "bool"], [2, "bool"]],
  [[2, 2, "int32"], [2, "float32"]],
];

Deno.test("kron: ranks, 0-d, empty dims, dtypes", async () => {
  const runs = KRON.flatMap((specs) =>
    both(specs, (args) => `kron(${args})`, {
      np: ([a, b]) => np.kron(a, b),
      torch: ([a, b]) => torch.kron(a, b),
    })
  );
  await checkRuns(runs);
  assert.deepEqual(torch.ones(2).kron(torch.ones(3)).shape, [6]);
  assert.deepEqual(np.kron(3, [1, 2]).tolist(), [3, 6]);
});

const CROSS: [Spec[], string, { axisa?: number; axisb?: number; axisc?: number; axis?: number }][] = [
  [[[3], [3]], "", {}],
  [[[4, 3], [1, 3]], "", {}],
  [[[4, 3], [3]], "", {}],
  [[[3, 4], [4, 3]], "axisa=0", { axisa: 0 }],
  [[[3, 4], [4, 3]], "axisa=0, axisc=0", { axisa: 0, axisc: 0 }],
  [[[3, 4], [3, 4]], "axis=0", { axis: 0 }],
  [[[0, 3], [0, 3]], "", {}],
  [[[2], [2]], "", {}],
  [[[4, 2], [4, 2]], "", {}],
  [[[2], [3]], "", {}],
  [[[3], [2]], "", {}],
  [[[4, 2], [4, 2]], "axisc=5", { axisc: 5 }],
  [[[3, "int32"], [3, "uint8"]], "", {}],
  [[[3, "uint8"], [3, "uint8"]], "", {}],
  [[[3, "bool"], [3, "bool"]], "", {}],
  [[[4], [3]], "", {}],
  [[[], [3]], "", {}],
  [[[3, 4], [3, 4]], "axisa=5", { axisa: 5 }],
  [[[4, 3], [4, 3]], "axisc=5", { axisc: 5 }],
  [[[4, 3], [5, 3]], "", {}],
];

const TCROSS: [Spec[], string, number | null][] = [
  [[[3], [3]], "dim=0", 0],
  [[[4, 3], [1, 3]], "dim=1", 1],
  [[[4, 3], [1, 3]], "dim=-1", -1],
  [[[3, 3, 2], [3, 3, 2]], "", null],
  [[[0, 3], [0, 3]], "dim=1", 1],
  [[[4, 3, "int32"], [4, 3, "int32"]], "dim=1", 1],
  [[[4, 3, "int32"], [4, 3]], "dim=1", 1],
  [[[4, 3, "bool"], [4, 3, "bool"]], "dim=1", 1],
  [[[2, 2], [2, 2]], "", null],
  [[[2, 3], [3]], "dim=1", 1],
  [[[2, 3], [5, 3]], "dim=1", 1],
  [[[2, 3], [2, 3]], "dim=2", 2],
  [[[4, 3], [1, 3]], "dim=0", 0],
];

Deno.test("cross: np's axes and 2-vectors, torch.cross and torch.linalg.cross, dtypes, errors", async () => {
  const runs: Run[] = CROSS.flatMap(([specs, py, o]) =>
    both(specs, (args) => `cross(${args}${py ? ", " + py : ""})`, {
      np: ([a, b]) => np.cross(a, b, o),
    })
  );
  for (const [specs, py, dim] of TCROSS) {
    runs.push(...both(specs, (args) => `cross(${args}${py ? ", " + py : ""})`, {
      torch: ([a, b]) => dim === null ? torch.cross(a, b) : torch.cross(a, b, dim),
    }));
    if (dim !== null) {
      runs.push(...both(specs, (args) => `linalg.cross(${args}, ${py})`, {
        torch: ([a, b]) => torch.linalg.cross(a, b, { dim }),
      }));
    }
  }
  runs.push(...both([[2, 3], [2, 3]], (args) => `linalg.cross(${args})`, {
    torch: ([a, b]) => torch.linalg.cross(a, b),
  }));
  await checkRuns(runs);
  const t = torch.ones(2, 3);
  assert.deepEqual(t.cross(t, 1).shape, [2, 3]);
  assert.throws(
    () => torch.linalg.cross(torch.ones(2, 2), torch.ones(2, 2)),
    /linalg.cross: inputs dimension -1 must have length 3. Got 2 and 2/,
  );
  assert.throws(() => torch.cross(torch.ones(2, 2), torch.ones(2, 2)), /no dimension of size 3 in input/);
  assert.throws(() => np.cross(np.ones(4), np.ones(3)), /incompatible dimensions for cross product/);
});

Deno.test("torch gradients of einsum, tensordot, kron and cross (gradcheck)", () => {
  const p = (...shape: number[]) => torch.randn(shape, { dtype: "float64" }).requiresGrad_();
  const g = (fn: (...xs: torch.Tensor[]) => torch.Tensor, xs: torch.Tensor[]) =>
    assert.ok(torch.autograd.gradcheck(fn, xs));
  torch.manualSeed(0);
  g((a, b) => torch.einsum("ij,jk->ik", a, b), [p(2, 3), p(3, 4)]);
  g((a) => torch.einsum("ii->i", a), [p(3, 3)]);
  g((a) => torch.einsum("ii", a), [p(3, 3)]);
  g((a, b) => torch.einsum("...ij,...jk", a, b), [p(2, 2, 3), p(3, 2)]);
  g((a, b, c) => torch.einsum("ij,jk,k->i", a, b, c), [p(2, 3), p(3, 2), p(2)]);
  g((a, b) => torch.einsum("ij,ij->", a, b), [p(3, 1), p(1, 4)]);
  g((a, b) => torch.tensordot(a, b, [[1, 2], [1, 0]]), [p(2, 3, 2), p(2, 3)]);
  g((a, b) => torch.tensordot(a, b, 1), [p(2, 3), p(3)]);
  g((a, b) => torch.kron(a, b), [p(2, 2), p(3)]);
  g((a, b) => torch.cross(a, b, 1), [p(2, 3), p(1, 3)]);
  g((a, b) => torch.linalg.cross(a, b), [p(3), p(3)]);
});
