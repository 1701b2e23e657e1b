import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { assertMatches, numpy } from "../helpers/oracle.ts";

// each pair: a dendrite draw after seeding and the NumPy statement it must equal bit for bit
const CASES: [() => unknown, string][] = [
  [
    () => (np.random.seed(1), np.random.noncentralChisquare(3, 2, 5)),
    "np.random.seed(1); r = np.random.noncentral_chisquare(3, 2, 5)",
  ],
  [
    () => (np.random.seed(2), np.random.noncentralChisquare(0.5, [1, 0, 2, 30])),
    "np.random.seed(2); r = np.random.noncentral_chisquare(0.5, [1, 0, 2, 30])",
  ],
  [
    () => (np.random.seed(3), np.random.noncentralChisquare([[1.5], [0.7]], [0, 4, 0.1])),
    "np.random.seed(3); r = np.random.noncentral_chisquare([[1.5], [0.7]], [0, 4, 0.1])",
  ],
  [
    () => (np.random.seed(4), np.random.noncentralChisquare(3, 2)),
    "np.random.seed(4); r = np.random.noncentral_chisquare(3, 2)",
  ],
  [
    () => (np.random.seed(5), np.random.noncentralF(3, 4, 2, [2, 3])),
    "np.random.seed(5); r = np.random.noncentral_f(3, 4, 2, (2, 3))",
  ],
  [
    () => (np.random.seed(6), np.random.noncentralF(0.8, [5, 50], { nonc: 0.3 })),
    "np.random.seed(6); r = np.random.noncentral_f(0.8, [5, 50], nonc=0.3)",
  ],
  [
    () => new np.random.RandomState(7).noncentralChisquare(2.5, 1, { size: 4 }),
    "r = np.random.RandomState(7).noncentral_chisquare(2.5, 1, size=4)",
  ],
  [
    () => np.random.defaultRng(8).noncentralChisquare(0.9, [0, 1.5, 3]),
    "r = np.random.default_rng(8).noncentral_chisquare(0.9, [0, 1.5, 3])",
  ],
  [() => np.random.defaultRng(9).noncentralF(3, 20, 3, 4), "r = np.random.default_rng(9).noncentral_f(3, 20, 3, 4)"],
  [
    () => (np.random.seed(10), np.random.randomIntegers(5, { size: 6 })),
    "np.random.seed(10); r = np.random.random_integers(5, size=6)",
  ],
  [
    () => (np.random.seed(11), np.random.randomIntegers(-3, 3, [2, 3])),
    "np.random.seed(11); r = np.random.random_integers(-3, 3, (2, 3))",
  ],
  [() => (np.random.seed(12), np.random.randomIntegers(4)), "np.random.seed(12); r = np.random.random_integers(4)"],
  [() => (np.random.seed(13), np.random.ranf(3)), "np.random.seed(13); r = np.random.ranf(3)"],
  [() => (np.random.seed(14), np.random.sample([2, 2])), "np.random.seed(14); r = np.random.sample((2, 2))"],
  [
    () => (np.random.seed(15), np.random.randn(), np.random.getState()),
    "np.random.seed(15); np.random.randn(); r = np.random.get_state()",
  ],
  [
    () => (np.random.seed(16), np.random.getState({ legacy: false })),
    "np.random.seed(16); s = np.random.get_state(legacy=False); r = (s['bit_generator'], s['state']['key'], s['state']['pos'], s['has_gauss'], s['gauss'])",
  ],
];

