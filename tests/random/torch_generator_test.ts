/**
 * TorchGenerator against the real PyTorch (tests/random/torch_rng_oracle.py):
 * every stream must be byte-identical. Programs start from manual_seed and
 * run steps that continue one stream; the oracle returns each step's raw
 * bytes. The "default" kernel programs run PyTorch with
 * ATEN_CPU_CAPABILITY=default.
 */
import assert from "node:assert/strict";
import {
  type FloatArray,
  type FloatDtype,
  TorchGenerator,
  type TorchKernel,
} from "../../src/random/torch_generator.ts";
import { K } from "../../ffi/lib.ts";
import { RuntimeError } from "../../src/core/errors.ts";
import { pythonJson } from "../helpers/python.ts";

type Step = { op: string } & Record<string, unknown>;
interface Program {
  label: string;
  seed: bigint;
  steps: Step[];
}
interface OracleOut {
  capability: string;
  programs: { b64: string }[][];
  randperm_large: string[];
}

const SEEDS = [0n, 1n, 42n, 2n ** 40n + 7n, -1n, -12345n];
const SIZES = [1, 5, 15, 16, 17, 100, 1000, 10007];
const DTYPES: FloatDtype[] = ["float32", "float64"];

function toB64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromB64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const make = (dtype: FloatDtype, n: number): FloatArray =>
  dtype === "float32" ? new Float32Array(n) : new Float64Array(n);

/** Test data from a fixed LCG in (0, 1); `edges` puts exact 0s and 1s at fixed places (none in a 1-element array). */
function data(dtype: FloatDtype, n: number, seed: number, edges = false): string {
  const a = make(dtype, n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = edges && i % 5 === 4 ? 0 : edges && i % 7 === 6 ? 1 : (1 + (s >>> 20)) / 4097;
  }
  return toB64(bytesOf(a));
}

/** Mostly zeros (every `every`-th entry positive): topk then orders many equal s = 0 / q values. */
function sparse(dtype: FloatDtype, n: number, every: number): string {
  const a = make(dtype, n);
  for (let i = 0; i < n; i += every) a[i] = 1 + (i % 3);
  return toB64(bytesOf(a));
}

function decode(dtype: string, b64: string): FloatArray {
  const b = fromB64(b64);
  return dtype === "float32" ? new Float32Array(b.buffer) : new Float64Array(b.buffer);
}

/** Runs one step on our generator; returns the raw bytes PyTorch's tensor would hold. */
function ours(g: TorchGenerator, s: Step): Uint8Array {
  const dt = s.dtype as FloatDtype, n = s.n as number;
  switch (s.op) {
    case "rand":
      return bytesOf(g.rand(n, dt));
    case "randn":
      return bytesOf(g.randn(n, dt));
    case "uniform":
      return bytesOf(g.uniform(make(dt, n), s.a as number, s.b as number));
    case "normal":
      return bytesOf(g.normal(make(dt, n), s.mean as number, s.std as number));
    case "normal_t":
      return bytesOf(
        g.normal(make(dt, (s.rows as number) * (s.cols as number)), s.mean as number, s.std as number, false),
      );
    case "randint":
      return bytesOf(g.randint(new BigInt64Array(n), BigInt(s.low as string), BigInt(s.high as string)));
    case "randperm":
      return bytesOf(g.randperm(n));
    case "bernoulli_t":
      return bytesOf(g.bernoulliTensor(decode(dt, s.p as string)));
    case "bernoulli_s":
      return bytesOf(g.bernoulliScalar(make(dt, n), s.p as number));
    case "dropout":
      return bytesOf(g.dropout(decode(dt, s.x as string), s.p as number).output);
    case "dropout_noise":
      return bytesOf(g.dropout(make(dt, n).fill(1), s.p as number).noise);
    case "exponential":
      return bytesOf(g.exponential(make(dt, n), s.lam as number));
    case "multinomial": {
      const p = decode(dt, s.p as string), rows = (s.rows as number) || 1;
      return bytesOf(g.multinomial(p, rows, p.length / rows, s.k as number, s.replacement as boolean));
    }
    case "get_state":
      return g.getState();
    case "set_state":
      return g.setState(fromB64(s.state as string)).getState();
    case "seed":
      return g.manualSeed(BigInt(s.seed as string)).getState();
    case "linear": {
      const { weight, bias } = g.linearInit(s.in as number, s.out as number);
      const out = new Float32Array(weight.length + bias!.length);
      out.set(weight);
      out.set(bias!, weight.length);
      return bytesOf(out);
    }
  }
  throw new Error(`unknown op ${s.op}`);
}

