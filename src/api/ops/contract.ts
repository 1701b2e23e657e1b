/**
 * Tensor contractions: einsum, tensordot, kron, cross. One contraction
 * engine (PyTorch's einsum algorithm: operands aligned to output dims +
 * summed dims, then contracted pairwise left to right through batched
 * matrix products) runs on operands for np and on Tensor methods for torch,
 * so torch's results are composites autograd differentiates, and each
 * library's dtype rules follow from the ops it is written with (torch's
 * sums promote integers, its bmm refuses mixed dtypes; np computes in the
 * result dtype).
 */
import { canCastSafely, type DType, promoteTypes, resultType, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { RuntimeError, ShapeError } from "../../core/errors.ts";
import { inferSize, normalizeAxis } from "../../core/shape.ts";
import { canCastSameKind } from "../../ops/elementwise.ts";
import { concatenate } from "../../ops/join.ts";
import { matmul } from "../../ops/linear.ts";
import { castTo, type Operand } from "../../ops/operand.ts";
import * as R from "../../ops/reduce.ts";
import * as U from "../../ops/ufuncs.ts";
import { type Args, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { torchExactOut, view } from "./common.ts";
import { uniqueDims } from "./index_extra.ts";
import { intoOut } from "./reduce.ts";
import { reshapeOp } from "./shape.ts";

type Fe = "np" | "torch";

/** The array operations the engine is written with. */
interface Alg<T> {
  shape(x: T): readonly number[];
  /** The diagonal of dims d1 < d2, placed at d1. */
  diagonal(x: T, d1: number, d2: number): T;
  unsqueeze(x: T, d: number): T;
  permute(x: T, perm: readonly number[]): T;
  sum(x: T, dims: readonly number[], keepdim: boolean): T;
  mul(a: T, b: T): T;
  bmm(a: T, b: T): T;
  reshape(x: T, shape: readonly number[]): T;
}

/** The Tensor methods torch's composites use (api/ cannot import torch's class). */
export interface TensorOps {
  readonly shape: readonly number[];
  readonly ndim: number;
  readonly dtype: DType;
  diagonal(offset: number, dim1: number, dim2: number): TensorOps;
  movedim(source: number, destination: number): TensorOps;
  unsqueeze(dim: number): TensorOps;
  permute(dims: readonly number[]): TensorOps;
  sum(dim: readonly number[], keepdim: boolean): TensorOps;
  mul(other: TensorOps): TensorOps;
  sub(other: TensorOps): TensorOps;
  bmm(other: TensorOps): TensorOps;
  reshape(shape: readonly number[]): TensorOps;
  roll(shifts: number, dims: number): TensorOps;
}

const NP_ALG: Alg<Operand> = {
  shape: (x) => x.layout.shape,
  diagonal: (x, d1, d2) => {
    const d = view(x, x.layout.diagonal("einsum", 0, d1, d2)), nd = d.layout.ndim;
    const perm = [...Array(nd - 1).keys()];
    perm.splice(d1, 0, nd - 1);
    return view(d, d.layout.permute("einsum", perm));
  },
  unsqueeze: (x, d) => view(x, x.layout.unsqueeze(d)),
  permute: (x, perm) => view(x, x.layout.permute("einsum", perm)),
  sum: (x, dims, keepdim) => R.sum(x, dims, keepdim),
  mul: U.multiply,
  bmm: matmul,
  reshape: (x, shape) => reshapeOp("einsum", x, shape),
};

const TORCH_ALG: Alg<TensorOps> = {
  shape: (x) => x.shape,
  diagonal: (x, d1, d2) => x.diagonal(0, d1, d2).movedim(-1, d1),
  unsqueeze: (x, d) => x.unsqueeze(d),
  permute: (x, perm) => x.permute(perm),
  sum: (x, dims, keepdim) => x.sum(dims, keepdim),
  mul: (a, b) => a.mul(b),
  bmm: (a, b) => a.bmm(b),
  reshape: (x, shape) => x.reshape(shape),
};

const range = (a: number, b: number): number[] => Array.from({ length: Math.max(b - a, 0) }, (_, i) => a + i);
const prod = (xs: readonly number[]): number => xs.reduce((p, q) => p * q, 1);

// ---------- einsum: parsing ----------

/** An ellipsis in a parsed subscript list (letters are 0..51: A-Z then a-z, as PyTorch numbers them). */
const ELL = -1;
/** The letter of a label. */
const letter = (s: number): string => String.fromCharCode(s < 26 ? 65 + s : 71 + s);

/** Labels per operand and the output's (null: implicit). */
interface Parsed {
  ins: number[][];
  out: number[] | null;
}

/** Reads one subscript list; `bad(i, c)` names an invalid character at index i, `dot(i)` a stray '.'. */
function readLabels(s: string, start: number, bad: (i: number, c: string) => never, dot: (i: number) => never) {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === " ") continue;
    if (c === ".") {
      if (out.includes(ELL) || s.slice(i, i + 3) !== "...") dot(start + i);
      out.push(ELL);
      i += 2;
    } else if (/^[A-Za-z]$/.test(c)) out.push(c < "a" ? c.charCodeAt(0) - 65 : c.charCodeAt(0) - 71);
    else bad(start + i, c);
  }
  return out;
}

