/**
 * Element-wise primitives: unary and binary ufuncs and `where`. Dtypes are
 * resolved once per (op, dtype) with NumPy's rules (NEP 50 for JS scalars),
 * operands broadcast as views (stride 0, never materialized) and the kernel
 * runs over strided operands directly.
 */
import { backendOf } from "../backend/backend.ts";
import { loopOut, OP_CODES } from "../backend/cpu.ts";
import {
  canCastSafely,
  type DType,
  DTYPE_BY_CODE,
  DTYPES,
  isFloat,
  promoteTypes,
  resultType,
  type ScalarKind,
  scalarKind,
} from "../core/dtype.ts";
import { fmtShape, OutShapeError } from "../core/errors.ts";
import { broadcastShapes, broadcastsTo } from "../core/shape.ts";
import { sameShape } from "../core/view.ts";
import { Storage } from "../core/storage.ts";
import {
  castTo,
  colocate,
  copyInto,
  empty,
  emptyLike,
  isScalar,
  type Operand,
  readsWritten,
  type Scalar,
  scalarOperand,
} from "./operand.ts";

/** How an op picks the dtype its kernel loop runs in from the promoted input dtype. */
type DTypeRule =
  /** NumPy's ufunc rule: the first loop the input casts to safely. */
  | "firstLoop"
  /** NumPy's true division: integers and bool compute in float64. */
  | "trueDivide"
  /** firstLoop, but bool input is a TypeError (NumPy's negative, subtract, sign, positive). */
  | "noBool";

/** One element-wise kernel: its name, table, C name and dtype rule. */
interface OpDef {
  readonly name: string;
  readonly kind: "unary" | "binary";
  readonly kernel: string;
  readonly dtype: DTypeRule;
}

/** The dtype a `trueDivide` op computes in. */
const trueDivideDType = (d: DType): DType => (isFloat(d) ? d : "float64");

interface Loop {
  readonly loop: DType;
  readonly out: DType;
}

/** A declared element-wise op with its loops resolved per input dtype. */
interface Compiled {
  readonly def: OpDef;
  readonly code: number;
  readonly loops: readonly (Loop | undefined)[];
}

function compile(def: OpDef): Compiled {
  const table = def.kind === "unary" ? OP_CODES.unary : OP_CODES.binary;
  const code = table.get(def.kernel);
  if (code === undefined) throw new Error(`op "${def.name}": kernel "${def.kernel}" is not in the library`);
  const outOf = (d: DType) => def.kind === "unary" ? loopOut.unary(code, d) : loopOut.binary(code, d);
  const loops = DTYPE_BY_CODE.map((d): Loop | undefined => {
    if (def.dtype === "trueDivide") {
      const l = trueDivideDType(d);
      const out = outOf(l);
      return out ? { loop: l, out } : undefined;
    }
    for (const l of DTYPE_BY_CODE) {
      const out = canCastSafely(d, l) ? outOf(l) : undefined;
      if (out) return { loop: l, out };
    }
    return undefined;
  });
  return { def, code, loops };
}

const BOOL_HINT: Record<string, string> = {
  negative:
    "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.",
  subtract:
    "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.",
};

function loopFor(c: Compiled, d: DType): Loop {
  if (d === "bool" && c.def.dtype === "noBool") {
    throw new TypeError(
      BOOL_HINT[c.def.name] ??
        `ufunc '${c.def.name}' did not contain a loop with signature matching types (dtype bool)`,
    );
  }
  const l = c.loops[DTYPES[d].code];
  if (!l) {
    throw new TypeError(`ufunc '${c.def.name}' did not contain a loop with signature matching types (dtype ${d})`);
  }
  return l;
}

const KIND_RANK: Record<string, number> = { b: 0, u: 1, i: 2, f: 3 };

/** NumPy's `can_cast(from, to, "same_kind")`. */
export function canCastSameKind(from: DType, to: DType): boolean {
  if (canCastSafely(from, to)) return true;
  const kf = DTYPES[from].kind, kt = DTYPES[to].kind;
  return kf === kt || (KIND_RANK[kt] > KIND_RANK[kf] && !(kf === "i" && kt === "u"));
}

/** NumPy's "same_kind" casting of a result into an `out` array. */
function checkOutCast(op: string, from: DType, to: DType): void {
  if (canCastSameKind(from, to)) return;
  throw new TypeError(
    `Cannot cast ufunc '${op}' output from dtype('${from}') to dtype('${to}') with casting rule 'same_kind'`,
  );
}

/**
 * Runs the kernel into `out` (given or new). The inputs broadcast to a given
 * `out`'s shape, which must hold their broadcast shape (NumPy's rule); results
 * cast into it with NumPy's same_kind rule, and an `out` overlapping an input
 * other than exactly is computed via a temporary.
 */
