/**
 * Layouts of new arrays made from or like another, against the real NumPy and PyTorch: NumPy's order (C, F, A, K)
 * in copy / *_like / astype / array / the creation functions, PyTorch's memory formats (preserve_format,
 * contiguous_format, channels_last, channels_last_3d) in clone / contiguous / to / *_like / empty / is_contiguous,
 * the values that go with them (random fills follow memory order) and the errors.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { checkRuns, type Run } from "../helpers/oracle.ts";

type Strided = { strides: readonly number[]; itemsize: number } | { stride(): number[] };
/** Strides in elements as Python's str(list(...)) prints them. */
const str = (r: Strided) => `[${("stride" in r ? r.stride() : r.strides.map((s) => s / r.itemsize)).join(", ")}]`;

// ---------- NumPy ----------
// (in NumPy the inputs are float64 arrays; each name below is built the same way on both sides)
const NP_SETUP = [
  "b = np.arange(24.).reshape(2, 3, 4)",
  "X = {'c': b, 't': b.transpose(2, 0, 1), 's': b[:, ::2, 1:], 'n': np.arange(6.).reshape(2, 3).T[:, ::-1],",
  "     'f': np.asfortranarray(b), 'e': np.broadcast_to(np.arange(3.), (2, 3))}",
].join("\n");
const b = () => np.arange(24, { dtype: "float64" }).reshape(2, 3, 4);
const NP_X: Record<string, () => np.NDArray> = {
  c: b,
  t: () => b().transpose(2, 0, 1),
  s: () => b().get(":, ::2, 1:"),
  n: () => np.arange(6, { dtype: "float64" }).reshape(2, 3).T.get(":, ::-1"),
  f: () => np.asfortranarray(b()),
  e: () => np.broadcastTo(np.arange(3, { dtype: "float64" }), [2, 3]),
};
// python expression of X -> ours
const NP_OPS: [string, (x: np.NDArray) => np.NDArray][] = [
  ["np.copy(X)", (x) => np.copy(x)],
  ["X.copy()", (x) => x.copy()],
  ["X.copy(order='K')", (x) => x.copy("K")],
  ["X.copy(order='F')", (x) => x.copy({ order: "F" })],
  ["X.copy(order='A')", (x) => x.copy("A")],
  ["np.zeros_like(X)", (x) => np.zerosLike(x)],
  ["np.ones_like(X, order='C')", (x) => np.onesLike(x, { order: "C" })],
  ["np.empty_like(X, order='F')", (x) => np.emptyLike(x, { order: "F" })],
  ["np.full_like(X, 2, order='A')", (x) => np.fullLike(x, 2, { order: "A" })],
  ["np.zeros_like(X, shape=(4, 3, 2))", (x) => np.zerosLike(x, { shape: [4, 3, 2] })],
  ["np.zeros_like(X, shape=(6, 4))", (x) => np.zerosLike(x, { shape: [6, 4] })],
  ["X.astype(np.float32)", (x) => x.astype("float32")],
  ["X.astype(np.float32, order='C')", (x) => x.astype("float32", { order: "C" })],
  ["X.astype(np.float64, copy=False)", (x) => x.astype("float64", { copy: false })],
  ["X.astype(np.float64, order='C', copy=False)", (x) => x.astype("float64", { order: "C", copy: false })],
  ["np.array(X)", (x) => np.array(x)],
  ["np.array(X, order='C')", (x) => np.array(x, { order: "C" })],
  ["np.array(X, order='F')", (x) => np.array(x, { order: "F" })],
  ["np.array(X, copy=None, order='C')", (x) => np.array(x, { copy: null, order: "C" })],
  ["np.array(X, order='A')", (x) => np.array(x, { order: "A" })],
  ["np.array(X, dtype=np.float32)", (x) => np.array(x, "float32")],
  ["np.ascontiguousarray(X)", (x) => np.ascontiguousarray(x)],
  ["np.asfortranarray(X, dtype=np.float32)", (x) => np.asfortranarray(x, "float32")],
];
const runs: Run[] = [];
for (const [k, make] of Object.entries(NP_X)) {
  for (const [py, ours] of NP_OPS) {
    const expr = py.replaceAll("X", `X['${k}']`);
    // the layout, whether it shares the input's memory, and the values
    runs.push({
      c: { setup: NP_SETUP, expr: `str([s // r.itemsize for s in r.strides]) if (r := ${expr}) is not None else ''` },
      ours: () => str(ours(make())),
    });
    runs.push({
      c: { setup: NP_SETUP, expr: `str(np.shares_memory(${expr}, X['${k}']))` },
      ours: () => {
        const x = make();
        return String(ours(x).storage === x.storage ? "True" : "False");
      },
    });
    if (!py.includes("like")) runs.push({ c: { setup: NP_SETUP, expr }, ours: () => ours(make()) });
  }
}
for (
  const [py, ours] of [
    ["np.zeros((2, 3), order='F')", () => np.zeros([2, 3], { order: "F" })],
    ["np.ones((2, 3), order='F')", () => np.ones([2, 3], { order: "F" })],
    ["np.empty((2, 3, 4), order='F')", () => np.empty([2, 3, 4], { order: "F" })],
    ["np.full((2, 3), 1.5, order='F')", () => np.full([2, 3], 1.5, { order: "F" })],
    ["np.eye(3, 4, order='F')", () => np.eye(3, 4, { order: "F" })],
    ["np.array([[1.5, 2], [3, 4]], order='F')", () => np.array([[1.5, 2], [3, 4]], { order: "F" })],
    ["np.array([[1.5, 2], [3, 4]], order='K')", () => np.array([[1.5, 2], [3, 4]], { order: "K" })],
    ["np.ascontiguousarray(np.array(5.5))", () => np.ascontiguousarray(np.array(5.5))],
  ] as [string, () => np.NDArray][]
) {
  runs.push({
    c: { expr: `str([s // r.itemsize for s in r.strides]) if (r := ${py}) is not None else ''` },
    ours: () => str(ours()),
  });
  if (!py.includes("empty")) runs.push({ c: { expr: py }, ours });
}
// NumPy's order errors
for (
  const [py, ours] of [
    ["np.zeros(3, order='K')", () => np.zeros(3, { order: "K" as never })],
    ["np.ones(3, order='A')", () => np.ones(3, { order: "A" as never })],
    ["np.zeros_like(np.ones(3), order='X')", () => np.zerosLike(np.ones(3), { order: "X" as never })],
    [
      "np.array(np.ones((2, 3)).T, copy=False, order='C')",
      () => np.array(np.ones([2, 3]).T, { copy: false, order: "C" }),
    ],
  ] as [string, () => unknown][]
) runs.push({ c: { expr: py }, ours });

