/**
 * torch.lstm / gru / rnn_tanh / rnn_relu (padded and packed overloads)
 * against PyTorch's own functions, in one Python run: outputs and the
 * gradients of the input, the initial states and every weight, over layer
 * counts, directions, batch_first, biases, LSTM projections, packed
 * sequences, dropout in eval and in training (same seed), float32 and
 * float64; the modules (which share the code path); the call forms and the
 * error cases.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { type ParityCase, randn, report, runParity } from "../nn/harness.ts";

type T = torch.Tensor;
type Dt = "float32" | "float64";
const cases: ParityCase[] = [];

const GATES = { lstm: 4, gru: 3, rnn_tanh: 1, rnn_relu: 1 } as const;
type Op = keyof typeof GATES;
const TS: Record<Op, "lstm" | "gru" | "rnnTanh" | "rnnRelu"> = {
  lstm: "lstm",
  gru: "gru",
  rnn_tanh: "rnnTanh",
  rnn_relu: "rnnRelu",
};

interface Config {
  op: Op;
  layers: number;
  bi: boolean;
  bias: boolean;
  /** LSTM's proj_size (0: none). */
  proj?: number;
  batchFirst?: boolean;
  /** Packed: the batch sizes of each step. */
  packed?: number[];
  dropout?: number;
  train?: boolean;
}

/** The weights in nn.LSTM's _flat_weights order. */
function paramShapes(c: Config, inSize: number, hidden: number): number[][] {
  const g = GATES[c.op] * hidden, dirs = c.bi ? 2 : 1, real = c.proj ? c.proj : hidden;
  const shapes: number[][] = [];
  for (let l = 0; l < c.layers; l++) {
    for (let d = 0; d < dirs; d++) {
      shapes.push([g, l === 0 ? inSize : real * dirs], [g, real]);
      if (c.bias) shapes.push([g], [g]);
      if (c.proj) shapes.push([c.proj, hidden]);
    }
  }
  return shapes;
}

const py = (b: boolean) => (b ? "True" : "False");

function addCase(c: Config, dt: Dt, seed: number) {
  const inSize = 3, hidden = 4, n = 3, L = 4, dirs = c.bi ? 2 : 1, lstm = c.op === "lstm";
  const shapes = paramShapes(c, inSize, hidden);
  const hsize = c.proj ? c.proj : hidden;
  const flags = `${py(c.bias)}, ${c.layers}, ${c.dropout ?? 0}, ${py(c.train ?? false)}, ${py(c.bi)}`;
  const hxPy = lstm ? "(h, c)" : "h";
  const nState = lstm ? 2 : 1;
  const states = (k: number) =>
    [
      randn(seed + 1, [c.layers * dirs, c.packed ? c.packed[0] : n, hsize], dt),
      ...(lstm ? [randn(seed + 2, [c.layers * dirs, c.packed ? c.packed[0] : n, hidden], dt)] : []),
    ].slice(0, k);
  const weights = () => shapes.map((s, i) => randn(seed + 10 + i, s, dt).mul(0.6));
  const id = `${c.op} ${dt} layers=${c.layers} bi=${c.bi} bias=${c.bias}` +
    (c.proj ? ` proj=${c.proj}` : "") + (c.batchFirst ? " batch_first" : "") +
    (c.packed ? ` packed=[${c.packed}]` : "") + (c.dropout ? ` dropout=${c.dropout} train=${c.train}` : "");
  const f = torch[TS[c.op]] as (...a: unknown[]) => T[];
  const args = lstm ? "x, h, c, *p" : "x, h, *p";
  if (c.packed) {
    const rows = c.packed.reduce((s, b) => s + b, 0);
    cases.push({
      id,
      py: `lambda ${args.replace("x, ", "x, bs, ")}: torch.${c.op}(x, bs, ${hxPy}, list(p), ${flags})`,
      fn: (x, bs, ...rest) =>
        f(
          x,
          bs,
          lstm ? rest.slice(0, 2) : rest[0],
          rest.slice(nState),
          c.bias,
          c.layers,
          c.dropout ?? 0,
          c.train ?? false,
          c.bi,
        ),
      inputs: () => [randn(seed, [rows, inSize], dt), torch.tensor(c.packed!), ...states(nState), ...weights()],
      seed: 5,
    });
    return;
  }
  const xShape = c.batchFirst ? [n, L, inSize] : [L, n, inSize];
  cases.push({
    id,
    py: `lambda ${args}: torch.${c.op}(x, ${hxPy}, list(p), ${flags}, ${py(c.batchFirst ?? false)})`,
    fn: (x, ...rest) =>
      f(
        x,
        lstm ? rest.slice(0, 2) : rest[0],
        rest.slice(nState),
        c.bias,
        c.layers,
        c.dropout ?? 0,
        c.train ?? false,
        c.bi,
        c.batchFirst ?? false,
      ),
    inputs: () => [randn(seed, xShape, dt), ...states(nState), ...weights()],
    seed: 5,
  });
}

