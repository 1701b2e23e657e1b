/**
 * np.random's bit generators (PCG64, PCG64DXSM, MT19937, Philox, SFC64), SeedSequence, and Generator over each,
 * against the real NumPy: raw streams bit for bit, SeedSequence words and spawning, state round-trips with NumPy's
 * dicts, advance / jumped, Generator distributions, call forms and errors. NumPy runs once (ORACLE below).
 */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { pythonJson } from "../helpers/python.ts";

const R = np.random;
type BG = InstanceType<typeof R.PCG64 | typeof R.PCG64DXSM | typeof R.MT19937 | typeof R.Philox | typeof R.SFC64>;
const CTORS = { PCG64: R.PCG64, PCG64DXSM: R.PCG64DXSM, MT19937: R.MT19937, Philox: R.Philox, SFC64: R.SFC64 };
type Name = keyof typeof CTORS;
const NAMES = Object.keys(CTORS) as Name[];
const SEEDS: (number | bigint | number[])[] = [0, 1, 12345, 2n ** 100n + 7n, [1, 2, 3]];
const make = (name: Name, seed: unknown): BG => new (CTORS[name] as new (s: unknown) => BG)(seed);

const ORACLE = String.raw`
import json, numpy as np
from numpy.random import *
NAMES = ["PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64"]
SEEDS = [0, 1, 12345, 2**100 + 7, [1, 2, 3]]
cls = lambda n: globals()[n]
raw = lambda g, n: [str(int(x)) for x in g.random_raw(n)]
def enc(v):
    if isinstance(v, dict): return {k: enc(x) for k, x in v.items()}
    if isinstance(v, np.ndarray): return [str(int(x)) for x in v]
    if isinstance(v, (int, np.integer)) and not isinstance(v, bool): return str(int(v))
    return v
out = {}
out["raw"] = {n: [raw(cls(n)(s), 6) for s in SEEDS] for n in NAMES}
out["raw_ss"] = {n: raw(cls(n)(SeedSequence(5, spawn_key=(1, 2))), 4) for n in NAMES}
ss_cases = [dict(entropy=0), dict(entropy=5), dict(entropy=2**70 + 3), dict(entropy=[1, 2, 3, 4, 5, 6]),
            dict(entropy=5, pool_size=8), dict(entropy=5, spawn_key=(3,)), dict(entropy=[7, 2**40], spawn_key=(1, 2))]
out["ss"] = []
for c in ss_cases:
    s = SeedSequence(c["entropy"], spawn_key=c.get("spawn_key", ()), pool_size=c.get("pool_size", 4))
    kids = s.spawn(2)
    out["ss"].append(dict(pool=[int(x) for x in s.pool], u32=[int(x) for x in s.generate_state(5)],
        u64=[str(int(x)) for x in s.generate_state(3, np.uint64)], kids=[[int(x) for x in k.generate_state(3)] for k in kids],
        kid_keys=[list(k.spawn_key) for k in kids], more=[list(k.spawn_key) for k in s.spawn(1)], n=s.n_children_spawned))
# states after raw draws and one buffered 32-bit draw, then the next raw draws
out["state"] = {}
for n in NAMES:
    g = cls(n)(99); g.random_raw(3); Generator(g).integers(0, 10, dtype=np.int32)
    out["state"][n] = dict(state=enc(g.state), next=raw(g, 6))
adv = {}
for n in ["PCG64", "PCG64DXSM"]:
    adv[n] = [raw(cls(n)(7).advance(d), 3) for d in [12345, -5, 2**130 + 3, 2**127]]
g = Philox(7); g.random_raw(1)
adv["Philox"] = [raw(g.advance(2**70 + 1), 3), raw(Philox(7).advance(5), 5)]
out["advance"] = adv
jmp = {}
for n in ["PCG64", "PCG64DXSM", "MT19937", "Philox"]:
    g = cls(n)(11); g.random_raw(5)
    jmp[n] = [raw(g.jumped(), 4), raw(g.jumped(3), 4), raw(g, 2)]
g = MT19937(11); g.random_raw(700)
jmp["mt_pos"] = [int(g.jumped().state["state"]["pos"]), raw(g.jumped(), 3)]
out["jumped"] = jmp
def draws(rng):
    f = lambda a: [float(x) for x in np.ravel(a)]
    i = lambda a: [int(x) for x in np.ravel(a)]
    return [f(rng.random(5)), f(rng.random(3, dtype=np.float32)), f(rng.normal(1.5, 2.0, size=5)),
            f(rng.standard_normal(4, dtype=np.float32)), i(rng.integers(0, 10, 5)), i(rng.integers(0, 2**40, 3)),
            i(rng.integers(-5, 5, 4, dtype=np.int32, endpoint=True)), i(rng.choice(10, 4)),
            i(rng.choice(10, 3, replace=False)), i(rng.choice(50000, 2000, replace=False)), i(rng.permutation(8)),
            f(rng.exponential(2.0, 3)), f(rng.gamma(0.5, size=3)), i(rng.binomial(10, 0.3, 4)), i(rng.poisson(3, 4)),
            f(rng.standard_gamma(2.0, 3, dtype=np.float32)), i(rng.multinomial(10, [0.2, 0.3, 0.5], 2)),
            f(rng.dirichlet([0.05, 0.05], 2)), f(rng.standard_exponential(3, dtype=np.float32))]
out["gen"] = {n: draws(Generator(cls(n)(2024))) for n in NAMES}
out["spawn"] = dict(gen=[[float(x) for x in c.random(2)] for c in Generator(Philox(5)).spawn(2)],
                    bg=[raw(c, 2) for c in PCG64(5).spawn(2)])
out["default"] = [default_rng(SeedSequence(5)).random(), default_rng(MT19937(5)).random(), default_rng([1, 2]).random()]
print(json.dumps(out))
`;