Deno.test("noncentral chi-square / F, random_integers, ranf, sample and get_state match NumPy bit for bit", async () => {
  const r = await numpy(
    CASES.map(([, stmt]) => ({ setup: `import warnings\nwarnings.simplefilter('ignore')\n${stmt}`, expr: "r" })),
  );
  const warn = console.warn;
  console.warn = () => {};
  try {
    CASES.forEach(([f, stmt], i) => {
      const e = r[i];
      assert.ok("value" in e, `${stmt}: ${JSON.stringify(e)}`);
      let got = f();
      if (!Array.isArray(got) && typeof got === "object" && got !== null && "bitGenerator" in got) {
        const s = got as {
          bitGenerator: string;
          state: { key: np.NDArray; pos: number };
          hasGauss: number;
          gauss: number;
        };
        got = [s.bitGenerator, s.state.key, s.state.pos, s.hasGauss, s.gauss];
      }
      if (Array.isArray(got)) {
        // the state tuple: NumPy's key is uint32, here int64 (no uint32 dtype): compare the values
        const exp = (e.value as { tuple: { data: number[] }[] }).tuple;
        assert.equal(got[0], "MT19937");
        assert.deepEqual((got[1] as np.NDArray).tolist(), exp[1].data);
        assert.deepEqual(got.slice(2), exp.slice(2).map((x) => x.data[0]));
      } else assertMatches(got, e.value, stmt, { rtol: 0, atol: 0 });
    });
  } finally {
    console.warn = warn;
  }
});

Deno.test("setState restores a state (tuple and dict forms, NumPy's own state included)", async () => {
  const rs = new np.random.RandomState(3);
  rs.standardNormal(); // a cached gaussian is part of the state
  const s = rs.getState() as [string, np.NDArray, number, number, number];
  const x = rs.standardNormal(4) as np.NDArray;
  rs.setState(s);
  assert.deepEqual((rs.standardNormal(4) as np.NDArray).tolist(), x.tolist());
  const d = rs.getState({ legacy: false });
  const y = rs.random(3) as np.NDArray;
  rs.setState(d as never);
  assert.deepEqual((rs.random(3) as np.NDArray).tolist(), y.tolist());
  rs.setState(["MT19937", s[1], s[2]]); // three entries: no cached gaussian
  assert.equal((rs.getState() as unknown[])[3], 0);
  // a state taken from NumPy continues NumPy's stream
  const [e] = await numpy([{
    setup: "rs = np.random.RandomState(21); rs.randn(3); st = rs.get_state(); d = rs.random_sample(5)",
    expr: "(st[1].astype(np.int64), st[2], st[3], st[4], d)",
  }]);
  const t = (e as { value: { tuple: { data: number[] }[] } }).value.tuple;
  np.random.setState(["MT19937", t[0].data, t[1].data[0], t[2].data[0], t[3].data[0]]);
  assert.deepEqual((np.random.randomSample(5) as np.NDArray).tolist(), t[4].data);
});

Deno.test("the extras refuse what NumPy refuses", () => {
  assert.throws(() => np.random.noncentralChisquare(0, 1), { name: "RangeError", message: "df <= 0" });
  assert.throws(() => np.random.noncentralChisquare(1, -1), { name: "RangeError", message: "nonc < 0" });
  assert.throws(() => np.random.noncentralF(1, 0, 1), { name: "RangeError", message: "dfden <= 0" });
  assert.throws(() => np.random.noncentralF([1, -1], 1, 1), { name: "RangeError", message: "dfnum <= 0" });
  assert.throws(() => np.random.noncentralChisquare(1, 1, { bogus: 1 } as never), TypeError);
  assert.throws(() => np.random.setState(5 as never), {
    name: "TypeError",
    message: "state must be a dict or a tuple.",
  });
  assert.throws(() => np.random.setState(["PCG64", [1], 0] as never), {
    name: "RangeError",
    message: "set_state can only be used with legacy MT19937 state instances.",
  });
  assert.throws(() => np.random.setState({ bitGenerator: "MT19937" } as never), {
    name: "RangeError",
    message: "state dictionary is not valid.",
  });
  assert.throws(() => np.random.setState(["MT19937", [1, 2], 0]), /624/);
  const warn = console.warn;
  const seen: string[] = [];
  console.warn = (m: string) => seen.push(m);
  try {
    np.random.randomIntegers(2, 6);
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(seen, ["DeprecationWarning: This function is deprecated. Please call randint(2, 6 + 1) instead"]);
});
