/**
 * RNN, LSTM and GRU (layers, batchFirst, bidirectional, dropout between
 * layers, LSTM's projSize), with PyTorch's parameter names
 * (weight_ih_l0, weight_hh_l0_reverse, ...), their order and their
 * initialization (every parameter U(-1/sqrt(hidden), 1/sqrt(hidden)) in
 * that order). The recurrence is rnn_functional.ts's, the one torch.lstm,
 * torch.gru, torch.rnn_tanh and torch.rnn_relu run.
 */
import { describe, opt, req, type Sig } from "../../api/signature.ts";
import { RuntimeError } from "../../core/errors.ts";
import { torch } from "../../torch/mod.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { uniform_ } from "../init.ts";
import { type ArgsOf, bind, binder, Module, type Parameter } from "../module.ts";
import { pyFloat } from "../repr.ts";
import { type CellWeights, GATES, type Mode, rnnFunction, runPadded } from "../rnn_functional.ts";
import { PackedSequence } from "../utils_rnn.ts";
import { checkInput } from "./check_input.ts";
import { emptyParam, FACTORY } from "./common.ts";

export { cellStep, GATES, type Mode } from "../rnn_functional.ts";

/** What RNN, LSTM and GRU share (PyTorch's RNNBase). */
export abstract class RNNBase extends Module {
  readonly mode: Mode;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly projSize: number;