async function oracle(programs: Program[], large: [number, number][], env: Record<string, string>): Promise<OracleOut> {
  const script = new URL("./torch_rng_oracle.py", import.meta.url).pathname;
  const body = { programs: programs.map((x) => ({ seed: String(x.seed), steps: x.steps })), randperm_large: large };
  return await pythonJson([script], { stdin: JSON.stringify(body), env });
}

/** Where two results first differ, in elements of the step's dtype. */
function describe(s: Step, got: Uint8Array, want: Uint8Array): string {
  if (got.length !== want.length) return `${got.length} bytes, PyTorch ${want.length}`;
  const size = s.op === "get_state" || s.op === "set_state" || s.op === "seed"
    ? 1
    : ["randint", "randperm", "multinomial"].includes(s.op) || s.dtype === "float64"
    ? 8
    : 4;
  let i = 0;
  while (got[i] === want[i]) i++;
  const e = Math.floor(i / size);
  const view = (b: Uint8Array) =>
    size === 1
      ? b[i]
      : size === 4
      ? new Float32Array(b.buffer, b.byteOffset, b.length / 4)[e]
      : s.dtype && s.op !== "multinomial"
      ? new Float64Array(b.buffer, b.byteOffset, b.length / 8)[e]
      : new BigInt64Array(b.buffer, b.byteOffset, b.length / 8)[e];
  return `element ${e} (byte ${i}): got ${view(got)}, PyTorch ${view(want)}`;
}

/** Checks our streams against the oracle's results for the same programs; returns every mismatch. */
function check(programs: Program[], results: { b64: string }[][], kernel: TorchKernel): string[] {
  const failures: string[] = [];
  programs.forEach((prog, pi) => {
    const g = new TorchGenerator({ kernel }).manualSeed(prog.seed);
    for (const [si, s] of prog.steps.entries()) {
      const want = fromB64(results[pi][si].b64);
      let got: Uint8Array;
      try {
        got = ours(g, s);
      } catch (e) {
        failures.push(`${prog.label} step ${si} ${JSON.stringify(s).slice(0, 80)}: threw ${(e as Error).message}`);
        break;
      }
      if (got.length !== want.length || got.some((v, i) => v !== want[i])) {
        const args = JSON.stringify({ ...s, p: undefined, x: undefined, state: undefined });
        failures.push(`${prog.label} step ${si} ${args} (${kernel}): ${describe(s, got, want)}`);
        break; // later steps of a diverged stream say nothing new
      }
    }
  });
  return failures;
}

const sizesOf = (op: string, extra: Record<string, unknown>, sizes = SIZES): Step[] =>
  sizes.map((n) => ({ op, n, ...extra }));

function forSeeds(label: string, steps: (seed: bigint) => Step[]): Program[] {
  return SEEDS.map((seed) => ({ label: `${label} seed=${seed}`, seed, steps: steps(seed) }));
}

function perDtype(label: string, steps: (dtype: FloatDtype) => Step[]): Program[] {
  return DTYPES.flatMap((dtype) => forSeeds(`${label} ${dtype}`, () => steps(dtype)));
}

/** The float just above 1 in a dtype: uniform_(1, that) exercises the v == to -> from clamp. */
const nextUp1 = (dtype: FloatDtype) => dtype === "float32" ? 1 + 2 ** -23 : 1 + 2 ** -52;

const statePrograms = (): Program[] => [
  ...forSeeds("state", () => [
    { op: "get_state" },
    { op: "randn", n: 1, dtype: "float32" }, // leaves a cached normal
    { op: "get_state" },
    { op: "rand", n: 700, dtype: "float32" }, // crosses a twist
    { op: "get_state" },
    { op: "randn", n: 100, dtype: "float64" },
    { op: "get_state" },
    { op: "randn", n: 1, dtype: "float64" }, // takes the cached normal
    { op: "get_state" },
  ]),
  ...[5489n, 2n ** 32n - 1n, 2n ** 63n - 1n, 2n ** 32n, 2n ** 64n - 1n, -(2n ** 63n)].map((seed) => ({
    label: `state seed=${seed}`,
    seed,
    steps: [{ op: "get_state" }, { op: "rand", n: 2000, dtype: "float32" }, { op: "get_state" }] as Step[],
  })),
];

