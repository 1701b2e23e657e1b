/**
 * src/api/ops/misc_more.ts, src/torch/ops/scatter_views.ts, src/api/ops/view_dtype.ts and src/core/finfo.ts against
 * NumPy 2.4 / PyTorch 2.13 (the registry test also calls every form): values, call forms, errors, and the view
 * scatters' gradients (PyTorch's and finite differences).
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { checkRuns, type Input, randomInput, rng, type Run } from "../helpers/oracle.ts";
import { npRun, tRun } from "../helpers/op_runs.ts";

const R = rng(57);
const inp = (dtype: string, shape: number[], data?: (number | boolean)[]): Input =>
  data ? { data, dtype, shape } : randomInput(R, dtype, shape);

/** finfo's integer fields. */
const INT_FIELDS = ["bits", "precision", "machep", "negep", "minexp", "maxexp", "nexp", "iexp", "nmant"];

Deno.test("np.finfo / np.iinfo and torch.finfo / torch.iinfo: every field, reprs, errors", async () => {
  const runs: Run[] = [];
  const npF = ["bits", "eps", "epsneg", "max", "min", "tiny", "resolution", "precision", "machep", "negep"]
    .concat(["minexp", "maxexp", "nexp", "iexp", "nmant"]);
  const camel: Record<string, string> = { smallest_normal: "smallestNormal", smallest_subnormal: "smallestSubnormal" };
  for (const d of ["float32", "float64"]) {
    for (const f of [...npF, "smallest_normal", "smallest_subnormal"]) {
      // the float fields are NumPy scalars of the dtype (float() reads them exactly), the others Python ints
      const expr = INT_FIELDS.includes(f) ? `np.finfo('${d}').${f}` : `float(np.finfo('${d}').${f})`;
      runs.push(npRun(expr, [], () => (np.finfo(d) as never)[camel[f] ?? f]));
    }
    runs.push(npRun(`str(np.finfo(np.${d}).dtype)`, [], () => ({ toString: () => np.finfo(d).dtype })));
    runs.push(npRun(`repr(np.finfo('${d}'))`, [], () => String(np.finfo(d))));
    for (const f of ["bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution"]) {
      runs.push(
        tRun(
          f === "bits" ? `torch.finfo(torch.${d}).bits` : `float(torch.finfo(torch.${d}).${f})`,
          [],
          () => (torch.finfo(d as "float32") as never)[camel[f] ?? f],
        ),
      );
    }
    runs.push(tRun(`repr(torch.finfo(torch.${d}))`, [], () => String(torch.finfo(d as "float32"))));
  }
  for (const d of ["uint8", "int32", "int64"]) {
    for (const f of ["bits", "min", "max"]) {
      runs.push(npRun(`np.iinfo('${d}').${f}`, [], () => np.iinfo(d)[f as "min"]));
      runs.push(tRun(`torch.iinfo(torch.${d}).${f}`, [], () => torch.iinfo(d as "int32")[f as "min"]));
    }
    runs.push(npRun(`np.iinfo(np.${d}).kind`, [], () => ({ toString: () => np.iinfo(d).kind })));
    runs.push(npRun(`repr(np.iinfo('${d}'))`, [], () => String(np.iinfo(d))));
    runs.push(tRun(`repr(torch.iinfo(torch.${d}))`, [], () => String(torch.iinfo(d as "int32"))));
  }
  runs.push(
    npRun("float(np.finfo(1.5).eps)", [], () => np.finfo(1.5).eps),
    npRun("float(np.finfo('f4').eps)", [], () => np.finfo("f4").eps),
    npRun("float(np.finfo('double').eps)", [], () => np.finfo("double").eps),
    npRun("np.iinfo(7).max", [], () => np.iinfo(7).max),
    npRun("np.iinfo('i4').max", [], () => np.iinfo("i4").max),
    npRun("np.finfo('int32')", [], () => np.finfo("int32")),
    npRun("np.finfo('bool')", [], () => np.finfo("bool")),
    npRun("np.finfo(a0)", [inp("float64", [2])], (a) => np.finfo(a)),
    npRun("np.iinfo('float32')", [], () => np.iinfo("float32")),
    npRun("np.iinfo(True)", [], () => np.iinfo(true)),
    npRun("np.iinfo(1.5)", [], () => np.iinfo(1.5)),
    npRun("np.iinfo(a0)", [inp("int32", [2])], (a) => np.iinfo(a)),
    tRun("float(torch.finfo().eps)", [], () => torch.finfo().eps),
    tRun("torch.finfo(torch.int32)", [], () => torch.finfo("int32")),
    tRun("torch.finfo(torch.bool)", [], () => torch.finfo("bool")),
    tRun("torch.finfo(a0)", [inp("float32", [2])], (a) => torch.finfo(a as never)),
    tRun("torch.iinfo(torch.float64)", [], () => torch.iinfo("float64")),
    tRun("torch.iinfo(torch.bool)", [], () => torch.iinfo("bool")),
  );
  await checkRuns(runs, { rtol: 0, atol: 0 });
  assert.throws(() => torch.iinfo("bool"), /torch.bool is not supported by torch.iinfo/);
  assert.throws(() => np.finfo("int64"), /data type <class 'numpy.int64'> not inexact/);
  assert.throws(() => np.finfo("float16"), TypeError);
  // the binder's call forms: the argument named in options; an unknown option is a TypeError naming it
  assert.equal(np.finfo({ dtype: "float32" }).eps, 2 ** -23);
  assert.equal(np.iinfo({ intType: "int32" }).max, 2 ** 31 - 1);
  assert.equal(torch.finfo({ type: "float64" }).eps, 2 ** -52);
  assert.equal(torch.iinfo({ type: "uint8" }).max, 255);
  assert.throws(() => np.finfo({ dtyp: "float32" }), {
    name: "TypeError",
    message: /finfo\(\): unknown option 'dtyp'/,
  });
  assert.throws(() => np.iinfo({ dtype: "int32" }), {
    name: "TypeError",
    message: /iinfo\(\): unknown option 'dtype'/,
  });
  // @ts-expect-error: an unknown option
  assert.throws(() => torch.finfo({ dtype: "float32" }), {
    name: "TypeError",
    message: /finfo\(\): unknown option 'dtype'/,
  });
  // @ts-expect-error: an unknown option
  assert.throws(() => torch.iinfo({ dtype: "int32" }), {
    name: "TypeError",
    message: /iinfo\(\): unknown option 'dtype'/,
  });
});