  protected constructor(mode: Mode, a: Record<string, unknown>) {
    super();
    this.mode = mode;
    this.inputSize = a.inputSize as number;
    this.hiddenSize = a.hiddenSize as number;
    this.numLayers = a.numLayers as number;
    this.bias = a.bias as boolean;
    this.batchFirst = a.batchFirst as boolean;
    this.dropout = a.dropout as number;
    this.bidirectional = a.bidirectional as boolean;
    this.projSize = (a.projSize ?? 0) as number;
    if (!(this.dropout >= 0 && this.dropout <= 1)) {
      throw new RangeError(
        "dropout should be a number in range [0, 1] representing the probability of an element being zeroed",
      );
    }
    if (this.hiddenSize <= 0) throw new RangeError("hidden_size must be greater than zero");
    if (this.numLayers <= 0) throw new RangeError("num_layers must be greater than zero");
    if (this.projSize < 0) {
      throw new RangeError("proj_size should be a positive integer or zero to disable projections");
    }
    if (this.projSize >= this.hiddenSize) throw new RangeError("proj_size has to be smaller than hidden_size");
    const g = GATES[mode] * this.hiddenSize, dirs = this.bidirectional ? 2 : 1;
    const real = this.projSize > 0 ? this.projSize : this.hiddenSize;
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const inSize = layer === 0 ? this.inputSize : real * dirs;
        const sfx = `_l${layer}${d === 1 ? "_reverse" : ""}`;
        const entries: [string, number[]][] = [[`weight_ih${sfx}`, [g, inSize]], [`weight_hh${sfx}`, [g, real]]];
        if (this.bias) entries.push([`bias_ih${sfx}`, [g]], [`bias_hh${sfx}`, [g]]);
        if (this.projSize > 0) entries.push([`weight_hr${sfx}`, [this.projSize, this.hiddenSize]]);
        for (const [name, shape] of entries) {
          this.registerParameter(name, emptyParam(shape, a as { dtype: string | null }));
        }
      }
    }
    this.resetParameters();
  }

  /** Every parameter U(-1/sqrt(hidden), 1/sqrt(hidden)), in registration order. */
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1 / Math.sqrt(this.hiddenSize) : 0;
    for (const p of this.parameters()) uniform_(p, -stdv, stdv);
  }

  /** The parameters of one layer and direction. */
  private directionWeights(layer: number, dir: number): CellWeights {
    const get = (n: string) => (this as unknown as Record<string, Parameter>)[n];
    const sfx = `_l${layer}${dir === 1 ? "_reverse" : ""}`;
    return {
      wih: get(`weight_ih${sfx}`),
      whh: get(`weight_hh${sfx}`),
      bih: this.bias ? get(`bias_ih${sfx}`) : null,
      bhh: this.bias ? get(`bias_hh${sfx}`) : null,
      whr: this.projSize > 0 ? get(`weight_hr${sfx}`) : null,
    };
  }

  /** Every layer's and direction's parameters, in ATen's order. */
  private allWeights(): CellWeights[] {
    const weights: CellWeights[] = [];
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let d = 0; d < (this.bidirectional ? 2 : 1); d++) weights.push(this.directionWeights(layer, d));
    }
    return weights;
  }

  /**
   * Runs the network on a PackedSequence as PyTorch's forward does: the
   * initial states (zeros by default) taken into the packed batch order
   * (sortedIndices), the packed overload of torch.lstm / gru / rnn_*, the
   * output packed like the input and the final states put back in the
   * caller's order (unsortedIndices).
   */
  protected runPacked(
    input: PackedSequence,
    hx: Tensor | null,
    cx: Tensor | null,
  ): [PackedSequence, Tensor, Tensor | null] {
    const { data, batchSizes, sortedIndices, unsortedIndices } = input;
    const weights = this.allWeights(), wdtype = weights[0].wih.dtype;
    // PyTorch's check_input, which RNN and GRU (not LSTM) run on packed data
    if (this.mode !== "LSTM" && data.dtype !== wdtype) {
      const [i, w] = [`torch.${data.dtype}`, `torch.${wdtype}`];
      throw new RangeError(
        `RNN input dtype (${i}) does not match weight dtype (${w}). Convert input: input.to(${w}), or convert model: model.to(${i})`,
      );
    }
    const permute = (t: Tensor, p: Tensor | null) => (p === null ? t : t.indexSelect(1, p));
    const n = Number(batchSizes.get(0).item()), layers = this.numLayers * (this.bidirectional ? 2 : 1);
    const real = this.projSize > 0 ? this.projSize : this.hiddenSize;
    const state = (t: Tensor | null, size: number) =>
      t === null
        ? torch.zeros([layers, n, size], { dtype: data.dtype, device: data.device })
        : permute(t, sortedIndices);
    const h0 = state(hx, real), c0 = this.mode === "LSTM" ? state(cx, this.hiddenSize) : null;
    const [out, h, c] = rnnFunction(this.mode, {
      data,
      batchSizes,
      hx: c0 ? [h0, c0] : h0,
      params: weights.flatMap((w) => [w.wih, w.whh, w.bih, w.bhh, w.whr].filter((t) => t !== null)),
      hasBiases: this.bias,
      numLayers: this.numLayers,
      dropout: this.dropout,
      train: this.training,
      bidirectional: this.bidirectional,
    });
    const output = new PackedSequence(out, batchSizes, sortedIndices, unsortedIndices);
    return [output, permute(h, unsortedIndices), c ? permute(c, unsortedIndices) : null];
  }

  /**
   * Runs the network: input (L, N, in) ((N, L, in) with batchFirst, or
   * (L, in) unbatched) and optional initial states; returns
   * [output, h_n] (LSTM: [output, [h_n, c_n]]).
   */
  protected run(input: Tensor, hx: Tensor | null, cx: Tensor | null): [Tensor, Tensor, Tensor | null] {
    const batched = checkInput(this, input).ndim === 3;
    if (input.ndim !== 2 && input.ndim !== 3) {
      // (PyTorch's RNN says "1D tensor", its LSTM and GRU "1D")
      const got = `${input.ndim}D${this.mode.startsWith("RNN") ? " tensor" : ""}`;
      throw new RangeError(`${this.constructor.name}: Expected input to be 2D or 3D, got ${got} instead`);
    }
    let x = batched ? input : input.unsqueeze(1);
    if (batched && this.batchFirst) x = x.transpose(0, 1);
    if (x.shape[2] !== this.inputSize) {
      throw new RuntimeError(
        `input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${x.shape[2]}`,
      );
    }
    const n = x.shape[1], dirs = this.bidirectional ? 2 : 1;
    const real = this.projSize > 0 ? this.projSize : this.hiddenSize;
    const states = (t: Tensor | null, size: number, what: string): Tensor => {
      const want = [this.numLayers * dirs, n, size];
      if (t === null) return x.newZeros(want);
      const s = batched ? checkInput(this, t, what) : checkInput(this, t, what).unsqueeze(1);
      if (s.shape.join() !== want.join()) {
        throw new RuntimeError(`Expected ${what} size (${want.join(", ")}), got [${s.shape.join(", ")}]`);
      }
      return s;
    };
    const h0 = states(hx, real, this.mode === "LSTM" ? "hidden[0]" : "hidden");
    const c0 = this.mode === "LSTM" ? states(cx, this.hiddenSize, "hidden[1]") : null;
    let [out, h, c] = runPadded(this.mode, x, h0, c0, this.allWeights(), {
      numLayers: this.numLayers,
      bidirectional: this.bidirectional,
      dropout: this.dropout,
      train: this.training,
    });
    if (batched && this.batchFirst) out = out.transpose(0, 1);
    if (!batched) {
      out = out.squeeze(1);
      h = h.squeeze(1);
      if (c) c = c.squeeze(1);
    }
    return [out, h, c];
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.projSize !== 0) s += `, proj_size=${this.projSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (!this.bias) s += ", bias=False";
    if (this.batchFirst) s += ", batch_first=True";
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += ", bidirectional=True";
    return s;
  }
}

const common = [
  opt("bias", "bool", true),
  opt("batchFirst", "bool", false),
  opt("dropout", "number", 0),
  opt("bidirectional", "bool", false),
] as const;
const RNN_SIG = {
  pos: [
    req("inputSize", "int"),
    req("hiddenSize", "int"),
    opt("numLayers", "int", 1),
    opt("nonlinearity", "string", "tanh", { choices: ["tanh", "relu"] }),
    ...common,
    ...FACTORY,
  ],
  kw: [],
} as const satisfies Sig;
const LSTM_SIG = {
  pos: [
    req("inputSize", "int"),
    req("hiddenSize", "int"),
    opt("numLayers", "int", 1),
    ...common,
    opt("projSize", "int", 0),
    ...FACTORY,
  ],
  kw: [],
} as const satisfies Sig;
const GRU_SIG = {
  pos: [req("inputSize", "int"), req("hiddenSize", "int"), opt("numLayers", "int", 1), ...common, ...FACTORY],
  kw: [],
} as const satisfies Sig;
const RNN_B = binder("RNN", RNN_SIG), LSTM_B = binder("LSTM", LSTM_SIG), GRU_B = binder("GRU", GRU_SIG);

/**
 * Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or relu).
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../../mod.ts";
 * const rnn = new nn.RNN(10, 20, 2, { batchFirst: true });
 * const [out, h] = rnn.forward(torch.randn(3, 5, 10));
 * console.log(out.shape, h.shape); // [3, 5, 20] [2, 3, 20]
 * ```
 */