function finish(
  c: Compiled,
  ins: Operand[],
  shape: number[],
  outDtype: DType,
  out: Operand | undefined,
  run: (ins: Operand[], o: Operand) => void,
): Operand {
  if (out && !sameShape(out.layout.shape, shape)) {
    if (!broadcastsTo(shape, out.layout.shape)) {
      throw new OutShapeError(
        c.def.name,
        `non-broadcastable output operand with shape ${fmtShape(out.layout.shape)} doesn't match the broadcast shape ${
          fmtShape(shape)
        }`,
        out.layout.shape,
        shape,
      );
    }
    shape = [...out.layout.shape];
  }
  const views = colocate(ins).map((x) =>
    sameShape(x.layout.shape, shape) ? x : { storage: x.storage, layout: x.layout.expand(c.def.name, shape) }
  );
  if (!out) {
    const o = emptyLike(shape, outDtype, views.map((v) => v.layout), views[0].storage.device);
    run(views, o);
    return o;
  }
  checkOutCast(c.def.name, outDtype, out.storage.dtype);
  if (out.storage.dtype === outDtype && !views.some((x) => readsWritten(x, out))) {
    run(views, out);
  } else {
    const tmp = emptyLike(shape, outDtype, [out.layout], out.storage.device);
    run(views, tmp);
    copyInto(tmp, out);
  }
  return out;
}

/** A unary ufunc: `(x, out?) => result`. */
export type UnaryFn = (x: Operand, out?: Operand) => Operand;
/** A binary ufunc over arrays or JS scalars: `(a, b, out?) => result`. */
export type BinaryFn = (a: Operand | Scalar, b: Operand | Scalar, out?: Operand) => Operand;

/** Declares a unary element-wise op and returns its function. */
export function defineUnary(name: string, kernel = name, dtype: DTypeRule = "firstLoop"): UnaryFn {
  const c = compile({ name, kind: "unary", kernel, dtype });
  return (x, out) => {
    const l = loopFor(c, x.storage.dtype);
    if (!out && l.loop === x.storage.dtype) {
      // fast path: a contiguous array of the loop's dtype into a new array (the front-ends' arrays answer storage
      // and layout through checked getters: each is read once)
      const sx = x.storage, lx = x.layout;
      const be = backendOf(sx);
      if (be.unaryFlat && lx.isFlat) {
        const o = empty(lx.shape, l.out, sx.device);
        be.unaryFlat(c.code, sx, lx.offset, o.storage, 0, lx.size);
        return o;
      }
    }
    const xs = castTo(x, l.loop);
    return finish(c, [xs], x.layout.shape as number[], l.out, out, ([a], o) => backendOf(a, o).unary(c.code, a, o));
  };
}

function resolveBinary(a: Operand | Scalar, b: Operand | Scalar): DType {
  const sa = isScalar(a), sb = isScalar(b);
  if (!sa && !sb) return promoteTypes(a.storage.dtype, b.storage.dtype);
  const arrays: DType[] = [], kinds: ScalarKind[] = [];
  if (sa) kinds.push(scalarKind(a));
  else arrays.push(a.storage.dtype);
  if (sb) kinds.push(scalarKind(b));
  else arrays.push(b.storage.dtype);
  return resultType(arrays, kinds);
}

const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  uint8: [0, 255],
  int32: [-2147483648, 2147483647],
  int64: [-9223372036854775808, 9223372036854775807],
};

/** Whether a JS integer scalar is representable in an integer dtype (floats always fit). */
function fits(v: Scalar, d: DType): boolean {
  const r = INT_RANGE[d];
  if (!r || typeof v === "boolean" || (typeof v === "number" && !Number.isInteger(v))) return true;
  if (typeof v === "bigint") return d === "int64" ? BigInt.asIntN(64, v) === v : v >= BigInt(r[0]) && v <= BigInt(r[1]);
  return v >= r[0] && v <= r[1];
}

/**
 * A one-element CPU storage of float `dtype` holding `v`, reused by every call (a kernel reads it and returns
 * before the next call can write it).
 */
function scalarScratch(dtype: DType, v: number): Storage {
  const s = SCRATCH[dtype as "float32" | "float64"];
  (s.data as Float32Array | Float64Array)[0] = v;
  return s;
}
// made at load (no op call counts them as its storages); each on its own buffer: small host storages share slabs,
// which a user's transfer() of a small array detaches
const SCRATCH = {
  float32: Storage.wrap("float32", 1, new ArrayBuffer(4)),
  float64: Storage.wrap("float64", 1, new ArrayBuffer(8)),
};

