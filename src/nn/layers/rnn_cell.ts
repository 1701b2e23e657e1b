/**
 * RNNCell, LSTMCell and GRUCell: one step of RNN / LSTM / GRU (the same
 * gate math, cellStep in rnn.ts) on a batch (N, in) or an unbatched (in)
 * input, with PyTorch's parameter names (weight_ih, weight_hh, bias_ih,
 * bias_hh), order and initialization (every parameter
 * U(-1/sqrt(hidden), 1/sqrt(hidden)) in that order), and the checks of
 * PyTorch's cell ops.
 */
import { opt, req, type Sig } from "../../api/signature.ts";
import { RuntimeError } from "../../core/errors.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { uniform_ } from "../init.ts";
import { type ArgsOf, bind, binder, Module, type Parameter } from "../module.ts";
import { P } from "../prims.ts";
import { py } from "../repr.ts";
import { emptyParam, FACTORY } from "./common.ts";
import { cellStep, GATES, type Mode } from "./rnn.ts";

/** What RNNCell, LSTMCell and GRUCell share (PyTorch's RNNCellBase). */
export abstract class RNNCellBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;
  weightIh: Parameter;
  weightHh: Parameter;
  biasIh: Parameter | null;
  biasHh: Parameter | null;

  protected constructor(mode: Mode, a: Record<string, unknown>) {
    super();
    this.inputSize = a.inputSize as number;
    this.hiddenSize = a.hiddenSize as number;
    this.bias = a.bias as boolean;
    const g = GATES[mode] * this.hiddenSize, f = a as { dtype: string | null };
    this.weightIh = emptyParam([g, this.inputSize], f);
    this.weightHh = emptyParam([g, this.hiddenSize], f);
    this.biasIh = this.bias ? emptyParam([g], f) : null;
    this.biasHh = this.bias ? emptyParam([g], f) : null;
    this.resetParameters();
  }

  /** Every parameter U(-1/sqrt(hidden), 1/sqrt(hidden)), in registration order. */
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1 / Math.sqrt(this.hiddenSize) : 0;
    for (const p of this.parameters()) uniform_(p, -stdv, stdv);
  }

  /**
   * One step: input (N, in) or (in), states (N, hidden) or (hidden) (zeros
   * when not given); the new states, unbatched for an unbatched input.
   */
  protected step(mode: Mode, input: Tensor, hx: Tensor[] | null): [Tensor, Tensor | null] {
    const name = this.constructor.name;
    if (input.ndim !== 1 && input.ndim !== 2) {
      throw new RangeError(`${name}: Expected input to be 1D or 2D, got ${input.ndim}D instead`);
    }
    const lstm = mode === "LSTM";
    hx?.forEach((h, i) => {
      if (h.ndim !== 1 && h.ndim !== 2) {
        throw new RangeError(
          `${name}: Expected ${lstm ? `hx[${i}]` : "hidden"} to be 1D or 2D, got ${h.ndim}D instead`,
        );
      }
    });
    if (lstm && hx && hx.length !== 2) throw new RuntimeError("lstm_cell expects two hidden states");
    const batched = input.ndim === 2;
    const x = batched ? input : input.unsqueeze(0);
    // the checks of PyTorch's cell ops (check_rnn_cell_forward_input / _hidden)
    if (x.shape[1] !== this.weightIh.shape[1]) {
      throw new RuntimeError(
        `input has inconsistent input_size: got ${x.shape[1]} expected ${this.weightIh.shape[1]}`,
      );
    }
    const states = hx
      ? hx.map((h, i) => {
        const s = batched ? h : h.unsqueeze(0);
        if (s.shape[0] !== x.shape[0]) {
          throw new RuntimeError(
            `Input batch size ${x.shape[0]} doesn't match hidden${i} batch size ${s.shape[0]}`,
          );
        }
        if (s.ndim < 2) {
          throw new RangeError(`Dimension out of range (expected to be in range of [-1, 0], but got 1)`);
        }
        if (s.shape[1] !== this.hiddenSize) {
          throw new RuntimeError(
            `hidden${i} has inconsistent hidden_size: got ${s.shape[1]}, expected ${this.hiddenSize}`,
          );
        }
        return s;
      })
      : [x.newZeros([x.shape[0], this.hiddenSize])];
    const gi = P.linear(x, this.weightIh, this.biasIh), gh = P.linear(states[0], this.weightHh, this.biasHh);
    const [h, c] = cellStep(mode, gi, gh, states[0], lstm ? states[1] ?? states[0] : null);
    return batched ? [h, c] : [h.squeeze(0), c ? c.squeeze(0) : null];
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (!this.bias) s += `, bias=${py(this.bias)}`;
    return s;
  }
}