/** A state of ours with a cached normal (1.5) and a float cache (kept, unused by CPU kernels). */
function craftedState(): Uint8Array {
  const g = new TorchGenerator().manualSeed(9);
  g.rand(10);
  const state = g.getState(), dv = new DataView(state.buffer);
  dv.setFloat64(5024, 1.5, true); // normal_y
  dv.setInt32(5040, 1, true); // normal_is_valid
  dv.setFloat32(5048, -0.25, true);
  state[5052] = 1;
  return state;
}

const setStatePrograms = (): Program[] => [
  {
    label: "crafted state",
    seed: 0n,
    steps: [
      { op: "set_state", state: toB64(craftedState()) },
      { op: "randn", n: 2, dtype: "float64" },
      { op: "get_state" },
      { op: "randn", n: 5, dtype: "float32" },
    ],
  },
  // states PyTorch produced mid-stream, set into fresh generators by the test
  ...forSeeds("torch states", () => [
    { op: "randn", n: 3, dtype: "float32" },
    { op: "get_state" },
    { op: "randn", n: 5, dtype: "float64" },
    { op: "rand", n: 17, dtype: "float64" },
  ]),
];

const uniformPrograms = (): Program[] => [
  ...perDtype("rand", (dtype) => sizesOf("rand", { dtype })),
  ...[[-2, 3], [0.5, 0.75], [-1e-3, 1e6], [1, 0]].flatMap(([a, b]) =>
    perDtype(
      `uniform(${a},${b || "nextafter(1)"})`,
      (dtype) => sizesOf("uniform", { dtype, a, b: b || nextUp1(dtype) }),
    )
  ),
];

const normalPrograms = (): Program[] => [
  ...perDtype("randn", (dtype) => sizesOf("randn", { dtype })),
  ...[[0.5, 2], [-3.25, 0.1]].flatMap(([mean, std]) =>
    perDtype(`normal(${mean},${std})`, (dtype) => sizesOf("normal", { dtype, mean, std }))
  ),
  ...perDtype("normal on transposed views", (dtype) => [
    { op: "normal_t", dtype, rows: 4, cols: 8, mean: 0, std: 1 },
    { op: "normal_t", dtype, rows: 16, cols: 3, mean: 0.5, std: 2 },
    { op: "normal_t", dtype, rows: 1, cols: 5, mean: -1, std: 3 },
  ]),
];

const mixedPrograms = (): Program[] =>
  forSeeds("mixed stream", () => [
    { op: "randn", n: 3, dtype: "float32" },
    { op: "randn", n: 20, dtype: "float32" },
    { op: "randn", n: 1, dtype: "float64" }, // the cached normal from the float32 call
    { op: "rand", n: 2, dtype: "float32" },
    { op: "randn", n: 1, dtype: "float32" },
    { op: "normal_t", dtype: "float32", rows: 4, cols: 8, mean: 0, std: 1 },
    { op: "randint", n: 5, low: "0", high: "10" },
    { op: "normal", n: 5, dtype: "float64", mean: 1, std: 2 },
    { op: "randperm", n: 10 },
    { op: "randn", n: 17, dtype: "float64" },
    { op: "bernoulli_s", n: 7, dtype: "float32", p: 0.5 },
    { op: "randn", n: 3, dtype: "float64" },
    { op: "exponential", n: 3, dtype: "float32", lam: 1 },
    { op: "uniform", n: 4, dtype: "float64", a: -1, b: 1 },
    { op: "get_state" },
    { op: "seed", seed: "5" },
    { op: "randn", n: 1, dtype: "float32" },
    { op: "get_state" },
  ]);

const RANDINT_RANGES = [[0n, 10n], [0n, 2n ** 28n - 1n], [0n, 2n ** 28n], [0n, 2n ** 41n], [-5n, 3n], [
  -(2n ** 62n),
  2n ** 62n,
], [-(2n ** 63n), 2n ** 63n - 1n]];

const randintPrograms = (): Program[] =>
  RANDINT_RANGES.flatMap(([low, high]) =>
    forSeeds(`randint(${low},${high})`, () => sizesOf("randint", { low: String(low), high: String(high) }))
  );

const randpermPrograms = (): Program[] => forSeeds("randperm", () => sizesOf("randperm", {}, [0, 1, 2, ...SIZES]));
/** [seed, n] for the inside-out path, which PyTorch takes from n = 214748364 on */
const RANDPERM_LARGE: [number, number][] = [0, 42].flatMap((s) =>
  [1, 2, 17, 1000, 100003].map((n) => [s, n] as [number, number])
);