const O = await (async () => {
  return await pythonJson(["-c", ORACLE]);
})();

const raw = (g: BG, n: number) => [...(g.randomRaw(n) as BigUint64Array)].map(String);
/** NumPy's state dict as the oracle wrote it (ints as strings), with its ints as bigints / numbers. */
function decodeState(v: unknown, key = ""): unknown {
  if (Array.isArray(v)) return v.map((x) => decodeState(x, key));
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodeState(x, k)]));
  }
  if (typeof v !== "string" || key === "bit_generator") return v;
  return ["pos", "buffer_pos", "has_uint32", "uinteger", "key"].includes(key) && BigInt(v) < 2n ** 32n
    ? Number(v)
    : BigInt(v);
}

Deno.test("raw streams equal NumPy's for each bit generator and seed", () => {
  for (const name of NAMES) {
    SEEDS.forEach((seed, i) => assert.deepEqual(raw(make(name, seed), 6), O.raw[name][i], `${name}(${seed})`));
    assert.deepEqual(raw(make(name, new R.SeedSequence(5, [1, 2])), 4), O.raw_ss[name], `${name}(SeedSequence)`);
  }
  // a scalar draw without size, none with output false
  assert.equal(String(new R.PCG64(0).randomRaw()), O.raw.PCG64[0][0]);
  assert.equal(new R.SFC64(0).randomRaw(3, false), null);
  assert.deepEqual(
    [...(new R.MT19937(1).randomRaw([2, 2]) as BigUint64Array)].map(String),
    O.raw.MT19937[1].slice(0, 4),
  );
});

Deno.test("SeedSequence: pool, generateState, spawn", () => {
  const cases = [
    [0],
    [5],
    [2n ** 70n + 3n],
    [[1, 2, 3, 4, 5, 6]],
    [5, { poolSize: 8 }],
    [5, [3]],
    [[7, 2 ** 40], { spawnKey: [1, 2] }],
  ] as const;
  cases.forEach((args, i) => {
    const want = O.ss[i];
    const s = new R.SeedSequence(...(args as unknown as [number]));
    const kids = s.spawn(2);
    assert.deepEqual([...s.pool], want.pool, `pool ${i}`);
    assert.deepEqual([...s.generateState(5)], want.u32, `uint32 ${i}`);
    assert.deepEqual([...s.generateState(3, "uint64")].map(String), want.u64, `uint64 ${i}`);
    assert.deepEqual([...s.generateState({ nWords: 3, dtype: "uint64" })].map(String), want.u64);
    assert.deepEqual(kids.map((k) => [...k.generateState(3)]), want.kids, `children ${i}`);
    assert.deepEqual(kids.map((k) => k.spawnKey), want.kid_keys);
    assert.deepEqual(s.spawn(1).map((k) => k.spawnKey), want.more);
    assert.equal(s.nChildrenSpawned, want.n);
  });
  const s = new R.SeedSequence(5, { spawnKey: [3], poolSize: 8 });
  assert.equal(s.entropy, 5);
  assert.equal(s.poolSize, 8);
  assert.equal(String(s), "SeedSequence(\n    entropy=5,\n    spawn_key=(3,),\n    pool_size=8,\n)");
  assert.equal(typeof new R.SeedSequence().entropy, "bigint"); // 128 bits of OS entropy
  assert.notDeepEqual([...new R.SeedSequence().pool], [...new R.SeedSequence().pool]);
});

