/**
 * The recurrence of RNN / LSTM / GRU, shared by the modules (nn.RNN, nn.LSTM,
 * nn.GRU) and torch's function forms (torch.lstm, torch.gru, torch.rnn_tanh,
 * torch.rnn_relu, both of ATen's overloads: a padded input and a packed
 * sequence's data and batch sizes), with PyTorch's cell formulas. The input
 * projections of a whole layer are one product; each step then adds the
 * hidden projection.
 *
 * A sequence is held as ATen's packed layout: the time steps one after
 * another, step t's batchSizes[t] rows (a padded (L, N, in) sequence is L
 * steps of N rows). As the batch shrinks, the forward direction sets aside
 * the hidden states of the sequences that ended (their final states); the
 * reverse direction starts from the last step's rows and takes the initial
 * state of each sequence as it joins, as ATen's PackedLayer and
 * ReversedPackedLayer.
 */
import type { Args } from "../api/define.ts";
import { TORCH_TYPE_NAME } from "../core/dtype.ts";
import { cppDouble, RuntimeError } from "../core/errors.ts";
import { torch } from "../torch/mod.ts";
import type { Tensor } from "../torch/tensor.ts";
import { dropout } from "./functional.ts";
import { P } from "./prims.ts";

/** The cell kinds (PyTorch's RNNBase modes). */
export type Mode = "RNN_TANH" | "RNN_RELU" | "LSTM" | "GRU";
/** How many gate blocks of hiddenSize rows each kind's weights stack. */
export const GATES: Record<Mode, number> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };

/**
 * One step of a cell (PyTorch's cell formulas, also nn.RNNCell / LSTMCell /
 * GRUCell's): from the input projection gi = x W_ih^T + b_ih and the hidden
 * projection gh = h W_hh^T + b_hh, both (N, gates * H), the new hidden state
 * and, for LSTM, the new cell state.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { cellStep } from "./rnn_functional.ts";
 * const [h] = cellStep("RNN_TANH", torch.tensor([[0.5]]), torch.tensor([[0.25]]), torch.zeros(1, 1), null);
 * assert.ok(Math.abs((h.item() as number) - Math.tanh(0.75)) < 1e-6);
 * ```
 */
export function cellStep(mode: Mode, gi: Tensor, gh: Tensor, h: Tensor, c: Tensor | null): [Tensor, Tensor | null] {
  if (mode === "LSTM") {
    const [ig, fg, cg, og] = gh.add(gi).chunk(4, 1);
    const cy = fg.sigmoid().mul(c!).add(ig.sigmoid().mul(cg.tanh()));
    return [og.sigmoid().mul(cy.tanh()), cy];
  }
  if (mode === "GRU") {
    const [ir, iz, inn] = gi.chunk(3, 1), [hr, hz, hn] = gh.chunk(3, 1);
    const r = hr.add(ir).sigmoid(), z = hz.add(iz).sigmoid();
    const n = inn.add(hn.mul(r)).tanh();
    return [h.sub(n).mul(z).add(n), null];
  }
  const pre = gh.add(gi);
  return [mode === "RNN_TANH" ? pre.tanh() : pre.relu(), null];
}

/** The weights of one layer and direction (ATen's CellParams). */
export interface CellWeights {
  wih: Tensor;
  whh: Tensor;
  bih: Tensor | null;
  bhh: Tensor | null;
  /** LSTM's projection of the hidden state (projSize rows), or null. */
  whr: Tensor | null;
}

/** What the layers take besides the sequence, the states and the weights. */
export interface LayerOptions {
  numLayers: number;
  bidirectional: boolean;
  /** Dropout on the outputs of every layer but the last, when training. */
  dropout: number;
  train: boolean;
}

