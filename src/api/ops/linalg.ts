/**
 * Matrix products (matmul, dot, inner, outer, mm, bmm, mv, addmm) and
 * linear algebra (`np.linalg`, `torch.linalg`: inv, det, slogdet, solve,
 * svd, qr, eigh, cholesky, pinv, norms), through the backend's BLAS and
 * LAPACK kernels.
 */
import { type DType, isFloat, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { fmtValue, LinAlgError, RuntimeError, ShapeError } from "../../core/errors.ts";
import { normalizeAxis } from "../../core/shape.ts";
import { View } from "../../core/view.ts";
import * as L from "../../ops/linalg.ts";
import { dot, inner, matmul, outer } from "../../ops/linear.ts";
import { where as whereOp } from "../../ops/elementwise.ts";
import { castTo, contiguous, type Operand, zeros } from "../../ops/operand.ts";
import * as R from "../../ops/reduce.ts";
import * as U from "../../ops/ufuncs.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { epsOf } from "../finfo.ts";
import { describe, opt, req, type Sig } from "../signature.ts";
import { float64s, floatOf, npUfuncOut, promote, torchCastOut, torchExactOut, view } from "./common.ts";
import { intoOut, torchDims } from "./reduce.ts";

/** np.linalg's context (integers compute in float64). */
export const NP_CTX: Ctx = { fe: "np", defaultFloat: "float64" };

/** torch.linalg's matrix parameter. */
export const T_A = req("A", "array", { aliases: ["input"] });

/** PyTorch's checks and messages around a matrix product. */
export function torchMatmul(a: Operand, b: Operand): Operand {
  if (a.storage.dtype === "bool" && b.storage.dtype === "bool") {
    throw new RuntimeError(`"addmm_impl_cpu_" not implemented for 'Bool'`);
  }
  if (a.storage.dtype !== b.storage.dtype) {
    throw new RuntimeError(
      `expected m1 and m2 to have the same dtype, but got: ${a.storage.dtype} != ${b.storage.dtype}`,
    );
  }
  if (a.layout.ndim === 0 || b.layout.ndim === 0) {
    throw new RuntimeError(
      `both arguments to matmul need to be at least 1D, but they are ${a.layout.ndim}D and ${b.layout.ndim}D`,
    );
  }
  try {
    return matmul(a, b);
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    const as = a.layout.shape, bs = b.layout.shape;
    const rows = as.length > 1 ? as.slice(0, -1).reduce((p, q) => p * q, 1) : 1;
    throw new RuntimeError(
      `mat1 and mat2 shapes cannot be multiplied (${rows}x${as[as.length - 1]} and ${
        bs.length > 1 ? bs[bs.length - 2] : bs[0]
      }x${bs.length > 1 ? bs[bs.length - 1] : 1})`,
    );
  }
}

function ranks(op: string, a: Operand, b: Operand, an: number, bn: number): void {
  if (a.layout.ndim !== an || b.layout.ndim !== bn) {
    throw new RuntimeError(
      `${op}: expected ${an}-D and ${bn}-D tensors, got ${a.layout.ndim}-D and ${b.layout.ndim}-D`,
    );
  }
}

/** Matrices as floats: NumPy computes integer linear algebra in float64, PyTorch refuses it. */
function floatMatrix(op: string, a: Operand, ctx: Ctx): Operand {
  if (isFloat(a.storage.dtype)) return a;
  if (ctx.fe === "torch") {
    throw new RuntimeError(
      `linalg.${op}: Expected a floating point or complex tensor as input. Got ${a.storage.dtype}`,
    );
  }
  return castTo(a, "float64");
}

/** The max of non-negative values over `axes`: 0 over none (NumPy's norms reduce with initial 0). */
function absMax(x: Operand, axes: number[], keepdim: boolean): Operand {
  if (!axes.some((d) => x.layout.shape[d] === 0)) return R.max(x, axes, keepdim);
  return zeros(R.reducedShape(x.layout.shape, axes, keepdim), x.storage.dtype, x.storage.device);
}

/** Vector norm of order `ord` over `axes`. */
export function vectorNorm(x: Operand, ord: number, axes: number[], keepdim: boolean, dt: DType): Operand {
  const a = castTo(x, dt), abs = U.abs(a);
  if (ord === Infinity) return absMax(abs, axes, keepdim);
  if (ord === -Infinity) return R.min(abs, axes, keepdim);
  if (ord === 0) return castTo(R.sum(U.notEqual(a, 0), axes, keepdim), dt);
  if (ord === 1) return R.sum(abs, axes, keepdim);
  if (ord === 2) return U.sqrt(R.sum(U.multiply(a, a), axes, keepdim));
  return U.power(R.sum(U.power(abs, ord), axes, keepdim), 1 / ord);
}

/** Matrix norm over the two `axes` ("fro", "nuc", ±1, ±2, ±inf). */
export function matrixNorm(
  x: Operand,
  ord: number | string,
  axes: [number, number],
  keepdim: boolean,
  dt: DType,
): Operand {
  const a = castTo(x, dt), nd = a.layout.ndim;
  const [r, c] = axes.map((ax) => normalizeAxis("norm", ax, nd));
  if (r === c) throw new RangeError("Duplicate axes given.");
  let res: Operand;
  if (ord === "fro") res = U.sqrt(R.sum(U.multiply(a, a), [r, c], false));
  else if (ord === "nuc" || ord === 2 || ord === -2) {
    const rest = [...Array(nd).keys()].filter((d) => d !== r && d !== c);
    const m = view(a, a.layout.permute("norm", [...rest, r, c]));
    // an empty matrix has no singular values: its nuclear and 2-norms are 0 (NumPy's max with initial 0)
    const s = m.layout.size === 0 ? zeros([...rest.map((d) => a.layout.shape[d]), 0], dt) : L.svd(m, false, false)[0];
    const last = [s.layout.ndim - 1];
    res = ord === "nuc" ? R.sum(s, last, false) : ord === 2 ? absMax(s, last, false) : R.min(s, last, false);
  } else if (ord === 1 || ord === -1) {
    const cs = R.sum(U.abs(a), [r], true);
    res = (ord === 1 ? absMax : R.min)(cs, [c], true);
    res = view(res, res.layout.squeeze("norm", [r, c]));
  } else if (ord === Infinity || ord === -Infinity) {
    const rs = R.sum(U.abs(a), [c], true);
    res = (ord === Infinity ? absMax : R.min)(rs, [r], true);
    res = view(res, res.layout.squeeze("norm", [r, c]));
  } else throw new RangeError(`Invalid norm order '${fmtValue(ord)}' for matrices`);
  if (!keepdim) return res;
  const shape = a.layout.shape.map((d, i) => (i === r || i === c ? 1 : d));
  return view(contiguous(res), new View(shape));
}

/** np.linalg.norm's dispatch: vector norms over one axis, matrix norms over two, Frobenius by default. */
function npNorm(
  x: Operand,
  ord: number | string | null,
  axis: number | readonly number[] | null,
  keepdims: boolean,
): Operand {
  // (the parameter takes numbers and the names "fro" and "nuc": anything else reached the kernels as an exponent)
  if (ord !== null && typeof ord !== "number" && typeof ord !== "string") {
    throw new TypeError(`norm(): argument 'ord' must be a number, "fro" or "nuc", not ${describe(ord)}`);
  }
  const dt = floatOf(NP_CTX, x.storage.dtype);
  const nd = x.layout.ndim;
  if (axis === null && ord === null) {
    const r = vectorNorm(x, 2, [...Array(nd).keys()], keepdims, dt);
    return r;
  }
  const axes = axis === null ? [...Array(nd).keys()] : typeof axis === "number" ? [axis] : [...axis];
  if (axes.length === 1) {
    if (typeof ord === "string") throw new RangeError(`Invalid norm order '${ord}' for vectors`);
    return vectorNorm(x, ord ?? 2, [normalizeAxis("norm", axes[0], nd)], keepdims, dt);
  }
  if (axes.length !== 2) throw new RangeError("Improper number of dimensions to norm.");
  return matrixNorm(x, ord ?? "fro", [axes[0], axes[1]], keepdims, dt);
}

/**
 * The symmetric matrices a Hermitian routine reads (eigh's lower triangle, the default of both libraries): the
 * lower triangle mirrored, so `hermitian` options compute what LAPACK's would.
 */
function fromLower(a: Operand): Operand {
  const nd = a.layout.ndim, n = a.layout.shape[nd - 1];
  const idx = float64s([...Array(n).keys()]);
  const lower = U.greaterEqual(view(idx, new View([n, 1])), view(idx, new View([1, n])));
  return whereOp(lower, a, view(a, a.layout.swap("hermitian", -1, -2)));
}

/**
 * The pseudo-inverse through the SVD, keeping singular values above max(atol, rtol * max(s)); `hermitian` reads the
 * lower triangle.
 */
function pinv(a: Operand, rtol: number, atol = 0, hermitian = false): Operand {
  if (a.layout.size === 0) {
    const sh = a.layout.shape;
    return zeros([...sh.slice(0, -2), sh[sh.length - 1], sh[sh.length - 2]], a.storage.dtype);
  }
  const [u, s, vh] = L.svd(hermitian ? fromLower(a) : a, false, true);
  const nd = s.layout.ndim;
  const keep = U.greater(s, U.maximum(U.multiply(absMax(s, [nd - 1], true), rtol), atol));
  const sinv = U.multiply(U.reciprocal(U.add(s, U.logicalNot(keep))), keep);
  // V diag(1/s) U^T
  const v = view(vh, vh.layout.swap("pinv", -1, -2)), ut = view(u, u.layout.swap("pinv", -1, -2));
  return matmul(U.multiply(v, view(sinv, sinv.layout.unsqueeze(nd - 1))), ut);
}

/**
 * The Cholesky factor (lower) through eigh-free LDL: computed as in LAPACK's unblocked potrf on the host. With
 * `infos`, a matrix that is not positive-definite records the order of the failing minor there (torch's
 * cholesky_ex) and keeps LAPACK's partial factor (that minor's value on the diagonal) instead of raising.
 */
export function cholesky(a: Operand, upper: boolean, infos?: Int32Array): Operand {
  const A = contiguous(castTo(a, floatOf(NP_CTX, a.storage.dtype)), true);
  const nd = A.layout.ndim, n = A.layout.shape[nd - 1];
  if (nd < 2 || A.layout.shape[nd - 2] !== n) throw new LinAlgError("Last 2 dimensions of the array must be square");
  const d = A.storage.data as Float64Array | Float32Array;
  const count = A.layout.size / Math.max(n * n, 1);
  // host loop: LAPACK's potrf is not in the kernel library; n is small in practice
  for (let m = 0; m < count; m++) {
    const o = m * n * n;
    for (let j = 0; j < n; j++) {
      let s = d[o + j * n + j];
      for (let k = 0; k < j; k++) s -= d[o + j * n + k] * d[o + j * n + k];
      if (!(s > 0)) {
        if (!infos) throw new LinAlgError("Matrix is not positive definite");
        infos[m] = j + 1;
        d[o + j * n + j] = s;
        break;
      }
      const l = Math.sqrt(s);
      d[o + j * n + j] = l;
      for (let i = j + 1; i < n; i++) {
        let t = d[o + i * n + j];
        for (let k = 0; k < j; k++) t -= d[o + i * n + k] * d[o + j * n + k];
        d[o + i * n + j] = t / l;
      }
    }
    // the strict upper triangle (never read above) is zero, also past a failed minor
    for (let c = 1; c < n; c++) for (let i = 0; i < c; i++) d[o + i * n + c] = 0;
  }
  return upper ? contiguous(view(A, A.layout.swap("cholesky", -1, -2)), true) : A;
}

const NP_A = req("a", "array");

/** Matrix products, declared once for both front-ends. */
export const PRODUCTS = {
  matmul: defineOp({
    name: "matmul",
    doc: "Matrix product with broadcasting batch dims (1-d operands gain and lose a dim).",
    np: {
      names: ["matmul"],
      methods: ["matmul"],
      overloads: [{
        sig: {
          pos: [req("x1", "array"), req("x2", "array"), opt("out", "out", null)],
          kw: [opt("dtype", "dtype", null)],
        },
        impl: (a: Args) =>
          intoOut(
            matmul(a.dtype ? castTo(a.x1, a.dtype) : a.x1, a.dtype ? castTo(a.x2, a.dtype) : a.x2),
            a.out,
            "matmul",
            npUfuncOut("matmul"),
          ),
      }],
    },
    torch: {
      names: ["matmul"],
      methods: ["matmul"],
      overloads: [{
        sig: { pos: [req("input", "array"), req("other", "array")], kw: [opt("out", "out", null)] },
        impl: (a: Args) => intoOut(torchMatmul(a.input, a.other), a.out, "matmul", torchExactOut),
      }],
    },
  }),
  mm: defineOp({
    name: "mm",
    doc: "Product of two matrices.",
    torch: {
      names: ["mm"],
      methods: ["mm"],
      overloads: [{
        sig: { pos: [req("input", "array"), req("mat2", "array")], kw: [opt("out", "out", null)] },
        impl: (a: Args) => {
          ranks("mm", a.input, a.mat2, 2, 2);
          return intoOut(torchMatmul(a.input, a.mat2), a.out, "mm", torchExactOut);
        },
      }],
    },
  }),
  bmm: defineOp({
    name: "bmm",
    doc: "Batched product of 3-d tensors of one batch size.",
    torch: {
      names: ["bmm"],
      methods: ["bmm"],
      overloads: [{
        sig: { pos: [req("input", "array"), req("mat2", "array")], kw: [opt("out", "out", null)] },
        impl: (a: Args) => {
          ranks("bmm", a.input, a.mat2, 3, 3);
          if (a.input.layout.shape[0] !== a.mat2.layout.shape[0]) {
            throw new RuntimeError("batch1 and batch2 must have same number of batches");
          }
          return intoOut(torchMatmul(a.input, a.mat2), a.out, "bmm", torchExactOut);
        },
      }],
    },
  }),
  mv: defineOp({
    name: "mv",
    doc: "Matrix-vector product.",
    torch: {
      names: ["mv"],
      methods: ["mv"],
      overloads: [{
        sig: { pos: [req("input", "array"), req("vec", "array")], kw: [opt("out", "out", null)] },
        impl: (a: Args) => {
          ranks("mv", a.input, a.vec, 2, 1);
          return intoOut(torchMatmul(a.input, a.vec), a.out, "mv", torchExactOut);
        },
      }],
    },
  }),
  dot: defineOp({
    name: "dot",
    doc:
      "np: NumPy's dot (inner product, matrix product, or tensordot over the last/second-to-last axes); torch: 1-d only.",
    np: {
      names: ["dot"],
      methods: ["dot"],
      overloads: [{
        sig: { pos: [req("a", "array"), req("b", "array"), opt("out", "out", null)], kw: [] },
        impl: (a: Args) =>
          intoOut(dot(a.a, a.b), a.out, "dot", (from, to) => {
            if (from !== to) {
              throw new RangeError(
                "output array is not acceptable (must have the right datatype, number of dimensions, and be a C-Array)",
              );
            }
          }),
      }],
    },
    torch: {
      names: ["dot"],
      methods: ["dot"],
      overloads: [{
        sig: {
          pos: [req("input", "array"), req("tensor", "array", { aliases: ["other"] })],
          kw: [opt("out", "out", null)],
        },
        impl: (a: Args) => {
          const x: Operand = a.input, y: Operand = a.tensor;
          if (x.storage.dtype === "bool") throw new RuntimeError(`"dot" not implemented for 'Bool'`);
          if (x.layout.ndim !== 1 || y.layout.ndim !== 1) {
            throw new RuntimeError(`1D tensors expected, but got ${x.layout.ndim}D and ${y.layout.ndim}D tensors`);
          }
          if (x.layout.size !== y.layout.size) {
            throw new RuntimeError(
              `inconsistent tensor size, expected tensor [${x.layout.size}] and src [${y.layout.size}] to have the same number of elements, but got ${x.layout.size} and ${y.layout.size} elements respectively`,
            );
          }
          return intoOut(torchMatmul(x, y), a.out, "dot", (from, to) => {
            if (from !== to) {
              throw new RuntimeError(
                `result dtype ${TORCH_TYPE_NAME[to]} does not match input dtype ${TORCH_TYPE_NAME[from]}`,
              );
            }
          });
        },
      }],
    },
  }),
  inner: defineOp({
    name: "inner",
    doc: "Sum product over the last axes.",
    np: {
      names: ["inner"],
      overloads: [{ sig: { pos: [req("a", "array"), req("b", "array")], kw: [] }, impl: (a: Args) => inner(a.a, a.b) }],
    },
  }),
  outer: defineOp({
    name: "outer",
    doc: "Outer product of the flattened inputs.",
    np: {
      names: ["outer"],
      overloads: [{
        sig: { pos: [req("a", "array"), req("b", "array"), opt("out", "out", null)], kw: [] },
        impl: (a: Args) => intoOut(outer(a.a, a.b), a.out, "outer", npUfuncOut("multiply")),
      }],
    },
    torch: {
      names: ["outer", "ger"],
      methods: ["outer", "ger"],
      overloads: [{
        sig: { pos: [req("input", "array"), req("vec2", "array")], kw: [opt("out", "out", null)] },
        impl: (a: Args, ctx: Ctx) => {
          if (a.input.layout.ndim !== 1 || a.vec2.layout.ndim !== 1) {
            throw new RuntimeError("outer: expected 1-D tensors");
          }
          const dt = promote(ctx, a.input, a.vec2);
          return intoOut(outer(castTo(a.input, dt), castTo(a.vec2, dt)), a.out, "outer", torchCastOut);
        },
      }],
    },
  }),
};

/** np.linalg, declared once. */
export const NP_LINALG = {
  inv: npLinalg("inv", "np.linalg.inv.", { pos: [NP_A], kw: [] }, (a) => L.inv(a.a)),
  det: npLinalg("det", "np.linalg.det.", { pos: [NP_A], kw: [] }, (a) => L.det(a.a)),
  slogdet: defineOp({
    name: "slogdet",
    doc: "Sign and log|det| of square matrices.",
    np: {
      names: ["slogdet"],
      overloads: [{
        sig: { pos: [NP_A], kw: [] },
        returns: "arrays",
        names: ["sign", "logabsdet"],
        impl: (a: Args) => L.slogdet(floatMatrix("slogdet", a.a, NP_CTX)),
      }],
    },
  }),
  solve: npLinalg("solve", "np.linalg.solve.", { pos: [NP_A, req("b", "array")], kw: [] }, (a) => L.solve(a.a, a.b)),
  svd: defineOp({
    name: "svd",
    doc: "[U, S, Vh] (only S without computeUv).",
    np: {
      names: ["svd"],
      overloads: [{
        sig: {
          pos: [
            NP_A,
            opt("fullMatrices", "bool", true),
            opt("computeUv", "bool", true, { aliases: ["computeUV"] }),
            opt("hermitian", "bool", false),
          ],
          kw: [],
        },
        returns: "any",
        names: ["U", "S", "Vh"],
        impl: (a: Args) => {
          const r = L.svd(a.a, a.fullMatrices, a.computeUv);
          return r.length === 1 ? r[0] : r;
        },
      }],
    },
  }),
  qr: defineOp({
    name: "qr",
    doc: "[Q, R] ('reduced', 'complete') or R ('r').",
    np: {
      names: ["qr"],
      overloads: [{
        sig: { pos: [NP_A, opt("mode", "string", "reduced", { choices: ["reduced", "complete", "r"] })], kw: [] },
        returns: "any",
        names: ["Q", "R"],
        impl: (a: Args) => {
          const r = L.qr(a.a, a.mode);
          return a.mode === "r" ? r[0] : r;
        },
      }],
    },
  }),
  eigh: defineOp({
    name: "eigh",
    doc: "[eigenvalues ascending, eigenvectors as columns] of symmetric matrices.",
    np: {
      names: ["eigh"],
      overloads: [{
        sig: { pos: [NP_A, opt("UPLO", "string", "L", { choices: ["L", "U"] })], kw: [] },
        returns: "arrays",
        names: ["eigenvalues", "eigenvectors"],
        impl: (a: Args) => L.eigh(a.a, a.UPLO),
      }],
    },
  }),
  eigvalsh: defineOp({
    name: "eigvalsh",
    doc: "Eigenvalues (ascending) of symmetric matrices.",
    np: {
      names: ["eigvalsh"],
      overloads: [{
        sig: { pos: [NP_A, opt("UPLO", "string", "L", { choices: ["L", "U"] })], kw: [] },
        impl: (a: Args) => L.eigh(a.a, a.UPLO)[0],
      }],
    },
  }),
  cholesky: npLinalg(
    "cholesky",
    "np.linalg.cholesky.",
    { pos: [NP_A], kw: [opt("upper", "bool", false)] },
    (a) => cholesky(a.a, a.upper),
  ),
  pinv: npLinalg(
    "pinv",
    "np.linalg.pinv.",
    { pos: [NP_A, opt("rcond", "number", null), opt("hermitian", "bool", false)], kw: [opt("rtol", "number", null)] },
    (a) => {
      // NumPy 2: rcond and rtol are one cutoff; neither gives rcond's old 1e-15
      if (a.rcond !== null && a.rtol !== null) throw new RangeError("`rtol` and `rcond` can't be both set.");
      return pinv(floatMatrix("pinv", a.a, NP_CTX), a.rcond ?? a.rtol ?? 1e-15, 0, a.hermitian);
    },
  ),
  matrixRank: npLinalg("matrixRank", "np.linalg.matrixRank.", {
    pos: [req("A", "array"), opt("tol", "number", null), opt("hermitian", "bool", false)],
    kw: [opt("rtol", "number", null)],
  }, (a) => {
    // NumPy: a vector or a scalar has rank 1 unless it is all zeros
    if (a.A.layout.ndim < 2) return castTo(R.any(U.notEqual(a.A, 0)), "int64");
    if (a.tol !== null && a.rtol !== null) throw new RangeError("`tol` and `rtol` can't be both set.");
    const A = floatMatrix("matrix_rank", a.A, NP_CTX);
    // (hermitian: |eigenvalues| of the lower triangle's matrix, which are its singular values)
    const s = a.hermitian ? U.abs(L.eigh(A, "L")[0]) : L.svd(A, false, false)[0];
    const last = [s.layout.ndim - 1];
    const m = Math.max(...a.A.layout.shape.slice(-2));
    // (NumPy's max with initial 0: an empty matrix has no singular values and rank 0)
    const tol = a.tol ?? U.multiply(absMax(s, last, true), a.rtol ?? m * epsOf(s.storage.dtype));
    return R.sum(U.greater(s, tol), last, false);
  }),
  norm: defineOp({
    name: "norm",
    doc: "Vector or matrix norm (Frobenius / 2-norm of the flattened array by default).",
    np: {
      names: ["norm"],
      overloads: [{
        sig: {
          pos: [req("x", "array"), opt("ord", "any", null), opt("axis", "ints", null), opt("keepdims", "bool", false)],
          kw: [],
        },
        impl: (a: Args) => npNorm(a.x, a.ord as number | string | null, a.axis, a.keepdims),
      }],
    },
  }),
};

/** An np.linalg function of one overload returning one array. */
export function npLinalg<const N extends string, const S extends Sig>(
  name: N,
  doc: string,
  sig: S,
  impl: (a: Args) => Operand,
) {
  return defineOp({ name, doc, np: { names: [name], overloads: [{ sig, impl }] } });
}

/** torch.linalg (differentiable in torch through their derivatives). */
export const TORCH_LINALG = {
  inv: torchLinalg("inv", (a, ctx) => L.inv(floatMatrix("inv", a.A, ctx))),
  det: torchLinalg("det", (a, ctx) => L.det(floatMatrix("det", a.A, ctx))),
  slogdet: defineOp({
    name: "slogdet",
    doc: "Sign and log|det|.",
    torch: {
      names: ["slogdet"],
      overloads: [{
        sig: { pos: [T_A], kw: [] },
        returns: "arrays",
        names: ["sign", "logabsdet"],
        impl: (a: Args, ctx: Ctx) => L.slogdet(floatMatrix("slogdet", a.A, ctx)),
      }],
    },
  }),
  solve: defineOp({
    name: "solve",
    doc: "Solves A X = B.",
    torch: {
      names: ["solve"],
      overloads: [{
        sig: {
          pos: [T_A, req("B", "array", { aliases: ["other"] })],
          kw: [opt("left", "bool", true), opt("out", "out", null)],
        },
        impl: (a: Args, ctx: Ctx) => {
          const A = floatMatrix("solve", a.A, ctx), B = floatMatrix("solve", a.B, ctx);
          if (A.storage.dtype !== B.storage.dtype) {
            throw new RuntimeError(
              `linalg.solve: Expected A and B to have the same dtype, but found A of type ${
                TORCH_TYPE_NAME[A.storage.dtype]
              } and B of type ${TORCH_TYPE_NAME[B.storage.dtype]} instead`,
            );
          }
          if (a.left) return intoOut(L.solve(A, B), a.out, "solve", torchExactOut);
          // X A = B: A^T X^T = B^T
          const n = A.layout.shape[A.layout.ndim - 1], bs = B.layout.shape;
          if (B.layout.ndim < 2 || bs[bs.length - 1] !== n) {
            throw new RuntimeError(
              `linalg.solve: Incompatible shapes of A and B for the equation XA = B (${
                A.layout.shape.slice(-2).join("x")
              } and ${bs.slice(-2).join("x")})`,
            );
          }
          const t = (o: Operand) => view(o, o.layout.swap("solve", -1, -2));
          return intoOut(t(L.solve(t(A), t(B))), a.out, "solve", torchExactOut);
        },
      }],
    },
  }),
  cholesky: defineOp({
    name: "cholesky",
    doc: "The Cholesky factor (lower, or upper).",
    torch: {
      names: ["cholesky"],
      overloads: [{
        sig: { pos: [T_A], kw: [opt("upper", "bool", false)] },
        impl: (a: Args, ctx: Ctx) => cholesky(floatMatrix("cholesky", a.A, ctx), a.upper),
      }],
    },
  }),
  qr: defineOp({
    name: "qr",
    doc: "[Q, R].",
    torch: {
      names: ["qr"],
      overloads: [{
        sig: { pos: [T_A, opt("mode", "string", "reduced", { choices: ["reduced", "complete", "r"] })], kw: [] },
        returns: "arrays",
        names: ["Q", "R"],
        impl: (a: Args, ctx: Ctx) => {
          const r = L.qr(floatMatrix("qr", a.A, ctx), a.mode === "r" ? "reduced" : a.mode);
          return a.mode === "r" ? [empty0(r[1]), r[1]] : r;
        },
      }],
    },
  }),
  eigh: defineOp({
    name: "eigh",
    doc: "[eigenvalues, eigenvectors] of symmetric matrices.",
    torch: {
      names: ["eigh"],
      overloads: [{
        sig: { pos: [T_A, opt("UPLO", "string", "L", { choices: ["L", "U"] })], kw: [] },
        returns: "arrays",
        names: ["eigenvalues", "eigenvectors"],
        impl: (a: Args, ctx: Ctx) => L.eigh(floatMatrix("eigh", a.A, ctx), a.UPLO),
      }],
    },
  }),
  eigvalsh: defineOp({
    name: "eigvalsh",
    doc: "Eigenvalues of symmetric matrices.",
    torch: {
      names: ["eigvalsh"],
      overloads: [{
        sig: { pos: [T_A, opt("UPLO", "string", "L", { choices: ["L", "U"] })], kw: [] },
        impl: (a: Args, ctx: Ctx) => L.eigh(floatMatrix("eigvalsh", a.A, ctx), a.UPLO)[0],
      }],
    },
  }),
  svd: defineOp({
    name: "svd",
    doc: "[U, S, Vh].",
    torch: {
      names: ["svd"],
      overloads: [{
        sig: { pos: [T_A, opt("fullMatrices", "bool", true)], kw: [] },
        returns: "arrays",
        names: ["U", "S", "Vh"],
        impl: (a: Args, ctx: Ctx) => L.svd(floatMatrix("svd", a.A, ctx), a.fullMatrices, true),
      }],
    },
  }),
  svdvals: defineOp({
    name: "svdvals",
    doc: "Singular values.",
    torch: {
      names: ["svdvals"],
      overloads: [{
        sig: { pos: [T_A], kw: [] },
        impl: (a: Args, ctx: Ctx) => L.svd(floatMatrix("svdvals", a.A, ctx), false, false)[0],
      }],
    },
  }),
  vectorNorm: defineOp({
    name: "vectorNorm",
    doc: "Vector norm over dims (all by default).",
    torch: {
      names: ["vectorNorm"],
      overloads: [{
        sig: {
          pos: [
            req("x", "array", { aliases: ["input"] }),
            opt("ord", "number", 2),
            opt("dim", "ints", null),
            opt("keepdim", "bool", false),
          ],
          kw: [opt("dtype", "dtype", null)],
        },
        impl: (a: Args, ctx: Ctx) => {
          const x: Operand = a.x;
          // PyTorch refuses integer input even with a float dtype
          const dt = a.dtype ?? floatMatrix("vector_norm", x, ctx).storage.dtype;
          if (a.dtype) floatMatrix("vector_norm", x, ctx);
          return vectorNorm(x, a.ord, torchDims("vector_norm", x, a.dim), a.keepdim, dt);
        },
      }],
    },
  }),
  matrixNorm: defineOp({
    name: "matrixNorm",
    doc: "Matrix norm of the last two dims ('fro' by default).",
    torch: {
      names: ["matrixNorm"],
      overloads: [{
        sig: {
          pos: [T_A, opt("ord", "any", "fro"), opt("dim", "ints", [-2, -1]), opt("keepdim", "bool", false)],
          kw: [opt("dtype", "dtype", null)],
        },
        impl: (a: Args, ctx: Ctx) => {
          const x = floatMatrix("matrix_norm", a.A, ctx);
          const d = typeof a.dim === "number" ? [a.dim] : a.dim;
          if (d.length !== 2) throw new RuntimeError(`linalg.matrix_norm: dim must be a 2-tuple. Got ${d.join(" ")}`);
          return matrixNorm(x, a.ord as number | string, [d[0], d[1]], a.keepdim, a.dtype ?? x.storage.dtype);
        },
      }],
    },
  }),
};

/** An empty placeholder tensor (torch.linalg.qr's Q in mode 'r'). */
function empty0(like: Operand): Operand {
  return { storage: like.storage, layout: new View([0], [1], 0) };
}

function torchLinalg<const N extends string>(name: N, impl: (a: Args, ctx: Ctx) => Operand) {
  return defineOp({
    name,
    doc: `torch.linalg.${name}.`,
    torch: {
      names: [name],
      overloads: [{
        sig: { pos: [T_A], kw: [opt("out", "out", null)] },
        impl: (a: Args, ctx: Ctx) => intoOut(impl(a, ctx), a.out, name, torchExactOut),
      }],
    },
  });
}