/** NumPy's parse of the subscripts and its checks against the operands' ranks. */
function parseNp(eq: string, ndims: readonly number[]): Parsed {
  const arrow = eq.indexOf("-");
  if (arrow >= 0 && eq[arrow + 1] !== ">") {
    throw new RangeError("einstein sum subscript string does not contain proper '->' output specified");
  }
  const terms = (arrow >= 0 ? eq.slice(0, arrow) : eq).split(",");
  const bad = (_: number, c: string): never => {
    throw new RangeError(`invalid subscript '${c}' in einstein sum subscripts string, subscripts must be letters`);
  };
  const dot = (where: string) => (): never => {
    throw new RangeError(
      `einstein sum subscripts string contains a '.' that is not part of an ellipsis ('...') in ${where}`,
    );
  };
  const ins = terms.map((t, i) => {
    if (i >= ndims.length) {
      throw new RangeError(
        "more operands provided to einstein sum function than specified in the subscripts string",
      );
    }
    const ls = readLabels(t, 0, bad, dot(`operand ${i}`)), n = ls.filter((l) => l !== ELL).length;
    if (n > ndims[i]) {
      throw new RangeError(`einstein sum subscripts string contains too many subscripts for operand ${i}`);
    }
    if (n < ndims[i] && !ls.includes(ELL)) {
      throw new RangeError(
        "operand has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast the extra dimensions.",
      );
    }
    return ls;
  });
  if (terms.length < ndims.length) {
    throw new RangeError("fewer operands provided to einstein sum function than specified in the subscripts string");
  }
  if (arrow < 0) return { ins, out: null };
  const out = readLabels(eq.slice(arrow + 2), 0, bad, dot("the output"));
  out.forEach((l, i) => {
    if (l === ELL) return;
    if (out.indexOf(l) !== i) {
      throw new RangeError(`einstein sum subscripts string includes output subscript '${letter(l)}' multiple times`);
    }
    if (!ins.some((ls) => ls.includes(l))) {
      throw new RangeError(
        `einstein sum subscripts string included output subscript '${letter(l)}' which never appeared in an input`,
      );
    }
  });
  const ellDims = ins.some((ls, i) => ls.includes(ELL) && ndims[i] > ls.length - 1);
  if (ellDims && !out.includes(ELL)) {
    throw new RangeError(
      "output has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast the extra dimensions.",
    );
  }
  return { ins, out };
}