Deno.test("state: NumPy's dicts set into ours continue NumPy's stream; ours equal NumPy's", () => {
  for (const name of NAMES) {
    const want = O.state[name];
    const numpyState = decodeState(want.state) as np.random.BitGeneratorState;
    const g = make(name, 0);
    g.state = numpyState;
    assert.deepEqual(raw(g, 6), want.next, `${name}: continue from NumPy's state`);
    const ours = make(name, 99);
    ours.randomRaw(3);
    new R.Generator(ours).integers(0, 10, { dtype: "int32" });
    assert.deepEqual(ours.state, numpyState, `${name}: state after the same draws`);
    const copy = make(name, 1);
    copy.state = ours.state; // round-trip through our own dict
    assert.deepEqual(raw(copy, 6), want.next);
  }
});

Deno.test("advance and jumped equal NumPy's", () => {
  for (const name of ["PCG64", "PCG64DXSM"] as const) {
    [12345, -5, 2n ** 130n + 3n, 2n ** 127n].forEach((d, i) => {
      assert.deepEqual(raw(new CTORS[name](7).advance(d), 3), O.advance[name][i], `${name}.advance(${d})`);
    });
  }
  const p = new R.Philox(7);
  p.randomRaw(1);
  assert.deepEqual(raw(p.advance(2n ** 70n + 1n), 3), O.advance.Philox[0]);
  assert.deepEqual(raw(new R.Philox(7).advance({ delta: 5 }), 5), O.advance.Philox[1]);
  for (const name of ["PCG64", "PCG64DXSM", "MT19937", "Philox"] as const) {
    const g = new CTORS[name](11);
    g.randomRaw(5);
    const [one, three, rest] = O.jumped[name];
    assert.deepEqual(raw(g.jumped(), 4), one, `${name}.jumped()`);
    assert.deepEqual(raw(g.jumped({ jumps: 3 }), 4), three, `${name}.jumped(3)`);
    assert.deepEqual(raw(g, 2), rest, `${name}: jumped leaves the original alone`);
  }
  const m = new R.MT19937(11);
  m.randomRaw(700);
  assert.equal(m.jumped().state.state.pos, O.jumped.mt_pos[0]);
  assert.deepEqual(raw(m.jumped(), 3), O.jumped.mt_pos[1]);
});

Deno.test("Generator over each bit generator draws NumPy's numbers", () => {
  const num = (x: unknown) => Array.from((x as np.NDArray).storage.data as ArrayLike<number | bigint>, Number);
  for (const name of NAMES) {
    const rng = new R.Generator(make(name, 2024));
    const got = [
      num(rng.random(5)),
      num(rng.random(3, "float32")),
      num(rng.normal(1.5, 2.0, 5)),
      num(rng.standardNormal(4, { dtype: "float32" })),
      num(rng.integers(0, 10, 5)),
      num(rng.integers(0, 2 ** 40, 3)),
      num(rng.integers(-5, 5, 4, "int32", true)),
      num(rng.choice(10, 4)),
      num(rng.choice(10, 3, { replace: false })),
      num(rng.choice(50000, 2000, false)),
      num(rng.permutation(8)),
      num(rng.exponential(2.0, 3)),
      num(rng.gamma(0.5, { size: 3 })),
      num(rng.binomial(10, 0.3, 4)),
      num(rng.poisson(3, 4)),
      num(rng.standardGamma(2.0, 3, "float32")),
      num(rng.multinomial(10, [0.2, 0.3, 0.5], 2)),
      num(rng.dirichlet([0.05, 0.05], 2)),
      num(rng.standardExponential(3, "float32")),
    ];
    got.forEach((g, i) => assert.deepEqual(g, O.gen[name][i], `${name}: draw ${i}`));
  }
});