/**
 * Runs the layers over a sequence in the packed layout: data (rows, in),
 * batchSizes (one per step, non-increasing, summing to rows), initial
 * states (layers * directions, batchSizes[0], size), weights in ATen's
 * order (layer by layer, forward then reverse). Returns the last layer's
 * output (rows, directions * out) and the final states.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { runLayers } from "./rnn_functional.ts";
 * const w = { wih: torch.ones(1, 1), whh: torch.zeros(1, 1), bih: null, bhh: null, whr: null };
 * const opts = { numLayers: 1, bidirectional: false, dropout: 0, train: false };
 * // two sequences of lengths 2 and 1, packed: steps of 2 then 1 rows
 * const [out, h] = runLayers("RNN_RELU", torch.tensor([[1], [2], [3]], { dtype: torch.float32 }), [2, 1], torch.zeros(1, 2, 1), null, [w], opts);
 * assert.deepEqual(out.tolist(), [[1], [2], [3]]);
 * assert.deepEqual(h.tolist(), [[[3], [2]]]); // the second sequence ended after its first step
 * ```
 */
export function runLayers(
  mode: Mode,
  data: Tensor,
  batchSizes: readonly number[],
  h0: Tensor,
  c0: Tensor | null,
  weights: readonly CellWeights[],
  o: LayerOptions,
): [Tensor, Tensor, Tensor | null] {
  const dirs = o.bidirectional ? 2 : 1;
  const starts: number[] = [];
  batchSizes.reduce((s, b) => (starts.push(s), s + b), 0);
  const hn: Tensor[] = [], cn: Tensor[] = [];
  let layerIn = data;
  for (let layer = 0; layer < o.numLayers; layer++) {
    const outs: Tensor[] = [];
    for (let d = 0; d < dirs; d++) {
      const k = layer * dirs + d;
      const [out, h, c] = runDirection(
        mode,
        layerIn,
        batchSizes,
        starts,
        h0.select(0, k),
        c0 ? c0.select(0, k) : null,
        weights[k],
        d === 1,
      );
      outs.push(out);
      hn.push(h);
      if (c) cn.push(c);
    }
    layerIn = outs.length === 1 ? outs[0] : torch.cat(outs, 1);
    if (o.dropout !== 0 && o.train && layer < o.numLayers - 1) layerIn = dropout(layerIn, o.dropout, true);
  }
  return [layerIn, torch.stack(hn, 0), cn.length ? torch.stack(cn, 0) : null];
}

/** One direction of one layer: its outputs (rows, out) and final states. */
function runDirection(
  mode: Mode,
  x: Tensor,
  batchSizes: readonly number[],
  starts: readonly number[],
  h0: Tensor,
  c0: Tensor | null,
  w: CellWeights,
  reverse: boolean,
): [Tensor, Tensor, Tensor | null] {
  const steps = batchSizes.length;
  const xw = P.linear(x, w.wih, w.bih);
  const outs: Tensor[] = new Array(steps);
  // forward: the states of sequences that ended, latest (lowest rows) last; reverse: starts with the last step's rows
  const doneH: Tensor[] = [], doneC: Tensor[] = [];
  const first = reverse ? batchSizes[steps - 1] : h0.shape[0];
  let h = h0.narrow(0, 0, first), c = c0 ? c0.narrow(0, 0, first) : null;
  for (let s = 0; s < steps; s++) {
    const t = reverse ? steps - 1 - s : s, b = batchSizes[t], rows = h.shape[0];
    if (b < rows) {
      doneH.push(h.narrow(0, b, rows - b));
      h = h.narrow(0, 0, b);
      if (c) {
        doneC.push(c.narrow(0, b, rows - b));
        c = c.narrow(0, 0, b);
      }
    } else if (b > rows) {
      h = torch.cat([h, h0.narrow(0, rows, b - rows)], 0);
      if (c) c = torch.cat([c, c0!.narrow(0, rows, b - rows)], 0);
    }
    const [hy, cy] = cellStep(mode, xw.narrow(0, starts[t], b), P.linear(h, w.whh, w.bhh), h, c);
    h = w.whr ? P.linear(hy, w.whr, null) : hy;
    c = cy;
    outs[t] = h;
  }
  const whole = (last: Tensor, done: Tensor[]) => done.length ? torch.cat([last, ...done.reverse()], 0) : last;
  return [torch.cat(outs, 0), whole(h, doneH), c ? whole(c, doneC) : null];
}