Deno.test("np: ix_, *IndicesFrom, rollaxis, matrixTranspose, permuteDims, unstack", async () => {
  const runs: Run[] = [];
  const m = inp("float64", [3, 4]), sq = inp("int32", [3, 3]), c3 = inp("float64", [2, 2, 2]);
  runs.push(
    npRun("np.ix_(a0, a1)", [inp("int64", [2], [0, 2]), inp("bool", [3], [true, false, true])], (a, b) => np.ix_(a, b)),
    npRun("np.ix_(a0)", [inp("uint8", [3], [1, 0, 2])], (a) => np.ix_(a)),
    npRun(
      "np.ix_(a0, a1, a2)",
      [inp("int32", [2]), inp("float64", [1]), inp("int64", [0])],
      (a, b, c) => np.ix_(a, b, c),
    ),
    npRun("np.ix_(a0)", [m], (a) => np.ix_(a)),
    npRun("np.ix_(a0)", [inp("int64", [], [3])], (a) => np.ix_(a)),
  );
  for (const k of [-1, 0, 2, 5]) {
    runs.push(
      npRun(`np.tril_indices_from(a0, ${k})`, [m], (a) => np.trilIndicesFrom(a, k)),
      npRun(`np.triu_indices_from(a0, k=${k})`, [m], (a) => np.triuIndicesFrom(a, { k })),
    );
  }
  runs.push(
    npRun("np.tril_indices_from(a0)", [c3], (a) => np.trilIndicesFrom(a)),
    npRun("np.diag_indices_from(a0)", [sq], (a) => np.diagIndicesFrom(a)),
    npRun("np.diag_indices_from(a0)", [c3], (a) => np.diagIndicesFrom(a)),
    npRun("np.diag_indices_from(a0)", [m], (a) => np.diagIndicesFrom(a)),
    npRun("np.diag_indices_from(a0)", [inp("int64", [3])], (a) => np.diagIndicesFrom(a)),
  );
  const x = inp("float64", [2, 3, 4, 5]);
  for (const [axis, start] of [[3, 1], [2, 0], [0, 4], [-1, -2], [1, 2], [1, 1], [0, 5], [4, 0], [1, -5]]) {
    runs.push(npRun(`np.rollaxis(a0, ${axis}, ${start})`, [x], (a) => np.rollaxis(a, axis, start)));
  }
  runs.push(
    npRun("np.rollaxis(a0, 2)", [x], (a) => np.rollaxis(a, { axis: 2 })),
    npRun("np.matrix_transpose(a0)", [x], (a) => np.matrixTranspose(a)),
    npRun("np.matrix_transpose(a0)", [m], (a) => np.matrixTranspose({ x: a })),
    npRun("np.matrix_transpose(a0)", [inp("int32", [3])], (a) => np.matrixTranspose(a)),
    npRun("np.permute_dims(a0)", [x], (a) => np.permuteDims(a)),
    npRun("np.permute_dims(a0, (2, 0, 3, 1))", [x], (a) => np.permuteDims(a, [2, 0, 3, 1])),
    npRun("np.permute_dims(a0, axes=(1, 0))", [m], (a) => np.permuteDims(a, { axes: [1, 0] })),
    npRun("np.permute_dims(a0, (0, 0))", [m], (a) => np.permuteDims(a, [0, 0])),
    npRun("np.unstack(a0)", [m], (a) => np.unstack(a)),
    npRun("np.unstack(a0, axis=-1)", [c3], (a) => np.unstack(a, { axis: -1 })),
    npRun("np.unstack(a0, axis=2)", [m], (a) => np.unstack(a, { axis: 2 })),
    npRun("np.unstack(a0)", [inp("int64", [], [2])], (a) => np.unstack(a)),
  );
  await checkRuns(runs);
});

