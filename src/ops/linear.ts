/** Matrix products with NumPy's shape rules: matmul, dot, inner, outer. */
import { backendOf } from "../backend/backend.ts";
import { type DType, promoteTypes } from "../core/dtype.ts";
import { fmtShape, ShapeError } from "../core/errors.ts";
import { broadcastShapes, sizeOf } from "../core/shape.ts";
import { View } from "../core/view.ts";
import { castTo, contiguous, empty, type Operand, zeros } from "./operand.ts";
import { multiply } from "./ufuncs.ts";

/** Whether BLAS can read the last two dims of `v` as they are (mirrors blas_ld in matmul.c). */
function blasReady(v: View): boolean {
  const nd = v.ndim, rows = v.shape[nd - 2], cols = v.shape[nd - 1];
  const rs = v.strides[nd - 2], cs = v.strides[nd - 1];
  return (cs === 1 && rs >= Math.max(cols, 1)) || (rs === 1 && cs >= Math.max(rows, 1)) ||
    (rows === 1 && cs === 1) || (cols === 1 && rs === 1);
}

const view = (x: Operand, v: View): Operand => ({ storage: x.storage, layout: v });

/**
 * NumPy's matmul: 1-d operands gain (then lose) a dim, batch dims broadcast.
 */
export function matmul(a: Operand, b: Operand): Operand {
  const an = a.layout.ndim, bn = b.layout.ndim;
  for (const [i, n] of [[0, an], [1, bn]]) {
    if (n === 0) {
      throw new ShapeError(
        "matmul",
        `Input operand ${i} does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)`,
        [a.layout.shape, b.layout.shape],
      );
    }
  }
  const dt: DType = promoteTypes(a.storage.dtype, b.storage.dtype);
  let A = castTo(a, dt), B = castTo(b, dt);
  if (an === 1) A = view(A, A.layout.unsqueeze(0));
  if (bn === 1) B = view(B, B.layout.unsqueeze(1));
  const av = A.layout, bv = B.layout;
  const m = av.shape[av.ndim - 2], k = av.shape[av.ndim - 1], k2 = bv.shape[bv.ndim - 2], n = bv.shape[bv.ndim - 1];
  if (k !== k2) {
    throw new ShapeError(
      "matmul",
      `Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size ${k2} is different from ${k})`,
      [a.layout.shape, b.layout.shape],
    );
  }
  const batch = broadcastShapes("matmul", av.shape.slice(0, -2), bv.shape.slice(0, -2));
  A = view(A, av.expand("matmul", [...batch, m, k]));
  B = view(B, bv.expand("matmul", [...batch, k, n]));
  const isF = dt === "float32" || dt === "float64";
  if (isF && !blasReady(A.layout)) A = contiguous(A, true);
  if (isF && !blasReady(B.layout)) B = contiguous(B, true);
  // an empty inner dim gives zeros (the kernel has no products to write)
  const out = (k === 0 ? zeros : empty)([...batch, m, n], dt, A.storage.device);
  if (out.layout.size > 0 && k > 0) backendOf(A, B).matmul(A, B, out.storage, batch, m, n, k);
  const shape = [...batch, ...(an === 1 ? [] : [m]), ...(bn === 1 ? [] : [n])];
  return view(out, new View(shape));
}

/** NumPy's dot: inner product of vectors, matmul of matrices, tensordot over a's last and b's second-to-last axes otherwise. */
export function dot(a: Operand, b: Operand): Operand {
  const an = a.layout.ndim, bn = b.layout.ndim;
  if (an === 0 || bn === 0) return multiply(a, b);
  if (bn <= 2) {
    const k = a.layout.shape[an - 1], kb = bn === 1 ? b.layout.shape[0] : b.layout.shape[0];
    if (k !== kb) {
      throw new ShapeError(
        "dot",
        `shapes ${fmtShape(a.layout.shape)} and ${fmtShape(b.layout.shape)} not aligned: ${k} (dim ${
          an - 1
        }) != ${kb} (dim 0)`,
        [a.layout.shape, b.layout.shape],
      );
    }
    if (an <= 2) return matmul(a, b);
    const a2 = contiguous(a);
    const flat = view(a2, new View([sizeOf(a.layout.shape.slice(0, -1)), k]));
    const r = matmul(flat, b);
    return view(r, new View([...a.layout.shape.slice(0, -1), ...(bn === 2 ? [b.layout.shape[1]] : [])]));
  }
  const k = a.layout.shape[an - 1], kb = b.layout.shape[bn - 2];
  if (k !== kb) {
    throw new ShapeError(
      "dot",
      `shapes ${fmtShape(a.layout.shape)} and ${fmtShape(b.layout.shape)} not aligned: ${k} (dim ${
        an - 1
      }) != ${kb} (dim ${bn - 2})`,
      [a.layout.shape, b.layout.shape],
    );
  }
  const a2 = view(contiguous(a), new View([sizeOf(a.layout.shape.slice(0, -1)), k]));
  // move b's contracted axis first: (..., k, n) -> (k, ..., n), then flatten the rest
  const axes = [bn - 2, ...[...Array(bn).keys()].filter((i) => i !== bn - 2)];
  const bt = contiguous(view(b, b.layout.permute("dot", axes)), true);
  const b2 = view(bt, new View([k, sizeOf([...b.layout.shape.slice(0, -2), b.layout.shape[bn - 1]])]));
  const r = matmul(a2, b2);
  const shape = [...a.layout.shape.slice(0, -1), ...b.layout.shape.slice(0, -2), b.layout.shape[bn - 1]];
  return view(r, new View(shape));
}

/** NumPy's inner: sum product over the last axes. */
export function inner(a: Operand, b: Operand): Operand {
  const an = a.layout.ndim, bn = b.layout.ndim;
  if (an === 0 || bn === 0) return multiply(a, b);
  const k = a.layout.shape[an - 1];
  if (k !== b.layout.shape[bn - 1]) {
    throw new ShapeError(
      "inner",
      `shapes ${fmtShape(a.layout.shape)} and ${fmtShape(b.layout.shape)} not aligned: ${k} (dim ${an - 1}) != ${
        b.layout.shape[bn - 1]
      } (dim ${bn - 1})`,
      [a.layout.shape, b.layout.shape],
    );
  }
  if (an === 1 && bn === 1) return matmul(a, b);
  const a2 = view(contiguous(a), new View([sizeOf(a.layout.shape.slice(0, -1)), k]));
  const b2 = view(contiguous(b), new View([sizeOf(b.layout.shape.slice(0, -1)), k]));
  const r = matmul(a2, view(b2, b2.layout.permute("inner", [1, 0])));
  return view(r, new View([...a.layout.shape.slice(0, -1), ...b.layout.shape.slice(0, -1)]));
}

/** NumPy's outer: out[i, j] = a.ravel()[i] * b.ravel()[j]. */
export function outer(a: Operand, b: Operand): Operand {
  const a2 = contiguous(a), b2 = contiguous(b);
  return multiply(view(a2, new View([a.layout.size, 1])), view(b2, new View([1, b.layout.size])));
}