const bernoulliPrograms = (): Program[] => [
  ...perDtype(
    "bernoulli(p)",
    (dtype) => SIZES.map((n, i) => ({ op: "bernoulli_t", dtype, p: data(dtype, n, 7 + i, true) })),
  ),
  ...[0.3, 0.5, 0.9].flatMap((p) => perDtype(`bernoulli_(${p})`, (dtype) => sizesOf("bernoulli_s", { dtype, p }))),
  ...[0.1, 0.5, 0.37].flatMap((p) =>
    perDtype(`dropout(${p})`, (dtype) =>
      SIZES.flatMap((n, i) => [
        { op: "dropout", dtype, p, x: data(dtype, n, 100 + i) },
        { op: "dropout_noise", dtype, p, n },
      ]))
  ),
  ...perDtype("dropout p=0 and p=1 draw nothing", (dtype) => [
    { op: "dropout", dtype, p: 0, x: data(dtype, 5, 1) },
    { op: "dropout", dtype, p: 1, x: data(dtype, 5, 2) },
    { op: "rand", n: 5, dtype },
  ]),
];

const mult = (dtype: FloatDtype, n: number, rows: number, k: number, replacement: boolean, seed: number): Step => ({
  op: "multinomial",
  dtype,
  rows,
  k,
  replacement,
  p: data(dtype, n * Math.max(rows, 1), seed, replacement),
});

const multinomialPrograms = (): Program[] => [
  ...[1, 2.5].flatMap((lam) => perDtype(`exponential_(${lam})`, (dtype) => sizesOf("exponential", { dtype, lam }))),
  ...perDtype("multinomial 1-D", (dtype) =>
    SIZES.flatMap((n, i) => [
      ...[1, 3, n].filter((k) => k <= n).map((k) => mult(dtype, n, 0, k, false, i)),
      ...[2, 7, 50].map((k) => mult(dtype, n, 0, k, true, 50 + i)),
      mult(dtype, n, 0, 1, true, 90 + i),
    ])),
  // [n, every, k, rows]: both topk paths (nth_element + sort, and partial_sort when 64k <= n) through many ties
  ...perDtype(
    "multinomial ties",
    (dtype) =>
      [[100, 13, 50, 0], [1000, 200, 10, 0], [10007, 200, 100, 0], [9, 4, 9, 4], [1000, 7, 999, 0]].map((
        [n, every, k, rows],
      ) => ({ op: "multinomial", dtype, rows, k, replacement: false, p: sparse(dtype, n * Math.max(rows, 1), every) })),
  ),
  ...perDtype("multinomial 4x9", (dtype) => [
    ...[1, 3, 9].map((k) => mult(dtype, 9, 4, k, false, k)),
    ...[2, 7, 50].map((k) => mult(dtype, 9, 4, k, true, 10 + k)),
  ]),
];

const linearPrograms = (): Program[] =>
  forSeeds(
    "nn.Linear",
    () => [[784, 128], [3, 5], [1, 1], [16, 16], [17, 4], [100, 10]].map(([i, o]) => ({ op: "linear", in: i, out: o })),
  );

const GROUPS = {
  state: statePrograms(),
  setState: setStatePrograms(),
  uniform: uniformPrograms(),
  normal: normalPrograms(),
  mixed: mixedPrograms(),
  randint: randintPrograms(),
  randperm: randpermPrograms(),
  bernoulli: bernoulliPrograms(),
  multinomial: multinomialPrograms(),
  linear: linearPrograms(),
};
type Group = keyof typeof GROUPS;
/** What the DEFAULT-kernel run covers: everything whose arithmetic differs between PyTorch's CPU builds. */
const DEFAULT_GROUPS: Group[] = ["uniform", "normal", "mixed", "linear"];

interface GroupResults {
  kernel: TorchKernel;
  results: Record<string, { b64: string }[][]>;
  randpermLarge: string[];
}

/** One oracle process per PyTorch build for all groups (importing torch dominates the time). */
async function runGroups(groups: Group[], env: Record<string, string>, large: [number, number][]) {
  const res = await oracle(groups.flatMap((g) => GROUPS[g]), large, env);
  const results: Record<string, { b64: string }[][]> = {};
  let at = 0;
  for (const g of groups) results[g] = res.programs.slice(at, at += GROUPS[g].length);
  // a PyTorch without AVX2 runs its DEFAULT kernels
  const kernel: TorchKernel = res.capability === "DEFAULT" ? "default" : "avx2";
  return { kernel, results, randpermLarge: res.randperm_large };
}

