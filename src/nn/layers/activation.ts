/** Activation modules: ReLU, ReLU6, LeakyReLU, ELU, GELU, SiLU, Mish, Sigmoid, Tanh, Hardtanh, Softmax, LogSoftmax, Softplus, ... */
import { opt } from "../../api/signature.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { functional as F } from "../functional.ts";
import { type ArgsOf, bind, binder, Module } from "../module.ts";
import { checkInput } from "./check_input.ts";
import { oneOptModule, OptModule } from "./common.ts";
import { pyFloat } from "../repr.ts";

const INPLACE = { pos: [opt("inplace", "bool", false)], kw: [] } as const;
const NONE = { pos: [], kw: [] } as const;
const inplaceStr = (on: boolean) => (on ? "inplace=True" : "");

/** A module over an element-wise function with an `inplace` flag. */
function inplaceAct<const N extends string>(name: N, f: (x: Tensor, inplace: boolean) => Tensor) {
  const b = binder(name, INPLACE);
  const C = class extends Module {
    readonly inplace: boolean;
    constructor(...args: ArgsOf<typeof INPLACE>) {
      super();
      this.inplace = bind(b, args).inplace;
    }
    override forward(x: Tensor): Tensor {
      return f(x, this.inplace);
    }
    override extraRepr(): string {
      return inplaceStr(this.inplace);
    }
  };
  Object.defineProperty(C, "name", { value: name });
  return C;
}

/** A module over an element-wise function without options. */
function plainAct<const N extends string>(name: N, f: (x: Tensor) => Tensor) {
  const b = binder(name, NONE);
  const C = class extends Module {
    constructor(...args: ArgsOf<typeof NONE>) {
      super();
      bind(b, args);
    }
    override forward(x: Tensor): Tensor {
      return f(checkInput(this, x));
    }
  };
  Object.defineProperty(C, "name", { value: name });
  return C;
}

/** max(x, 0). */
export const ReLU = inplaceAct("ReLU", (x, i) => F.relu(x, i));
export type ReLU = InstanceType<typeof ReLU>;
/** min(max(x, 0), 6). */
export const ReLU6 = inplaceAct("ReLU6", (x, i) => F.relu6(x, i));
export type ReLU6 = InstanceType<typeof ReLU6>;
/** x * sigmoid(x). */
export const SiLU = inplaceAct("SiLU", (x, i) => F.silu(x, i));
export type SiLU = InstanceType<typeof SiLU>;
/** x * tanh(softplus(x)). */
export const Mish = inplaceAct("Mish", (x, i) => F.mish(x, i));
export type Mish = InstanceType<typeof Mish>;
/** SELU. */
export const SELU = inplaceAct("SELU", (x, i) => F.selu(x, i));
export type SELU = InstanceType<typeof SELU>;
/** relu6(x + 3) / 6. */
export const Hardsigmoid = inplaceAct("Hardsigmoid", (x, i) => F.hardsigmoid(x, i));
export type Hardsigmoid = InstanceType<typeof Hardsigmoid>;
/** x * relu6(x + 3) / 6. */
export const Hardswish = inplaceAct("Hardswish", (x, i) => F.hardswish(x, i));
export type Hardswish = InstanceType<typeof Hardswish>;
/** 1 / (1 + exp(-x)). */
export const Sigmoid = plainAct("Sigmoid", (x) => x.sigmoid());
export type Sigmoid = InstanceType<typeof Sigmoid>;
/** tanh(x). */
export const Tanh = plainAct("Tanh", (x) => x.tanh());
export type Tanh = InstanceType<typeof Tanh>;
/** log(sigmoid(x)). */
export const LogSigmoid = plainAct("LogSigmoid", (x) => F.logsigmoid(x));
export type LogSigmoid = InstanceType<typeof LogSigmoid>;
/** x / (1 + |x|). */
export const Softsign = plainAct("Softsign", (x) => F.softsign(x));
export type Softsign = InstanceType<typeof Softsign>;
/** x - tanh(x). */
export const Tanhshrink = plainAct("Tanhshrink", (x) => F.tanhshrink(x));
/** x - tanh(x). */
export type Tanhshrink = InstanceType<typeof Tanhshrink>;