/** PyTorch's parse of the equation and its checks against the operands' ranks. */
function parseTorch(eq: string, ndims: readonly number[]): Parsed {
  const arrow = eq.indexOf("->"), lhs = arrow >= 0 ? eq.slice(0, arrow) : eq;
  const bad = (i: number): never => {
    throw new RuntimeError(
      `einsum(): invalid subscript given at index ${i} in the equation string, subscripts must be in [a-zA-Z]`,
    );
  };
  const terms = lhs.split(",");
  if (terms.length > ndims.length) {
    throw new RuntimeError("einsum(): fewer operands were provided than specified in the equation");
  }
  if (terms.length < ndims.length) {
    throw new RuntimeError("einsum(): more operands were provided than specified in the equation");
  }
  let at = 0;
  const ins = terms.map((t, i) => {
    const ls = readLabels(t, at, bad, () => {
      throw new RuntimeError(`einsum(): found '.' for operand ${i} that is not part of any ellipsis`);
    });
    at += t.length + 1;
    return ls;
  });
  ins.forEach((ls, i) => {
    const n = ls.filter((l) => l !== ELL).length, ell = ls.includes(ELL);
    if (ell ? n > ndims[i] : n !== ndims[i]) {
      throw new RuntimeError(
        `einsum(): the number of subscripts in the equation (${n}) ${
          ell ? "is more than" : "does not match"
        } the number of dimensions (${ndims[i]}) for operand ${i}${ell ? "" : " and no ellipsis was given"}`,
      );
    }
  });
  if (arrow < 0) return { ins, out: null };
  const out = readLabels(eq.slice(arrow + 2), lhs.length + 2, bad, () => {
    throw new RuntimeError("einsum(): found '.' for output that is not part of any ellipsis (...)");
  });
  out.forEach((l, i) => {
    if (l === ELL) return;
    if (out.indexOf(l) !== i || !ins.some((ls) => ls.includes(l))) {
      throw new RuntimeError(
        `einsum(): output subscript ${letter(l)} ${
          out.indexOf(l) !== i
            ? "appears more than once in the output"
            : "does not appear in the equation for any input operand"
        }`,
      );
    }
  });
  return { ins, out };
}

// ---------- einsum: the engine ----------

/** The contraction of operands labelled `ins` into `out` (labels >= 0, or ELL), PyTorch's einsum algorithm. */
function contract<T>(alg: Alg<T>, fe: Fe, ops: readonly T[], { ins, out: outLabels }: Parsed): T {
  const nd = ops.map((x) => alg.shape(x).length);
  // ids: the E ellipsis dims are 0..E-1 (right-aligned across operands), label s is E + s
  const E = Math.max(0, ...ins.map((ls, i) => (ls.includes(ELL) ? nd[i] - ls.length + 1 : 0)));
  const count = new Map<number, number>();
  for (const ls of ins) for (const l of ls) if (l !== ELL) count.set(E + l, (count.get(E + l) ?? 0) + 1);
  const out = outLabels === null
    ? [...range(0, E), ...[...count].filter(([, n]) => n === 1).map(([id]) => id).sort((a, b) => a - b)]
    : outLabels.flatMap((l) => (l === ELL ? range(0, E) : [E + l]));
  const summed = [...range(0, E), ...count.keys()].filter((id) => !out.includes(id)).sort((a, b) => a - b);
  const pos = new Map([...out, ...summed].map((id, i) => [id, i]));
  const total = pos.size, outN = out.length;
  const sizes = new Map<number, number>(), counts = new Array<number>(total).fill(0);
  const aligned = ops.map((x, i) => {
    let op = x, dim = 0;
    const perm = new Array<number>(total).fill(-1);
    const see = (id: number, label: number) => {
      const n = alg.shape(op)[dim], prev = sizes.get(id) ?? 1;
      if (n !== 1) {
        if (prev !== 1 && prev !== n) sizeMismatch(fe, i, dim, n, prev, label);
        sizes.set(id, n);
        counts[pos.get(id)!]++;
      }
      perm[pos.get(id)!] = dim++;
    };
    for (const l of ins[i]) {
      if (l === ELL) {
        const k = nd[i] - ins[i].length + 1;
        for (let j = E - k; j < E; j++) see(j, ELL);
      } else if (perm[pos.get(E + l)!] === -1) see(E + l, l);
      else {
        // a repeated label: its diagonal
        const prev = perm[pos.get(E + l)!], sh = alg.shape(op);
        if (sh[dim] !== sh[prev]) {
          throw fe === "np"
            ? new RangeError(
              `dimensions in operand ${i} for collapsing index '${letter(l)}' don't match (${sh[prev]} != ${sh[dim]})`,
            )
            : new RuntimeError(
              `einsum(): subscript ${letter(l)} is repeated for operand ${i} but the sizes don't match, ${sh[dim]} != ${
                sh[prev]
              }`,
            );
        }
        op = alg.diagonal(op, prev, dim);
      }
    }
    for (let p = 0; p < total; p++) {
      if (perm[p] === -1) {
        op = alg.unsqueeze(op, dim);
        perm[p] = dim++;
      }
    }
    return alg.permute(op, perm);
  });
  // contract left to right, summing each dim as soon as no later operand has it
  while (aligned.length > 1) {
    let [a, b] = aligned.splice(0, 2);
    const both: number[] = [], aOnly: number[] = [], bOnly: number[] = [];
    for (let d = outN; d < total; d++) {
      const sa = alg.shape(a)[d] !== 1, sb = alg.shape(b)[d] !== 1;
      if (sa && sb) {
        if (--counts[d] === 1) {
          both.push(d);
          counts[d] = 0;
        }
      } else if (counts[d] === 1 && (sa || sb)) {
        (sa ? aOnly : bOnly).push(d);
        counts[d] = 0;
      }
    }
    if (aOnly.length) a = alg.sum(a, aOnly, true);
    if (bOnly.length) b = alg.sum(b, bOnly, true);
    aligned.unshift(sumProduct(alg, a, b, both));
  }
  const r = aligned[0];
  if (total === outN) return r;
  return ops.length > 1 ? alg.reshape(r, alg.shape(r).slice(0, outN)) : alg.sum(r, range(outN, total), false);
}