Deno.test("np.packbits / np.unpackbits: axes, bit orders, counts, dtypes, errors", async () => {
  const runs: Run[] = [];
  const bits = inp("bool", [3, 11]), ints = inp("int32", [2, 9]), bytes = inp("uint8", [3, 2]);
  for (const order of ["big", "little"]) {
    runs.push(
      npRun(`np.packbits(a0, bitorder='${order}')`, [bits], (a) => np.packbits(a, { bitorder: order })),
      npRun(`np.packbits(a0, 1, '${order}')`, [bits], (a) => np.packbits(a, 1, order)),
      npRun(`np.packbits(a0, axis=0, bitorder='${order}')`, [ints], (a) => np.packbits(a, 0, { bitorder: order })),
      npRun(`np.unpackbits(a0, bitorder='${order}')`, [bytes], (a) => np.unpackbits(a, { bitorder: order })),
      npRun(`np.unpackbits(a0, 0, bitorder='${order}')`, [bytes], (a) => np.unpackbits(a, 0, { bitorder: order })),
    );
  }
  for (const count of [0, 3, 16, 20, -5, -16, -17]) {
    runs.push(npRun(`np.unpackbits(a0, 1, ${count})`, [bytes], (a) => np.unpackbits(a, 1, count)));
    runs.push(npRun(`np.unpackbits(a0, count=${count})`, [bytes], (a) => np.unpackbits(a, { count })));
  }
  runs.push(
    npRun("np.packbits(a0)", [inp("int64", [], [5])], (a) => np.packbits(a)),
    npRun("np.packbits(a0)", [inp("uint8", [0])], (a) => np.packbits(a)),
    npRun("np.packbits(a0, -1)", [inp("uint8", [2, 0])], (a) => np.packbits(a, -1)),
    npRun("np.packbits(a0, 2)", [bits], (a) => np.packbits(a, 2)),
    npRun("np.packbits(a0)", [inp("float64", [3])], (a) => np.packbits(a)),
    npRun("np.packbits(a0, bitorder='middle')", [bits], (a) => np.packbits(a, { bitorder: "middle" })),
    npRun("np.unpackbits(a0)", [inp("int32", [3])], (a) => np.unpackbits(a)),
    npRun("np.unpackbits(a0, 1)", [inp("uint8", [], [3])], (a) => np.unpackbits(a, 1)),
    npRun("np.unpackbits(np.packbits(a0, 1), 1, 11)", [bits], (a) => np.unpackbits(np.packbits(a, 1), 1, 11)),
  );
  await checkRuns(runs);
});