const LEAKY = { pos: [opt("negativeSlope", "number", 0.01), opt("inplace", "bool", false)], kw: [] } as const;
/** x for x > 0, else negativeSlope * x. */
export class LeakyReLU extends OptModule {
  constructor(...args: ArgsOf<typeof LEAKY>) {
    super("LeakyReLU", LEAKY, args);
  }
  get negativeSlope(): number {
    return this.o.negativeSlope;
  }
  override forward(x: Tensor): Tensor {
    return F.leakyRelu(x, this.o.negativeSlope, this.o.inplace);
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.o.negativeSlope)}${this.o.inplace ? ", inplace=True" : ""}`;
  }
}

const ALPHA = { pos: [opt("alpha", "number", 1), opt("inplace", "bool", false)], kw: [] } as const;
/** x for x > 0, else alpha * (exp(x) - 1). */
export class ELU extends OptModule {
  constructor(...args: ArgsOf<typeof ALPHA>) {
    super("ELU", ALPHA, args);
  }
  override forward(x: Tensor): Tensor {
    return F.elu(x, this.o.alpha, this.o.inplace);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.o.alpha)}${this.o.inplace ? ", inplace=True" : ""}`;
  }
}
/** CELU. */
export class CELU extends OptModule {
  constructor(...args: ArgsOf<typeof ALPHA>) {
    super("CELU", ALPHA, args);
  }
  override forward(x: Tensor): Tensor {
    return F.celu(x, this.o.alpha, this.o.inplace);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.o.alpha)}${this.o.inplace ? ", inplace=True" : ""}`;
  }
}

const LAMBD = { pos: [opt("lambd", "number", 0.5)], kw: [] } as const;
/** x - lambd above lambd, x + lambd below -lambd, 0 between. */
export const Softshrink = oneOptModule("Softshrink", LAMBD, String, (x, l: number) => F.softshrink(x, l));
/** x - lambd above lambd, x + lambd below -lambd, 0 between. */
export type Softshrink = InstanceType<typeof Softshrink>;
/** x where |x| > lambd, else 0. */
export const Hardshrink = oneOptModule("Hardshrink", LAMBD, String, (x, l: number) => F.hardshrink(x, l));
/** x where |x| > lambd, else 0. */
export type Hardshrink = InstanceType<typeof Hardshrink>;

const GELU_SIG = { pos: [opt("approximate", "string", "none", { choices: ["none", "tanh"] })], kw: [] } as const;
/** x * Phi(x): exact (erf) or approximate: "tanh". */
export class GELU extends OptModule {
  constructor(...args: ArgsOf<typeof GELU_SIG>) {
    super("GELU", GELU_SIG, args);
  }
  get approximate(): string {
    return this.o.approximate;
  }
  override forward(x: Tensor): Tensor {
    return F.gelu(x, { approximate: this.o.approximate });
  }
  override extraRepr(): string {
    return `approximate='${this.o.approximate}'`;
  }
}

const HARDTANH = {
  pos: [
    opt("minVal", "number", -1),
    opt("maxVal", "number", 1),
    opt("inplace", "bool", false),
    opt("minValue", "number", null),
    opt("maxValue", "number", null),
  ],
  kw: [],
} as const;
/** x clamped to [minVal, maxVal]. */
export class Hardtanh extends OptModule {
  constructor(...args: ArgsOf<typeof HARDTANH>) {
    super("Hardtanh", HARDTANH, args);
    if (this.o.minValue !== null) this.o.minVal = this.o.minValue;
    if (this.o.maxValue !== null) this.o.maxVal = this.o.maxValue;
    if (this.o.maxVal <= this.o.minVal) throw new RangeError("max_val must be greater than min_val");
  }
  override forward(x: Tensor): Tensor {
    return F.hardtanh(x, this.o.minVal, this.o.maxVal, this.o.inplace);
  }
  override extraRepr(): string {
    return `min_val=${pyFloat(this.o.minVal)}, max_val=${pyFloat(this.o.maxVal)}${
      this.o.inplace ? ", inplace=True" : ""
    }`;
  }
}

const DIM = { pos: [opt("dim", "int", null)], kw: [] } as const;
/** softmax's dim as PyTorch prints it. */
const dimRepr = (d: number | null) => `dim=${d === null ? "None" : d}`;
/** softmax along a dim. */
export const Softmax = oneOptModule("Softmax", DIM, dimRepr, (x, d: number | null) => F.softmax(x, d));
/** softmax along a dim. */
export type Softmax = InstanceType<typeof Softmax>;
/** softmax(-x) along a dim. */
export const Softmin = oneOptModule("Softmin", DIM, dimRepr, (x, d: number | null) => F.softmin(x, d));
/** softmax(-x) along a dim. */
export type Softmin = InstanceType<typeof Softmin>;
/** log(softmax) along a dim. */
export const LogSoftmax = oneOptModule("LogSoftmax", DIM, dimRepr, (x, d: number | null) => F.logSoftmax(x, d));
/** log(softmax) along a dim. */
export type LogSoftmax = InstanceType<typeof LogSoftmax>;

const SOFTPLUS = { pos: [opt("beta", "number", 1), opt("threshold", "number", 20)], kw: [] } as const;
/** log(1 + exp(beta x)) / beta. */
export class Softplus extends OptModule {
  constructor(...args: ArgsOf<typeof SOFTPLUS>) {
    super("Softplus", SOFTPLUS, args);
  }
  override forward(x: Tensor): Tensor {
    return F.softplus(x, this.o.beta, this.o.threshold);
  }
  override extraRepr(): string {
    return `beta=${pyFloat(this.o.beta)}, threshold=${pyFloat(this.o.threshold)}`;
  }
}

const GLU_SIG = { pos: [opt("dim", "int", -1)], kw: [] } as const;
/** a * sigmoid(b) over the halves of a dim. */
export class GLU extends OptModule {
  constructor(...args: ArgsOf<typeof GLU_SIG>) {
    super("GLU", GLU_SIG, args);
  }
  override forward(x: Tensor): Tensor {
    return F.glu(x, this.o.dim);
  }
  override extraRepr(): string {
    return `dim=${this.o.dim}`;
  }
}
