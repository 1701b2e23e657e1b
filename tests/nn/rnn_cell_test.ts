/**
 * nn.RNNCell, nn.LSTMCell and nn.GRUCell (src/nn/layers/rnn_cell.ts) against PyTorch 2.13: outputs, input, state
 * and parameter gradients (batched, unbatched, hx given or not, several steps, tanh / relu, no bias, float32 and
 * float64), the initial weights for a seed (PyTorch's order), state dict keys, reprs, errors (class and message),
 * call forms and unknown options.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";
import { type ParityCase, randn, report, runParity } from "./harness.ts";

type Tensor = torch.Tensor;
const cases: ParityCase[] = [];
const add = (c: ParityCase) => cases.push(c);
const f64 = (seed: number, ...shape: number[]) => randn(seed, shape, "float64");

// ---------- parity: outputs, gradients, initial weights ----------

for (const [dtype, seed] of [["float32", 0], ["float64", 20]] as const) {
  const r = (s: number, ...shape: number[]) => randn(seed + s, shape, dtype);
  const dt = dtype === "float64" ? ", dtype=torch.float64" : "";
  const opts = dtype === "float64" ? { dtype } : {};
  add({
    id: `RNNCell tanh hx ${dtype}`,
    py: `nn.RNNCell(4, 5${dt})`,
    make: () => new nn.RNNCell(4, 5, opts),
    inputs: () => [r(1, 3, 4), r(2, 3, 5)],
    initSeed: 1 + seed,
  });
  add({
    id: `RNNCell relu no bias no hx ${dtype}`,
    py: `nn.RNNCell(4, 3, bias=False, nonlinearity='relu'${dt})`,
    make: () => new nn.RNNCell(4, 3, false, "relu", opts),
    inputs: () => [r(3, 6, 4)],
    initSeed: 2 + seed,
  });
  add({
    id: `LSTMCell hx ${dtype}`,
    py: `nn.LSTMCell(3, 4${dt})`,
    make: () => new nn.LSTMCell(3, 4, opts),
    call: { py: "m(x0, (x1, x2))", ts: (m, xs) => (m as nn.LSTMCell).forward(xs[0], [xs[1], xs[2]]) },
    inputs: () => [r(4, 2, 3), r(5, 2, 4), r(6, 2, 4)],
    initSeed: 3 + seed,
  });
  add({
    id: `LSTMCell no bias no hx ${dtype}`,
    py: `nn.LSTMCell(3, 2, False${dt})`,
    make: () => new nn.LSTMCell(3, 2, false, opts),
    inputs: () => [r(7, 5, 3)],
    initSeed: 4 + seed,
  });
  add({
    id: `GRUCell hx ${dtype}`,
    py: `nn.GRUCell(5, 3${dt})`,
    make: () => new nn.GRUCell(5, 3, opts),
    inputs: () => [r(8, 4, 5), r(9, 4, 3)],
    initSeed: 5 + seed,
  });
  add({
    id: `GRUCell no bias no hx ${dtype}`,
    py: `nn.GRUCell(2, 4, bias=False${dt})`,
    make: () => new nn.GRUCell(2, 4, { bias: false, ...opts }),
    inputs: () => [r(10, 3, 2)],
    initSeed: 6 + seed,
  });
}
// unbatched inputs (1-d input and states), with and without states
add({
  id: "RNNCell unbatched hx",
  py: "nn.RNNCell(4, 3, nonlinearity='relu')",
  make: () => new nn.RNNCell(4, 3, { nonlinearity: "relu" }),
  inputs: () => [randn(40, [4]), randn(41, [3])],
});
add({
  id: "RNNCell unbatched",
  py: "nn.RNNCell(4, 3)",
  make: () => new nn.RNNCell(4, 3),
  inputs: () => [randn(42, [4])],
});
add({
  id: "LSTMCell unbatched hx",
  py: "nn.LSTMCell(3, 4)",
  make: () => new nn.LSTMCell(3, 4),
  call: { py: "m(x0, (x1, x2))", ts: (m, xs) => (m as nn.LSTMCell).forward(xs[0], { hx: [xs[1], xs[2]] }) },
  inputs: () => [randn(43, [3]), randn(44, [4]), randn(45, [4])],
});
add({
  id: "LSTMCell unbatched",
  py: "nn.LSTMCell(3, 4)",
  make: () => new nn.LSTMCell(3, 4),
  inputs: () => [randn(46, [3])],
});
add({
  id: "GRUCell unbatched hx float64",
  py: "nn.GRUCell(3, 2)",
  make: () => new nn.GRUCell(3, 2),
  inputs: () => [f64(47, 3), f64(48, 2)],
  double: true,
});
add({
  id: "GRUCell unbatched",
  py: "nn.GRUCell(3, 2)",
  make: () => new nn.GRUCell(3, 2),
  inputs: () => [randn(49, [3])],
});
// several steps: gradients through time reach the first input and state (hx as an option)
add({
  id: "RNNCell three steps",
  py: "nn.RNNCell(3, 4)",
  make: () => new nn.RNNCell(3, 4),
  call: {
    py: "m(x2, m(x1, m(x0, x3)))",
    ts: (m, xs) => {
      const c = m as nn.RNNCell;
      return c.forward(xs[2], { hx: c.forward(xs[1], c.forward(xs[0], { hx: xs[3] })) });
    },
  },
  inputs: () => [randn(50, [2, 3]), randn(51, [2, 3]), randn(52, [2, 3]), randn(53, [2, 4])],
});
add({
  id: "LSTMCell three steps",
  py: "nn.LSTMCell(3, 4)",
  make: () => new nn.LSTMCell(3, 4),
  call: {
    py: "m(x2, m(x1, m(x0)))",
    ts: (m, xs) => {
      const c = m as nn.LSTMCell;
      return c.forward(xs[2], c.forward(xs[1], c.forward(xs[0])));
    },
  },
  inputs: () => [randn(54, [2, 3]), randn(55, [2, 3]), randn(56, [2, 3])],
});
add({
  id: "GRUCell three steps float64",
  py: "nn.GRUCell(3, 4)",
  make: () => new nn.GRUCell(3, 4),
  call: {
    py: "m(x2, m(x1, m(x0, x3)))",
    ts: (m, xs) => {
      const c = m as nn.GRUCell;
      return c.forward(xs[2], c.forward(xs[1], c.forward(xs[0], xs[3])));
    },
  },
  inputs: () => [f64(57, 2, 3), f64(58, 2, 3), f64(59, 2, 3), f64(60, 2, 4)],
  double: true,
});
// an empty batch and eval mode (the cells have no mode-dependent parts)
add({
  id: "GRUCell empty batch",
  py: "nn.GRUCell(3, 4)",
  make: () => new nn.GRUCell(3, 4),
  inputs: () => [randn(61, [0, 3])],
});
add({
  id: "LSTMCell eval",
  py: "nn.LSTMCell(2, 3)",
  make: () => new nn.LSTMCell(2, 3),
  inputs: () => [randn(62, [4, 2])],
  train: false,
});

Deno.test("the cells match PyTorch: outputs, input / state / parameter gradients, initial weights", async () => {
  report("rnn cells", await runParity(cases));
});

// ---------- the cells agree with one step of RNN / LSTM / GRU on the same weights ----------

Deno.test("one cell step equals a one-step RNN / LSTM / GRU with the same weights", () => {
  const x = randn(70, [3, 4], "float64"), h = randn(71, [3, 5], "float64"), c = randn(72, [3, 5], "float64");
  const copy = (cell: nn.Module, rnn: nn.Module) => {
    const sd = cell.stateDict();
    rnn.loadStateDict(Object.fromEntries(Object.entries(sd).map(([k, v]) => [`${k}_l0`, v])));
  };
  const rc = new nn.RNNCell(4, 5, { nonlinearity: "relu", dtype: "float64" });
  const rnn = new nn.RNN(4, 5, { nonlinearity: "relu", dtype: "float64" });
  copy(rc, rnn);
  assert.deepEqual(rc.forward(x, h).tolist(), rnn.forward(x.unsqueeze(0), h.unsqueeze(0))[1].select(0, 0).tolist());
  const lc = new nn.LSTMCell(4, 5, { dtype: "float64" }), lstm = new nn.LSTM(4, 5, { dtype: "float64" });
  copy(lc, lstm);
  const [h1, c1] = lc.forward(x, [h, c]), [, [hn, cn]] = lstm.forward(x.unsqueeze(0), [h.unsqueeze(0), c.unsqueeze(0)]);
  assert.deepEqual([h1.tolist(), c1.tolist()], [hn.select(0, 0).tolist(), cn.select(0, 0).tolist()]);
  const gc = new nn.GRUCell(4, 5, { dtype: "float64" }), gru = new nn.GRU(4, 5, { dtype: "float64" });
  copy(gc, gru);
  assert.deepEqual(gc.forward(x, h).tolist(), gru.forward(x.unsqueeze(0), h.unsqueeze(0))[1].select(0, 0).tolist());
});

// ---------- reprs, state dicts, attributes ----------

const REPRS: [py: string, ours: () => nn.Module][] = [
  ["nn.RNNCell(3, 4)", () => new nn.RNNCell(3, 4)],
  ["nn.RNNCell(3, 4, bias=False)", () => new nn.RNNCell(3, 4, false)],
  ["nn.RNNCell(3, 4, nonlinearity='relu')", () => new nn.RNNCell(3, 4, { nonlinearity: "relu" })],
  ["nn.RNNCell(3, 4, False, 'relu')", () => new nn.RNNCell(3, 4, false, "relu")],
  ["nn.LSTMCell(3, 4)", () => new nn.LSTMCell(3, 4)],
  ["nn.LSTMCell(3, 4, bias=False)", () => new nn.LSTMCell(3, 4, { bias: false })],
  ["nn.GRUCell(10, 20)", () => new nn.GRUCell(10, 20)],
  ["nn.GRUCell(10, 20, False)", () => new nn.GRUCell(10, 20, false)],
  [
    "nn.Sequential(nn.GRUCell(2, 3), nn.LSTMCell(3, 3))",
    () => new nn.Sequential(new nn.GRUCell(2, 3), new nn.LSTMCell(3, 3)),
  ],
];
const STATE_PY = (py: string) =>
  `json.dumps([[k, list(v.shape), v.dtype == torch.float64] for k, v in ${py}.state_dict().items()], separators=(",", ":"))`;
const STATES: [py: string, ours: () => nn.Module][] = [
  ["nn.RNNCell(3, 4)", () => new nn.RNNCell(3, 4)],
  ["nn.RNNCell(3, 4, bias=False)", () => new nn.RNNCell(3, 4, false)],
  ["nn.LSTMCell(3, 4, dtype=torch.float64)", () => new nn.LSTMCell(3, 4, { dtype: "float64" })],
  ["nn.LSTMCell(3, 4, bias=False)", () => new nn.LSTMCell(3, 4, false)],
  ["nn.GRUCell(5, 2)", () => new nn.GRUCell(5, 2)],
  ["nn.GRUCell(5, 2, bias=False).double()", () => new nn.GRUCell(5, 2, false).double()],
];

// ---------- errors (PyTorch's class and message) ----------

const z = (...shape: number[]) => torch.zeros(shape);
const ERRORS: [py: string, ours: () => unknown][] = [
  ["nn.RNNCell(4, 5)(z(2, 3, 4))", () => new nn.RNNCell(4, 5).forward(z(2, 3, 4))],
  ["nn.RNNCell(4, 5)(z(3, 4), z(2, 3, 5))", () => new nn.RNNCell(4, 5).forward(z(3, 4), z(2, 3, 5))],
  ["nn.RNNCell(4, 5)(z(3, 4), z(2, 5))", () => new nn.RNNCell(4, 5).forward(z(3, 4), z(2, 5))],
  ["nn.RNNCell(4, 5)(z(3, 6))", () => new nn.RNNCell(4, 5).forward(z(3, 6))],
  ["nn.RNNCell(4, 5)(z(3, 4), z(3, 6))", () => new nn.RNNCell(4, 5).forward(z(3, 4), z(3, 6))],
  ["nn.RNNCell(4, 5)(z(4), z(1, 5))", () => new nn.RNNCell(4, 5).forward(z(4), z(1, 5))],
  ["nn.RNNCell(4, 5)(z(1, 4), z(5))", () => new nn.RNNCell(4, 5).forward(z(1, 4), z(5))],
  ["nn.RNNCell(4, 5)(z(5, 4), z(5))", () => new nn.RNNCell(4, 5).forward(z(5, 4), z(5))],
  ["nn.RNNCell(4, 5, nonlinearity='gelu')(z(3, 4))", () => new nn.RNNCell(4, 5, true, "gelu").forward(z(3, 4))],
  [
    "nn.RNNCell(4, 5)(z(3, 4).double())",
    () => new nn.RNNCell(4, 5).forward(z(3, 4).double()),
  ],
  ["nn.LSTMCell(4, 5)(z(3, 4, 1))", () => new nn.LSTMCell(4, 5).forward(z(3, 4, 1))],
  ["nn.LSTMCell(4, 5)(z(3, 4), (z(3, 5),))", () => new nn.LSTMCell(4, 5).forward(z(3, 4), [z(3, 5)])],
  [
    "nn.LSTMCell(4, 5)(z(3, 4), (z(3, 5), z(2, 5)))",
    () => new nn.LSTMCell(4, 5).forward(z(3, 4), [z(3, 5), z(2, 5)]),
  ],
  [
    "nn.LSTMCell(4, 5)(z(3, 4), (z(3, 5), z(3, 5, 1)))",
    () => new nn.LSTMCell(4, 5).forward(z(3, 4), [z(3, 5), z(3, 5, 1)]),
  ],
  [
    "nn.LSTMCell(4, 5)(z(3, 4), (z(3, 5), z(3, 6)))",
    () => new nn.LSTMCell(4, 5).forward(z(3, 4), [z(3, 5), z(3, 6)]),
  ],
  ["nn.LSTMCell(4, 5)(z(3, 3))", () => new nn.LSTMCell(4, 5).forward(z(3, 3))],
  ["nn.GRUCell(4, 5)(z(3, 4), z(2, 5))", () => new nn.GRUCell(4, 5).forward(z(3, 4), z(2, 5))],
  ["nn.GRUCell(4, 5)(z(3, 4), z(3, 5, 1))", () => new nn.GRUCell(4, 5).forward(z(3, 4), z(3, 5, 1))],
  ["nn.GRUCell(4, 5)(z(3, 6))", () => new nn.GRUCell(4, 5).forward(z(3, 6))],
  ["nn.GRUCell(4, 5)()", () => (new nn.GRUCell(4, 5).forward as () => unknown)()],
];

const RAND_PY = "(torch.manual_seed(9), nn.GRUCell(3, 4), nn.LSTMCell(2, 2, False), torch.rand(3))[3]";
const [reprs, states, errors, [randWant]] = await Promise.all([
  numpy(REPRS.map(([py]) => ({ torch: true, setup: "nn = torch.nn", expr: `str(${py})` }))),
  numpy(STATES.map(([py]) => ({ torch: true, setup: "import json\nnn = torch.nn", expr: STATE_PY(py) }))),
  numpy(ERRORS.map(([py]) => ({ torch: true, setup: "nn = torch.nn\nz = torch.zeros", expr: py }))),
  numpy([{ torch: true, setup: "nn = torch.nn", expr: RAND_PY }]),
]);

Deno.test("the cells print as PyTorch's", () => {
  assert.deepEqual(caseFailures(REPRS.map(([py, m]) => [py, () => String(m())] as const), reprs), []);
});

Deno.test("state dict keys, shapes and dtypes are PyTorch's (weight_ih, weight_hh, bias_ih, bias_hh)", () => {
  const ours = STATES.map(([, m]) => () =>
    JSON.stringify(Object.entries(m().stateDict()).map(([k, v]) => [k, v.shape, v.dtype === "float64"]))
  );
  assert.deepEqual(caseFailures(STATES.map(([py], i) => [py, ours[i]] as const), states), []);
});

Deno.test("bad inputs raise PyTorch's errors (class and message)", () => {
  // a missing required argument is the binder's TypeError, worded its own way
  assert.deepEqual(caseFailures(ERRORS, errors, { anyMessage: ["TypeError"] }), []);
});

// ---------- call forms, attributes, options ----------

Deno.test("every call form builds the same cell; attributes are PyTorch's; unknown options are TypeErrors", () => {
  const forms = [
    () => new nn.RNNCell(3, 4, false, "relu", null, "float64"),
    () => new nn.RNNCell({ inputSize: 3, hiddenSize: 4, bias: false, nonlinearity: "relu", dtype: "float64" }),
    () => new nn.RNNCell(3, 4, { bias: false, nonlinearity: "relu", dtype: "float64" }),
    () => new nn.RNNCell(3, 4, false, { dtype: "float64", nonlinearity: "relu" }),
  ];
  const built = forms.map((make) => {
    torch.manualSeed(5);
    return make();
  });
  const x = randn(80, [2, 3], "float64");
  const want = built[0].forward(x).tolist();
  for (const m of built) {
    assert.deepEqual([m.inputSize, m.hiddenSize, m.bias, m.nonlinearity], [3, 4, false, "relu"]);
    assert.equal(m.biasIh, null);
    assert.equal(m.weightIh.dtype, "float64");
    assert.deepEqual(m.forward(x).tolist(), want);
    assert.deepEqual(m.forward(x, null).tolist(), want);
    assert.deepEqual(m.forward({ input: x, hx: null }).tolist(), want);
  }
  const l = new nn.LSTMCell(2, 3);
  assert.deepEqual(l.namedParameters().map(([n, p]) => [n, p.shape]), [
    ["weight_ih", [12, 2]],
    ["weight_hh", [12, 3]],
    ["bias_ih", [12]],
    ["bias_hh", [12]],
  ]);
  assert.ok(l.weightHh instanceof nn.Parameter && l.biasHh!.requiresGrad);
  assert.throws(() => new nn.GRUCell(3, 4, { foo: 1 } as never), TypeError);
  assert.throws(() => new nn.LSTMCell(3, 4).forward(z(2, 3), { cx: z(2, 4) } as never), TypeError);
  assert.throws(() => new nn.RNNCell(3, 4, "yes" as never), TypeError);
});

Deno.test("a cell's construction draws PyTorch's numbers: the generator continues as PyTorch's", () => {
  torch.manualSeed(9);
  new nn.GRUCell(3, 4);
  new nn.LSTMCell(2, 2, false);
  const ours = torch.rand(3) as Tensor;
  assert.deepEqual(caseFailures([["rand after the cells", () => ours]], [randWant]), []);
});