Deno.test("np.vecdot / matvec / vecmat / spacing: dtypes, broadcasting, out, errors", async () => {
  const runs: Run[] = [];
  for (const dt of ["float64", "float32", "int64", "int32", "uint8", "bool"]) {
    const v = inp(dt, [2, 3]), w = inp(dt, [3]), mm = inp(dt, [4, 2, 3]), mt = inp(dt, [2, 3, 4]);
    runs.push(
      npRun("np.vecdot(a0, a1)", [v, w], (a, b) => np.vecdot(a, b)),
      npRun("np.matvec(a0, a1)", [mm, w], (a, b) => np.matvec(a, b)),
      npRun("np.vecmat(a0, a1)", [w, mt], (a, b) => np.vecmat(a, b)),
    );
    // NumPy computes uint8 and bool in float16, which dendrite lacks (float32 here: README's known gap)
    if (dt !== "uint8" && dt !== "bool") runs.push(npRun("np.spacing(a0)", [v], (a) => np.spacing(a)));
  }
  const f = inp("float64", [3, 4]), g = inp("int32", [3, 1]);
  runs.push(
    npRun("np.vecdot(a0, a1, axis=0)", [f, g], (a, b) => np.vecdot(a, b, { axis: 0 })),
    npRun("np.vecdot(a0, a1)", [f, g], (a, b) => np.vecdot(a, b)),
    npRun("np.vecdot(a0, a1)", [inp("float64", []), f], (a, b) => np.vecdot(a, b)),
    npRun("np.vecdot(a0, a1, dtype=np.float32)", [f, f], (a, b) => np.vecdot(a, b, { dtype: "float32" })),
    npRun("np.matvec(a0, a1)", [f, inp("float64", [3])], (a, b) => np.matvec(a, b)),
    npRun("np.matvec(a0, a1)", [inp("float64", [4]), inp("float64", [4])], (a, b) => np.matvec(a, b)),
    npRun("np.vecmat(a0, a1)", [inp("float64", [4]), f], (a, b) => np.vecmat(a, b)),
    npRun("np.vecmat(a0, a1)", [inp("float64", [2, 1, 3]), f], (a, b) => np.vecmat(a, b)),
    npRun(
      "(np.vecdot(a0, a1, out=a2), a2)[1]",
      [f, f, inp("float32", [3])],
      (a, b, o) => (np.vecdot(a, b, o), o),
    ),
    npRun("np.vecdot(a0, a1, out=a2)", [f, f, inp("int64", [3])], (a, b, o) => np.vecdot(a, b, { out: o })),
  );
  const special = inp("float64", [9], [0, -0, 1, -1, Infinity, -Infinity, NaN, 1.7976931348623157e308, -2.5]);
  runs.push(
    npRun("np.spacing(a0)", [special], (a) => np.spacing(a)),
    npRun("np.spacing(a0.astype(np.float32))", [special], (a) => np.spacing(a.astype("float32"))),
    npRun("np.spacing(a0, dtype=np.float32)", [special], (a) => np.spacing(a, { dtype: "float32" })),
    npRun("np.spacing(a0, dtype=np.int64)", [special], (a) => np.spacing(a, { dtype: "int64" })),
    npRun("(np.spacing(a0, a1), a1)[1]", [f, inp("float32", [3, 4])], (a, o) => (np.spacing(a, o), o)),
    npRun("np.spacing(a0, out=a1)", [f, inp("int64", [3, 4])], (a, o) => np.spacing(a, { out: o })),
  );
  await checkRuns(runs);
});

