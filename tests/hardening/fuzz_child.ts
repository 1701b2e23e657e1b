/**
 * The hostile-argument fuzz itself, run in a child Deno process by
 * fuzz_test.ts (a segfault or an abort then fails the test instead of
 * killing the runner). It calls every public function and method of np
 * and torch: the generated ones (every overload of every declaration in
 * NP_OPS / TORCH_OPS / np.linalg / torch.linalg, as a function, a method
 * and an in-place twin) with valid sample arguments of which one or more
 * are replaced by junk, and every other function, class, method, getter
 * and setter reachable from the np and torch namespaces and the array
 * classes with junk arguments. Each call must return or throw an Error
 * subclass; a thrown non-Error, a hang (the parent's timeout), a crash, a
 * change to arrays the calls never received (sentinels, checked as the run
 * goes), or a call failing with one of V8's own errors (a property read
 * off undefined: a bug that junk met, not a named check) fails the test;
 * only error class constructors, getters and setters, methods called on a
 * junk receiver and the arrays' protected itemAt may throw those.
 *
 * Environment: FUZZ_SEED (default 1), FUZZ_CALLS (default 4000),
 * FUZZ_EXHAUSTIVE=1 (every junk value in every parameter of every
 * generated overload, plus the free-form targets: a long run),
 * FUZZ_OUT (the summary file, default summary.json in the working folder).
 */
import { np, torch } from "../../mod.ts";
import type { OpDecl } from "../../src/api/define.ts";
import type { Param } from "../../src/api/signature.ts";
import { NP_LINALG, TORCH_LINALG } from "../../src/api/ops/linalg.ts";
import { LINALG_COMPOSITES } from "../../src/torch/ops/linalg.ts";
import { NP_OPS } from "../../src/numpy/ndarray.ts";
import { TORCH_OPS } from "../../src/torch/tensor.ts";

type Fe = "np" | "torch";

/**
 * V8's own messages: a library bug met by junk (a property read off undefined, a call of a non-function), never a
 * check that names the op and the argument. No call may throw them but those heldToNamedErrors exempts.
 */
const INTERNAL =
  /Cannot read properties of|Cannot set properties of|is not a function|is not iterable|Cannot convert (undefined|null|a Symbol)|of undefined|of null/;
/**
 * Whether a call must not fail with one of V8's own errors: every call but an error class's constructor (JS's own
 * Error converts its message the same way), a getter or a setter, a method called on a junk receiver (a foreign
 * `this` is not an argument the library checks) and the arrays' protected `itemAt` (its callers pass it checked
 * indices).
 */
function heldToNamedErrors(t: Target, labels: string): boolean {
  if (t.params) return true;
  if (t.how === "new" && t.fn.prototype instanceof Error) return false;
  if (t.how === "getter" || t.how === "setter") return false;
  if (t.label.endsWith(".itemAt")) return false;
  return !labels.startsWith("this=");
}

// deno-lint-ignore no-explicit-any
type AnyFn = (this: any, ...args: any[]) => any;
type Arr = np.NDArray | torch.Tensor;

const SEED = Number(Deno.env.get("FUZZ_SEED") ?? 1) >>> 0;
const CALLS = Number(Deno.env.get("FUZZ_CALLS") ?? 4000);
const EXHAUSTIVE = Deno.env.get("FUZZ_EXHAUSTIVE") === "1";
const OUT = Deno.env.get("FUZZ_OUT") ?? "summary.json";