function sizeMismatch(fe: Fe, i: number, dim: number, n: number, prev: number, label: number): never {
  if (fe === "np") {
    throw new ShapeError(
      "einsum",
      `operands could not be broadcast together with remapped shapes: ${
        label === ELL ? "a dimension covered by ellipsis" : `subscript '${letter(label)}'`
      } has size ${n} in operand ${i} and ${prev} in an earlier one`,
      [],
    );
  }
  throw new RuntimeError(
    label === ELL
      ? `einsum(): dimension ${dim} covered by ellipsis in operand ${i} has size ${n} which does not broadcast with previously seen ellipsis with size ${prev} for the respective dimension`
      : `einsum(): subscript ${
        letter(label)
      } has size ${n} for operand ${i} which does not broadcast with previously seen size ${prev}`,
  );
}

/** (left * right) summed over `sumDims` (kept as size 1), as one batched matrix product (PyTorch's sumproduct_pair). */
function sumProduct<T>(alg: Alg<T>, left: T, right: T, sumDims: readonly number[]): T {
  if (sumDims.length === 0) return alg.mul(left, right);
  const nd = alg.shape(left).length;
  const lro: number[] = [], lo: number[] = [], ro: number[] = [];
  let sumSize = 1;
  for (let i = 0; i < nd; i++) {
    const sl = alg.shape(left)[i] !== 1, sr = alg.shape(right)[i] !== 1;
    if (sumDims.includes(i)) {
      if (sl && sr) sumSize *= alg.shape(left)[i];
      else if (sl) left = alg.sum(left, [i], true);
      else if (sr) right = alg.sum(right, [i], true);
    } else if (sl && sr) lro.push(i);
    else if (sl) lo.push(i);
    else ro.push(i);
  }
  const ls = alg.shape(left), rs = alg.shape(right);
  const lroSize = prod(lro.map((d) => ls[d])), loSize = prod(lo.map((d) => ls[d])), roSize = prod(ro.map((d) => rs[d]));
  const order = [...lro, ...lo, ...sumDims, ...ro];
  const l = alg.reshape(alg.permute(left, [...lro, ...lo, ...sumDims, ...ro]), [lroSize, loSize, sumSize]);
  const r = alg.reshape(alg.permute(right, [...lro, ...sumDims, ...ro, ...lo]), [lroSize, sumSize, roSize]);
  const outSize = [...lro.map((d) => ls[d]), ...lo.map((d) => ls[d]), ...sumDims.map(() => 1), ...ro.map((d) => rs[d])];
  const inverse = range(0, nd).map((d) => order.indexOf(d));
  return alg.permute(alg.reshape(alg.bmm(l, r), outSize), inverse);
}