/**
 * Runs the layers over a padded (L, N, in) sequence: output (L, N, directions * out) and the final states.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { runPadded } from "./rnn_functional.ts";
 * const w = { wih: torch.ones(1, 1), whh: torch.ones(1, 1), bih: null, bhh: null, whr: null };
 * const opts = { numLayers: 1, bidirectional: false, dropout: 0, train: false };
 * const [out] = runPadded("RNN_RELU", torch.ones(3, 1, 1), torch.zeros(1, 1, 1), null, [w], opts);
 * assert.deepEqual(out.reshape(-1).tolist(), [1, 2, 3]); // h_t = x_t + h_{t-1}
 * ```
 */
export function runPadded(
  mode: Mode,
  x: Tensor,
  h0: Tensor,
  c0: Tensor | null,
  weights: readonly CellWeights[],
  o: LayerOptions,
): [Tensor, Tensor, Tensor | null] {
  const [L, N] = x.shape;
  const [out, h, c] = runLayers(mode, x.reshape([L * N, x.shape[2]]), new Array(L).fill(N), h0, c0, weights, o);
  return [out.reshape([L, N, out.shape[1]]), h, c];
}

const OP_NAME: Record<Mode, string> = { RNN_TANH: "rnn_tanh", RNN_RELU: "rnn_relu", LSTM: "lstm", GRU: "gru" };

/** ATen's gather_params: the flat list grouped per layer and direction (w_ih, w_hh[, b_ih, b_hh][, w_hr]). */
function gatherParams(params: readonly Tensor[], hasBiases: boolean, proj: boolean, groups: number): CellWeights[] {
  const stride = 2 + (hasBiases ? 2 : 0) + (proj ? 1 : 0);
  if (params.length % stride !== 0) throw new RuntimeError("got an incorrect number of RNN parameters");
  if (params.length < groups * stride) throw new RuntimeError("Expected more weights in stacked_rnn");
  if (params.length > groups * stride) {
    throw new RuntimeError(
      `got an incorrect number of RNN parameters: ${params.length} for ${groups} layer directions of ${stride}`,
    );
  }
  const out: CellWeights[] = [];
  for (let i = 0; i < params.length; i += stride) {
    const b = hasBiases ? 2 : 0;
    out.push({
      wih: params[i],
      whh: params[i + 1],
      bih: hasBiases ? params[i + 2] : null,
      bhh: hasBiases ? params[i + 3] : null,
      whr: proj ? params[i + 2 + b] : null,
    });
  }
  return out;
}

/** The batch sizes of a packed sequence (ATen takes an int64 CPU tensor), checked against the data. */
function packedSteps(batchSizes: Tensor, data: Tensor): number[] {
  if (batchSizes.dtype !== "int64") {
    throw new RuntimeError(`expected scalar type Long but found ${TORCH_TYPE_NAME[batchSizes.dtype]}`);
  }
  if (batchSizes.ndim !== 1 || batchSizes.numel() === 0) {
    throw new RuntimeError(`batch_sizes must be a non-empty 1-D tensor, got shape [${batchSizes.shape.join(", ")}]`);
  }
  const steps = (batchSizes.tolist() as number[]).map(Number);
  if (steps.some((b, i) => b < 1 || (i > 0 && b > steps[i - 1]))) {
    throw new RuntimeError(`batch_sizes must be positive and non-increasing, got [${steps.join(", ")}]`);
  }
  const rows = steps.reduce((s, b) => s + b, 0);
  if (rows !== data.shape[0]) {
    throw new RuntimeError(`batch_sizes sum to ${rows} but the packed data has ${data.shape[0]} rows`);
  }
  return steps;
}