let native: Promise<GroupResults> | undefined;
let defaultBuild: Promise<GroupResults> | undefined;
const nativeRun = () => native ??= runGroups(Object.keys(GROUPS) as Group[], {}, RANDPERM_LARGE);
const defaultRun = () => defaultBuild ??= runGroups(DEFAULT_GROUPS, { ATEN_CPU_CAPABILITY: "default" }, []);

async function compare(group: Group): Promise<{ b64: string }[][]> {
  const run = await nativeRun();
  assert.deepEqual(check(GROUPS[group], run.results[group], run.kernel), []);
  return run.results[group];
}

Deno.test("engine, seeding and state layout: byte-identical get_rng_state after every kind of call", async () => {
  await compare("state");
});

Deno.test("setState takes PyTorch's states and PyTorch takes ours", async () => {
  const results = await compare("setState");
  assert.equal(new Float64Array(fromB64(results[0][1].b64).buffer)[0], 1.5); // our crafted cache, drawn by PyTorch
  results.slice(1).forEach((out, i) => {
    const h = new TorchGenerator().setState(fromB64(out[1].b64));
    assert.deepEqual(bytesOf(h.randn(5, "float64")), fromB64(out[2].b64), `seed ${SEEDS[i]}`);
    assert.deepEqual(bytesOf(h.rand(17, "float64")), fromB64(out[3].b64), `seed ${SEEDS[i]}`);
  });
});

Deno.test("rand and uniform_ (fused u*d+lo, the to -> from clamp)", async () => {
  await compare("uniform");
});

Deno.test("randn and normal_: scalar path below 16, vector paths from 16, transposed views", async () => {
  await compare("normal");
});

Deno.test("a mixed stream: the cached normal shared across dtypes, reseeding mid-stream", async () => {
  await compare("mixed");
});

Deno.test("randint: 32-bit draws below a range of 2^28, 64-bit from there", async () => {
  await compare("randint");
});

Deno.test("randperm: small sizes against PyTorch, the large path against its reimplementation", async () => {
  await compare("randperm");
  // the kernel's threshold argument moves the large path down to n = 0 here
  const { randpermLarge } = await nativeRun();
  RANDPERM_LARGE.forEach(([seed, n], i) => {
    const state = new Uint8Array(K.dk_tg_state_size());
    K.dk_tg_seed(state, BigInt(seed));
    const out = new BigInt64Array(n);
    assert.equal(K.dk_tg_randperm(state, out, BigInt(n), 0n), 0);
    assert.deepEqual(bytesOf(out), fromB64(randpermLarge[i]), `large path seed=${seed} n=${n}`);
  });
});

Deno.test("bernoulli (tensor p, scalar p) and dropout (output and noise)", async () => {
  await compare("bernoulli");
});

Deno.test("exponential_ and multinomial (with and without replacement, 1-D and 2-D, topk ties)", async () => {
  await compare("multinomial");
});

Deno.test("nn.Linear's default init equals PyTorch's weights and bias, continuing the stream", async () => {
  await compare("linear");
});

Deno.test("the DEFAULT-kernel variant matches ATEN_CPU_CAPABILITY=default", async () => {
  const { results } = await defaultRun();
  const failures = DEFAULT_GROUPS.flatMap((g) => check(GROUPS[g], results[g], "default"));
  assert.deepEqual(failures, []);
});

Deno.test("seeding: uint64 semantics, only the low 32 bits reach the engine", () => {
  const draw = (seed: number | bigint) => new TorchGenerator().manualSeed(seed).rand(8).join();
  assert.equal(draw(7), draw(2n ** 40n + 7n));
  assert.equal(draw(0), draw(2 ** 32));
  assert.notEqual(draw(0), draw(1));
  assert.equal(new TorchGenerator().manualSeed(-1).initialSeed(), 2n ** 64n - 1n);
  assert.equal(new TorchGenerator().manualSeed(2 ** 40 + 7).initialSeed(), 2n ** 40n + 7n);
  assert.equal(new TorchGenerator().initialSeed(), 67280421310721n); // torch.Generator()'s seed
  assert.equal(new TorchGenerator({ seed: 3 }).initialSeed(), 3n);
  const g = new TorchGenerator();
  const s = g.seed();
  assert.ok(s >= 0n && s < 2n ** 53n && g.initialSeed() === s);
  assert.throws(() => g.manualSeed(2n ** 64n), RangeError);
  assert.throws(() => g.manualSeed(-(2n ** 63n) - 1n), RangeError);
  assert.throws(() => g.manualSeed(1.5), TypeError);
  assert.throws(() => new TorchGenerator({ kernel: "avx512" as TorchKernel }), TypeError);
});