const CELL = {
  pos: [req("inputSize", "int"), req("hiddenSize", "int"), opt("bias", "bool", true), ...FACTORY],
  kw: [],
} as const satisfies Sig;
const RNN_CELL = {
  pos: [
    req("inputSize", "int"),
    req("hiddenSize", "int"),
    opt("bias", "bool", true),
    opt("nonlinearity", "string", "tanh"),
    ...FACTORY,
  ],
  kw: [],
} as const satisfies Sig;
const FWD = { pos: [req("input", "array"), opt("hx", "array", null)], kw: [] } as const satisfies Sig;
const LSTM_FWD = { pos: [req("input", "array"), opt("hx", "arrays", null)], kw: [] } as const satisfies Sig;
const RNN_CELL_B = binder("RNNCell", RNN_CELL), LSTM_CELL_B = binder("LSTMCell", CELL);
const GRU_CELL_B = binder("GRUCell", CELL);
const RNN_CELL_FWD = binder("RNNCell.forward", FWD), GRU_CELL_FWD = binder("GRUCell.forward", FWD);
const LSTM_CELL_FWD = binder("LSTMCell.forward", LSTM_FWD);

/**
 * An Elman RNN cell: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu).
 * forward(input, hx?) returns h'.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const cell = new nn.RNNCell(10, 20, { nonlinearity: "relu" });
 * let h = torch.zeros(3, 20);
 * for (const x of torch.randn(6, 3, 10).unbind(0)) h = cell.forward(x, h);
 * assert.deepEqual(h.shape, [3, 20]);
 * assert.equal(String(cell), "RNNCell(10, 20, nonlinearity=relu)");
 * ```
 */
export class RNNCell extends RNNCellBase {
  readonly nonlinearity: string;
  constructor(...args: ArgsOf<typeof RNN_CELL>) {
    const a = bind(RNN_CELL_B, args);
    super("RNN_TANH", a);
    this.nonlinearity = a.nonlinearity;
  }
  /** forward(input, hx?): the next hidden state. */
  override forward(...args: ArgsOf<typeof FWD>): Tensor {
    const a = bind(RNN_CELL_FWD, args);
    // PyTorch takes any nonlinearity name and refuses an unknown one here
    if (this.nonlinearity !== "tanh" && this.nonlinearity !== "relu") {
      throw new RuntimeError(`Unknown nonlinearity: ${this.nonlinearity}`);
    }
    return this.step(this.nonlinearity === "relu" ? "RNN_RELU" : "RNN_TANH", a.input, a.hx ? [a.hx] : null)[0];
  }
  override extraRepr(): string {
    const s = super.extraRepr();
    return this.nonlinearity !== "tanh" ? `${s}, nonlinearity=${this.nonlinearity}` : s;
  }
}

/**
 * A long short-term memory cell: forward(input, [h, c]?) returns [h', c'].
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const cell = new nn.LSTMCell(10, 20);
 * const [h, c] = cell.forward(torch.randn(3, 10), [torch.zeros(3, 20), torch.zeros(3, 20)]);
 * assert.deepEqual([h.shape, c.shape], [[3, 20], [3, 20]]);
 * assert.deepEqual(Object.keys(cell.stateDict()), ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]);
 * ```
 */
export class LSTMCell extends RNNCellBase {
  constructor(...args: ArgsOf<typeof CELL>) {
    super("LSTM", bind(LSTM_CELL_B, args));
  }
  /** forward(input, [h, c]?): the next hidden and cell states. */
  override forward(...args: ArgsOf<typeof LSTM_FWD>): [Tensor, Tensor] {
    const a = bind(LSTM_CELL_FWD, args);
    const [h, c] = this.step("LSTM", a.input, a.hx);
    return [h, c!];
  }
}

/**
 * A gated recurrent unit cell: forward(input, hx?) returns h'.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const cell = new nn.GRUCell(4, 8, false);
 * assert.deepEqual(cell.forward(torch.randn(4)).shape, [8]);
 * assert.equal(String(cell), "GRUCell(4, 8, bias=False)");
 * ```
 */
export class GRUCell extends RNNCellBase {
  constructor(...args: ArgsOf<typeof CELL>) {
    super("GRU", bind(GRU_CELL_B, args));
  }
  /** forward(input, hx?): the next hidden state. */
  override forward(...args: ArgsOf<typeof FWD>): Tensor {
    const a = bind(GRU_CELL_FWD, args);
    return this.step("GRU", a.input, a.hx ? [a.hx] : null)[0];
  }
}