Deno.test("ndarray methods: searchsorted, compress, choose, argpartition, partition, tobytes, byteswap, view", async () => {
  const runs: Run[] = [];
  const sorted = inp("float64", [5], [-1, 0.5, 0.5, 2, 7]), m = inp("float64", [3, 4]);
  runs.push(
    npRun("a0.searchsorted(a1)", [sorted, m], (a, b) => a.searchsorted(b)),
    npRun("a0.searchsorted(0.5, 'right')", [sorted], (a) => a.searchsorted(0.5, "right")),
    npRun("a0.searchsorted(a1, side='right')", [sorted, m], (a, b) => a.searchsorted(b, { side: "right" })),
    npRun("a0.compress([False, True, True])", [m], (a) => a.compress([false, true, true])),
    npRun("a0.compress([False, True, True], 0)", [m], (a) => a.compress([false, true, true], 0)),
    npRun("a0.compress([True, False], axis=1)", [m], (a) => a.compress([true, false], { axis: 1 })),
    npRun("a0.compress([True, False], 2)", [m], (a) => a.compress([true, false], 2)),
    npRun("a0.choose([a1, 2.5, a2])", [
      inp("int64", [3], [2, 0, 1]),
      inp("float64", [3]),
      inp("int32", [3]),
    ], (a, b, c) => a.choose([b, 2.5, c])),
    npRun(
      "a0.choose([[1, 2, 3], [4, 5, 6]], mode='clip')",
      [inp("int64", [3], [5, -1, 1])],
      (a) => a.choose([[1, 2, 3], [4, 5, 6]], { mode: "clip" }),
    ),
    npRun(
      "a0.choose([[1, 2, 3], [4, 5, 6]])",
      [inp("int64", [3], [5, -1, 1])],
      (a) => a.choose([[1, 2, 3], [4, 5, 6]]),
    ),
    npRun("np.sort(a0.argpartition(1))", [m], (a) => np.sort(a.argpartition(1))),
    npRun(
      "np.take_along_axis(a0, a0.argpartition(2, axis=0), 0)[2]",
      [m],
      (a) => np.takeAlongAxis(a, a.argpartition(2, { axis: 0 }), 0).get(2),
    ),
    npRun("(a0.partition(2), a0[:, 2])[1]", [m], (a) => (a.partition(2), a.get(":, 2"))),
    npRun(
      "(a0.partition([0, 2], axis=0), a0[[0, 2]])[1]",
      [m],
      (a) => (a.partition([0, 2], { axis: 0 }), a.get([[0, 2]])),
    ),
    npRun("a0.partition(9)", [m], (a) => a.partition(9)),
  );
  for (const dt of ["float64", "float32", "int64", "int32", "uint8", "bool"]) {
    const x = inp(dt, [3, 4]), tv = { ...inp(dt, [3, 4]), view: "::2, 1:" };
    runs.push(
      npRun("np.frombuffer(a0.tobytes(), np.uint8)", [x], (a) => np.frombuffer(a.tobytes().buffer, "uint8")),
      npRun("np.frombuffer(a0.tobytes('F'), np.uint8)", [tv], (a) => np.frombuffer(a.tobytes("F").buffer, "uint8")),
      npRun(
        "np.frombuffer(a0.T.tobytes(order='A'), np.uint8)",
        [x],
        (a) => np.frombuffer(a.transpose().tobytes({ order: "A" }).buffer, "uint8"),
      ),
      npRun("a0.byteswap()", [tv], (a) => a.byteswap()),
      npRun("(a0.byteswap(True), a0)[1]", [x], (a) => (a.byteswap(true), a)),
      npRun("a0.view()", [tv], (a) => a.view()),
    );
    for (const to of ["float64", "float32", "int64", "int32", "uint8", "bool"]) {
      runs.push(npRun(`a0.view(np.${to === "bool" ? "bool_" : to})`, [x], (a) => a.view(to)));
      runs.push(npRun(`a0[1:, ::2].view(np.${to === "bool" ? "bool_" : to})`, [x], (a) => a.get("1:, ::2").view(to)));
      runs.push(
        npRun(`a0[:, :1].view(np.${to === "bool" ? "bool_" : to})`, [x], (a) => a.get(":, :1").view({ dtype: to })),
      );
    }
  }
  runs.push(
    npRun("a0.view(np.int64)", [inp("int32", [3])], (a) => a.view("int64")),
    npRun("a0.view(np.uint8)", [inp("int32", [])], (a) => a.view("uint8")),
    npRun("a0.view(np.float32)", [inp("int32", [])], (a) => a.view("float32")),
    npRun("a0.T.view(np.uint8)", [inp("int32", [2, 3])], (a) => a.transpose().view("uint8")),
  );
  await checkRuns(runs);
  // the view shares memory: writes through either side are seen by the other
  const a = np.zeros([2], { dtype: "int32" }), b = a.view("uint8");
  b.set(4, 1);
  assert.deepEqual(a.tolist(), [0, 1]);
  // NumPy makes unaligned arrays here; element strides cannot express them (a TypeError that says to copy first)
  assert.throws(() => np.arange(12, { dtype: "int32" }).reshape(3, 4).get(":, 1:3").view("int64"), /unaligned/);
});