// ---------- PyTorch ----------
const T_SETUP = [
  "import torch;",
  "T = {'a': torch.arange(6.).reshape(2, 3).t(), 'p': torch.arange(24.).reshape(2, 3, 4).permute(2, 0, 1),",
  "     's': torch.arange(12.).reshape(3, 4)[:, ::2], 'st': torch.arange(12.).reshape(3, 4).t()[:, ::2],",
  "     'e': torch.ones(3).expand(2, 3), 'e2': torch.ones(3, 1).expand(3, 4), 'one': torch.arange(6.).reshape(1, 6).t(),",
  "     'nhwc': torch.arange(120.).reshape(2, 3, 4, 5).permute(0, 2, 3, 1).permute(0, 3, 1, 2),",
  "     'n4': torch.arange(120.).reshape(2, 3, 4, 5), 'n5': torch.arange(720.).reshape(2, 3, 4, 5, 6)}",
].join(" "); // one line: a failure's label starts with it
const ar = (n: number, ...shape: number[]) => torch.arange(n).to(torch.float32).reshape(shape);
const T_X: Record<string, () => torch.Tensor> = {
  a: () => ar(6, 2, 3).t(),
  p: () => ar(24, 2, 3, 4).permute(2, 0, 1),
  s: () => ar(12, 3, 4).get(":, ::2"),
  st: () => ar(12, 3, 4).t().get(":, ::2"),
  e: () => torch.ones(3).expand(2, 3),
  e2: () => torch.ones(3, 1).expand(3, 4),
  one: () => ar(6, 1, 6).t(),
  nhwc: () => ar(120, 2, 3, 4, 5).permute(0, 2, 3, 1).permute(0, 3, 1, 2),
  n4: () => ar(120, 2, 3, 4, 5),
  n5: () => ar(720, 2, 3, 4, 5, 6),
};
const T_OPS: [string, (x: torch.Tensor) => torch.Tensor][] = [
  ["X.clone()", (x) => x.clone()],
  ["X.clone(memory_format=torch.contiguous_format)", (x) => x.clone({ memoryFormat: torch.contiguousFormat })],
  ["X.clone(memory_format=torch.channels_last)", (x) => x.clone({ memoryFormat: torch.channelsLast })],
  ["X.clone(memory_format=torch.channels_last_3d)", (x) => x.clone({ memoryFormat: torch.channelsLast3d })],
  ["X.contiguous()", (x) => x.contiguous()],
  ["X.contiguous(memory_format=torch.channels_last)", (x) => x.contiguous({ memoryFormat: torch.channelsLast })],
  ["X.contiguous(memory_format=torch.preserve_format)", (x) => x.contiguous({ memoryFormat: torch.preserveFormat })],
  ["torch.empty_like(X)", (x) => torch.emptyLike(x)],
  ["torch.zeros_like(X)", (x) => torch.zerosLike(x)],
  [
    "torch.ones_like(X, memory_format=torch.contiguous_format)",
    (x) => torch.onesLike(x, { memoryFormat: "contiguousFormat" }),
  ],
  ["torch.full_like(X, 2)", (x) => torch.fullLike(x, 2)],
  [
    "torch.zeros_like(X, memory_format=torch.channels_last)",
    (x) => torch.zerosLike(x, { memoryFormat: torch.channelsLast }),
  ],
  ["torch.rand_like(X)", (x) => torch.randLike(x)],
  ["torch.randn_like(X)", (x) => torch.randnLike(x)],
  ["torch.randint_like(X, 10)", (x) => torch.randintLike(x, 10)],
  ["X.flip(0)", (x) => x.flip(0)],
  ["X.masked_fill(X > 1, 0)", (x) => x.maskedFill(x.gt(1), 0)],
  ["X.to(torch.float64)", (x) => x.to(torch.float64)],
  ["X.to(torch.float32, copy=True)", (x) => x.to(torch.float32, { copy: true })],
  ["X.to(memory_format=torch.channels_last)", (x) => x.to({ memoryFormat: torch.channelsLast })],
  [
    "X.to(torch.float64, memory_format=torch.channels_last)",
    (x) => x.to(torch.float64, { memoryFormat: "channelsLast" }),
  ],
  ["X.double(memory_format=torch.contiguous_format)", (x) => x.double({ memoryFormat: torch.contiguousFormat })],
];
for (const [k, make] of Object.entries(T_X)) {
  for (const [py, ours] of T_OPS) {
    const expr = py.replaceAll("X", `T['${k}']`);
    runs.push({
      c: { torch: true, setup: T_SETUP, expr: `str(list((${expr}).stride()))` },
      ours: () => str(ours(make())),
    });
    // the values: a random fill writes in memory order, so the seeded values follow the layout too (empty_like's
    // are whatever the memory held)
    if (!py.includes("empty")) {
      runs.push({
        c: { torch: true, setup: `${T_SETUP}; torch.manual_seed(5)`, expr },
        ours: () => {
          const x = make();
          torch.manualSeed(5);
          return ours(x);
        },
      });
    }
  }
  for (const fmt of ["contiguous_format", "channels_last", "channels_last_3d", "preserve_format"]) {
    const camel = fmt.replace(/_(.)/g, (_, c: string) => c.toUpperCase()) as "channelsLast";
    runs.push({
      c: { torch: true, setup: T_SETUP, expr: `str(T['${k}'].is_contiguous(memory_format=torch.${fmt}))` },
      ours: () => (make().isContiguous({ memoryFormat: torch[camel] }) ? "True" : "False"),
    });
  }
}
for (
  const [py, ours] of [
    [
      "torch.empty(2, 3, 4, 5, memory_format=torch.channels_last)",
      () => torch.empty(2, 3, 4, 5, { memoryFormat: torch.channelsLast }),
    ],
    [
      "torch.empty(2, 3, 4, 5, 6, memory_format=torch.channels_last_3d)",
      () => torch.empty([2, 3, 4, 5, 6], { memoryFormat: "channelsLast3d" }),
    ],
    [
      "torch.empty(2, 3, memory_format=torch.contiguous_format)",
      () => torch.empty(2, 3, { memoryFormat: torch.contiguousFormat }),
    ],
    [
      "torch.empty(2, 3, memory_format=torch.preserve_format)",
      () => torch.empty(2, 3, { memoryFormat: torch.preserveFormat }),
    ],
    [
      "torch.empty(2, 3, memory_format=torch.channels_last)",
      () => torch.empty(2, 3, { memoryFormat: torch.channelsLast }),
    ],
  ] as [string, () => torch.Tensor][]
) runs.push({ c: { torch: true, expr: `str(list((${py}).stride()))` }, ours: () => str(ours()) });

Deno.test("new arrays' layouts, values and errors match NumPy and PyTorch", () => checkRuns(runs));

Deno.test("memory formats: gradients flow through clone / contiguous / to, option errors name the option", () => {
  const x = torch.arange(120).to(torch.float64).reshape(2, 3, 4, 5).requiresGrad_();
  const y = x.contiguous({ memoryFormat: torch.channelsLast }).mul(2).to(torch.float32, {
    memoryFormat: "contiguousFormat",
  })
    .clone({ memoryFormat: torch.preserveFormat });
  assert.deepEqual(y.stride(), [60, 20, 5, 1]);
  y.sum().backward();
  assert.deepEqual(x.grad!.unique().tolist(), [2]);
  assert.equal(torch.channelsLast, "channelsLast");
  assert.throws(() => x.clone({ memoryFormat: "nhwc" as never }), /memoryFormat/);
  assert.throws(() => x.clone({ memoryFormatt: torch.channelsLast } as never), /memoryFormatt/);
  assert.throws(() => np.copy(np.ones(3), "Q" as never), /order/);
});
