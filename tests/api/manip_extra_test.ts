/**
 * src/api/ops/manip_extra.ts against NumPy 2.4 / PyTorch 2.13 (the registry test also calls every form): np.pad in
 * every mode (widths larger than the array, odd reflections, integer statistics, empty axes), insert / delete with
 * each kind of obj, flips, tri, diagIndices and the in-place fillDiagonal / putAlongAxis, errors included.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { checkRuns, type Input, randomInput, rng, type Run } from "../helpers/oracle.ts";
import { npRun, tRun } from "../helpers/op_runs.ts";

const R = rng(23);
const inp = (dtype: string, shape: number[], data?: (number | boolean)[]): Input =>
  data ? { data, dtype, shape } : randomInput(R, dtype, shape);
const py = (v: unknown): string =>
  JSON.stringify(v).replaceAll("null", "None").replaceAll("true", "True").replaceAll("false", "False");

Deno.test("np.pad: every mode, widths beyond the array, odd reflections, integer statistics, errors", async () => {
  const runs: Run[] = [];
  const widths: unknown[] = [2, [1, 3], [[0, 5], [7, 1]], [[2, 0]], [[3]], 0];
  const modes = [
    "constant",
    "edge",
    "reflect",
    "symmetric",
    "wrap",
    "linear_ramp",
    "maximum",
    "minimum",
    "mean",
    "median",
  ];
  const arrays: Input[] = [
    inp("float64", [2, 3]),
    inp("int64", [3, 2]),
    inp("float32", [1, 4]),
    inp("uint8", [2, 2]),
  ];
  for (const mode of modes) {
    for (const w of widths) {
      for (const x of arrays) {
        runs.push(npRun(`np.pad(a0, ${py(w)}, mode='${mode}')`, [x], (a) => np.pad(a, w as number, mode as "edge")));
      }
    }
  }
  for (const t of ["even", "odd"]) {
    for (const mode of ["reflect", "symmetric"]) {
      for (const w of [[4, 9], [[1, 2], [5, 4]]]) {
        const x = inp("float64", [2, 3]);
        runs.push(
          npRun(
            `np.pad(a0, ${py(w)}, '${mode}', reflect_type='${t}')`,
            [x],
            (a) => np.pad(a, w, mode as "reflect", { reflectType: t as "odd" }),
          ),
        );
      }
      runs.push(
        npRun(
          `np.pad(a0, [3, 2], '${mode}', reflect_type='${t}')`,
          [inp("int32", [4])],
          (a) => np.pad(a, [3, 2], { mode: mode as "reflect", reflectType: t as "odd" }),
        ),
      );
    }
  }
  // values per axis, empty arrays, 0-d, errors
  const x = inp("float64", [2, 3]);
  runs.push(
    npRun(
      "np.pad(a0, 1, constant_values=[[1.5, 2], [3, 4]])",
      [x],
      (a) => np.pad(a, 1, { constantValues: [[1.5, 2], [3, 4]] }),
    ),
    npRun(
      "np.pad(a0, 2, 'constant', constant_values=(7, -1))",
      [inp("int64", [3])],
      (a) => np.pad(a, 2, "constant", { constantValues: [7, -1] }),
    ),
    npRun(
      "np.pad(a0, [2, 3], 'linear_ramp', end_values=(5, -2))",
      [x],
      (a) => np.pad(a, [2, 3], "linear_ramp", { endValues: [5, -2] }),
    ),
    npRun(
      "np.pad(a0, [2, 3], 'linear_ramp', end_values=(5, -2))",
      [inp("int64", [2, 2])],
      (a) => np.pad(a, [2, 3], "linear_ramp", { endValues: [5, -2] }),
    ),
    npRun(
      "np.pad(a0, [2, 3], 'linear_ramp', end_values=-50)",
      [inp("uint8", [2, 2], [0, 0, 0, 0])],
      (a) => np.pad(a, [2, 3], "linear_ramp", { endValues: -50 }),
    ),
    npRun("np.pad(a0, 2)", [inp("float64", [0, 3])], (a) => np.pad(a, 2)),
    npRun("np.pad(a0, [[0, 0], [1, 1]], 'edge')", [inp("float64", [0, 3])], (a) => np.pad(a, [[0, 0], [1, 1]], "edge")),
    npRun("np.pad(a0, 2, 'edge')", [inp("float64", [0, 3])], (a) => np.pad(a, 2, "edge")),
    npRun("np.pad(a0, 2, 'mean')", [inp("float64", [])], (a) => np.pad(a, 2, "mean")),
    npRun("np.pad(a0, -1)", [x], (a) => np.pad(a, -1)),
    npRun("np.pad(a0, 1.5)", [x], (a) => np.pad(a, 1.5)),
    npRun("np.pad(a0, [[1, 2], [3, 4], [5, 6]])", [x], (a) => np.pad(a, [[1, 2], [3, 4], [5, 6]])),
    npRun("np.pad(a0, 1, 'edge', constant_values=3)", [x], (a) => np.pad(a, 1, "edge", { constantValues: 3 })),
    npRun("np.pad(a0, 1, 'wrap', reflect_type='odd')", [x], (a) => np.pad(a, 1, "wrap", { reflectType: "odd" })),
    npRun("np.pad(a0, 1, 'nope')", [x], (a) => np.pad(a, 1, "nope" as "edge")),
    npRun("np.pad(a0, [1, 2], 'median')", [inp("int64", [2, 2], [1, 2, 4, 4])], (a) => np.pad(a, [1, 2], "median")),
    npRun("np.pad(a0, [1, 2], 'mean')", [inp("int64", [2, 2], [1, 2, 4, 4])], (a) => np.pad(a, [1, 2], "mean")),
    npRun("np.pad(a0, 3, 'reflect')", [inp("float64", [1, 2])], (a) => np.pad(a, 3, "reflect")),
    npRun("np.pad(a0, 5, 'wrap')", [{ ...inp("float64", [3, 4]), view: "::-1, 1:" }], (a) => np.pad(a, 5, "wrap")),
  );
  await checkRuns(runs);
  assert.deepEqual(np.pad(np.array([1, 2]), 1, "empty").shape, [4]);
});

Deno.test("np.insert / np.delete: int, list, slice and mask objs, axes, values broadcast and cast, errors", async () => {
  const runs: Run[] = [];
  const x = inp("float64", [3, 4]);
  const objs: [string, unknown][] = [
    ["1", 1],
    ["-1", -1],
    ["[0, 2, 2, -1]", [0, 2, 2, -1]],
    ["[]", []],
    ["[3]", [3]],
    ["slice(None, None, 2)", np.slice(null, null, 2)],
    ["slice(-1, 0, -1)", np.slice(-1, 0, -1)],
    ["[True, False, True]", [true, false, true]],
    ["5", 5],
    ["[1.5]", [1.5]],
    ["[1.5, 2.5]", [1.5, 2.5]],
    ["[[0, 1]]", [[0, 1]]],
  ];
  for (const [pyObj, obj] of objs) {
    for (const axis of [null, 0, 1, -1]) {
      runs.push(
        npRun(`np.delete(a0, ${pyObj}, ${py(axis)})`, [x], (a) => np.delete(a, obj as number, axis)),
        // NumPy's insert fails on a list of bools (it reads obj.ndim): a bool array is tested below
        ...(pyObj.startsWith("[True") ? [] : [
          npRun(`np.insert(a0, ${pyObj}, 7.5, ${py(axis)})`, [x], (a) => np.insert(a, obj as number, 7.5, axis)),
        ]),
      );
    }
  }
  const v = inp("float64", [3]);
  runs.push(
    npRun("np.insert(a0, 1, a1, axis=1)", [x, v], (a, b) => np.insert(a, 1, b, 1)),
    npRun("np.insert(a0, [1], a1, axis=1)", [x, v], (a, b) => np.insert(a, [1], b, 1)),
    npRun("np.insert(a0, [1, 3], 2.9, axis=0)", [inp("int64", [3, 2])], (a) => np.insert(a, [1, 3], 2.9, 0)),
    npRun(
      "np.insert(a0, 2, [[1, 2], [3, 4]], axis=0)",
      [inp("int32", [3, 2])],
      (a) => np.insert(a, 2, np.array([[1, 2], [3, 4]]), 0),
    ),
    npRun("np.insert(a0, 0, 3)", [inp("float64", [])], (a) => np.insert(a, 0, 3)),
    npRun("np.insert(a0, 9, 3)", [inp("float64", [4])], (a) => np.insert(a, 9, 3)),
    npRun("np.insert(a0, [0, 9], 3)", [inp("float64", [4])], (a) => np.insert(a, [0, 9], 3)),
    npRun("np.insert(a0, 1, 3, axis=2)", [x], (a) => np.insert(a, 1, 3, 2)),
    npRun(
      "np.insert(a0, a1, [5, 6], 0)",
      [x, inp("bool", [3], [true, false, true])],
      (a, m) => np.insert(a, m, [5, 6], 0),
    ),
    npRun("np.insert(a0, a1, 5, 0)", [x, inp("bool", [1, 3], [true, false, true])], (a, m) => np.insert(a, m, 5, 0)),
    npRun("np.delete(a0, [True, False])", [inp("float64", [3])], (a) => np.delete(a, [true, false])),
    npRun("np.delete(a0, a1, 0)", [x, inp("bool", [3], [true, false, true])], (a, m) => np.delete(a, m, 0)),
    npRun("np.delete(a0, a1)", [inp("int64", [5]), inp("int64", [2], [4, 0])], (a, i) => np.delete(a, i)),
    npRun("np.delete(a0, 1, axis=0)", [inp("float64", [0, 2])], (a) => np.delete(a, 1, 0)),
  );
  await checkRuns(runs);
});

Deno.test("flips, tri, diagIndices, fillDiagonal and putAlongAxis (in place) match NumPy / PyTorch", async () => {
  const runs: Run[] = [];
  for (const shape of [[3, 4], [2, 3, 2], [0, 2], [5]]) {
    const x = inp("float32", shape);
    runs.push(
      npRun("np.fliplr(a0)", [x], (a) => np.fliplr(a)),
      npRun("np.flipud(a0)", [x], (a) => np.flipud(a)),
      tRun("torch.fliplr(a0)", [x], (a) => torch.fliplr(a)),
      tRun("a0.flipud()", [x], (a) => a.flipud()),
    );
  }
  runs.push(
    npRun("np.flipud(a0)", [inp("float64", [])], (a) => np.flipud(a)),
    tRun("torch.flipud(a0)", [inp("float64", [])], (a) => torch.flipud(a)),
  );
  for (const [n, m, k] of [[3, null, 0], [3, 5, 1], [4, 2, -1], [0, 3, 0], [2, 0, 5], [3, 3, -7]]) {
    runs.push(npRun(`np.tri(${n}, ${py(m)}, ${k})`, [], () => np.tri(n!, m, k!)));
  }
  runs.push(
    npRun("np.tri(3, dtype=np.int32)", [], () => np.tri(3, { dtype: "int32" })),
    npRun("np.tri(-1)", [], () => np.tri(-1)),
    npRun("np.diag_indices(3)", [], () => np.diagIndices(3)),
    npRun("np.diag_indices(2, 4)", [], () => np.diagIndices(2, 4)),
    npRun("np.diag_indices(0, 1)", [], () => np.diagIndices(0, 1)),
  );
  const fill = (shape: number[], val: string, ours: number | number[], wrap = false, dtype = "float64") =>
    npRun(`(np.fill_diagonal(a0, ${val}, wrap=${wrap ? "True" : "False"}), a0)[1]`, [inp(dtype, shape)], (a) => {
      np.fillDiagonal(a, Array.isArray(ours) ? np.array(ours) : ours, wrap);
      return a;
    });
  runs.push(
    fill([3, 3], "5", 5),
    fill([7, 3], "5", 5),
    fill([7, 3], "5", 5, true),
    fill([3, 7], "5", 5, true),
    fill([3, 3, 3], "[1, 2]", [1, 2]),
    fill([4, 4], "[1, 2, 3]", [1, 2, 3], false, "int64"),
    fill([4, 4], "2.7", 2.7, false, "int64"),
    fill([3, 3, 2], "1", 1),
    fill([3], "1", 1),
  );
  const fillT = (
    shape: number[],
    args: string,
    f: (a: torch.Tensor) => torch.Tensor,
    dtype = "float32",
    view?: string,
  ) => tRun(`a0.fill_diagonal_(${args})`, [{ ...inp(dtype, shape), view }], f);
  runs.push(
    fillT([3, 3], "5", (a) => a.fillDiagonal_(5)),
    fillT([7, 3], "5, True", (a) => a.fillDiagonal_(5, true)),
    fillT([8, 3], "5, wrap=True", (a) => a.fillDiagonal_(5, { wrap: true })),
    fillT([4, 3], "5, True", (a) => a.fillDiagonal_(5, true)),
    fillT([3, 7], "-1, True", (a) => a.fillDiagonal_(-1, true)),
    fillT([3, 3, 3], "2.5", (a) => a.fillDiagonal_(2.5), "int64"),
    fillT([3, 3, 2], "1", (a) => a.fillDiagonal_(1)),
    fillT([3], "1", (a) => a.fillDiagonal_(1)),
    fillT([0, 0], "1", (a) => a.fillDiagonal_(1)),
    fillT([6, 4], "9, True", (a) => a.fillDiagonal_(9, true), "float64", "::-1, 1:"),
  );
  const put = (shape: number[], idx: Input, vals: string, ours: number | np.NDArray, axis: number | null) =>
    npRun(`(np.put_along_axis(a0, a1, ${vals}, ${py(axis)}), a0)[1]`, [inp("float64", shape), idx], (a, i) => {
      np.putAlongAxis(a, i, ours, axis);
      return a;
    });
  runs.push(
    put([3, 4], inp("int64", [3, 1], [0, 3, -1]), "9", 9, 1),
    put([3, 4], inp("int64", [1, 4], [2, 0, 1, 2]), "-1", -1, 0),
    put([3, 4], inp("int64", [3, 2], [0, 3, 1, 1, 2, 0]), "np.array([[1, 2]])", np.array([[1, 2]]), -1),
    put([3, 4], inp("int64", [3], [0, 5, 11]), "4", 4, null),
    put([3, 4], inp("int64", [3, 1], [0, 4, 1]), "9", 9, 1),
    put([3, 4], inp("int64", [3], [0, 1, 2]), "9", 9, 1),
    put([3, 4], inp("float64", [3, 1], [0, 1, 2]), "9", 9, 1),
    put([3, 4], inp("int64", [3, 1], [0, 1, 2]), "9", 9, 2),
  );
  await checkRuns(runs);
});

Deno.test("np.select, choose, compress, extract, place and putmask match NumPy (dtypes, broadcasting, errors)", async () => {
  const x = inp("float64", [2, 3]), i = inp("int64", [2, 3]);
  const m = inp("bool", [2, 3], [true, false, true, false, false, true]);
  const m4 = inp("bool", [4], [true, false, true, true]);
  const runs: Run[] = [
    npRun(
      "np.select([a0 > 0, a0 < -5], [a0, 1], 7)",
      [x],
      (a) => np.select([np.greater(a, 0), np.less(a, -5)], [a, 1], 7),
    ),
    npRun("np.select([a1], [a0], 2.5)", [i, m], (a, c) => np.select([c], [a], 2.5)),
    npRun(
      "np.select([a1, a2], [a0, 3])",
      [i, m, m.shape[0] ? inp("bool", [3], [false, true, true]) : m],
      (a, c, d) => np.select([c, d], [a, 3]),
    ),
    npRun("np.select([a1], [a0, a0])", [x, m], (a, c) => np.select([c], [a, a])),
    npRun("np.select([], [])", [], () => np.select([], [])),
    npRun("np.select([a0], [a0])", [i], (a) => np.select([a], [a])),
    npRun(
      "np.choose(a0, [a1, 10, a2])",
      [inp("int64", [2, 3], [0, 1, 2, 2, 1, 0]), x, inp("int32", [3])],
      (a, b, c) => np.choose(a, [b, np.array(10), c]),
    ),
    npRun(
      "np.choose(a0, [[1, 2, 3], [4, 5, 6]], mode='wrap')",
      [inp("int64", [3], [-1, 2, 5])],
      (a) => np.choose(a, [np.array([1, 2, 3]), np.array([4, 5, 6])], { mode: "wrap" }),
    ),
    npRun(
      "np.choose(a0, [[1, 2, 3], [4, 5, 6]], mode='clip')",
      [inp("int64", [3], [-1, 2, 5])],
      (a) => np.choose(a, [np.array([1, 2, 3]), np.array([4, 5, 6])], null, "clip"),
    ),
    npRun(
      "np.choose(a0, [[1, 2, 3], [4, 5, 6]])",
      [inp("int64", [3], [-1, 1, 0])],
      (a) => np.choose(a, [np.array([1, 2, 3]), np.array([4, 5, 6])]),
    ),
    npRun("np.choose(a0, [[1, 2, 3]])", [inp("float64", [3], [0, 0, 0])], (a) => np.choose(a, [np.array([1, 2, 3])])),
    npRun(
      "(lambda o: (np.choose(a0, [[1.5, 2], [3, 4]], out=o), o)[1])(np.zeros(2))",
      [inp("int64", [2], [1, 0])],
      (a) => {
        const o = np.zeros([2]);
        np.choose(a, [np.array([1.5, 2]), np.array([3, 4])], { out: o });
        return o;
      },
    ),
    npRun("np.compress([True, False, True], a0, axis=1)", [x], (a) => np.compress(np.array([true, false, true]), a, 1)),
    npRun("np.compress([0, 1], a0, 0)", [x], (a) => np.compress(np.array([0, 1]), a, 0)),
    npRun("np.compress([1, 0, 0, 1], a0)", [x], (a) => np.compress(np.array([1, 0, 0, 1]), a)),
    npRun("np.compress([1, 0, 0, 1], a0, -1)", [x], (a) => np.compress(np.array([1, 0, 0, 1]), a, -1)),
    npRun("np.compress([[1, 0]], a0)", [x], (a) => np.compress(np.array([[1, 0]]), a)),
    npRun("np.extract(a1, a0)", [x, m], (a, c) => np.extract(c, a)),
    npRun("np.extract(a1, a0)", [x, inp("int64", [8], [1, 0, 0, 1, 0, 1, 0, 0])], (a, c) => np.extract(c, a)),
    npRun("np.extract(a1, a0)", [x, inp("int64", [8], [1, 0, 0, 1, 0, 1, 0, 1])], (a, c) => np.extract(c, a)),
  ];
  const inPlace = (expr: string, inputs: Input[], f: (...a: np.NDArray[]) => void) =>
    npRun(`(${expr}, a0)[1]`, inputs, (...a) => (f(...a), a[0]));
  runs.push(
    inPlace("np.place(a0, a1, [9, 8])", [x, m], (a, c) => np.place(a, c, [9, 8])),
    inPlace("np.place(a0, a1, 2.5)", [i, m], (a, c) => np.place(a, c, 2.5)),
    inPlace("np.place(a0, a1, [])", [x, m], (a, c) => np.place(a, c, [])),
    inPlace("np.place(a0, a1, [1])", [x, m4], (a, c) => np.place(a, c, [1])),
    inPlace("np.putmask(a0, a1, [9, 8, 7, 6])", [x, m], (a, c) => np.putmask(a, c, [9, 8, 7, 6])),
    inPlace("np.putmask(a0, a1, 2.5)", [i, m], (a, c) => np.putmask(a, c, 2.5)),
    inPlace("np.putmask(a0, a1, a2)", [i, m, inp("float64", [2], [1, 2])], (a, c, v) => np.putmask(a, c, v)),
    inPlace("np.putmask(a0, a1, a2)", [x, m, inp("int32", [2, 1], [1, 2])], (a, c, v) => np.putmask(a, c, v)),
    inPlace("np.putmask(a0, a1, 1)", [x, m4], (a, c) => np.putmask(a, c, 1)),
    inPlace("np.putmask(a0, a0 > 0, a0 * 2)", [x], (a) => np.putmask(a, np.greater(a, 0), np.multiply(a, 2))),
  );
  await checkRuns(runs);
});

Deno.test("np.indices, geomspace, vander, lexsort; torch.vander, combinations, uniqueConsecutive, msort", async () => {
  const runs: Run[] = [
    npRun("np.indices((2, 3))", [], () => np.indices([2, 3])),
    npRun("np.indices((2, 0, 3), dtype=np.float32)", [], () => np.indices([2, 0, 3], "float32")),
    npRun("np.indices((3, 2), sparse=True)", [], () => np.indices([3, 2], { sparse: true })),
    npRun("np.indices(())", [], () => np.indices([])),
    npRun("np.geomspace(1, 1000, 4)", [], () => np.geomspace(1, 1000, 4)),
    npRun("np.geomspace(-3, -700, 7, endpoint=False)", [], () => np.geomspace(-3, -700, 7, false)),
    npRun("np.geomspace(2, 0.5, 5, dtype=np.int64)", [], () => np.geomspace(2, 0.5, 5, { dtype: "int64" })),
    npRun("np.geomspace(0.1, 10, 1)", [], () => np.geomspace(0.1, 10, 1)),
    npRun("np.geomspace(0.1, 10, 0)", [], () => np.geomspace(0.1, 10, 0)),
    npRun("np.geomspace(1, 1e6, 13, axis=-1)", [], () => np.geomspace(1, 1e6, 13, { axis: -1 })),
    npRun("np.geomspace(0, 10, 3)", [], () => np.geomspace(0, 10, 3)),
    npRun("np.geomspace(1, 10, 3, axis=1)", [], () => np.geomspace(1, 10, 3, { axis: 1 })),
  ];
  for (
    const [dtype, N, inc] of [["float64", null, false], ["int64", 5, true], ["bool", 3, false], ["float32", 0, false]]
  ) {
    const x = inp(dtype as string, [4]);
    runs.push(
      npRun(`np.vander(a0, ${py(N)}, ${py(inc)})`, [x], (a) => np.vander(a, N as number, inc as boolean)),
      tRun(`torch.vander(a0, ${py(N)}, ${py(inc)})`, [x], (a) => torch.vander(a, N as number, inc as boolean)),
    );
  }
  runs.push(
    npRun("np.vander(a0)", [inp("float64", [2, 2])], (a) => np.vander(a)),
    tRun("torch.vander(a0, N=-1)", [inp("float64", [2])], (a) => torch.vander(a, { N: -1 })),
    tRun("torch.vander(a0)", [inp("float64", [])], (a) => torch.vander(a)),
  );
  const k0 = inp("int64", [6], [1, 0, 1, 0, 1, 1]), k1 = inp("float64", [6], [3, 3, NaN, 1, -1, 3]);
  runs.push(
    npRun("np.lexsort([a0, a1])", [k0, k1], (a, b) => np.lexsort([a, b])),
    npRun("np.lexsort(a0)", [inp("int64", [2, 3], [1, 2, 1, 0, 0, 0])], (a) => np.lexsort(a)),
    npRun(
      "np.lexsort((a0, a1), axis=0)",
      [inp("int64", [3, 2]), inp("int64", [3, 2], [1, 1, 0, 1, 1, 0])],
      (a, b) => np.lexsort([a, b], 0),
    ),
    npRun("np.lexsort([a0, a1])", [k0, inp("float64", [5])], (a, b) => np.lexsort([a, b])),
    npRun("np.lexsort([])", [], () => np.lexsort([])),
  );
  for (const [n, r, rep] of [[4, 2, false], [4, 3, true], [3, 0, false], [2, 3, false], [0, 2, true], [3, 1, false]]) {
    const x = inp("float32", [n as number]);
    runs.push(
      tRun(`torch.combinations(a0, ${r}, ${py(rep)})`, [x], (a) => torch.combinations(a, r as number, rep as boolean)),
    );
  }
  runs.push(tRun("torch.combinations(a0)", [inp("float32", [2, 2])], (a) => torch.combinations(a)));
  const u = inp("int64", [7], [1, 1, 2, 2, 3, 1, 1]);
  runs.push(
    tRun("torch.unique_consecutive(a0)", [u], (a) => torch.uniqueConsecutive(a)),
    tRun(
      "torch.unique_consecutive(a0, return_inverse=True, return_counts=True)",
      [u],
      (a) => torch.uniqueConsecutive(a, { returnInverse: true, returnCounts: true }),
    ),
    tRun(
      "torch.unique_consecutive(a0, return_counts=True)",
      [inp("float32", [0])],
      (a) => torch.uniqueConsecutive(a, { returnCounts: true }),
    ),
    tRun(
      "torch.unique_consecutive(a0, dim=1, return_inverse=True)",
      [inp("int64", [2, 4], [1, 1, 2, 2, 3, 3, 3, 0])],
      (a) => a.uniqueConsecutive({ dim: 1, returnInverse: true }),
    ),
    tRun(
      "torch.unique_consecutive(a0, return_inverse=True)",
      [inp("int64", [2, 2], [5, 5, 5, 4])],
      (a) => torch.uniqueConsecutive(a, { returnInverse: true }),
    ),
    tRun("torch.msort(a0)", [inp("float32", [4, 3])], (a) => torch.msort(a)),
    tRun("a0.msort()", [inp("int64", [5])], (a) => a.msort()),
  );
  await checkRuns(runs);
  const f64 = (shape: number[]) => torch.randn(shape, { dtype: "float64", requiresGrad: true });
  const grad = (fn: (...xs: torch.Tensor[]) => torch.Tensor, ...xs: torch.Tensor[]) =>
    assert.ok(torch.autograd.gradcheck(fn, xs));
  grad((x) => torch.vander(x, 4), f64([3]));
  grad((x) => torch.vander(x, { increasing: true }), f64([3]));
  grad((x) => torch.combinations(x, 2, true), f64([4]));
  grad((x) => torch.msort(x), f64([4, 2]));
  grad((x) => torch.fliplr(x).mul(torch.flipud(x)), f64([3, 3]));
});

Deno.test("np.partition / argpartition: the partition property around each kth (a full sort), errors", async () => {
  const x = np.array([[3, 1, NaN, 7, -2, 5], [0, 0, 4, -1, 9, 2]]);
  for (const kth of [0, 3, [1, 4], -1]) {
    for (const axis of [-1, 1, null] as const) {
      const p = np.partition(x, kth, axis), ip = np.argpartition(x, kth, axis);
      const rows = (p.ndim === 1 ? [p.tolist()] : p.tolist()) as number[][];
      const src = (axis === null ? [x.ravel().tolist()] : x.tolist()) as number[][];
      const idx = (ip.ndim === 1 ? [ip.tolist()] : ip.tolist()) as number[][];
      rows.forEach((row, r) => {
        const n = row.length, ks = (typeof kth === "number" ? [kth] : kth).map((k) => (k < 0 ? k + n : k));
        const order = (a: number, b: number) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b);
        const sorted = [...src[r]].sort(order);
        for (const k of ks) {
          assert.ok(Object.is(row[k], sorted[k]), `partition kth ${k}`);
          row.forEach((v, i) => assert.ok(i < k ? order(v, row[k]) <= 0 : i > k ? order(v, row[k]) >= 0 : true));
          assert.ok(Object.is(src[r][idx[r][k]], sorted[k]), `argpartition kth ${k}`);
        }
        assert.deepEqual([...idx[r]].sort((a, b) => a - b), [...Array(n).keys()]);
      });
    }
  }
  await checkRuns([
    npRun("np.partition(a0, 6)", [inp("float64", [6])], (a) => np.partition(a, 6)),
    npRun("np.argpartition(a0, -7)", [inp("float64", [6])], (a) => np.argpartition(a, -7)),
    npRun("np.partition(a0, 0, axis=2)", [inp("float64", [2, 3])], (a) => np.partition(a, 0, 2)),
  ]);
});

Deno.test("np.lexsort of a 1-d array is that many 0-d keys: 0, without a view per element (1e7 of them ran out of memory)", () => {
  assert.equal(np.lexsort(np.zeros([1e7])).item(), 0);
  assert.deepEqual(np.lexsort(np.array([3.5])).shape, []);
  assert.throws(() => np.lexsort(np.array([])), /need sequence of keys with len > 0 in lexsort/);
});