export class RNN extends RNNBase {
  readonly nonlinearity: string;
  constructor(...args: ArgsOf<typeof RNN_SIG>) {
    const a = bind(RNN_B, args);
    super(a.nonlinearity === "relu" ? "RNN_RELU" : "RNN_TANH", a);
    this.nonlinearity = a.nonlinearity;
  }
  /** input (L, N, in) or a PackedSequence, and h0: [output, h_n] (output packed like a packed input). */
  override forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  override forward(input: Tensor | PackedSequence, hx: Tensor | null = null): [Tensor | PackedSequence, Tensor] {
    const [o, h] = input instanceof PackedSequence ? this.runPacked(input, hx, null) : this.run(input, hx, null);
    return [o, h];
  }
  override extraRepr(): string {
    const s = super.extraRepr();
    return this.nonlinearity !== "tanh" ? `${s}, nonlinearity=${this.nonlinearity}` : s;
  }
}

/** LSTM: forward(input, [h0, c0]?) returns [output, [h_n, c_n]]. */
export class LSTM extends RNNBase {
  constructor(...args: ArgsOf<typeof LSTM_SIG>) {
    super("LSTM", bind(LSTM_B, args));
  }
  /** input (L, N, in) or a PackedSequence, and [h0, c0]: [output, [h_n, c_n]] (output packed like a packed input). */
  override forward(input: PackedSequence, hx?: [Tensor, Tensor] | null): [PackedSequence, [Tensor, Tensor]];
  override forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]];
  override forward(
    input: Tensor | PackedSequence,
    hx: [Tensor, Tensor] | null = null,
  ): [Tensor | PackedSequence, [Tensor, Tensor]] {
    if (hx !== null && !Array.isArray(hx)) {
      throw new TypeError(`LSTM.forward(): expected hx to be a pair [h_0, c_0] of Tensors, got ${describe(hx)}`);
    }
    const [h0, c0] = hx ?? [null, null];
    const [o, h, c] = input instanceof PackedSequence ? this.runPacked(input, h0, c0) : this.run(input, h0, c0);
    return [o, [h, c!]];
  }
}

/** GRU: forward(input, h0?) returns [output, h_n]. */
export class GRU extends RNNBase {
  constructor(...args: ArgsOf<typeof GRU_SIG>) {
    super("GRU", bind(GRU_B, args));
  }
  /** input (L, N, in) or a PackedSequence, and h0: [output, h_n] (output packed like a packed input). */
  override forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  override forward(input: Tensor | PackedSequence, hx: Tensor | null = null): [Tensor | PackedSequence, Tensor] {
    const [o, h] = input instanceof PackedSequence ? this.runPacked(input, hx, null) : this.run(input, hx, null);
    return [o, h];
  }
}