Deno.test("bad arguments throw typed errors with PyTorch's messages", () => {
  const g = new TorchGenerator().manualSeed(0);
  const before = g.getState();
  assert.throws(
    () => g.randint(new BigInt64Array(3), 5, 5),
    new RangeError("random_ expects 'from' to be less than 'to', but got from=5 >= to=5"),
  );
  assert.throws(() => g.randint(new BigInt64Array(3), 0, 2n ** 63n), RangeError);
  assert.throws(() => g.randint(new BigInt64Array(3), 0.5, 2), TypeError);
  // uniform_'s checks are PyTorch's RuntimeErrors, word for word
  assert.throws(
    () => g.uniform(new Float32Array(3), 2, 1),
    new RuntimeError("uniform_ expects to return a [from, to) range, but found from=2 > to=1"),
  );
  assert.throws(() => g.uniform(new Float32Array(3), -1e39, 0), new RuntimeError("from is out of bounds for float"));
  assert.throws(() => g.uniform(new Float64Array(3), 0, Infinity), new RuntimeError("to is out of bounds for double"));
  assert.throws(
    () => g.uniform(new Float32Array(3), -3e38, 3e38),
    new RuntimeError(
      "uniform_ expects to-from <= std::numeric_limits<Float>::max(), but found to=3e+38 and from=-3e+38 which result " +
        "in to-from to exceed the limit",
    ),
  );
  assert.throws(
    () => g.normal(new Float32Array(3), 0, -1),
    new RangeError("normal expects std >= 0.0, but found std -1"),
  );
  assert.throws(() => g.exponential(new Float32Array(3), 0), /exponential_ expects lambda > 0.0/);
  assert.throws(() => g.bernoulliScalar(new Float32Array(3), 1.5), /bernoulli_ expects p to be in \[0, 1\]/);
  assert.throws(() => g.bernoulliTensor(new Float64Array([0.5, 1.5])), /p\[1\]=1\.5/);
  assert.throws(() => g.dropout(new Float32Array(3), 1.5), /dropout probability has to be between 0 and 1/);
  assert.throws(() => g.randperm(-1), RangeError);
  assert.throws(() => g.rand(2.5), RangeError);
  assert.throws(() => g.uniform(new Int32Array(3) as unknown as Float32Array), TypeError);
  const p = new Float32Array([1, 1]);
  assert.throws(() => g.multinomial(p, 1, 2, 3, false), /without replacement/);
  assert.throws(() => g.multinomial(p, 1, 2, 0, true), /n_sample <= 0/);
  assert.throws(() => g.multinomial(new Float32Array([1, -1]), 1, 2, 2, true), /entry < 0/);
  assert.throws(() => g.multinomial(new Float32Array([1, -1]), 1, 2, 2, false), /inf`, `nan` or element < 0/);
  assert.throws(() => g.multinomial(new Float32Array([0, 0]), 1, 2, 1, false), /sum of probabilities <= 0/);
  assert.throws(() => g.multinomial(new Float32Array([1, Infinity]), 1, 2, 2, true), /infinity or NaN/);
  assert.throws(() => g.multinomial(p, 2, 2, 1, false), /2x2 probabilities expected/);
  // a failed call draws nothing
  assert.deepEqual(g.getState(), before);
});

Deno.test("setState refuses states PyTorch refuses, and ones that would read past the words", () => {
  const g = new TorchGenerator().manualSeed(0);
  assert.throws(() => g.setState(new Uint8Array(100)), /size 5056 .* 100/);
  assert.throws(() => g.setState(new Uint8Array(5056)), /Invalid mt19937 state/);
  const s = g.getState(), dv = new DataView(s.buffer);
  dv.setBigUint64(16, 624n, true); // next = 624 with left = 1 is what a fresh twist needs: valid
  g.setState(s);
  dv.setInt32(8, 5, true); // left 5 at next 624 would read words 624..627
  assert.throws(() => g.setState(s), /Invalid mt19937 state/);
  assert.throws(() => g.setState([1, 2] as unknown as Uint8Array), TypeError);
});
