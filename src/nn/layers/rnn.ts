/**
 * RNN, LSTM and GRU (layers, batchFirst, bidirectional, dropout between
 * layers, LSTM's projSize), with PyTorch's parameter names
 * (weight_ih_l0, weight_hh_l0_reverse, ...), their order and their
 * initialization (every parameter U(-1/sqrt(hidden), 1/sqrt(hidden)) in
 * that order). The input projections of a whole sequence are one product;
 * each step then adds the hidden projection, with PyTorch's cell formulas.
 */
import { opt, req, type Sig } from "../../api/signature.ts";
import { RuntimeError } from "../../core/errors.ts";
import { torch } from "../../torch/mod.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { dropout } from "../functional.ts";
import { uniform_ } from "../init.ts";
import { type ArgsOf, bind, binder, Module, type Parameter } from "../module.ts";
import { P } from "../prims.ts";
import { pyFloat } from "../repr.ts";
import { emptyParam, FACTORY } from "./common.ts";

/** The cell kinds (PyTorch's RNNBase modes). */
export type Mode = "RNN_TANH" | "RNN_RELU" | "LSTM" | "GRU";
/** How many gate blocks of hiddenSize rows each kind's weights stack. */
export const GATES: Record<Mode, number> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };

/**
 * One step of a cell (PyTorch's cell formulas, also nn.RNNCell / LSTMCell /
 * GRUCell's): from the input projection gi = x W_ih^T + b_ih and the hidden
 * projection gh = h W_hh^T + b_hh, both (N, gates * H), the new hidden state
 * and, for LSTM, the new cell state.
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
  private directionWeights(
    layer: number,
    dir: number,
  ): { wih: Parameter; whh: Parameter; bih: Parameter | null; bhh: Parameter | null; whr: Parameter | null } {
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

  /** One direction of one layer over a (L, N, in) sequence: outputs (L, N, out) and the final states. */
  private runDirection(
    x: Tensor,
    h0: Tensor,
    c0: Tensor | null,
    layer: number,
    dir: number,
  ): [Tensor, Tensor, Tensor | null] {
    const w = this.directionWeights(layer, dir);
    const L = x.shape[0];
    const xw = P.linear(x, w.wih, w.bih); // (L, N, G*H)
    let h = h0, c = c0;
    const outs: Tensor[] = new Array(L);
    for (let s = 0; s < L; s++) {
      const t = dir === 1 ? L - 1 - s : s;
      const gi = xw.select(0, t);
      const [hy, cy] = cellStep(this.mode, gi, P.linear(h, w.whh, w.bhh), h, c);
      h = w.whr ? P.linear(hy, w.whr, null) : hy;
      c = cy;
      outs[t] = h;
    }
    return [torch.stack(outs, 0), h, c];
  }

  /**
   * Runs the network: input (L, N, in) ((N, L, in) with batchFirst, or
   * (L, in) unbatched) and optional initial states; returns
   * [output, h_n] (LSTM: [output, [h_n, c_n]]).
   */
  protected run(input: Tensor, hx: Tensor | null, cx: Tensor | null): [Tensor, Tensor, Tensor | null] {
    const batched = input.ndim === 3;
    if (input.ndim !== 2 && input.ndim !== 3) {
      throw new RangeError(`${this.constructor.name}: Expected input to be 2D or 3D, got ${input.ndim}D instead`);
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
      const s = batched ? t : t.unsqueeze(1);
      if (s.shape.join() !== want.join()) {
        throw new RuntimeError(`Expected ${what} size (${want.join(", ")}), got [${s.shape.join(", ")}]`);
      }
      return s;
    };
    const h0 = states(hx, real, "hidden");
    const c0 = this.mode === "LSTM" ? states(cx, this.hiddenSize, "hidden[1]") : null;
    const hn: Tensor[] = [], cn: Tensor[] = [];
    let layerIn = x;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < dirs; d++) {
        const k = layer * dirs + d;
        const [o, h, c] = this.runDirection(layerIn, h0.select(0, k), c0 ? c0.select(0, k) : null, layer, d);
        outs.push(o);
        hn.push(h);
        if (c) cn.push(c);
      }
      layerIn = outs.length === 1 ? outs[0] : torch.cat(outs, 2);
      if (this.dropout > 0 && this.training && layer < this.numLayers - 1) {
        layerIn = dropout(layerIn, this.dropout, true);
      }
    }
    let out = layerIn;
    if (batched && this.batchFirst) out = out.transpose(0, 1);
    let h = torch.stack(hn, 0), c = cn.length ? torch.stack(cn, 0) : null;
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
  override forward(input: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    const [o, h] = this.run(input, hx, null);
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
  override forward(input: Tensor, hx: [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    const [o, h, c] = this.run(input, hx ? hx[0] : null, hx ? hx[1] : null);
    return [o, [h, c!]];
  }
}

/** GRU: forward(input, h0?) returns [output, h_n]. */
export class GRU extends RNNBase {
  constructor(...args: ArgsOf<typeof GRU_SIG>) {
    super("GRU", bind(GRU_B, args));
  }
  override forward(input: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    const [o, h] = this.run(input, hx, null);
    return [o, h];
  }
}