/**
 * torch.lstm / gru / rnn_tanh / rnn_relu (bound arguments of either ATen
 * overload: input, hx, params, hasBiases, numLayers, dropout, train,
 * bidirectional, batchFirst; or data, batchSizes, hx, ...): [output, h_n]
 * (LSTM: [output, h_n, c_n]); hx is [h0, c0] for LSTM, whose projections
 * follow from h0's size differing from c0's, as ATen's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { rnnFunction } from "./rnn_functional.ts";
 * const [out, h] = rnnFunction("RNN_TANH", {
 *   input: torch.zeros(2, 1, 1), hx: torch.zeros(1, 1, 1), params: [torch.ones(1, 1), torch.ones(1, 1)],
 *   hasBiases: false, numLayers: 1, dropout: 0, train: false, bidirectional: false, batchFirst: false,
 * });
 * assert.deepEqual([out.shape, h.shape], [[2, 1, 1], [1, 1, 1]]);
 * ```
 */
export function rnnFunction(mode: Mode, a: Args): Tensor[] {
  const op = OP_NAME[mode], packed = a.batchSizes !== undefined;
  let h0: Tensor, c0: Tensor | null = null;
  if (mode === "LSTM") {
    if (a.hx.length !== 2) throw new RuntimeError("lstm expects two hidden states");
    [h0, c0] = a.hx;
  } else h0 = a.hx;
  let x: Tensor = packed ? a.data : a.input;
  const want = packed ? 2 : 3;
  if (x.ndim !== want) {
    const shape = packed ? "(rows, input_size)" : "(seq_len, batch, input_size)";
    throw new RangeError(`${op}: expected a ${want}-D ${packed ? "data" : "input"} ${shape}, got ${x.ndim}-D`);
  }
  for (const s of c0 ? [h0, c0] : [h0]) {
    if (s.ndim !== 3) throw new RuntimeError(`${op}: expected 3-D hidden states, got ${s.ndim}-D`);
  }
  const dirs = a.bidirectional ? 2 : 1, groups = a.numLayers * dirs;
  if (a.numLayers < 1 || h0.shape[0] !== groups || (c0 && c0.shape[0] !== groups)) {
    throw new RuntimeError("Expected more hidden states in stacked_rnn");
  }
  const proj = c0 !== null && h0.shape[2] !== c0.shape[2];
  const weights = gatherParams(a.params, a.hasBiases, proj, groups);
  if (!packed && a.batchFirst) x = x.transpose(0, 1);
  if (!packed && x.shape[0] === 0) throw new RuntimeError("Expected sequence length to be larger than 0 in RNN");
  // (ATen's dropout between layers, checked where it runs: a RuntimeError, where F.dropout's is a ValueError)
  if (a.dropout !== 0 && a.train && a.numLayers > 1 && !(a.dropout >= 0 && a.dropout <= 1)) {
    throw new RuntimeError(`dropout probability has to be between 0 and 1, but got ${cppDouble(a.dropout)}`);
  }
  const steps = packed ? packedSteps(a.batchSizes, x) : null;
  if (x.shape[x.ndim - 1] !== weights[0].wih.shape[1]) {
    throw new RuntimeError(
      `input.size(-1) must be equal to input_size. Expected ${weights[0].wih.shape[1]}, got ${x.shape[x.ndim - 1]}`,
    );
  }
  const n = steps ? steps[0] : x.shape[1], hidden = weights[0].whh.shape[1];
  const check = (s: Tensor, size: number, what: string) => {
    const expect = [groups, n, size];
    if (s.shape.join() !== expect.join()) {
      throw new RuntimeError(`Expected ${what} size (${expect.join(", ")}), got [${s.shape.join(", ")}]`);
    }
  };
  check(h0, hidden, c0 ? "hidden[0]" : "hidden");
  if (c0) check(c0, weights[0].whh.shape[0] / 4, "hidden[1]");
  const o = { numLayers: a.numLayers, bidirectional: a.bidirectional, dropout: a.dropout, train: a.train };
  const [out, h, c] = steps ? runLayers(mode, x, steps, h0, c0, weights, o) : runPadded(mode, x, h0, c0, weights, o);
  const output = !packed && a.batchFirst ? out.transpose(0, 1) : out;
  return c ? [output, h, c] : [output, h];
}
