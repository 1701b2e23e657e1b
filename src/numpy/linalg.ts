/** `np.linalg`: inv, det, solve, svd, qr, eigh and norm over stacks of matrices. */
import * as L from "../ops/linalg.ts";
import { normalizeAxis } from "../core/shape.ts";
import { type ArrayLike, asOperand, NDArray } from "./ndarray.ts";
import { sqrt } from "./functions.ts";

const A = (x: ArrayLike): NDArray => NDArray.wrap(asOperand(x));
const W = NDArray.wrap;

/** Inverse (LinAlgError when singular). */
export const inv = (a: ArrayLike): NDArray => W(L.inv(asOperand(a)));
/** Determinant. */
export const det = (a: ArrayLike): NDArray => W(L.det(asOperand(a)));
/** Solves a @ x = b. */
export const solve = (a: ArrayLike, b: ArrayLike): NDArray => W(L.solve(asOperand(a), asOperand(b)));

/** `[U, S, Vh]` (also as `.U`, `.S`, `.Vh`), or S alone when `computeUV` is false. */
export type SVDResult = [NDArray, NDArray, NDArray] & { U: NDArray; S: NDArray; Vh: NDArray };

/**
 * Singular value decomposition, a = U @ diag(S) @ Vh.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * const [u, s, vh] = np.linalg.svd(np.array([[3, 0], [0, 4]]));
 * console.log(s.tolist()); // [4, 3]
 * ```
 */
export function svd(a: ArrayLike, opts: { fullMatrices?: boolean; computeUV: false }): NDArray;
export function svd(a: ArrayLike, opts?: { fullMatrices?: boolean; computeUV?: true }): SVDResult;
export function svd(a: ArrayLike, opts: { fullMatrices?: boolean; computeUV?: boolean } = {}): SVDResult | NDArray {
  const r = L.svd(asOperand(a), opts.fullMatrices ?? true, opts.computeUV ?? true).map(W);
  if (r.length === 1) return r[0];
  return Object.assign(r as [NDArray, NDArray, NDArray], { U: r[0], S: r[1], Vh: r[2] });
}

/** `[Q, R]` (also `.Q`, `.R`); mode "r" returns R alone. */
export type QRResult = [NDArray, NDArray] & { Q: NDArray; R: NDArray };
export function qr(a: ArrayLike, mode: "r"): NDArray;
export function qr(a: ArrayLike, mode?: "reduced" | "complete"): QRResult;
/** QR decomposition. */
export function qr(a: ArrayLike, mode: "reduced" | "complete" | "r" = "reduced"): QRResult | NDArray {
  const r = L.qr(asOperand(a), mode).map(W);
  if (mode === "r") return r[0];
  return Object.assign(r as [NDArray, NDArray], { Q: r[0], R: r[1] });
}

/** `[eigenvalues, eigenvectors]` (also `.eigenvalues`, `.eigenvectors`). */
export type EighResult = [NDArray, NDArray] & { eigenvalues: NDArray; eigenvectors: NDArray };
/** Eigenvalues (ascending) and eigenvectors (columns) of symmetric matrices. */
export function eigh(a: ArrayLike, uplo: "L" | "U" = "L"): EighResult {
  const r = L.eigh(asOperand(a), uplo).map(W);
  return Object.assign(r as [NDArray, NDArray], { eigenvalues: r[0], eigenvectors: r[1] });
}

/** Norm orders. */
export type Ord = number | "fro" | "nuc" | null;

/**
 * Vector and matrix norms with NumPy's `ord` and `axis` rules.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.linalg.norm(np.array([3, 4])).item()); // 5
 * ```
 */
export function norm(
  x: ArrayLike,
  ord: Ord = null,
  axis: number | readonly number[] | null = null,
  opts: { keepdims?: boolean } = {},
): NDArray {
  let a = A(x);
  if (a.dtype !== "float32" && a.dtype !== "float64") a = a.astype("float64");
  const keepdims = opts.keepdims ?? false;
  if (axis === null && ord === null) {
    const r = sqrt(a.multiply(a).sum());
    return keepdims ? r.reshape(a.shape.map(() => 1)) : r;
  }
  const axes = axis === null ? [...Array(a.ndim).keys()] : typeof axis === "number" ? [axis] : [...axis];
  const abs = a.abs();
  if (axes.length === 1) {
    const ax = normalizeAxis("norm", axes[0], a.ndim);
    const o = { axis: ax, keepdims };
    if (ord === Infinity) return abs.max(o);
    if (ord === -Infinity) return abs.min(o);
    if (ord === 0) return a.notEqual(0).astype(a.dtype).sum(o);
    if (ord === 1) return abs.sum(o);
    if (ord === null || ord === 2) return sqrt(a.multiply(a).sum(o));
    if (typeof ord !== "number") throw new RangeError(`Invalid norm order '${ord}' for vectors`);
    return abs.power(ord).sum(o).power(1 / ord);
  }
  if (axes.length !== 2) throw new RangeError("Improper number of dimensions to norm.");
  const [r, c] = axes.map((ax) => normalizeAxis("norm", ax, a.ndim));
  if (r === c) throw new RangeError("Duplicate axes given.");
  let res: NDArray;
  if (ord === null || ord === "fro") res = sqrt(a.multiply(a).sum([r, c]));
  else if (ord === "nuc" || ord === 2 || ord === -2) {
    const moved = a.transpose([...[...Array(a.ndim).keys()].filter((d) => d !== r && d !== c), r, c]);
    const s = svd(moved, { computeUV: false });
    res = ord === "nuc" ? s.sum(-1) : ord === 2 ? s.max(-1) : s.min(-1);
  } else if (ord === 1 || ord === -1) {
    const cs = abs.sum(r, { keepdims: true });
    res = (ord === 1 ? cs.max(c, { keepdims: true }) : cs.min(c, { keepdims: true })).squeeze([r, c]);
  } else if (ord === Infinity || ord === -Infinity) {
    const rs = abs.sum(c, { keepdims: true });
    res = (ord === Infinity ? rs.max(r, { keepdims: true }) : rs.min(r, { keepdims: true })).squeeze([r, c]);
  } else throw new RangeError(`Invalid norm order '${ord}' for matrices`);
  if (!keepdims) return res;
  const shape = a.shape.map((d, i) => (i === r || i === c ? 1 : d));
  return res.reshape(shape);
}

export { LinAlgError } from "../core/errors.ts";