/** mulberry32: a small seeded generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const R = rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(R() * xs.length)];

// ---------- valid samples ----------

function validArray(fe: Fe, dtype = "float64"): Arr {
  const data = [[1.5, -2, 3], [0.25, 5, -6]];
  if (fe === "np") return np.array(data, { dtype });
  return torch.tensor(data, { dtype: dtype === "float64" ? "float32" : dtype });
}

const INT_NAMES: Record<string, number> = { dim: 0, axis: 0, n: 2, k: 1, num: 3, steps: 3, N: 2, M: 2, m: 2 };
const INTS_NAMES: Record<string, number | number[]> = {
  shape: [2, 3],
  size: [2, 3],
  newShape: [3, 2],
  sizes: [2, 3],
  dims: [0],
  axes: [1, 0],
  reps: [1, 2],
  repeats: 2,
  dim: 0,
  axis: 0,
};

/** A valid value of a parameter (undefined: leave it out). */
function sample(p: Param, fe: Fe): unknown {
  switch (p.kind) {
    case "array":
      if (p.name === "where" || p.name === "mask" || p.name === "condition") {
        return fe === "np" ? np.array([[true, false, true], [false, true, true]]) : torch.tensor([[true, false, true], [
          false,
          true,
          true,
        ]]);
      }
      return validArray(fe);
    case "arrayOrScalar":
      return R() < 0.7 ? validArray(fe) : 2;
    case "arrays":
      return [validArray(fe), validArray(fe)];
    case "out":
      return validArray(fe);
    case "scalar":
      return 2;
    case "number":
      return p.name === "p" ? 0.5 : 1;
    case "int":
      return INT_NAMES[p.name] ?? 1;
    case "ints":
      return INTS_NAMES[p.name] ?? [1];
    case "bool":
      return R() < 0.5;
    case "dtype":
      return fe === "np" ? "float64" : "float32";
    case "string":
      return p.choices ? pick(p.choices) : typeof p.default === "string" ? p.default : undefined;
    case "fn":
      return (x: unknown) => x;
    case "device":
      return "cpu";
    case "index":
      return pick([0, "0", [0, np.slice(null, null, -1)]]);
    case "any":
      if (p.name === "data" || p.name === "object" || p.name === "a") return [[1, 2], [3, 4]];
      return undefined;
  }
}

// ---------- junk ----------

const nest = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};
const detachedBuffer = () => {
  const b = new ArrayBuffer(16);
  b.transfer();
  return b;
};
const released = (fe: Fe) => {
  const a = fe === "np" ? np.ones([2, 3]) : torch.ones([2, 3]);
  a.dispose();
  return a;
};
/** An array whose memory was taken away by transferring its ArrayBuffer (a large one: its own buffer). */
const detachedStorage = (fe: Fe) => {
  const a = fe === "np" ? np.ones([1000]) : torch.ones([1000]);
  (a.storage.bytes.buffer as ArrayBuffer).transfer();
  return a;
};
/** An array on a resizable ArrayBuffer that shrank under it (np.frombuffer shares the buffer). */
const shrunk = (fe: Fe) => {
  const buf = new ArrayBuffer(8000, { maxByteLength: 8000 });
  const a = np.frombuffer(buf), t = torch.fromNumpy(a);
  buf.resize(8);
  return fe === "np" ? a : t;
};
/** A real storage with a view of it far larger than it (the look-alike operand of issue 13). */
const bigLookAlike = () => {
  const a = np.zeros([10]);
  const V = a.layout.constructor as new (s: number[], st?: number[], o?: number) => unknown;
  return { storage: a.storage, layout: new V([1e7], [1], 0) };
};
/** A Proxy whose view alternates between a small and a huge shape (time-of-check/time-of-use). */
const flipping = (fe: Fe) => {
  const a = fe === "np" ? np.zeros([10]) : torch.zeros([10]);
  const V = a.layout.constructor as new (s: number[]) => unknown;
  const small = a.layout, big = new V([1e8]);
  let n = 0;
  return new Proxy(a, {
    get: (t, k) => (k === "layout" ? (n++ % 2 ? big : small) : Reflect.get(t, k, t)),
  });
};
const throwingProxy = () =>
  new Proxy({}, {
    get() {
      throw new Error("trap");
    },
    has() {
      throw new Error("trap");
    },
    ownKeys() {
      throw new Error("trap");
    },
    getPrototypeOf() {
      throw new Error("trap");
    },
  });
const revoked = () => {
  const r = Proxy.revocable([1, 2], {});
  r.revoke();
  return r.proxy;
};
/**
 * A list whose length changes on every read (3, then 10000: a bigger lie
 * only measures how long `String(list)` takes to walk a Proxy, which any
 * message naming the value does).
 */
const lyingArray = () => {
  let n = 0;
  return new Proxy([1, 2, 3], { get: (t, k) => (k === "length" ? (n++ % 2 ? 3 : 10000) : Reflect.get(t, k)) });
};

