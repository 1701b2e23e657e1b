/** np.random.defaultRng streams are identical to NumPy's Generator (PCG64) for the same seed. */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { checkRuns, type Run } from "../helpers/oracle.ts";

type G = np.random.Generator;
const seeded = (seed: np.random.SeedLike, py: string, ts: (g: G) => unknown): Run => ({
  c: {
    expr: "r",
    setup: `g = np.random.default_rng(${Array.isArray(seed) ? `[${seed.join(", ")}]` : seed})\nr = ${py}`,
  },
  ours: () => ts(np.random.defaultRng(seed)),
});
const shuffled = (g: G, a: np.NDArray) => (g.shuffle(a), a);
const runs: Run[] = [
  seeded(0, "g.random((2, 3))", (g) => g.random([2, 3])),
  seeded(2 ** 40 + 5, "g.random(4)", (g) => g.random(4)),
  seeded(12345678901234567890123n, "g.random(3)", (g) => g.random(3)),
  seeded([1, 2, 3], "g.random(3)", (g) => g.random(3)),
  seeded([7, 2 ** 33], "g.random(3)", (g) => g.random(3)),
  seeded(1, "g.random(5, dtype=np.float32)", (g) => g.random(5, { dtype: "float32" })),
  seeded(
    2,
    "np.array([g.random(), g.random(dtype=np.float32), g.random()])",
    (g) => np.array([g.random() as number, g.random(null, { dtype: "float32" }) as number, g.random() as number]),
  ),
  seeded(3, "g.integers(0, 10, 20)", (g) => g.integers(0, 10, 20)),
  seeded(4, "g.integers(5, size=(2, 4))", (g) => g.integers(5, null, [2, 4])),
  seeded(5, "g.integers(-2**40, 2**40, 6)", (g) => g.integers(-(2 ** 40), 2 ** 40, 6)),
  seeded(
    6,
    "g.integers(-2**63, 2**63 - 1, 4, endpoint=True)",
    (g) => g.integers(-(2n ** 63n), 2n ** 63n - 1n, 4, { endpoint: true }),
  ),
  seeded(7, "g.integers(0, 2**32, 5)", (g) => g.integers(0, 2 ** 32, 5)),
  seeded(
    8,
    "g.integers(-3, 3, 9, dtype=np.int32, endpoint=True)",
    (g) => g.integers(-3, 3, 9, { dtype: "int32", endpoint: true }),
  ),
  seeded(
    9,
    "g.integers(-2**31, 2**31, 5, dtype=np.int32)",
    (g) => g.integers(-(2 ** 31), 2 ** 31, 5, { dtype: "int32" }),
  ),
  seeded(10, "g.uniform(-2, 3, 6)", (g) => g.uniform(-2, 3, 6)),
  seeded(11, "g.normal(10, 2, (3, 3))", (g) => g.normal(10, 2, [3, 3])),
  // enough normals to reach every ziggurat layer, its wedges and its tail
  seeded(12, "g.standard_normal(200000)", (g) => g.standardNormal(200000)),
  seeded(25, "g.standard_normal(300000, dtype=np.float32)", (g) => g.standardNormal(300000, { dtype: "float32" })),
  seeded(
    26,
    "np.array([g.standard_normal(dtype=np.float32), g.random(dtype=np.float32), g.standard_normal()])",
    (g) =>
      np.array([
        g.standardNormal(null, { dtype: "float32" }) as number,
        g.random(null, { dtype: "float32" }) as number,
        g.standardNormal() as number,
      ]),
  ),
  seeded(13, "g.permutation(10)", (g) => g.permutation(10)),
  seeded(14, "g.permutation(np.arange(12).reshape(4, 3))", (g) => g.permutation(np.arange(12).reshape(4, 3))),
  seeded(
    15,
    "(lambda a: (g.shuffle(a), a)[1])(np.arange(9.))",
    (g) => shuffled(g, np.arange(9, null, 1, { dtype: "float64" })),
  ),
  seeded(
    16,
    "(lambda a: (g.shuffle(a), a)[1])(np.arange(12).reshape(6, 2))",
    (g) => shuffled(g, np.arange(12).reshape(6, 2)),
  ),
  seeded(17, "g.choice(5, 10)", (g) => g.choice(5, 10)),
  seeded(18, "g.choice(np.array([10, 20, 30]), (2, 2))", (g) => g.choice(np.array([10, 20, 30]), [2, 2])),
  seeded(19, "g.choice(20, 5, replace=False)", (g) => g.choice(20, 5, false)),
  seeded(20, "g.choice(20, 5, replace=False, shuffle=False)", (g) => g.choice(20, 5, false, null, { shuffle: false })),
  seeded(21, "g.choice(20000, 1000, replace=False)", (g) => g.choice(20000, 1000, false)),
  seeded(22, "g.choice(4, 12, p=[0.1, 0.2, 0.3, 0.4])", (g) => g.choice(4, 12, true, [0.1, 0.2, 0.3, 0.4])),
  seeded(
    23,
    "g.choice(5, 3, replace=False, p=[0.1, 0.1, 0.3, 0.3, 0.2])",
    (g) => g.choice(5, 3, false, [0.1, 0.1, 0.3, 0.3, 0.2]),
  ),
  seeded(24, "np.array([g.choice(7), g.integers(3), g.standard_normal(), g.random()])", (g) =>
    np.array([
      g.choice(7) as number,
      g.integers(3) as number,
      g.standardNormal() as number,
      g.random() as number,
    ])),
];

Deno.test("defaultRng streams equal NumPy's Generator (PCG64)", () => checkRuns(runs, { rtol: 0, atol: 0 }));

Deno.test("defaultRng argument errors", () => {
  const g = np.random.defaultRng(0);
  assert.throws(() => np.random.defaultRng(-1), RangeError);
  assert.throws(() => np.random.defaultRng(0.5), TypeError);
  assert.throws(() => g.integers(5, 5), /low >= high/);
  assert.throws(() => g.integers(5, 4, null, { endpoint: true }), /low > high/);
  assert.throws(() => g.integers(0, 2 ** 31 + 1, 2, { dtype: "int32" }), /high is out of bounds for int32/);
  assert.throws(() => g.integers(0, 2, 2, { dtype: "uint8" }), TypeError);
  assert.throws(() => g.random(2, { dtype: "int64" }), TypeError);
  assert.throws(() => g.standardNormal(2, { dtype: "int32" }), TypeError);
  assert.throws(() => g.normal(0, -1), /scale < 0/);
  assert.throws(() => g.choice(3, 5, false), /Cannot take a larger sample/);
  assert.throws(() => g.choice(3, 2, true, [0.5, 0.5, 0.5]), /probabilities do not sum to 1/);
  assert.throws(() => g.shuffle(np.array(3)), TypeError);
});

Deno.test("an unseeded defaultRng draws from OS entropy", () => {
  const a = np.random.defaultRng().random(4) as np.NDArray, b = np.random.defaultRng().random(4) as np.NDArray;
  assert.notDeepEqual(a.tolist(), b.tolist());
});