let seed = 100;
for (const dt of ["float32", "float64"] as const) {
  for (const op of ["lstm", "gru", "rnn_tanh", "rnn_relu"] as const) {
    addCase({ op, layers: 1, bi: false, bias: true }, dt, seed += 50);
    addCase({ op, layers: 2, bi: true, bias: true, batchFirst: true }, dt, seed += 50);
    addCase({ op, layers: 2, bi: false, bias: false, packed: [3, 3, 2, 1] }, dt, seed += 50);
    addCase({ op, layers: 1, bi: true, bias: true, packed: [3, 2, 2, 1, 1] }, dt, seed += 50);
    addCase({ op, layers: 2, bi: true, bias: true, dropout: 0.5, train: false }, dt, seed += 50);
  }
  addCase({ op: "lstm", layers: 2, bi: true, bias: true, proj: 2 }, dt, seed += 50);
  addCase({ op: "lstm", layers: 1, bi: true, bias: false, proj: 3, packed: [3, 1, 1] }, dt, seed += 50);
  addCase({ op: "gru", layers: 3, bi: false, bias: true, batchFirst: true }, dt, seed += 50);
  addCase({ op: "lstm", layers: 2, bi: false, bias: true, dropout: 0.5, train: true }, dt, seed += 50);
  addCase({ op: "gru", layers: 2, bi: true, bias: true, dropout: 0.3, train: true, packed: [3, 2, 1] }, dt, seed += 50);
}
// the modules run the same code: compare them too (train mode draws the layer dropout from the same stream)
cases.push({
  id: "nn.LSTM 2 layers bidirectional proj dropout train",
  py: "nn.LSTM(3, 5, 2, bidirectional=True, proj_size=2, dropout=0.4)",
  make: () => new nn.LSTM(3, 5, 2, { bidirectional: true, projSize: 2, dropout: 0.4 }),
  inputs: () => [randn(7, [4, 2, 3])],
  initSeed: 3,
  seed: 9,
});
cases.push({
  id: "nn.GRU batch_first h0 float64",
  py: "nn.GRU(3, 4, 2, batch_first=True)",
  make: () => new nn.GRU(3, 4, 2, { batchFirst: true }),
  inputs: () => [randn(8, [2, 5, 3], "float64"), randn(9, [2, 2, 4], "float64")],
  double: true,
  initSeed: 4,
});
cases.push({
  id: "nn.RNN relu unbatched",
  py: "nn.RNN(3, 4, nonlinearity='relu', bidirectional=True)",
  make: () => new nn.RNN(3, 4, { nonlinearity: "relu", bidirectional: true }),
  inputs: () => [randn(10, [5, 3])],
  initSeed: 5,
});

Deno.test("torch.lstm / gru / rnn_tanh / rnn_relu match PyTorch: values and gradients, padded and packed", async () => {
  report("torch RNN functions", await runParity(cases));
});

Deno.test("torch.lstm equals nn.LSTM on the module's parameters", () => {
  torch.manualSeed(0);
  const m = new nn.LSTM(3, 4, 2, { bidirectional: true, batchFirst: true });
  const x = torch.randn(2, 5, 3), h = torch.randn(4, 2, 4), c = torch.randn(4, 2, 4);
  const [ref, [hRef, cRef]] = m.forward(x, [h, c]);
  const [out, hn, cn] = torch.lstm(x, [h, c], [...m.parameters()], true, 2, 0, false, true, true);
  assert.ok(out.equal(ref) && hn.equal(hRef) && cn.equal(cRef));
});

Deno.test("torch RNN functions: call forms (positional, options object, mixed)", () => {
  const x = torch.randn(4, 2, 3), h = torch.randn(1, 2, 5);
  const params = [torch.randn(5, 3), torch.randn(5, 5), torch.randn(5), torch.randn(5)];
  const [ref, hRef] = torch.rnnTanh(x, h, params, true, 1, 0, false, false, false);
  const named = {
    hasBiases: true,
    numLayers: 1,
    dropout: 0,
    train: false,
    bidirectional: false,
    batchFirst: false,
  };
  const [o1, h1] = torch.rnnTanh(x, h, params, named);
  const [o2, h2] = torch.rnnTanh({ input: x, hx: h, params, ...named });
  const [o3, h3] = torch.rnnTanh(x, h, params, true, 1, {
    dropout: 0,
    train: false,
    bidirectional: false,
    batchFirst: false,
  });
  for (const [o, hh] of [[o1, h1], [o2, h2], [o3, h3]]) assert.ok(o.equal(ref) && hh.equal(hRef));
  // the packed overload, positional and named
  const data = torch.randn(5, 3), bs = torch.tensor([2, 2, 1]);
  const [p1, q1] = torch.rnnRelu(data, bs, h, params, true, 1, 0, false, false);
  const { batchFirst: _, ...packedNamed } = named;
  const [p2, q2] = torch.rnnRelu({ data, batchSizes: bs, hx: h, params, ...packedNamed });
  assert.deepEqual([p1.shape, q1.shape], [[5, 5], [1, 2, 5]]);
  assert.ok(p1.equal(p2) && q1.equal(q2));
  assert.throws(() => torch.rnnTanh(x, h, params, { ...named, bogus: 1 } as never), /bogus/);
});