/** Junk values by name: a factory each (fresh for stateful ones). */
const JUNK: readonly [string, (fe: Fe) => unknown][] = [
  ["undefined", () => undefined],
  ["null", () => null],
  ["NaN", () => NaN],
  ["Infinity", () => Infinity],
  ["-Infinity", () => -Infinity],
  ["-0", () => -0],
  ["-1", () => -1],
  ["0.5", () => 0.5],
  ["-2.5", () => -2.5],
  ["2**31+0.5", () => 2 ** 31 + 0.5],
  ["-(2**31)", () => -(2 ** 31)],
  ["2**53", () => 2 ** 53],
  ["2**53+2", () => 2 ** 53 + 2],
  ["2**63", () => 2 ** 63],
  ["-(2**63)", () => -(2 ** 63)],
  ["2**64", () => 2 ** 64],
  ["1e300", () => 1e300],
  ["MIN_VALUE", () => Number.MIN_VALUE],
  ["0n", () => 0n],
  ["-1n", () => -1n],
  ["2n**63n", () => 2n ** 63n],
  ["2n**70n", () => 2n ** 70n],
  ["-(2n**70n)", () => -(2n ** 70n)],
  ["true", () => true],
  ["false", () => false],
  ['""', () => ""],
  ['"x"', () => "x"],
  ['"float64"', () => "float64"],
  ['"int8"', () => "int8"],
  ['"cuda:99"', () => "cuda:99"],
  ['"..."', () => "..."],
  ['"::-1"', () => "::-1"],
  ['"1:2:0"', () => "1:2:0"],
  ['"0, 0, 0, 0, 0, 0"', () => "0, 0, 0, 0, 0, 0"],
  ['"__proto__"', () => "__proto__"],
  ['"../escape"', () => "../escape"],
  ["symbol", () => Symbol("junk")],
  ["Symbol.iterator", () => Symbol.iterator],
  ["function", () => () => {}],
  ["throwing function", () => () => {
    throw new Error("junk function");
  }],
  ["class", () => class Junk {}],
  ["async function", () => async () => {}],
  ["{}", () => ({})],
  ["Object.create(null)", () => Object.create(null)],
  ["{valueOf}", () => ({ valueOf: () => 2 })],
  ["{toPrimitive throws}", () => ({
    [Symbol.toPrimitive]() {
      throw new Error("no primitive");
    },
  })],
  ["{length: 2**32}", () => ({ length: 2 ** 32 })],
  ["Date", () => new Date(0)],
  ["Map", () => new Map([[1, 2]])],
  ["RegExp", () => /x/],
  ["Error", () => new Error("junk")],
  ["Promise", () => Promise.resolve(1)],
  ["{ storage, layout } 1e7 view", () => bigLookAlike()],
  ["{ storage: {}, layout: {} }", () => ({ storage: {}, layout: {} })],
  ["{ storage, layout: plain object }", () => ({
    storage: np.zeros([2]).storage,
    layout: { shape: [1e9], strides: [1], offset: 0, size: 1e9, ndim: 1 },
  })],
  ["Object.create(View.prototype)", () => Object.create(np.zeros([1]).layout.constructor.prototype)],
  ["Object.create(NDArray.prototype)", () => Object.create(np.NDArray.prototype)],
  ["Object.create(Tensor.prototype)", () => Object.create(torch.Tensor.prototype)],
  ["{ shape, dtype }", () => ({ shape: [2, 3], dtype: "float64" })],
  ["[NaN, 'x']", () => [NaN, "x"]],
  ["[null]", () => [null]],
  ["ragged", () => [[1, 2], [3]]],
  ["[1, [2]]", () => [1, [2]]],
  ["[[]]", () => [[]]],
  ["[]", () => []],
  ["[1n, 2.5]", () => [1n, 2.5]],
  ["[2n**70n]", () => [2n ** 70n]],
  ["[2**63, -1]", () => [2 ** 63, -1]],
  ["[symbol]", () => [Symbol("s")]],
  ["[{}]", () => [{}]],
  ["[-3, -4]", () => [-3, -4]],
  ["[2.5]", () => [2.5]],
  ["[2**53, 2**53]", () => [2 ** 53, 2 ** 53]],
  ["sparse Array(5)", () => new Array(5)],
  ["sparse Array(1e6)", () => new Array(1e6)],
  ["nested 70 deep", () => nest(70)],
  ["nested 5000 deep", () => nest(5000)],
  ["[np, torch]", () => [np.ones([2]), torch.ones([2])]],
  ["Float64Array", () => new Float64Array([1, NaN, -0])],
  ["Int8Array", () => new Int8Array(3)],
  ["BigInt64Array", () => new BigInt64Array([2n ** 63n - 1n, -(2n ** 63n)])],
  ["Uint16Array", () => new Uint16Array(2)],
  ["shared Float32Array", () => new Float32Array(new SharedArrayBuffer(8))],
  ["DataView", () => new DataView(new ArrayBuffer(8))],
  ["ArrayBuffer", () => new ArrayBuffer(8)],
  ["detached ArrayBuffer", () => detachedBuffer()],
  ["typed array on a detached buffer", () => {
    const t = new Float64Array(4);
    t.buffer.transfer();
    return t;
  }],
  ["released array", () => released("np")],
  ["released tensor", () => released("torch")],
  ["array with a detached buffer", () => detachedStorage("np")],
  ["tensor with a detached buffer", () => detachedStorage("torch")],
  ["array on a shrunk resizable buffer", (fe) => shrunk(fe)],
  ["shrunk resizable ArrayBuffer", () => {
    const b = new ArrayBuffer(64, { maxByteLength: 64 });
    b.resize(0);
    return b;
  }],
  ["0-d array", () => np.array(3.5)],
  ["empty array", () => np.zeros([0, 3])],
  ["int64 extremes", () => np.array([2n ** 63n - 1n, -(2n ** 63n)])],
  ["bool tensor", () => torch.tensor([true, false])],
  ["read-only broadcast", () => np.broadcastTo(np.ones([3]), [2, 3])],
  ["expanded tensor", () => torch.ones([3]).expand(2, 3)],
  ["transposed view", () => np.arange(6).reshape(2, 3).T],
  ["requires-grad tensor", () => torch.ones([2, 3], { requiresGrad: true })],
  ["Proxy of an array", (fe) => new Proxy(validArray(fe), {})],
  ["forwarding Proxy of an array", (fe) => {
    const a = validArray(fe);
    return new Proxy(a, { get: (t, k) => Reflect.get(t, k, t) });
  }],
  ["Proxy flipping its view", (fe) => flipping(fe)],
  ["Proxy with throwing traps", () => throwingProxy()],
  ["revoked Proxy", () => revoked()],
  ["Proxy of a list", () => new Proxy([1, 2, 3], {})],
  ["list with a lying length", () => lyingArray()],
  ["Proxy of a slice", () => new Proxy(np.slice(0, 2), { get: (t, k) => (k === "step" ? 0.5 : Reflect.get(t, k)) })],
  ["slice look-alike", () => Object.assign(Object.create(np.Slice.prototype), { start: 0, stop: 1e9, step: -0.5 })],
];