Deno.test("spawn, defaultRng and Generator's call forms", () => {
  const kids = new R.Generator(new R.Philox(5)).spawn(2);
  assert.deepEqual(kids.map((k) => [...((k.random(2) as np.NDArray).storage.data as Float64Array)]), O.spawn.gen);
  assert.ok(kids.every((k) => k.bitGenerator instanceof R.Philox));
  assert.deepEqual(new R.PCG64(5).spawn(2).map((c) => raw(c, 2)), O.spawn.bg);
  assert.deepEqual(new R.PCG64(5).spawn({ nChildren: 1 }).length, 1);
  assert.equal(R.defaultRng(new R.SeedSequence(5)).random(), O.default[0]);
  assert.equal(R.defaultRng(new R.MT19937(5)).random(), O.default[1]);
  assert.equal(R.defaultRng([1, 2]).random(), O.default[2]);
  const rng = R.defaultRng(3);
  assert.equal(R.defaultRng(rng), rng);
  assert.equal(String(rng), "Generator(PCG64)");
  assert.equal(String(new R.Generator(new R.SFC64(1))), "Generator(SFC64)");
  const bg = new R.PCG64({ seed: 9 });
  assert.equal(new R.Generator(bg).bitGenerator, bg);
  assert.equal(new R.PCG64(new R.SeedSequence(9)).seedSeq.entropy, 9);
  assert.deepEqual(raw(bg, 2), raw(new R.PCG64(9), 2)); // the options form seeds as the positional one
  // a Generator shares its bit generator's state
  const shared = new R.MT19937(5), g = new R.Generator(shared);
  g.random(3);
  const twin = new R.MT19937(5);
  new R.Generator(twin).random(3);
  assert.deepEqual(shared.state, twin.state);
  // Philox from an explicit key and counter
  const keyed = new R.Philox({ key: 2n ** 64n + 5n, counter: 3 });
  assert.deepEqual(keyed.state.state, { counter: [3n, 0n, 0n, 0n], key: [5n, 1n] });
  assert.deepEqual(new R.Philox(null, [1, 2, 3, 4], [5, 6]).state.state, { counter: [1n, 2n, 3n, 4n], key: [5n, 6n] });
});

Deno.test("errors, with NumPy's messages where it has them", () => {
  assert.throws(() => new R.SeedSequence(-1), { name: "RangeError", message: /expected non-negative integer/ });
  assert.throws(() => new R.PCG64(1.5), { name: "TypeError", message: /SeedSequence expects int or sequence of ints/ });
  assert.throws(() => new R.SeedSequence(1, { poolSize: 2 }), /The size of the entropy pool should be at least 4/);
  assert.throws(() => new R.SeedSequence(1).generateState(2, "int32" as "uint32"), TypeError);
  assert.throws(() => new R.SeedSequence(1, { bogus: 1 } as never), /bogus/);
  const g = new R.PCG64(1);
  assert.throws(() => (g.state = 5 as never), { name: "TypeError", message: "state must be a dict" });
  assert.throws(() => (g.state = new R.MT19937(1).state as never), /state must be for a PCG64 RNG/);
  assert.throws(() => (new R.MT19937(1).state = { bit_generator: "MT19937", state: { key: [1], pos: 0 } }), TypeError);
  assert.throws(() => new R.Philox(1, null, 3), /seed and key cannot be both used/);
  assert.throws(() => new R.Philox({ key: 2n ** 128n }), /key must be positive and less than 2\*\*128/);
  assert.throws(() => new R.Philox({ counter: -1 }), /counter must be positive and less than 2\*\*256/);
  assert.throws(() => g.advance(1.5), TypeError);
  assert.throws(() => new R.Generator(5 as never), TypeError);
  assert.throws(() => new R.PCG64(1).randomRaw(-1), RangeError);
  assert.throws(() => new R.SFC64(1, 2 as never), /takes from 0 to 1 positional arguments/);
});