// ---------- np's dtype handling ----------

type Casting = "no" | "equiv" | "safe" | "same_kind" | "unsafe";
const CASTINGS = ["no", "equiv", "safe", "same_kind", "unsafe"] as const;
function canCast(from: DType, to: DType, casting: Casting): boolean {
  if (casting === "unsafe") return true;
  if (casting === "safe") return canCastSafely(from, to);
  if (casting === "same_kind") return canCastSameKind(from, to);
  return from === to;
}

/** NumPy's einsum dtype: `dtype`, else the inputs' and out's common type; every operand must cast to it. */
function npEinsumDtype(ops: readonly Operand[], out: Operand | null, dtype: DType | null, casting: Casting): DType {
  const all = out ? [...ops, out] : ops;
  const want = dtype ?? resultType(all.map((x) => x.storage.dtype));
  all.forEach((x, i) => {
    if (!canCast(x.storage.dtype, want, casting)) {
      throw new TypeError(
        `Iterator operand ${i} dtype could not be cast from dtype('${x.storage.dtype}') to dtype('${want}') according to the rule '${casting}'`,
      );
    }
  });
  if (out && !canCast(want, out.storage.dtype, casting)) {
    throw new TypeError(
      `Iterator requested dtype could not be cast from dtype('${want}') to dtype('${out.storage.dtype}'), the operand ${ops.length} dtype, according to the rule '${casting}'`,
    );
  }
  return want;
}

/** np computes a contraction in its result dtype (integer sums come back from int64, as NumPy's wrap). */
function npContract(ops: readonly Operand[], parsed: Parsed, dt: DType): Operand {
  return castTo(contract(NP_ALG, "np", ops.map((x) => castTo(x, dt)), parsed), dt);
}

function checkOptimize(v: unknown): void {
  if (typeof v === "boolean" || v === "greedy" || v === "optimal") return;
  throw new TypeError(`einsum(): optimize must be a boolean, "greedy" or "optimal", not ${JSON.stringify(v)}`);
}

// ---------- tensordot ----------