function junk(fe: Fe): [string, unknown] {
  const [name, make] = pick(JUNK);
  return [name, make(fe)];
}

// ---------- targets ----------

interface Target {
  readonly label: string;
  readonly fe: Fe;
  /** Params of the overload (the receiver first, for methods), when the target is generated. */
  readonly params?: readonly Param[];
  readonly npos?: number;
  /** "function": fn(...args); "method": fn.call(receiver, ...args); "new": new fn(...args); "setter" / "getter". */
  readonly how: "function" | "method" | "new" | "setter" | "getter";
  readonly fn: AnyFn;
  /** A valid receiver for methods, getters and setters. */
  readonly receiver?: () => unknown;
}

const targets: Target[] = [];
const generatedNames = { np: new Set<string>(), torch: new Set<string>() };

function addGenerated(ns: string, fe: Fe, decls: Iterable<OpDecl>, nsObj: Record<string, AnyFn>): void {
  const proto = (fe === "np" ? np.NDArray.prototype : torch.Tensor.prototype) as unknown as Record<string, AnyFn>;
  for (const decl of decls) {
    const s = decl[fe];
    if (!s) continue;
    s.overloads.forEach((o, i) => {
      const params = [...o.sig.pos, ...o.sig.kw], npos = o.sig.pos.length;
      for (const name of s.names) {
        const fn = nsObj[name];
        if (typeof fn !== "function") continue; // internal (torch._viewScatter): not in the namespace
        generatedNames[fe].add(`${ns}.${name}`);
        targets.push({ label: `${ns}.${name}#${i}`, fe, params, npos, how: "function", fn });
      }
      for (const name of [...(s.methods ?? []), ...(s.inplace ?? [])]) {
        generatedNames[fe].add(`${fe}.method.${name}`);
        targets.push({
          label: `${fe === "np" ? "ndarray" : "Tensor"}.${name}#${i}`,
          fe,
          params,
          npos,
          how: "method",
          fn: proto[name],
          receiver: () => validArray(fe),
        });
      }
    });
  }
}
addGenerated("np", "np", NP_OPS.values(), np as unknown as Record<string, AnyFn>);
addGenerated("np.linalg", "np", Object.values(NP_LINALG), np.linalg as unknown as Record<string, AnyFn>);
addGenerated("torch", "torch", TORCH_OPS.values(), torch as unknown as Record<string, AnyFn>);
addGenerated(
  "torch.linalg",
  "torch",
  Object.values({ ...TORCH_LINALG, ...LINALG_COMPOSITES }),
  torch.linalg as unknown as Record<string, AnyFn>,
);
const generatedCount = targets.length;