Deno.test("torch RNN functions: errors", () => {
  const x = torch.randn(4, 2, 3), h = torch.zeros(1, 2, 4), c = torch.zeros(1, 2, 4);
  const p = [torch.randn(16, 3), torch.randn(16, 4), torch.randn(16), torch.randn(16)];
  const g = [torch.randn(12, 3), torch.randn(12, 4), torch.randn(12), torch.randn(12)];
  const lstm = (hx: T[], ps: T[], layers = 1, input = x) =>
    torch.lstm(input, hx, ps, true, layers, 0, false, false, false);
  const gru = (hx: T, ps: T[], layers = 1, input = x) => torch.gru(input, hx, ps, true, layers, 0, false, false, false);
  assert.throws(() => lstm([h], p), { name: "RuntimeError", message: "lstm expects two hidden states" });
  assert.throws(() => gru(h, g.slice(0, 3)), {
    name: "RuntimeError",
    message: "got an incorrect number of RNN parameters",
  });
  assert.throws(() => lstm([h, c], p.slice(0, 3)), { message: "got an incorrect number of RNN parameters" });
  assert.throws(() => gru(h, []), { message: "Expected more weights in stacked_rnn" });
  assert.throws(() => gru(torch.zeros(2, 2, 4), g), { message: "Expected more hidden states in stacked_rnn" });
  assert.throws(() => gru(torch.zeros(2, 2, 4), g, 2), { message: "Expected more weights in stacked_rnn" });
  assert.throws(() => gru(h, [...g, ...g]), { name: "RuntimeError", message: /incorrect number of RNN parameters/ });
  assert.throws(() => gru(torch.zeros(1, 3, 4), g), {
    name: "RuntimeError",
    message: "Expected hidden size (1, 2, 4), got [1, 3, 4]",
  });
  assert.throws(() => lstm([h, torch.zeros(1, 3, 4)], p), {
    message: "Expected hidden[1] size (1, 2, 4), got [1, 3, 4]",
  });
  assert.throws(() => lstm([torch.zeros(1, 3, 4), c], p), {
    message: "Expected hidden[0] size (1, 2, 4), got [1, 3, 4]",
  });
  assert.throws(() => gru(h, g, 1, torch.randn(4, 2, 2)), {
    name: "RuntimeError",
    message: "input.size(-1) must be equal to input_size. Expected 3, got 2",
  });
  assert.throws(() => gru(h, g, 1, torch.randn(4, 3)), { name: "RangeError", message: /expected a 3-D input/ });
  assert.throws(() => gru(h, g, 1, x.double()), /dtype|Double/);
  const data = torch.randn(5, 3);
  const packed = (bs: T, d = data) => torch.gru(d, bs, h, g, true, 1, 0, false, false);
  assert.throws(() => packed(torch.tensor([2, 2, 1], { dtype: torch.int32 })), {
    message: "expected scalar type Long but found Int",
  });
  assert.throws(() => packed(torch.tensor([1, 2, 2])), { message: /non-increasing/ });
  assert.throws(() => packed(torch.tensor([2, 2, 1]), data.narrow(0, 0, 4)), { message: /sum to 5 .* 4 rows/ });
  assert.throws(() => packed(torch.tensor([3, 1, 1])), { message: "Expected hidden size (1, 3, 4), got [1, 2, 4]" });
  // the module's own check names LSTM's states as PyTorch's does
  assert.throws(() => new nn.LSTM(3, 4).forward(x, [torch.zeros(1, 3, 4), c]), {
    name: "RuntimeError",
    message: "Expected hidden[0] size (1, 2, 4), got [1, 3, 4]",
  });
  // dropout's range is checked when it is applied (between layers, in training)
  const g2 = [...g, torch.randn(12, 4), torch.randn(12, 4), torch.randn(12), torch.randn(12)];
  assert.throws(() => torch.gru(x, torch.zeros(2, 2, 4), g2, true, 2, 1.5, true, false, false), {
    name: "RuntimeError",
    message: "dropout probability has to be between 0 and 1, but got 1.5",
  });
});