/** The einsum labels of a tensordot: a's dims, then b's with its contracted dims taking a's labels. */
function tensordotLabels(na: number, nb: number, da: readonly number[], db: readonly number[]): Parsed {
  const a = range(0, na), b = range(na, na + nb);
  da.forEach((d, k) => (b[db[k]] = d));
  return { ins: [a, b], out: [...a.filter((d) => !da.includes(d)), ...b.filter((l) => l >= na)] };
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const isIntList = (v: unknown[]): v is number[] => v.every((x) => Number.isSafeInteger(x));

/** NumPy's tensordot axes: an int n (a's last n with b's first n) or a pair of ints or int lists. */
function npTensordotAxes(axes: unknown, sa: readonly number[], sb: readonly number[]): [number[], number[]] {
  let da: unknown[], db: unknown[];
  if (typeof axes === "number") [da, db] = [range(-axes, 0), range(0, axes)];
  else if (Array.isArray(axes) && axes.length === 2) [da, db] = [asList(axes[0]), asList(axes[1])];
  else throw new TypeError(`tensordot: axes must be an integer or a pair of axis lists, not ${JSON.stringify(axes)}`);
  if (!isIntList(da) || !isIntList(db)) throw new TypeError("tensordot: axes must be integers");
  for (const d of [da, db]) {
    if (new Set(d).size !== d.length) throw new RangeError("duplicate axes are not allowed in tensordot");
  }
  const norm = (d: number, n: number) => {
    if (d < -n || d >= n) throw new RangeError("tuple index out of range");
    return d < 0 ? d + n : d;
  };
  if (da.length !== db.length) throw new RangeError("shape-mismatch for sum");
  const ra = da.map((d) => norm(d, sa.length)), rb = db.map((d) => norm(d, sb.length));
  if (ra.some((d, k) => sa[d] !== sb[rb[k]])) throw new RangeError("shape-mismatch for sum");
  return [ra, rb];
}

/** PyTorch's wrap of a dim (IndexError "Dimension out of range"). */
function wrapDim(d: number, n: number): number {
  if (n === 0) {
    if (d === 0 || d === -1) return 0;
    throw new RangeError(`Dimension specified as ${d} but tensor has no dimensions`);
  }
  if (d < -n || d >= n) {
    throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${d})`);
  }
  return d < 0 ? d + n : d;
}

/** PyTorch's tensordot: its dims forms and checks (dtypes, lengths, sizes; size-1 dims broadcast). */
function torchTensordot(a: TensorOps, b: TensorOps, dims: unknown): TensorOps {
  let da: unknown[], db: unknown[];
  if (typeof dims === "number") {
    if (dims < 0) throw new RuntimeError(`tensordot expects dims >= 0, but got dims=${dims}`);
    if (dims > Math.min(a.ndim, b.ndim)) {
      throw new RuntimeError(`tensordot expects dims < ndim_a or ndim_b, but got dims=${dims}`);
    }
    [da, db] = [range(-dims, 0), range(0, dims)];
  } else if (Array.isArray(dims) && dims.length === 2) {
    if (!Array.isArray(dims[0]) || !Array.isArray(dims[1])) {
      throw new TypeError("tensordot(): argument 'dims' must be an int or a pair of lists of ints");
    }
    [da, db] = [dims[0], dims[1]];
  } else {
    throw new RuntimeError(
      `tensordot expects dims to be int or tuple[list[int], list[int]] or list[list[int]] containing two lists, but got dims=${
        JSON.stringify(dims)
      }`,
    );
  }
  if (!isIntList(da) || !isIntList(db)) throw new TypeError("tensordot(): dims must hold integers");
  if (da.length !== db.length) throw new RuntimeError("both dimension lists should have same length");
  if (a.dtype !== b.dtype) throw new RuntimeError("both inputs should have same dtype");
  const ra = da.map((d) => wrapDim(d, a.ndim)), rb = db.map((d) => wrapDim(d, b.ndim));
  ra.forEach((d, k) => {
    const s1 = a.shape[d], s2 = b.shape[rb[k]];
    if (s1 !== s2 && s1 !== 1 && s2 !== 1) {
      throw new RuntimeError(
        `contracted dimensions need to match, but first has size ${s1} in dim ${
          da[k]
        } and second has size ${s2} in dim ${db[k]}`,
      );
    }
  });
  for (const r of [ra, rb]) uniqueDims(r);
  return contract(TORCH_ALG, "torch", [a, b], tensordotLabels(a.ndim, b.ndim, ra, rb));
}

// ---------- kron, cross ----------

/** The Kronecker product: a's dims interleaved with b's (shapes padded to one rank) multiplied, then merged. */
function kron<T>(alg: Alg<T>, a: T, b: T): T {
  const sa = alg.shape(a), sb = alg.shape(b), nd = Math.max(sa.length, sb.length);
  const pa = [...Array(nd - sa.length).fill(1), ...sa], pb = [...Array(nd - sb.length).fill(1), ...sb];
  const r = alg.mul(alg.reshape(a, pa.flatMap((d) => [d, 1])), alg.reshape(b, pb.flatMap((d) => [1, d])));
  return alg.reshape(r, pa.map((d, i) => d * pb[i]));
}

const warned = new Set<string>();
function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(message);
}

/** np.cross: NumPy's formulas per vector length (a missing third component counts as 0). */
export function npCross(
  a: Operand,
  b: Operand,
  axisa: number,
  axisb: number,
  axisc: number,
  axis: number | null,
): Operand {
  if (axis !== null) axisa = axisb = axisc = axis;
  if (a.layout.ndim < 1 || b.layout.ndim < 1) throw new RangeError("At least one array has zero dimension");
  const dt = promoteTypes(a.storage.dtype, b.storage.dtype);
  const comps = (x: Operand, ax: number, name: string): (Operand | null)[] => {
    const nd = x.layout.ndim, d = normalizeAxis(name, ax, nd), n = x.layout.shape[d];
    if (n !== 2 && n !== 3) {
      throw new RangeError("incompatible dimensions for cross product\n(dimension must be 2 or 3)");
    }
    return [0, 1, 2].map((i) => (i < n ? castTo(view(x, x.layout.select(d, i)), dt) : null));
  };
  const [a0, a1, a2] = comps(a, axisa, "axisa"), [b0, b1, b2] = comps(b, axisb, "axisb");
  if (!a2 || !b2) {
    warnOnce(
      "np.cross",
      "DeprecationWarning: Arrays of 2-dimensional vectors are deprecated. Use arrays of 3-dimensional vectors instead. (deprecated in NumPy 2.0)",
    );
  }
  // p * q - r * s, a term with a missing component left out
  const term = (p: Operand | null, q: Operand | null, r: Operand | null, s: Operand | null): Operand => {
    const first = p && q ? U.multiply(p, q) : null, second = r && s ? U.multiply(r, s) : null;
    return first === null ? U.negative(second!) : second === null ? first : U.subtract(first, second);
  };
  if (!a2 && !b2) return term(a0, b1, a1, b0);
  const cs = [term(a1, b2, a2, b1), term(a2, b0, a0, b2), term(a0, b1, a1, b0)];
  const c = concatenate(cs.map((x) => view(x, x.layout.unsqueeze(x.layout.ndim))), -1);
  const nd = c.layout.ndim, at = normalizeAxis("axisc", axisc, nd);
  const perm = range(0, nd - 1);
  perm.splice(at, 0, nd - 1);
  return view(c, c.layout.permute("cross", perm));
}

/** torch.cross / torch.linalg.cross: same ranks, length 3 along `dim`, other dims broadcast; one dtype. */
export function torchCross(x: TensorOps, y: TensorOps, dim: number | null): TensorOps {
  if (dim === null) {
    warnOnce(
      "torch.cross",
      "UserWarning: Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree with that of linalg.cross in a future release.",
    );
    dim = x.shape.indexOf(3);
    if (dim < 0) throw new RuntimeError("no dimension of size 3 in input");
  }
  if (x.ndim !== y.ndim) throw new RuntimeError("linalg.cross: inputs must have the same number of dimensions.");
  const d = wrapDim(dim, x.ndim);
  if (x.shape[d] !== 3 || y.shape[d] !== 3) {
    throw new RuntimeError(
      `linalg.cross: inputs dimension ${dim} must have length 3. Got ${x.shape[d]} and ${y.shape[d]}`,
    );
  }
  inferSize(x.shape, y.shape);
  if (x.dtype !== y.dtype) {
    throw new RuntimeError(
      `expected scalar type ${TORCH_TYPE_NAME[x.dtype]} but found ${TORCH_TYPE_NAME[y.dtype]}`,
    );
  }
  if (x.dtype === "bool") throw new RuntimeError(`"cross" not implemented for 'Bool'`);
  // component i is x[i+1] y[i+2] - x[i+2] y[i+1]: the rolled vectors give all three at once
  return x.roll(-1, d).mul(y.roll(-2, d)).sub(x.roll(-2, d).mul(y.roll(-1, d)));
}

// ---------- declarations ----------

const A = req("a", "array"), B = req("b", "array"), INPUT = req("input", "array"), OTHER = req("other", "array");
/** torch's `out=` (the runner writes a composite's result into it). */
export const OUT = opt("out", "out", null);

/** torch.tensordot's out must have the result's dtype. */
function tensordotOut(from: DType, to: DType): void {
  if (from !== to) {
    throw new RuntimeError(
      `tensordot: Expected the output tensor to have dtype ${
        TORCH_TYPE_NAME[from]
      }, but got an output tensor with dtype ${TORCH_TYPE_NAME[to]}`,
    );
  }
}

/** einsum, tensordot, kron, cross. */
export const CONTRACT = {
  einsum: defineOp({
    name: "einsum",
    doc: "Einstein summation over labelled dims ('ij,jk->ik'; implicit output, '...' broadcasting, diagonals).",
    np: {
      names: ["einsum"],
      overloads: [{
        sig: {
          pos: [req("subscripts", "string"), req("operands", "arrays", { varargs: true })],
          kw: [
            opt("out", "out", null),
            opt("dtype", "dtype", null),
            opt("casting", "string", "safe", { choices: CASTINGS }),
            opt("optimize", "any", false),
          ],
        },
        impl: (a: Args): Operand => {
          checkOptimize(a.optimize);
          const ops = a.operands as Operand[];
          if (ops.length === 0) {
            throw new RangeError("must specify the einstein sum subscripts string and at least one operand");
          }
          const parsed = parseNp(a.subscripts, ops.map((x) => x.layout.ndim));
          const dt = npEinsumDtype(ops, a.out, a.dtype, a.casting);
          return intoOut(npContract(ops, parsed, dt), a.out, "einsum");
        },
      }],
    },
    torch: {
      names: ["einsum"],
      overloads: [{
        sig: { pos: [req("equation", "string"), req("operands", "arrays", { varargs: true })], kw: [] },
        composite: true,
        impl: (a: Args): TensorOps => {
          const ops = a.operands as TensorOps[];
          if (ops.length === 0) {
            throw new RangeError(
              "einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list",
            );
          }
          return contract(TORCH_ALG, "torch", ops, parseTorch(a.equation, ops.map((x) => x.ndim)));
        },
      }],
    },
  }),
  tensordot: defineOp({
    name: "tensordot",
    doc: "Sum of products over pairs of axes (an int n: a's last n with b's first n; or two axis lists).",
    np: {
      names: ["tensordot"],
      overloads: [{
        sig: { pos: [A, B, opt("axes", "any", 2)], kw: [] },
        impl: (a: Args): Operand => {
          const x = a.a as Operand, y = a.b as Operand;
          const [da, db] = npTensordotAxes(a.axes, x.layout.shape, y.layout.shape);
          const dt = resultType([x.storage.dtype, y.storage.dtype]);
          return npContract([x, y], tensordotLabels(x.layout.ndim, y.layout.ndim, da, db), dt);
        },
      }],
    },
    torch: {
      names: ["tensordot"],
      overloads: [{
        sig: { pos: [A, B, opt("dims", "any", 2)], kw: [OUT] },
        composite: true,
        outDtype: tensordotOut,
        impl: (a: Args): TensorOps => torchTensordot(a.a, a.b, a.dims),
      }],
    },
  }),
  kron: defineOp({
    name: "kron",
    doc: "Kronecker product: blocks of b scaled by each element of a (shapes padded to one rank).",
    np: {
      names: ["kron"],
      overloads: [{ sig: { pos: [A, B], kw: [] }, impl: (a: Args): Operand => kron(NP_ALG, a.a, a.b) }],
    },
    torch: {
      names: ["kron"],
      methods: ["kron"],
      overloads: [{
        sig: { pos: [INPUT, OTHER], kw: [OUT] },
        composite: true,
        impl: (a: Args): TensorOps => kron(TORCH_ALG, a.input, a.other),
      }],
    },
  }),
  cross: defineOp({
    name: "cross",
    doc: "Cross product of 3-vectors along an axis (np: 2-vectors as NumPy's deprecated forms).",
    np: {
      names: ["cross"],
      overloads: [{
        sig: {
          pos: [
            A,
            B,
            opt("axisa", "int", -1),
            opt("axisb", "int", -1),
            opt("axisc", "int", -1),
            opt("axis", "int", null),
          ],
          kw: [],
        },
        impl: (a: Args): Operand => npCross(a.a, a.b, a.axisa, a.axisb, a.axisc, a.axis),
      }],
    },
    torch: {
      names: ["cross"],
      methods: ["cross"],
      overloads: [{
        sig: { pos: [INPUT, OTHER, opt("dim", "int", null)], kw: [OUT] },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): TensorOps => torchCross(a.input, a.other, a.dim),
      }],
    },
  }),
};