Deno.test("torch: view scatters, narrowCopy, emptyStrided, isNonzero, sumToSize, view(dtype), metadata", async () => {
  const runs: Run[] = [];
  const x = inp("float32", [3, 4]), d = inp("float64", [3]), b3 = inp("float32", [2, 3, 3]);
  runs.push(
    tRun("torch.diagonal_scatter(a0, a1)", [x, d], (a, s) => torch.diagonalScatter(a, s)),
    tRun("a0.diagonal_scatter(a1, 1)", [x, d], (a, s) => a.diagonalScatter(s, 1)),
    tRun("torch.diagonal_scatter(a0, a1, -1)", [x, inp("int64", [2])], (a, s) => torch.diagonalScatter(a, s, -1)),
    tRun(
      "torch.diagonal_scatter(a0, a1, dim1=2, dim2=0)",
      [b3, inp("float32", [3, 2])],
      (a, s) => torch.diagonalScatter(a, s, { dim1: 2, dim2: 0 }),
    ),
    tRun("torch.diagonal_scatter(a0, a1)", [x, inp("float32", [2])], (a, s) => torch.diagonalScatter(a, s)),
    tRun("torch.diagonal_scatter(a0, a1, 0, 1, 1)", [x, d], (a, s) => torch.diagonalScatter(a, s, 0, 1, 1)),
    tRun("torch.select_scatter(a0, a1, 1, -1)", [x, d], (a, s) => torch.selectScatter(a, s, 1, -1)),
    tRun("a0.select_scatter(a1, 0, 2)", [x, inp("int32", [4])], (a, s) => a.selectScatter(s, 0, 2)),
    tRun(
      "torch.select_scatter(a0, a1, 0, 3)",
      [x, inp("float32", [4])],
      (a, s) => torch.selectScatter(a, s, { dim: 0, index: 3 }),
    ),
    tRun("torch.select_scatter(a0, a1, 0, 0)", [x, inp("float32", [3])], (a, s) => torch.selectScatter(a, s, 0, 0)),
    tRun(
      "torch.select_scatter(a0, a1, 0, 0)",
      [inp("float32", []), inp("float32", [])],
      (a, s) => torch.selectScatter(a, s, 0, 0),
    ),
    tRun(
      "torch.slice_scatter(a0, a1, 1, 1, 4, 2)",
      [x, inp("float32", [3, 2])],
      (a, s) => torch.sliceScatter(a, s, 1, 1, 4, 2),
    ),
    tRun("torch.slice_scatter(a0, a1)", [x, inp("float64", [3, 4])], (a, s) => torch.sliceScatter(a, s)),
    tRun("torch.slice_scatter(a0, a1, 1, -2)", [x, inp("float32", [3, 2])], (a, s) => torch.sliceScatter(a, s, 1, -2)),
    tRun(
      "torch.slice_scatter(a0, a1, dim=0, end=-1)",
      [x, inp("float32", [2, 4])],
      (a, s) => torch.sliceScatter(a, s, { dim: 0, end: -1 }),
    ),
    tRun("torch.slice_scatter(a0, a1, 1, 5)", [x, inp("float32", [3, 0])], (a, s) => torch.sliceScatter(a, s, 1, 5)),
    tRun(
      "torch.slice_scatter(a0, a1, 1, 0, 2, 0)",
      [x, inp("float32", [3, 2])],
      (a, s) => torch.sliceScatter(a, s, 1, 0, 2, 0),
    ),
    tRun("torch.slice_scatter(a0, a1, 1, 1)", [x, inp("float32", [3, 2])], (a, s) => torch.sliceScatter(a, s, 1, 1)),
    tRun("torch.narrow_copy(a0, 1, 1, 2)", [x], (a) => torch.narrowCopy(a, 1, 1, 2)),
    tRun("a0.narrow_copy(0, -1, 1)", [x], (a) => a.narrowCopy(0, -1, 1)),
    tRun("torch.narrow_copy(a0, 1, 3, 2)", [x], (a) => torch.narrowCopy(a, 1, 3, 2)),
    tRun("torch.empty_strided((2, 3), (1, 2)).stride()", [], () => [...torch.emptyStrided([2, 3], [1, 2]).stride()]),
    tRun(
      "torch.empty_strided((2, 3), (1, 2), dtype=torch.int32).dtype",
      [],
      () => torch.emptyStrided([2, 3], [1, 2], { dtype: "int32" }).dtype,
    ),
    tRun("torch.empty_strided((2, 3), (1,))", [], () => torch.emptyStrided([2, 3], [1])),
    tRun("a0.new_empty_strided((2, 2), (2, 1)).dtype", [d], (a) => a.newEmptyStrided([2, 2], [2, 1]).dtype),
    tRun("torch.tensor([0.0]).is_nonzero()", [], () => torch.tensor([0]).isNonzero()),
    tRun("torch.is_nonzero(torch.tensor([[3]]))", [], () => torch.isNonzero(torch.tensor([[3]]))),
    tRun("torch.tensor([]).is_nonzero()", [], () => torch.tensor([]).isNonzero()),
    tRun("torch.ones(2).is_nonzero()", [], () => torch.ones(2).isNonzero()),
    tRun("a0.sum_to_size(4)", [x], (a) => a.sumToSize(4)),
    tRun("a0.sum_to_size(3, 1)", [x], (a) => a.sumToSize(3, 1)),
    tRun("a0.sum_to_size((1, 1))", [x], (a) => a.sumToSize([1, 1])),
    tRun("a0.sum_to_size(3, 4)", [x], (a) => a.sumToSize(3, 4)),
    tRun("a0.sum_to_size(3)", [x], (a) => a.sumToSize(3)),
    tRun("a0.adjoint()", [b3], (a) => a.adjoint()),
    tRun("torch.adjoint(a0)", [x], (a) => torch.adjoint(a)),
    tRun("torch.adjoint(a0)", [d], (a) => torch.adjoint(a)),
    tRun("a0.is_same_size(a1)", [x, inp("float64", [3, 4])], (a, o) => a.isSameSize(o)),
    tRun("a0.is_same_size(a1)", [x, d], (a, o) => a.isSameSize(o)),
    tRun("a0.get_device()", [x], (a) => a.getDevice()),
    tRun("a0.is_complex()", [x], (a) => a.isComplex()),
  );
  for (const dt of ["float64", "float32", "int64", "int32", "uint8", "bool"]) {
    const t = inp(dt, [3, 4]);
    runs.push(tRun("a0.is_signed()", [t], (a) => a.isSigned()));
    for (const to of ["float64", "float32", "int64", "int32", "uint8", "bool"]) {
      runs.push(tRun(`a0.view(torch.${to})`, [t], (a) => a.view(to as "uint8")));
      runs.push(tRun(`a0[1:].view(torch.${to})`, [t], (a) => a.get("1:").view({ dtype: to as "uint8" })));
      runs.push(tRun(`a0[:, 1:3].view(torch.${to})`, [t], (a) => a.get(":, 1:3").view(to as "uint8")));
      runs.push(tRun(`a0.T.view(torch.${to})`, [t], (a) => a.t().view(to as "uint8")));
      runs.push(tRun(`a0[:, :3].view(torch.${to})`, [t], (a) => a.get(":, :3").view(to as "uint8")));
    }
    runs.push(
      tRun(
        `a0[0, 0].view(torch.${dt === "uint8" ? "int32" : "uint8"})`,
        [t],
        (a) => a.get("0, 0").view(dt === "uint8" ? "int32" : "uint8"),
      ),
    );
  }
  await checkRuns(runs);
});

