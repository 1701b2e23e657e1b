/**
 * Shape and index ops at their edges against PyTorch 2.13: roll's pairing
 * of shifts and dims, 0-d inputs (index_select, flatten, mT / H / mH),
 * index_put's tuple of tensors, scatter_reduce's max / min, an int argument
 * given as a one-element integer tensor (__index__), diag_embed's
 * identical dims, swapaxes' axis0 / axis1, storage_offset, repeat_interleave's
 * tensor repeats and indices form, tensor_split's tensor, take's out.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

const SETUP = "A = torch.arange(12).reshape(3, 4)\nS = torch.tensor(5.)\nZ = torch.zeros(3, 4)";
const A = () => torch.arange(12).reshape(3, 4);
const S = () => torch.tensor(5, { dtype: "float32" });
const Z = () => torch.zeros(3, 4);
const ti = (v: number | number[] | number[][]) => torch.tensor(v);

const CASES: [py: string, ours: () => unknown][] = [
  ["A.roll((1, 2))", () => A().roll([1, 2])],
  ["A.roll((), ())", () => A().roll([], [])],
  ["A.roll((1, 2), (0,))", () => A().roll([1, 2], [0])],
  ["A.roll(1, (0, 1))", () => A().roll(1, [0, 1])],
  ["A.roll((1, 2), (0, 1))", () => A().roll([1, 2], [0, 1])],
  ["A.roll(5)", () => A().roll(5)],
  ["S.index_select(0, torch.tensor([0, 0]))", () => S().indexSelect(0, ti([0, 0]))],
  ["S.index_select(0, torch.tensor([0]))", () => S().indexSelect(0, ti([0]))],
  ["S.flatten(0, 1)", () => S().flatten(0, 1)],
  ["S.flatten(-1, 0)", () => S().flatten(-1, 0)],
  ["A.flatten(0, 2)", () => A().flatten(0, 2)],
  [
    "torch.zeros(3).scatter_reduce(0, torch.tensor([0, 0]), torch.tensor([2., 4.]), 'max')",
    () => torch.zeros(3).scatterReduce(0, ti([0, 0]), torch.tensor([2, 4], { dtype: "float32" }), "max"),
  ],
  [
    "torch.zeros(3).scatter_reduce(0, torch.tensor([0, 0]), torch.tensor([-2., -4.]), 'min', include_self=False)",
    () =>
      torch.zeros(3).scatterReduce(0, ti([0, 0]), torch.tensor([-2, -4], { dtype: "float32" }), "min", {
        includeSelf: false,
      }),
  ],
  ["A.select(0, torch.tensor(1))", () => A().select(0, ti(1) as never)],
  ["A.select(0, torch.tensor([1]))", () => A().select(0, ti([1]) as never)],
  ["A.narrow(0, torch.tensor(1), 2)", () => A().narrow(0, ti(1) as never, 2)],
  ["A.select(0, torch.tensor(1.))", () => A().select(0, torch.tensor(1, { dtype: "float32" }) as never)],
  ["S.mT", () => S().mT],
  ["torch.ones(3).mT", () => torch.ones(3).mT],
  ["torch.ones(3).mH", () => torch.ones(3).mH],
  ["torch.zeros(2, 3, 4).mH.shape == (2, 4, 3)", () => torch.zeros(2, 3, 4).mH.shape.join() === "2,4,3"],
  ["A.H", () => A().H],
  ["S.H", () => S().H],
  ["torch.ones(3).H", () => torch.ones(3).H],
  ["torch.zeros(2, 3, 4).H", () => torch.zeros(2, 3, 4).H],
  ["torch.diag_embed(A, 0, 1, 1)", () => torch.diagEmbed(A(), 0, 1, 1)],
  ["torch.diag_embed(A, 0, 2, -1)", () => torch.diagEmbed(A(), 0, 2, -1)],
  ["torch.diag_embed(A, 1, 0, 2)", () => torch.diagEmbed(A(), 1, 0, 2)],
  ["A.swapaxes(axis0=0, axis1=1)", () => A().swapaxes({ axis0: 0, axis1: 1 })],
  ["torch.swapaxes(A, axis0=1, axis1=0)", () => torch.swapaxes(A(), { axis0: 1, axis1: 0 })],
  ["A[1:].storage_offset()", () => A().get("1:").storageOffset()],
  ["A.t()[1:, 2:].storage_offset()", () => A().t().get("1:, 2:").storageOffset()],
  // repeat_interleave: an int or a long tensor of repeats (one entry broadcasts), output_size, the indices form
  ["torch.repeat_interleave(torch.tensor([2, 0, 1]))", () => torch.repeatInterleave(ti([2, 0, 1]))],
  [
    "torch.repeat_interleave(torch.tensor([2, 0, 1]), output_size=3)",
    () => torch.repeatInterleave(ti([2, 0, 1]), { outputSize: 3 }),
  ],
  [
    "torch.repeat_interleave(torch.tensor([2, 0, 1]), output_size=4)",
    () => torch.repeatInterleave(ti([2, 0, 1]), { outputSize: 4 }),
  ],
  ["torch.repeat_interleave(torch.tensor([2, -1]))", () => torch.repeatInterleave(ti([2, -1]))],
  ["torch.repeat_interleave(torch.tensor(3))", () => torch.repeatInterleave(ti(3))],
  [
    "torch.repeat_interleave(torch.tensor([2, 0, 1], dtype=torch.int32))",
    () => torch.repeatInterleave(torch.tensor([2, 0, 1], { dtype: "int32" })),
  ],
  ["A.repeat_interleave(torch.tensor([1, 0, 2]), 0)", () => A().repeatInterleave(ti([1, 0, 2]), 0)],
  ["A.repeat_interleave(torch.tensor([2]), 1)", () => A().repeatInterleave(ti([2]), 1)],
  ["A.repeat_interleave(torch.tensor(2), 0)", () => A().repeatInterleave(ti(2), 0)],
  ["A.repeat_interleave(torch.tensor([1, 2]), 1)", () => A().repeatInterleave(ti([1, 2]), 1)],
  ["A.repeat_interleave(torch.tensor([-1, 1, 1]), 0)", () => A().repeatInterleave(ti([-1, 1, 1]), 0)],
  ["A.repeat_interleave(torch.tensor([[1, 1, 1]]), 0)", () => A().repeatInterleave(ti([[1, 1, 1]]), 0)],
  [
    "A.repeat_interleave(torch.tensor([1., 1., 1.]), 0)",
    () => A().repeatInterleave(torch.tensor([1, 1, 1], { dtype: "float32" }), 0),
  ],
  ["A.repeat_interleave(2, 0, output_size=6)", () => A().repeatInterleave(2, 0, { outputSize: 6 })],
  ["A.repeat_interleave(2, 0, output_size=5)", () => A().repeatInterleave(2, 0, { outputSize: 5 })],
  ["A.repeat_interleave(-1)", () => A().repeatInterleave(-1)],
  ["A.repeat_interleave(3)", () => A().repeatInterleave(3)],
  ["A.repeat_interleave([1, 2, 3], 0)", () => A().repeatInterleave([1, 2, 3] as never, 0)],
  // tensor_split with a long tensor: 0-d sections, 1-d indices
  ["torch.arange(7).tensor_split(torch.tensor([1, 5]))", () => torch.arange(7).tensorSplit(ti([1, 5]))],
  ["torch.arange(7).tensor_split(torch.tensor(3))", () => torch.arange(7).tensorSplit(ti(3))],
  ["torch.arange(7).tensor_split(torch.tensor([3]))", () => torch.arange(7).tensorSplit(ti([3]))],
  [
    "torch.arange(7).tensor_split(torch.tensor([1, 5], dtype=torch.int32))",
    () => torch.arange(7).tensorSplit(torch.tensor([1, 5], { dtype: "int32" })),
  ],
  ["torch.arange(7).tensor_split(torch.tensor([[1, 5]]))", () => torch.arange(7).tensorSplit(ti([[1, 5]]))],
  ["torch.arange(7).tensor_split(0)", () => torch.arange(7).tensorSplit(0)],
  // take's out
  [
    "torch.take(A, torch.tensor([3, 5]), out=torch.empty(0, dtype=torch.int64))",
    () => torch.take(A(), ti([3, 5]), { out: torch.empty(0, { dtype: "int64" }) }),
  ],
  [
    "torch.take(A, torch.tensor([3, 5]), out=torch.empty(2))",
    () => torch.take(A(), ti([3, 5]), { out: torch.empty(2) }),
  ],
  [
    "Z.index_put((torch.tensor([1]),), torch.tensor(4.))",
    () => Z().indexPut([ti([1])], torch.tensor(4, { dtype: "float32" })),
  ],
];
const results = await numpy(CASES.map(([py]) => ({ torch: true, setup: SETUP, expr: py })));

Deno.test("shape and index ops at their edges give PyTorch's values and errors", () => {
  assert.deepEqual(caseFailures(CASES, results, { tol: { rtol: 0, atol: 0 }, anyMessage: ["TypeError"] }), []);
});

Deno.test("index_put takes a list of tensors: none empty, no null", () => {
  assert.throws(() => Z().indexPut([], torch.tensor(9)), /index_put\(\): expected at least one index tensor/);
  assert.throws(() => Z().indexPut([null, ti([1])] as never, torch.tensor(4)), TypeError);
  assert.throws(() => Z().indexPut(ti([1]) as never, torch.tensor(4)), TypeError);
});
