/**
 * torch's random ops over PyTorch's CPU generator (src/random/torch_generator.ts):
 * for the same seed they produce PyTorch's numbers. Values are drawn on the
 * host into a typed array and written into the tensor in memory order, as
 * PyTorch's kernels fill elements (a transposed view gets them in storage
 * order).
 */
import { type Args, type Ctx, defineOp } from "../../api/define.ts";
import { filled, torchLike } from "../../api/ops/creation.ts";
import { deviceKey } from "../../api/ops/device.ts";
import { opt, type Param, req } from "../../api/signature.ts";
import { CPP_TYPE_NAME, type DType, isFloat, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { Storage } from "../../core/storage.ts";
import { View } from "../../core/view.ts";
import { castTo, contiguous, copyInto, type Operand, type Scalar } from "../../ops/operand.ts";
import { type FloatArray, TorchGenerator } from "../../random/torch_generator.ts";
import { MEMORY_FORMAT, promote, torchAnyOut, torchSameOut } from "../../api/ops/common.ts";
import { broadcastShapes } from "../../core/shape.ts";
import * as U from "../../ops/ufuncs.ts";

/** The default generator behind every torch random op (torch.default_generator). */
export const defaultGenerator: TorchGenerator = new TorchGenerator();

/** The generator a call uses (its `generator` option, else the default). */
const gen = (a: Args): TorchGenerator => {
  const g = a.generator ?? defaultGenerator;
  if (!(g instanceof TorchGenerator)) throw new TypeError("generator must be a torch.Generator");
  return g;
};

/** `x`'s view with dims ordered by decreasing stride: walking it is walking memory. */
function memoryOrder(x: Operand): Operand {
  const v = x.layout;
  const perm = [...Array(v.ndim).keys()].sort((i, j) => Math.abs(v.strides[j]) - Math.abs(v.strides[i]) || i - j);
  return { storage: x.storage, layout: v.permute("random", perm) };
}

/** Writes host values (one per element, in memory order) into `x`. */
function writeInto(x: Operand, values: FloatArray | BigInt64Array, dtype: DType): void {
  const src = {
    storage: Storage.wrap(dtype, values.length, values.buffer as ArrayBuffer, values.byteOffset),
    layout: new View([values.length]),
  };
  const target = memoryOrder(x);
  copyInto({ storage: src.storage, layout: src.layout.reshape("random", target.layout.shape)! }, target);
  x.storage.version++;
}

/** A new tensor of `size` for a random fill (float dtype checked). */
function fresh(op: string, a: Args, ctx: Ctx, dflt?: DType): Operand {
  const dt: DType = a.dtype ?? dflt ?? ctx.defaultFloat;
  const size = typeof a.size === "number" ? [a.size] : a.size;
  return filled(op, size, 0, dt, deviceKey(a.device));
}

function floatDtype(op: string, dt: DType): "float32" | "float64" {
  if (!isFloat(dt)) throw new RuntimeError(`"${op}" not implemented for '${dt}'`);
  return dt as "float32" | "float64";
}

/** Fills `x` with uniforms in [lo, hi). */
function uniformInto(x: Operand, lo: number, hi: number, g: TorchGenerator): Operand {
  const dt = floatDtype("uniform_", x.storage.dtype);
  const buf = dt === "float32" ? new Float32Array(x.layout.size) : new Float64Array(x.layout.size);
  g.uniform(buf, lo, hi);
  writeInto(x, buf, dt);
  return x;
}

/** Fills `x` with normals (PyTorch's vector path for 16+ contiguous elements). */
function normalInto(x: Operand, mean: number, std: number, g: TorchGenerator): Operand {
  const dt = floatDtype("normal_", x.storage.dtype);
  const buf = dt === "float32" ? new Float32Array(x.layout.size) : new Float64Array(x.layout.size);
  g.normal(buf, mean, std, x.layout.isContiguous);
  writeInto(x, buf, dt);
  return x;
}

const TORCH_KW = [
  opt("generator", "any", null),
  opt("dtype", "dtype", null),
  opt("device", "device", null),
  opt("requiresGrad", "bool", false),
  opt("layout", "any", null),
  opt("pinMemory", "bool", false),
] as const;
const SIZE = req("size", "ints", { varargs: true });
const INPUT = req("input", "array");

/** A random in-place method's overload fields: returns the receiver it writes. */
const RANDOM_INPLACE = { returns: "self", mutates: true } as const;

/** The keywords of the *Like random functions. */
const LIKE_KW = [
  opt("dtype", "dtype", null),
  opt("device", "device", null),
  opt("requiresGrad", "bool", false),
  opt("generator", "any", null),
  MEMORY_FORMAT,
] as const;

/** torch.bernoulli: each element 1 with the input's probability there, or with `p` when given. */
function bernoulli(a: Args): Operand {
  const x: Operand = a.input;
  const dt = floatDtype("bernoulli", x.storage.dtype);
  const out = filled("bernoulli", x.layout.shape, 0, dt, x.storage.device);
  if (a.p !== undefined) return bernoulliScalarInto(out, a.p, gen(a));
  // PyTorch's output is C-contiguous and its iterator follows the output: draws in C order for any input layout
  const p = contiguous(castTo(x, dt), true);
  const src = p.storage.data as FloatArray;
  writeInto(out, gen(a).bernoulliTensor(src.slice(0, p.layout.size) as FloatArray), dt);
  return out;
}

/** torch.binomial: one draw per element of count and prob broadcast together, in count's float dtype. */
function binomial(a: Args): Operand {
  const c: Operand = a.count, p: Operand = a.prob;
  if (!isFloat(c.storage.dtype)) {
    throw new RangeError(
      `binomial only supports floating-point dtypes for count, got: ${TORCH_TYPE_NAME[c.storage.dtype]}`,
    );
  }
  const dt = floatDtype("binomial_cpu", c.storage.dtype);
  if (p.storage.dtype !== dt) {
    throw new RuntimeError(`Found dtype ${TORCH_TYPE_NAME[p.storage.dtype]} but expected ${TORCH_TYPE_NAME[dt]}`);
  }
  const shape = broadcastShapes("binomial", c.layout.shape, p.layout.shape);
  // C-order draws over the broadcast result, as PyTorch's serial kernel walks its contiguous output
  const host = (x: Operand) => {
    const d = contiguous(castTo({ storage: x.storage, layout: x.layout.expand("binomial", shape) }, dt), true);
    return (d.storage.data as FloatArray).slice(0, d.layout.size) as FloatArray;
  };
  const counts = host(c);
  if (!counts.every(Number.isFinite)) throw new RuntimeError("binomial: count must be finite");
  const out = filled("binomial", shape, 0, dt, c.storage.device);
  writeInto(out, gen(a).binomial(counts, host(p)), dt);
  return out;
}

/** torch's random ops. */
export const RANDOM = {
  rand: defineOp({
    name: "rand",
    doc: "Uniform [0, 1) samples of a size (PyTorch's stream for the seed).",
    torch: {
      names: ["rand"],
      overloads: [{
        sig: { pos: [SIZE], kw: [...TORCH_KW, opt("out", "out", null)] },
        impl: (a: Args, ctx: Ctx) => uniformInto(fresh("rand", a, ctx), 0, 1, gen(a)),
      }],
    },
  }),
  randn: defineOp({
    name: "randn",
    doc: "Standard normal samples of a size (PyTorch's stream for the seed).",
    torch: {
      names: ["randn"],
      overloads: [{
        sig: { pos: [SIZE], kw: [...TORCH_KW, opt("out", "out", null)] },
        impl: (a: Args, ctx: Ctx) => normalInto(fresh("randn", a, ctx), 0, 1, gen(a)),
      }],
    },
  }),
  randint: defineOp({
    name: "randint",
    doc: "Integers in [low, high) of a size: randint(high, size) or randint(low, high, size).",
    torch: {
      names: ["randint"],
      overloads: [
        {
          sig: { pos: [req("high", "int64"), req("size", "ints")], kw: [...TORCH_KW, opt("out", "out", null)] },
          impl: (a: Args, ctx: Ctx) => randint(0, a.high, a, ctx),
        },
        {
          sig: {
            pos: [req("low", "int64"), req("high", "int64"), req("size", "ints")],
            kw: [...TORCH_KW, opt("out", "out", null)],
          },
          impl: (a: Args, ctx: Ctx) => randint(a.low, a.high, a, ctx),
        },
      ],
    },
  }),
  randperm: defineOp({
    name: "randperm",
    doc: "A random permutation of 0..n-1 (PyTorch's stream for the seed).",
    torch: {
      names: ["randperm"],
      overloads: [{
        sig: { pos: [req("n", "int")], kw: [...TORCH_KW, opt("out", "out", null)] },
        impl: (a: Args) => {
          if (a.n < 0) throw new RuntimeError(`n must be non-negative, got${a.n}`);
          const p = gen(a).randperm(a.n);
          const o = { storage: Storage.wrap("int64", p.length, p.buffer as ArrayBuffer), layout: new View([p.length]) };
          return castTo(contiguous(o, true), a.dtype ?? "int64");
        },
      }],
    },
  }),
  normal: defineOp({
    name: "normal",
    doc: "Normal samples: normal(mean, std, size) with numbers, or element-wise from tensors.",
    torch: {
      names: ["normal"],
      overloads: [
        {
          sig: {
            pos: [req("mean", "number"), req("std", "number"), req("size", "ints")],
            kw: [...TORCH_KW, opt("out", "out", null)],
          },
          impl: (a: Args, ctx: Ctx) => normalInto(fresh("normal", a, ctx), a.mean, a.std, gen(a)),
        },
        {
          sig: {
            pos: [req("mean", "arrayOrScalar"), req("std", "arrayOrScalar")],
            kw: [opt("generator", "any", null), opt("out", "out", null)],
          },
          id: "normal.tensor",
          impl: (a: Args, ctx: Ctx) => normalTensors(a, ctx),
        },
      ],
    },
  }),
  bernoulli: defineOp({
    name: "bernoulli",
    doc: "1 with probability p (the input's values, or a number p) per element, else 0.",
    torch: {
      names: ["bernoulli"],
      methods: ["bernoulli"],
      // PyTorch's two overloads: probabilities from the input (with out=), or one number p
      overloads: [
        {
          sig: { pos: [INPUT], kw: [opt("generator", "any", null), opt("out", "out", null)] },
          outDtype: torchAnyOut,
          impl: bernoulli,
        },
        { sig: { pos: [INPUT, req("p", "number")], kw: [opt("generator", "any", null)] }, impl: bernoulli },
      ],
    },
  }),
  multinomial: defineOp({
    name: "multinomial",
    doc: "Category indices drawn from rows of (unnormalized) probabilities.",
    torch: {
      names: ["multinomial"],
      methods: ["multinomial"],
      overloads: [{
        sig: {
          pos: [INPUT, req("numSamples", "int"), opt("replacement", "bool", false)],
          kw: [opt("generator", "any", null), opt("out", "out", null)],
        },
        outDtype: torchSameOut((_, t) => `multinomial expects Long tensor out, got: ${TORCH_TYPE_NAME[t]}`),
        impl: (a: Args) => {
          const x: Operand = a.input;
          if (x.layout.ndim < 1 || x.layout.ndim > 2) throw new RuntimeError("prob_dist must be 1 or 2 dim");
          const dt = floatDtype("multinomial", x.storage.dtype);
          const rows = x.layout.ndim === 2 ? x.layout.shape[0] : 1, cols = x.layout.shape[x.layout.ndim - 1];
          const p = contiguous(castTo(x, dt), true);
          const probs = (p.storage.data as FloatArray).slice(0, p.layout.size) as FloatArray;
          const idx = gen(a).multinomial(probs, rows, cols, a.numSamples, a.replacement);
          const shape = x.layout.ndim === 2 ? [rows, a.numSamples] : [a.numSamples];
          return { storage: Storage.wrap("int64", idx.length, idx.buffer as ArrayBuffer), layout: new View(shape) };
        },
      }],
    },
  }),
  uniform_: inplaceDecl(
    "uniform_",
    [opt("from", "number", 0), opt("to", "number", 1)],
    (x, a) => uniformInto(x, a.from, a.to, gen(a)),
  ),
  normal_: inplaceDecl(
    "normal_",
    [opt("mean", "number", 0), opt("std", "number", 1)],
    (x, a) => normalInto(x, a.mean, a.std, gen(a)),
  ),
  bernoulli_: inplaceDecl("bernoulli_", [opt("p", "number", 0.5)], (x, a) => bernoulliScalarInto(x, a.p, gen(a))),
  exponential_: inplaceDecl("exponential_", [opt("lambd", "number", 1)], (x, a) => {
    const dt = floatDtype("exponential_", x.storage.dtype);
    const buf = dt === "float32" ? new Float32Array(x.layout.size) : new Float64Array(x.layout.size);
    gen(a).exponential(buf, a.lambd);
    writeInto(x, buf, dt);
    return x;
  }),
  cauchy_: inplaceDecl("cauchy_", [opt("median", "number", 0), opt("sigma", "number", 1)], (x, a) => {
    if (!isFloat(x.storage.dtype)) {
      throw new RuntimeError(
        `Cauchy distribution is a continuous probability distribution. dtype must be a floating point but you specified ${
          CPP_TYPE_NAME[x.storage.dtype]
        }`,
      );
    }
    return doublesInto(x, (b) => gen(a).cauchy(b, a.median, a.sigma));
  }),
  logNormal_: inplaceDecl("logNormal_", [opt("mean", "number", 1), opt("std", "number", 2)], (x, a) => {
    floatDtype("log_normal_cpu", x.storage.dtype);
    return doublesInto(x, (b) => gen(a).logNormal(b, a.mean, a.std));
  }),
  geometric_: inplaceDecl("geometric_", [req("p", "number")], (x, a) => {
    if (x.storage.dtype === "bool") throw new RuntimeError(`"geometric_cpu" not implemented for 'Bool'`);
    return doublesInto(x, (b) => gen(a).geometric(b, a.p));
  }),
  random_: defineOp({
    name: "random_",
    doc: "Tensor.random_: integers in [from, to), or over the dtype's whole span (PyTorch's stream for the seed).",
    torch: {
      names: [],
      methods: ["random_"],
      overloads: [
        { sig: { pos: [INPUT], kw: [opt("generator", "any", null)] }, ...RANDOM_INPLACE, impl: randomFull },
        {
          sig: { pos: [INPUT, req("to", "int64")], kw: [opt("generator", "any", null)] },
          ...RANDOM_INPLACE,
          impl: (a: Args) => randomRange(a.input, 0, a.to, a),
        },
        {
          sig: { pos: [INPUT, req("from", "int64"), req("to", "int64")], kw: [opt("generator", "any", null)] },
          ...RANDOM_INPLACE,
          impl: (a: Args) => randomRange(a.input, a.from, a.to, a),
        },
      ],
    },
  }),
  poisson: defineOp({
    name: "poisson",
    doc: "Poisson counts, one per rate of the input (PyTorch's stream for the seed), in the input's float dtype.",
    torch: {
      names: ["poisson"],
      overloads: [{
        sig: { pos: [INPUT, opt("generator", "any", null)], kw: [] },
        impl: (a: Args) => {
          const x: Operand = a.input;
          const dt = floatDtype("poisson_cpu", x.storage.dtype);
          // PyTorch's result is C-contiguous and its iteration follows it: rates are read in C order
          const rates = contiguous(castTo(x, "float64"), true);
          const r = (rates.storage.data as Float64Array).slice(0, rates.layout.size);
          if (!r.every((v) => v >= 0)) throw new RuntimeError("invalid Poisson rate, expected rate to be non-negative");
          const counts = gen(a).poisson(r);
          const out = filled("poisson", x.layout.shape, 0, dt, x.storage.device);
          writeInto(out, counts, "float64");
          return out;
        },
      }],
    },
  }),
  binomial: defineOp({
    name: "binomial",
    doc: "Binomial counts: successes in `count` trials of probability `prob`, element-wise (PyTorch's stream).",
    torch: {
      names: ["binomial"],
      overloads: [{
        sig: { pos: [req("count", "array"), req("prob", "array")], kw: [opt("generator", "any", null)] },
        impl: binomial,
      }],
    },
  }),
  randintLike: defineOp({
    name: "randintLike",
    doc: "torch.randint_like: integers in [low, high) shaped like the input (its dtype unless given).",
    torch: {
      names: ["randintLike"],
      overloads: [
        { sig: { pos: [INPUT, req("high", "int64")], kw: LIKE_KW }, impl: (a: Args) => randintLike(a, 0, a.high) },
        {
          sig: { pos: [INPUT, req("low", "int64"), req("high", "int64")], kw: LIKE_KW },
          impl: (a: Args) => randintLike(a, a.low, a.high),
        },
      ],
    },
  }),
  randLike: likeDecl("randLike", (x, a) => uniformInto(x, 0, 1, gen(a))),
  randnLike: likeDecl("randnLike", (x, a) => normalInto(x, 0, 1, gen(a))),
};

/** Fills `x` with doubles a generator draws, cast to x's dtype (PyTorch casts each double). */
function doublesInto(x: Operand, draw: (buf: Float64Array) => Float64Array): Operand {
  writeInto(x, draw(new Float64Array(x.layout.size)), "float64");
  return x;
}

/** random_(): the dtype's span, 64-bit draws for int64 and float64 (uniform_int_distribution). */
const FULL_SPAN: Record<DType, [boolean, bigint]> = {
  bool: [false, 2n],
  uint8: [false, 256n],
  int32: [false, 1n << 31n],
  int64: [true, 1n << 63n],
  float32: [false, (1n << 24n) + 1n],
  float64: [true, (1n << 53n) + 1n],
};

function randomFull(a: Args): Operand {
  const x: Operand = a.input;
  const [wide, modulus] = FULL_SPAN[x.storage.dtype];
  writeInto(x, gen(a).randomFull(new BigInt64Array(x.layout.size), wide, modulus), "int64");
  return x;
}

/** The integer range a dtype holds (random_'s bounds check; floats: see randomRange). */
const INT_BOUNDS: Partial<Record<DType, [bigint, bigint]>> = {
  bool: [0n, 1n],
  uint8: [0n, 255n],
  int32: [-(1n << 31n), (1n << 31n) - 1n],
};

/** The integers a float dtype holds exactly: 2^digits. */
const FLOAT_DIGITS: Partial<Record<DType, number>> = { float32: 24, float64: 53 };

/**
 * PyTorch's random_from_to: from < to; for a float dtype, a bound the dtype rounds outside the range moves inside
 * (update_from / update_to: from + 1, or to - 1, rounded to the dtype, stepped by that magnitude's spacing); then
 * each bound against the dtype (an integer dtype refuses it, a float one warns past its exact integers); then
 * `from + draw mod (to - from)` (facts 4), written into the dtype.
 */
function randomRange(x: Operand, from: number | bigint, to: number | bigint, a: Args): Operand {
  const dt = x.storage.dtype;
  if (!(from < to)) {
    throw new RuntimeError(`random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`);
  }
  let lo = BigInt(from), hi = BigInt(to);
  const digits = FLOAT_DIGITS[dt];
  if (digits) {
    const round = (v: bigint) => BigInt(dt === "float32" ? Math.fround(Number(v)) : Number(v));
    // the spacing of the dtype's integers around |v|: 2^(floor(log2 |v|) - digits + 1)
    const spacing = (v: bigint) => 1n << BigInt((v < 0n ? -v : v).toString(2).length - digits);
    const up = round(lo + 1n), down = round(hi - 1n);
    if (up < lo) lo = up + spacing(lo + 1n);
    if (down >= hi) hi = down - spacing(hi - 1n);
    if (!(lo < hi)) {
      throw new RuntimeError(
        `random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but got from=${lo} >= to=${hi}`,
      );
    }
    const lim = 1n << BigInt(digits);
    for (const [name, v] of [["from", lo], ["to - 1", hi - 1n]] as const) {
      if (v < -lim || v > lim) {
        console.warn(
          `UserWarning: ${name} is out of bounds [-(2^${digits}), 2^${digits}]. Due to precision limitations ${
            CPP_TYPE_NAME[dt]
          } can support discrete uniform distribution only within this range. This warning will become an error in version 1.7 release, please fix the code in advance`,
        );
      }
    }
  }
  const b = INT_BOUNDS[dt];
  if (b && (lo < b[0] || lo > b[1])) throw new RuntimeError(`from is out of bounds for ${CPP_TYPE_NAME[dt]}`);
  if (b && (hi - 1n < b[0] || hi - 1n > b[1])) {
    throw new RuntimeError(`to - 1 is out of bounds for ${CPP_TYPE_NAME[dt]}`);
  }
  writeInto(x, gen(a).randint(new BigInt64Array(x.layout.size), lo, hi), "int64");
  return x;
}

function randintLike(a: Args, low: number | bigint, high: number | bigint): Operand {
  return randomRange(torchLike("randintLike", a, 0, a.dtype ?? a.input.storage.dtype), low, high, a);
}

function bernoulliScalarInto(x: Operand, p: number, g: TorchGenerator): Operand {
  if (!(p >= 0 && p <= 1)) throw new RuntimeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
  // PyTorch draws float64 uniforms whatever the tensor's dtype
  const buf = g.bernoulliScalar(new Float64Array(x.layout.size), p);
  writeInto(x, buf, "float64");
  return x;
}

function randint(low: number | bigint, high: number | bigint, a: Args, ctx: Ctx): Operand {
  return randomRange(fresh("randint", a, ctx, a.dtype ?? "int64"), low, high, a);
}

/** normal(mean, std) with tensor arguments: standard normals of the broadcast shape, scaled and shifted. */
function normalTensors(a: Args, ctx: Ctx): Operand {
  // a bool or bigint mean or std is its number (Python's float())
  const num = (v: Operand | Scalar) => (typeof v === "bigint" || typeof v === "boolean" ? Number(v) : v);
  const m = num(a.mean), s = num(a.std);
  if (typeof m === "number" && typeof s === "number") {
    throw new TypeError("normal(): give a size when mean and std are numbers");
  }
  const like = (typeof m === "object" ? m : s) as Operand;
  const shape = typeof m === "object" && typeof s === "object"
    ? broadcastShapes("normal", m.layout.shape, s.layout.shape)
    : like.layout.shape;
  const dt = promote(ctx, m, s);
  const out = filled("normal", shape, 0, floatDtype("normal", dt), like.storage.device);
  // PyTorch's order of operations: normal_(0, std) + mean for a number std, else normal_(0, 1) * std + mean
  if (typeof s === "number") return U.add(normalInto(out, 0, s, gen(a)), m, out);
  normalInto(out, 0, 1, gen(a));
  return U.add(U.multiply(out, castTo(s, dt), out), typeof m === "number" ? m : castTo(m, dt), out);
}

function inplaceDecl<const N extends string, const P extends readonly Param[]>(
  name: N,
  params: P,
  fill: (x: Operand, a: Args) => Operand,
) {
  return defineOp({
    name,
    doc: `Tensor.${name}: fills the tensor in place (PyTorch's stream for the seed).`,
    torch: {
      names: [],
      methods: [name],
      overloads: [{
        sig: { pos: [INPUT, ...params], kw: [opt("generator", "any", null)] },
        returns: "self",
        mutates: true,
        impl: (a: Args) => fill(a.input, a),
      }],
    },
  });
}

function likeDecl<const N extends string>(name: N, fill: (x: Operand, a: Args) => Operand) {
  return defineOp({
    name,
    doc: `torch.${name}: random values shaped like the input.`,
    torch: {
      names: [name],
      overloads: [{
        sig: { pos: [INPUT], kw: LIKE_KW },
        // (a fill writes in memory order, as PyTorch's: the values follow the preserved layout)
        impl: (a: Args) => fill(torchLike(name, a, 0, a.dtype ?? a.input.storage.dtype), a),
      }],
    },
  });
}