/** Central differences of sum(f(x) * w) with respect to each element of x (float64). */
function numericGrad(f: (x: torch.Tensor) => torch.Tensor, x: torch.Tensor, w: torch.Tensor): number[] {
  const base = x.tolist().flat(3) as number[], h = 1e-6;
  return base.map((_, i) => {
    const at = (d: number) => {
      const v = [...base];
      v[i] += d;
      return f(torch.tensor(v, { dtype: "float64" }).reshape(x.shape)).mul(w).sum().item() as number;
    };
    return (at(h) - at(-h)) / (2 * h);
  });
}

Deno.test("view scatters' gradients: PyTorch's values, node names, finite differences, double backward", async () => {
  const cases: [string, string, (x: torch.Tensor, s: torch.Tensor) => torch.Tensor, number[], number[]][] = [
    ["DiagonalScatterBackward0", "torch.diagonal_scatter(a, b, 1)", (x, s) => torch.diagonalScatter(x, s, 1), [3, 4], [
      3,
    ]],
    [
      "SelectScatterBackward0",
      "torch.select_scatter(a, b, 1, -2)",
      (x, s) => torch.selectScatter(x, s, 1, -2),
      [3, 4],
      [3],
    ],
    [
      "SliceScatterBackward0",
      "torch.slice_scatter(a, b, 1, 1, None, 2)",
      (x, s) => torch.sliceScatter(x, s, 1, 1, null, 2),
      [3, 4],
      [3, 2],
    ],
  ];
  const runs: Run[] = [];
  for (const [name, py, f, xs, ss] of cases) {
    const xi = inp("float64", xs), si = inp("float64", ss), wi = inp("float64", xs);
    const x = torch.tensor(xi.data as number[], { dtype: "float64" }).reshape(xs).requiresGrad_();
    const s = torch.tensor(si.data as number[], { dtype: "float64" }).reshape(ss).requiresGrad_();
    const w = torch.tensor(wi.data as number[], { dtype: "float64" }).reshape(xs);
    const y = f(x, s.mul(s));
    assert.equal(y.gradFn?.name, name);
    const [gx, gs] = torch.autograd.grad(y.mul(w).sum(), [x, s], { createGraph: true }) as torch.Tensor[];
    const close = (got: number[], want: number[]) =>
      got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-6, `${py}: ${v} vs ${want[i]}`));
    close(gx.tolist().flat() as number[], numericGrad((t) => f(t, s.detach().mul(s.detach())), x.detach(), w));
    close(gs.tolist().flat() as number[], numericGrad((t) => f(x.detach(), t.mul(t)), s.detach(), w));
    // double backward: d/ds of sum(gs^2), gs = 2 s * w[view]
    const [gss] = torch.autograd.grad(gs.mul(gs).sum(), [s]);
    const setup = `a = a0.clone().requires_grad_(); b = a1.clone().requires_grad_()
y = ${py.replace("(a, b", "(a, b * b")}
ga, gb = torch.autograd.grad((y * a2).sum(), [a, b], create_graph=True)
gbb, = torch.autograd.grad((gb * gb).sum(), [b])`;
    for (const [expr, ours] of [["ga", gx], ["gb", gs], ["gbb", gss]] as const) {
      runs.push({ c: { setup, expr, inputs: { a0: xi, a1: si, a2: wi }, torch: true }, ours: () => ours });
    }
  }
  await checkRuns(runs, { rtol: 1e-12, atol: 1e-12 });
});