/** Declares a binary element-wise op and returns its function. */
export function defineBinary(name: string, kernel = name, dtype: DTypeRule = "firstLoop"): BinaryFn {
  const c = compile({ name, kind: "binary", kernel, dtype });
  return (a, b, out) => {
    // fast path: two contiguous arrays of one dtype and shape (most calls), into a new array or an `out` of
    // that dtype and shape which is either of them exactly or separate memory (in-place ops: x.add_(y))
    if (!isScalar(a) && !isScalar(b)) {
      // the front-ends' arrays answer storage and layout through checked getters: read each once and hand the
      // backend plain operands (about 80 ns of a 10-element add)
      const sa = a.storage, sb = b.storage, dt = sa.dtype;
      const la = a.layout, lb = b.layout;
      const l = c.loops[DTYPES[dt].code];
      if (
        dt === sb.dtype && l && l.loop === dt && la.isFlat && lb.isFlat && sameShape(la.shape, lb.shape)
      ) {
        if (!out) {
          const o = empty(la.shape, l.out, sa.device), be = backendOf(sa, sb);
          if (be.binaryFlat) be.binaryFlat(c.code, sa, la.offset, 1, sb, lb.offset, 1, o.storage, 0, la.size);
          else be.binary(c.code, { storage: sa, layout: la }, { storage: sb, layout: lb }, o);
          return o;
        }
        const A = { storage: sa, layout: la }, B = { storage: sb, layout: lb };
        const so = out.storage, lo = out.layout;
        if (
          so.dtype === l.out && lo.isContiguous && sameShape(lo.shape, la.shape) &&
          (so !== sa || lo.offset === la.offset) && (so !== sb || lo.offset === lb.offset)
        ) {
          const O = { storage: so, layout: lo }, be = backendOf(A, B, O);
          // (a read-only out takes the checked path, which names it)
          if (be.binaryFlat && lo.isFlat && lo.writeable) {
            be.binaryFlat(c.code, sa, la.offset, 1, sb, lb.offset, 1, so, lo.offset, la.size);
          } else be.binary(c.code, A, B, O);
          return out;
        }
      }
    } else if (typeof a === "number" ? !isScalar(b) : typeof b === "number" && !isScalar(a)) {
      // fast path: a contiguous float array with a JS number (x * 2, 1 - x), whose weak dtype is the array's, into
      // a new array or an `out` of the result's dtype and shape that is the array exactly or separate memory
      const x = (typeof a === "number" ? b : a) as Operand, v = (typeof a === "number" ? a : b) as number;
      const sx = x.storage, lx = x.layout, dt = sx.dtype;
      const l = c.loops[DTYPES[dt].code];
      // (the scalar goes in a reused host element: CPU arrays only)
      if (isFloat(dt) && l && l.loop === dt && sx.device === "cpu" && lx.isFlat) {
        const be = backendOf(sx);
        const so = out?.storage, lo = out?.layout;
        const into = !out || (
          so!.dtype === l.out && so!.device === "cpu" && lo!.isFlat && lo!.writeable &&
          sameShape(lo!.shape, lx.shape) &&
          (so !== sx || lo!.offset === lx.offset)
        );
        if (be.binaryFlat && into) {
          const o = out ?? empty(lx.shape, l.out, sx.device), k = scalarScratch(dt, v);
          const os = o.storage, oo = o.layout.offset;
          if (x === a) be.binaryFlat(c.code, sx, lx.offset, 1, k, 0, 0, os, oo, lx.size);
          else be.binaryFlat(c.code, k, 0, 0, sx, lx.offset, 1, os, oo, lx.size);
          return o;
        }
      }
    }
    let l = loopFor(c, resolveBinary(a, b));
    if ((isScalar(a) && !fits(a, l.loop)) || (isScalar(b) && !fits(b, l.loop))) {
      const bad = isScalar(a) && !fits(a, l.loop) ? a : b;
      // NumPy 2 compares out-of-range integers exactly; arithmetic with them is an overflow
      if (l.out !== "bool" || l.loop === "bool") {
        throw new RangeError(`Python integer ${bad} out of bounds for ${l.loop}`);
      }
      l = loopFor(c, fits(bad as Scalar, "int64") ? "int64" : "float64");
    }
    const A = isScalar(a) ? scalarOperand(a, l.loop) : castTo(a, l.loop);
    const B = isScalar(b) ? scalarOperand(b, l.loop) : castTo(b, l.loop);
    const shape = broadcastShapes(name, A.layout.shape, B.layout.shape);
    return finish(c, [A, B], shape, l.out, out, ([x, y], o) => backendOf(x, y, o).binary(c.code, x, y, o));
  };
}

/**
 * `where(cond, x, y)`: x where cond is true, else y, broadcasting all three;
 * the result dtype promotes x and y (NEP 50 for scalars).
 */
export function where(cond: Operand | Scalar, x: Operand | Scalar, y: Operand | Scalar): Operand {
  const dt = resolveBinary(x, y);
  const C = isScalar(cond) ? scalarOperand(cond, "bool") : castTo(cond, "bool");
  const X = isScalar(x) ? scalarOperand(x, dt) : castTo(x, dt);
  const Y = isScalar(y) ? scalarOperand(y, dt) : castTo(y, dt);
  const shape = broadcastShapes("where", C.layout.shape, X.layout.shape, Y.layout.shape);
  const ex = (o: Operand) =>
    sameShape(o.layout.shape, shape) ? o : { storage: o.storage, layout: o.layout.expand("where", shape) };
  const [c2, x2, y2] = colocate([C, X, Y]).map(ex);
  const out = emptyLike(shape, dt, [x2.layout, y2.layout], x2.storage.device);
  backendOf(c2, x2, y2).where(c2, x2, y2, out);
  return out;
}