const isClass = (f: AnyFn) => /^class[\s{]/.test(Function.prototype.toString.call(f));

/** Every other function and class reachable from a namespace object (two levels of sub-namespaces). */
function addFree(ns: string, fe: Fe, obj: Record<string, unknown>, depth = 0): void {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const label = `${ns}.${k}`;
    if (typeof v === "function") {
      if (generatedNames[fe].has(label)) continue;
      const f = v as AnyFn;
      if (isClass(f) || k === "Tensor" || /Tensor$/.test(k)) {
        targets.push({ label: `new ${label}`, fe, how: "new", fn: f });
      }
      if (!isClass(f)) targets.push({ label, fe, how: "function", fn: f });
      if (isClass(f) && f.prototype && (f as unknown) !== np.NDArray && f.prototype !== torch.Tensor.prototype) {
        addProto(label, fe, f.prototype, instanceOf(label, f));
      }
    } else if (v && typeof v === "object" && !Array.isArray(v) && depth < 2) {
      addFree(label, fe, v as Record<string, unknown>, depth + 1);
    }
  }
}

/** A factory of valid instances for the classes whose methods are fuzzed. */
function instanceOf(label: string, C: AnyFn): (() => unknown) | undefined {
  const make: Record<string, () => unknown> = {
    "np.random.RandomState": () => new (C as unknown as new (s: number) => unknown)(1),
    "np.random.Generator": () => np.random.defaultRng(1),
    "torch.Generator": () => new (C as unknown as new () => unknown)(),
  };
  return make[label];
}

/** The methods, getters and setters of a prototype (own properties, string and symbol keys). */
function addProto(label: string, fe: Fe, proto: object, receiver: (() => unknown) | undefined): void {
  if (!receiver) return;
  for (const key of Reflect.ownKeys(proto)) {
    if (key === "constructor") continue;
    const d = Object.getOwnPropertyDescriptor(proto, key)!;
    const name = `${label}.${String(key)}`;
    if (typeof d.value === "function") {
      if (
        generatedNames[fe].has(`${fe}.method.${String(key)}`) &&
        (proto === np.NDArray.prototype || proto === torch.Tensor.prototype)
      ) continue;
      targets.push({ label: name, fe, how: "method", fn: d.value, receiver });
    }
    if (d.get) targets.push({ label: `get ${name}`, fe, how: "getter", fn: d.get, receiver });
    if (d.set) targets.push({ label: `set ${name}`, fe, how: "setter", fn: d.set, receiver });
  }
}

addFree("np", "np", np as unknown as Record<string, unknown>);
addFree("torch", "torch", torch as unknown as Record<string, unknown>);
addProto("ndarray", "np", np.NDArray.prototype, () => validArray("np"));
addProto("Tensor", "torch", torch.Tensor.prototype, () => validArray("torch"));
addProto("ArrayBase", "np", Object.getPrototypeOf(np.NDArray.prototype), () => validArray(pick(["np", "torch"])));

// ---------- the calls ----------

/** Arrays the calls never receive: their values must stay as they were. */
const sentinels = [
  { a: np.arange(300), sum: 44850 }, // 2400 bytes: its own buffer
  { a: np.full([64, 64], 3), sum: 3 * 4096 },
  { a: torch.arange(1000, { dtype: "float64" }), sum: 499500 },
];
function checkSentinels(where: string): string | null {
  for (const s of sentinels) {
    const got = Number(s.a.sum());
    if (got !== s.sum) return `sentinel ${s.a.shape} changed after ${where}: sum ${got}, expected ${s.sum}`;
  }
  const fresh = Number(np.arange(1000).sum());
  if (fresh !== 499500) return `np.arange(1000).sum() is ${fresh} after ${where}`;
  // process-wide state a junk call could have set: later ops read it
  const grad = torch.isGradEnabled(), dt = torch.getDefaultDtype();
  if (typeof grad !== "boolean") return `torch.isGradEnabled() is ${typeof grad} after ${where}`;
  if (dt !== "float32" && dt !== "float64") return `torch.getDefaultDtype() is ${String(dt)} after ${where}`;
  if (String(torch.arange(3)) !== "tensor([0, 1, 2])") {
    return `torch.arange(3) prints as ${torch.arange(3)} after ${where}`;
  }
  return null;
}

