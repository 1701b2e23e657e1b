/** np.random streams are identical to NumPy's legacy RandomState for the same seed. */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { checkRuns, type Run } from "../helpers/oracle.ts";

const R = np.random;
const seeded = (seed: number, py: string, ts: () => unknown): Run => ({
  c: { expr: "r", setup: `np.random.seed(${seed})\nr = ${py}` },
  ours: () => {
    R.seed(seed);
    return ts();
  },
});
const runs: Run[] = [
  seeded(0, "np.random.random((2, 3))", () => R.random([2, 3])),
  seeded(1, "np.random.random_sample(5)", () => R.randomSample(5)),
  seeded(2, "np.random.rand(3, 2)", () => R.rand(3, 2)),
  seeded(3, "np.random.randn(7)", () => R.randn(7)),
  seeded(4, "np.random.standard_normal((2, 2))", () => R.standardNormal([2, 2])),
  seeded(5, "np.random.uniform(-2, 3, 6)", () => R.uniform(-2, 3, 6)),
  seeded(6, "np.random.normal(10, 2, (3, 3))", () => R.normal(10, 2, [3, 3])),
  seeded(7, "np.random.randint(0, 10, 20)", () => R.randint(0, 10, 20)),
  seeded(8, "np.random.randint(5, size=(2, 4))", () => R.randint(5, null, [2, 4])),
  seeded(9, "np.random.randint(-2**40, 2**40, 5)", () => R.randint(-(2 ** 40), 2 ** 40, 5)),
  seeded(10, "np.random.randint(0, 256, 8, dtype=np.uint8)", () => R.randint(0, 256, 8, { dtype: "uint8" })),
  seeded(11, "np.random.permutation(10)", () => R.permutation(10)),
  seeded(12, "np.random.permutation(np.arange(12).reshape(4, 3))", () => R.permutation(np.arange(12).reshape(4, 3))),
  seeded(13, "(lambda a: (np.random.shuffle(a), a)[1])(np.arange(9))", () => {
    const a = np.arange(9);
    R.shuffle(a);
    return a;
  }),
  seeded(14, "(lambda a: (np.random.shuffle(a), a)[1])(np.arange(12.).reshape(6, 2))", () => {
    const a = np.arange(12, null, 1, { dtype: "float64" }).reshape(6, 2);
    R.shuffle(a);
    return a;
  }),
  seeded(15, "np.random.choice(5, 10)", () => R.choice(5, 10)),
  seeded(16, "np.random.choice(np.array([10, 20, 30]), (2, 2))", () => R.choice(np.array([10, 20, 30]), [2, 2])),
  seeded(17, "np.random.choice(10, 4, replace=False)", () => R.choice(10, 4, false)),
  seeded(18, "np.random.choice(4, 12, p=[0.1, 0.2, 0.3, 0.4])", () => R.choice(4, 12, true, [0.1, 0.2, 0.3, 0.4])),
  seeded(
    19,
    "np.random.choice(5, 3, replace=False, p=[0.1, 0.1, 0.3, 0.3, 0.2])",
    () => R.choice(5, 3, false, [0.1, 0.1, 0.3, 0.3, 0.2]),
  ),
  seeded(
    20,
    "np.array([np.random.random(), np.random.randn(), np.random.randn(), np.random.random()])",
    () => np.array([R.random() as number, R.randn() as number, R.randn() as number, R.random() as number]),
  ),
  seeded(
    21,
    "np.array([np.random.choice(7), np.random.randint(3)])",
    () => np.array([R.choice(7) as number, R.randint(3) as number]),
  ),
  {
    c: { expr: "r", setup: "np.random.seed([1, 2, 3])\nr = np.random.random(4)" },
    ours: () => (R.seed([1, 2, 3]), R.random(4)),
  },
  {
    c: { expr: "r", setup: "rs = np.random.RandomState(42)\nr = rs.normal(size=5)" },
    ours: () => new R.RandomState(42).normal(0, 1, 5),
  },
];

Deno.test("random streams equal NumPy's legacy RandomState", () => checkRuns(runs, { rtol: 0, atol: 0 }));

Deno.test("random argument errors", () => {
  assert.throws(() => R.seed(-1), /Seed must be between 0 and 2\*\*32 - 1/);
  assert.throws(() => R.randint(5, 5), /low >= high/);
  assert.throws(() => R.choice(3, 5, false), /Cannot take a larger sample/);
  assert.throws(() => R.choice(3, 2, true, [0.5, 0.5, 0.5]), /probabilities do not sum to 1/);
  assert.throws(() => R.choice(np.zeros([2, 2]), 1), /1-dimensional/);
});
