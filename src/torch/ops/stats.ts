/**
 * torch statistics written from other torch ops (autograd records their
 * steps): nansum, nanmean, quantile and nanquantile (PyTorch's ranks over
 * the sorted values, interpolated with its lerp), aminmax (amin and amax).
 */
import { type Args, defineOp } from "../../api/define.ts";
import { STATS } from "../../api/ops/stats.ts";
import { opt, req } from "../../api/signature.ts";
import { type DType, isFloat, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import type { Tensor } from "../tensor.ts";

const INPUT = req("input", "array");
const DIM = opt("dim", "ints", null, { aliases: ["axis"] });
const KEEPDIM = opt("keepdim", "bool", false, { aliases: ["keepdims"] });
const NAN_KW = [opt("dtype", "dtype", null), opt("out", "out", null)] as const;

/** The input with NaNs replaced by zeros (integers have none). */
const nanToZero = (x: Tensor): Tensor => x.maskedFill(x.isnan(), 0);

/** torch.nansum: in out's dtype when no dtype is given, as PyTorch's (a float input has no integer kernel there). */
function nansum(a: Args): Tensor {
  const x = a.input as Tensor, out = a.out as Tensor | null;
  if (out && !a.dtype && isFloat(x.dtype) && !isFloat(out.dtype)) {
    throw new RuntimeError(`"nansum_cpu" not implemented for '${TORCH_TYPE_NAME[out.dtype]}'`);
  }
  return nanToZero(x).sum(a.dim, a.keepdim, { dtype: a.dtype ?? out?.dtype ?? null });
}

/** torch.nanmean: the sum of the non-NaN elements over their count (floats only). */
function nanmean(a: Args): Tensor {
  const x = a.input as Tensor;
  if (!isFloat(x.dtype)) {
    throw new RuntimeError(
      `nanmean(): expected input to have floating point or complex dtype but got ${TORCH_TYPE_NAME[x.dtype]}`,
    );
  }
  if (a.dtype && !isFloat(a.dtype)) {
    throw new RuntimeError(
      "nanmean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. " +
        `Got: ${TORCH_TYPE_NAME[a.dtype as DType]}`,
    );
  }
  const cnt = x.isnan().logicalNot().sum(a.dim, a.keepdim);
  return nanToZero(x).sum(a.dim, a.keepdim, { dtype: a.dtype }).div(cnt);
}

const INTERPOLATIONS = ["linear", "lower", "higher", "midpoint", "nearest"];

/** PyTorch's lerp formula: a + w (b - a), or b - (b - a)(1 - w) where w >= 0.5. */
function lerp(a: Tensor, b: Tensor, w: Tensor): Tensor {
  const diff = b.sub(a);
  return a.add(w.mul(diff)).where(w.lt(0.5), b.sub(diff.mul(w.neg().add(1))));
}

/**
 * torch.quantile/nanquantile as PyTorch computes them: the sorted values along dim (or all), ranks q (n - 1)
 * (a row with a NaN ranks last, so its quantile is NaN; nanquantile counts the non-NaN values), rounded per
 * interpolation or interpolated between the neighbours.
 */
function quantile(a: Args, ignoreNan: boolean): Tensor {
  const x = a.input as Tensor, interp: string = a.interpolation;
  if (!INTERPOLATIONS.includes(interp)) {
    throw new RuntimeError(
      `quantile() interpolation must be one of linear, lower, higher, midpoint or nearest. Got ${interp}`,
    );
  }
  const scalarQ = typeof a.q === "number";
  if (scalarQ && !(a.q >= 0 && a.q <= 1)) {
    throw new RuntimeError(`quantile() q must be in the range [0, 1] but got ${a.q}`);
  }
  if (x.numel() === 0) throw new RuntimeError("quantile() input tensor must be non-empty");
  const q: Tensor = scalarQ ? x.newFull([], a.q) : a.q;
  if (q.ndim > 1) throw new RuntimeError("quantile() q must be a scalar or 1D tensor");
  if (!isFloat(x.dtype)) throw new RuntimeError("quantile() input tensor must be either float or double dtype");
  if (q.dtype !== x.dtype) throw new RuntimeError("quantile() q tensor must be same dtype as the input tensor");
  if (!scalarQ && !q.ge(0).logicalAnd(q.le(1)).all().item()) {
    throw new RuntimeError("quantile() q values must be in the range [0, 1]");
  }
  const nd = x.ndim, dim: number | null = a.dim === null ? null : a.dim < 0 ? a.dim + Math.max(nd, 1) : a.dim;
  if (dim !== null && (dim < 0 || dim >= Math.max(nd, 1))) {
    throw new RangeError(
      `Dimension out of range (expected to be in range of [${-Math.max(nd, 1)}, ${
        Math.max(nd, 1) - 1
      }], but got ${a.dim})`,
    );
  }
  // the reduced values last: [..., n]
  const rows = dim === null || nd === 0 ? x.reshape([-1]) : x.movedim(dim, -1);
  const sorted = rows.sort(-1)[0];
  const n = sorted.shape[sorted.ndim - 1], q1 = q.reshape([-1]);
  const nans = sorted.isnan();
  // nanquantile ranks among a row's non-NaN values (a row of NaNs only: rank 0, a NaN); quantile ranks a row with a
  // NaN last (NaN)
  let ranks: Tensor;
  if (ignoreNan) {
    const counted = q1.mul(nans.logicalNot().sum(-1, true).sub(1));
    ranks = counted.maskedFill(counted.lt(0), 0);
  } else ranks = q1.mul(n - 1).maskedFill(nans.any(-1, true), n - 1);
  if (interp === "lower") ranks = ranks.floor();
  else if (interp === "higher") ranks = ranks.ceil();
  else if (interp === "nearest") ranks = ranks.round();
  const below = ranks.to("int64");
  let r = sorted.gather(-1, below);
  if (interp === "linear" || interp === "midpoint") {
    const w = interp === "midpoint" ? ranks.newFull(ranks.shape, 0.5) : ranks.sub(below);
    r = lerp(r, sorted.gather(-1, ranks.ceil().to("int64")), w);
  }
  // [..., nq] -> [nq, ...], then the kept dims and q's
  r = r.movedim(-1, 0);
  const shape = dim === null || nd === 0 ? (a.keepdim ? Array(nd).fill(1) : []) : [...x.shape];
  if (dim !== null && nd > 0 && a.keepdim) shape[dim] = 1;
  else if (dim !== null && nd > 0) shape.splice(dim, 1);
  return r.reshape(scalarQ || q.ndim === 0 ? shape : [q1.shape[0], ...shape]);
}

/** quantile's out must have the input's dtype. */
function quantileOut(from: DType, to: DType): void {
  if (from !== to) throw new RuntimeError("quantile() out tensor must be same dtype as the input tensor");
}

const QUANTILE_SIG = {
  pos: [INPUT, req("q", "arrayOrScalar"), opt("dim", "int", null, { aliases: ["axis"] }), KEEPDIM],
  kw: [opt("interpolation", "string", "linear"), opt("out", "out", null)],
} as const;

/**
 * torch's statistics: the shared declarations (STATS) and these composites, in one record (torch's type of its
 * merged records grows with their number).
 */
export const TORCH_STATS = {
  ...STATS,
  nansumTorch: defineOp({
    name: "nansum",
    doc: "Sum treating NaNs as zero.",
    torch: {
      names: ["nansum"],
      methods: ["nansum"],
      overloads: [{
        sig: { pos: [INPUT, DIM, KEEPDIM], kw: NAN_KW },
        composite: true,
        impl: nansum,
      }],
    },
  }),
  nanmeanTorch: defineOp({
    name: "nanmean",
    doc: "Mean of the non-NaN elements (NaN where a slice has none).",
    torch: {
      names: ["nanmean"],
      methods: ["nanmean"],
      overloads: [{ sig: { pos: [INPUT, DIM, KEEPDIM], kw: NAN_KW }, composite: true, impl: nanmean }],
    },
  }),
  quantileTorch: defineOp({
    name: "quantile",
    doc: "q-th quantiles along dim (flattened when none).",
    torch: {
      names: ["quantile"],
      methods: ["quantile"],
      overloads: [{
        sig: QUANTILE_SIG,
        composite: true,
        outDtype: quantileOut,
        impl: (a: Args): Tensor => quantile(a, false),
      }],
    },
  }),
  nanquantileTorch: defineOp({
    name: "nanquantile",
    doc: "q-th quantiles along dim (flattened when none), NaNs left out.",
    torch: {
      names: ["nanquantile"],
      methods: ["nanquantile"],
      overloads: [{
        sig: QUANTILE_SIG,
        composite: true,
        outDtype: quantileOut,
        impl: (a: Args): Tensor => quantile(a, true),
      }],
    },
  }),
  aminmax: defineOp({
    name: "aminmax",
    doc: "[min, max] over dim (all elements when none), also named min and max.",
    torch: {
      names: ["aminmax"],
      methods: ["aminmax"],
      overloads: [{
        sig: { pos: [INPUT], kw: [opt("dim", "int", null, { aliases: ["axis"] }), KEEPDIM] },
        composite: true,
        returns: "arrays",
        names: ["min", "max"],
        impl: (a: Args): Tensor[] => {
          const x = a.input as Tensor;
          if (a.dim === null && x.numel() === 0) {
            throw new RuntimeError(
              "aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.",
            );
          }
          const d: number | null = a.dim === null || x.ndim === 0 ? null : a.dim < 0 ? a.dim + x.ndim : a.dim;
          if (d !== null && x.shape[d] === 0) {
            throw new RangeError(`aminmax: Expected reduction dim ${d} to have non-zero size.`);
          }
          return [x.amin(a.dim, a.keepdim), x.amax(a.dim, a.keepdim)];
        },
      }],
    },
  }),
};