interface Failure {
  readonly label: string;
  readonly args: string;
  readonly problem: string;
}
const failures: Failure[] = [];
const errorNames: Record<string, number> = {};
/** A few messages per error class (for reading what the calls ran into). */
const examples: Record<string, string[]> = {};
const perTarget = new Map<string, { calls: number; ok: number }>();
let okCount = 0, callCount = 0;
/** The slowest calls (the run must stay well under a minute). */
const slowest: { label: string; args: string; ms: number }[] = [];

function show(v: unknown): string {
  try {
    if (typeof v === "symbol") return v.toString();
    if (typeof v === "bigint") return `${v}n`;
    if (typeof v === "function") return "function";
    if (Array.isArray(v)) return v.length > 8 ? `Array(${v.length})` : `[${v.map(show).join(", ")}]`;
    if (typeof v === "object" && v !== null) return Object.prototype.toString.call(v);
    return String(v);
  } catch {
    return "?";
  }
}

async function settle(r: unknown): Promise<unknown> {
  if (!(r instanceof Promise)) return r;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("promise timeout")), 5000)));
  try {
    return await Promise.race([r, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Exercises a successful result the way a user would: print it (small ones), read its shape. */
function touch(r: unknown): void {
  if (r instanceof np.NDArray || r instanceof torch.Tensor) {
    if (r.layout.size <= 10000) String(r);
    void r.shape;
  } else if (Array.isArray(r)) r.slice(0, 4).forEach(touch);
}

async function run(t: Target, args: unknown[], receiver: unknown, labels: string): Promise<void> {
  callCount++;
  const stat = perTarget.get(t.label) ?? { calls: 0, ok: 0 };
  perTarget.set(t.label, stat);
  stat.calls++;
  // the last line before a crash names the call
  await Deno.stderr.write(new TextEncoder().encode(`CALL ${callCount} ${t.label} ${labels}\n`));
  const start = performance.now();
  try {
    let r: unknown;
    if (t.how === "function") r = t.fn(...args);
    else if (t.how === "method") r = t.fn.call(receiver, ...args);
    else if (t.how === "new") r = new (t.fn as unknown as new (...a: unknown[]) => unknown)(...args);
    else if (t.how === "getter") r = t.fn.call(receiver);
    else r = t.fn.call(receiver, args[0]);
    r = await settle(r);
    touch(r);
    okCount++;
    stat.ok++;
  } catch (e) {
    if (e instanceof Error) {
      if (INTERNAL.test(e.message) && heldToNamedErrors(t, labels)) {
        failures.push({ label: t.label, args: labels, problem: `an engine error, not the library's: ${e.message}` });
      }
      errorNames[e.name] = (errorNames[e.name] ?? 0) + 1;
      const ex = (examples[e.name] ??= []);
      const msg = `${t.label}(${labels}): ${e.message.slice(0, 160)}`;
      if (ex.length < 12 && !ex.some((m) => m.startsWith(t.label))) ex.push(msg);
    } else failures.push({ label: t.label, args: labels, problem: `threw a non-Error: ${show(e)}` });
  }
  const ms = performance.now() - start;
  if (slowest.length < 10 || ms > slowest[slowest.length - 1].ms) {
    slowest.push({ label: t.label, args: labels, ms });
    slowest.sort((a, b) => b.ms - a.ms);
    slowest.length = Math.min(slowest.length, 10);
  }
}

/** One call of a generated target: valid samples with `bad` parameter indices replaced by junk. */
async function generatedCall(t: Target, bad: ReadonlySet<number>, junkAt?: (i: number) => [string, unknown]) {
  const params = t.params!, npos = t.npos!, fe = t.fe;
  const names: string[] = [];
  const values = params.map((p, i) => {
    if (bad.has(i)) {
      const [n, v] = junkAt ? junkAt(i) : junk(fe);
      names.push(`${p.name}=${n}`);
      return { v, given: true };
    }
    if (t.how === "method" && i === 0) return { v: undefined, given: false };
    const v = p.optional && R() < 0.6 ? undefined : sample(p, fe);
    return { v, given: v !== undefined };
  });
  const receiver = t.how === "method" ? (bad.has(0) ? values[0].v : t.receiver!()) : undefined;
  const first = t.how === "method" ? 1 : 0;
  const args: unknown[] = [];
  const useOptions = R() < 0.3;
  if (useOptions) {
    const opts: Record<string, unknown> = {};
    for (let i = first; i < params.length; i++) if (values[i].given) opts[params[i].name] = values[i].v;
    args.push(opts);
  } else {
    let last = first - 1;
    for (let i = first; i < npos; i++) if (values[i].given) last = i;
    for (let i = first; i <= last; i++) args.push(values[i].given ? values[i].v : params[i].default);
    const opts: Record<string, unknown> = {};
    let any = false;
    for (let i = npos; i < params.length; i++) {
      if (values[i].given) {
        opts[params[i].name] = values[i].v;
        any = true;
      }
    }
    if (any) args.push(opts);
  }
  await run(t, args, receiver, names.join(" ") + (useOptions ? " (options)" : ""));
}

/** One call of a free-form target: 0-3 arguments, each junk or a valid array. */
async function freeCall(t: Target, fixed?: [string, unknown]) {
  const n = fixed ? 1 + Math.floor(R() * 2) : Math.floor(R() * 4);
  const names: string[] = [], args: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const [name, v] = i === 0 && fixed
      ? fixed
      : R() < 0.3
      ? ["valid array", validArray(t.fe)] as [string, unknown]
      : junk(t.fe);
    names.push(name);
    args.push(v);
  }
  let receiver: unknown;
  if (t.receiver) {
    if (R() < 0.15) {
      const [name, v] = junk(t.fe);
      names.unshift(`this=${name}`);
      receiver = v;
    } else receiver = t.receiver();
  }
  await run(t, args, receiver, names.join(" "));
}

async function callTarget(t: Target): Promise<void> {
  if (!t.params) return await freeCall(t);
  const n = t.params.length;
  if (n === 0) return await run(t, [], t.receiver?.(), "");
  const bad = new Set<number>();
  const k = R() < 0.75 ? 1 : 2 + Math.floor(R() * 2);
  for (let j = 0; j < k; j++) bad.add(Math.floor(R() * n));
  await generatedCall(t, bad);
}

const t0 = performance.now();
let sentinelProblem: string | null = null;
if (EXHAUSTIVE) {
  for (const t of targets) {
    for (let j = 0; j < JUNK.length; j++) {
      const fixed = (fe: Fe): [string, unknown] => [JUNK[j][0], JUNK[j][1](fe)];
      if (t.params) {
        for (let i = 0; i < t.params.length; i++) await generatedCall(t, new Set([i]), () => fixed(t.fe));
      } else await freeCall(t, fixed(t.fe));
    }
    sentinelProblem ??= checkSentinels(t.label);
  }
} else {
  // every target at least once, in a seeded order, then random targets
  const order = [...targets].sort(() => R() - 0.5);
  for (let i = 0; i < CALLS; i++) {
    const t = i < order.length ? order[i] : pick(targets);
    await callTarget(t);
    if (i % 250 === 249) sentinelProblem ??= checkSentinels(`call ${callCount} (${t.label})`);
  }
}
sentinelProblem ??= checkSentinels("the last call");
if (sentinelProblem) failures.push({ label: "sentinels", args: "", problem: sentinelProblem });
const seconds = (performance.now() - t0) / 1000;

const summary = {
  seed: SEED,
  exhaustive: EXHAUSTIVE,
  targets: targets.length,
  generatedTargets: generatedCount,
  freeTargets: targets.length - generatedCount,
  junkValues: JUNK.length,
  calls: callCount,
  ok: okCount,
  errors: errorNames,
  seconds,
  targetsCalled: [...perTarget.keys()].length,
  slowest,
  examples,
  failures,
};
Deno.writeTextFileSync(OUT, JSON.stringify(summary, null, 1));
console.log(
  `fuzz: ${callCount} calls over ${targets.length} targets in ${seconds.toFixed(1)} s, ${failures.length} failures`,
);
