import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { assertMatches, numpy } from "../helpers/oracle.ts";

const SETUP = `
def myfunc(a, b):
    return a - b if a > b else a + b
`;

Deno.test("np.vectorize and np.frompyfunc broadcast like NumPy's", async () => {
  const f = np.vectorize((a: number, b: number) => (a > b ? a - b : a + b));
  const fd = np.vectorize((a: number, b: number) => (a > b ? a - b : a + b), { otypes: "d" });
  const ff = np.vectorize((a: number) => a / 2, { otypes: ["float32"] });
  const two = np.vectorize((a: number) => [a, a * 2]);
  const dot = np.vectorize((x: np.NDArray, y: np.NDArray) => x.dot(y).item(), { signature: "(n),(n)->()" });
  const stats = np.vectorize((x: np.NDArray) => [x.sum().item(), x.max().item()], { signature: "(n)->(),()" });
  const dbl = np.vectorize((x: np.NDArray) => np.concatenate([x, x]), { signature: "(n)->(m)" });
  const ex = np.vectorize((a: number, p: number[]) => a * p.length, { excluded: [1] });
  const hyp = np.frompyfunc((a: number, b: number) => Math.hypot(a, b), 2, 1);
  const dm = np.frompyfunc((a: number, b: number) => [Math.floor(a / b), a % b], 2, 2);
  const cases: [unknown, string][] = [
    [f([1, 2, 3, 4], 2), "np.vectorize(myfunc)([1, 2, 3, 4], 2)"],
    [f([[1], [2]], [1.5, 3]), "np.vectorize(myfunc)([[1], [2]], [1.5, 3])"],
    [fd([1, 2, 3, 4], 2), "np.vectorize(myfunc, otypes='d')([1, 2, 3, 4], 2)"],
    [ff([1, 2, 3]), "np.vectorize(lambda a: a / 2, otypes=[np.float32])([1, 2, 3])"],
    [f(3, 1), "np.vectorize(myfunc)(3, 1)"],
    [two([1, 2]), "np.vectorize(lambda a: (a, a * 2))([1, 2])"],
    [
      dot([[1, 2], [3, 4]], [1, 1]),
      "np.vectorize(lambda x, y: x.dot(y), signature='(n),(n)->()')([[1, 2], [3, 4]], [1, 1])",
    ],
    [
      stats(np.arange(6).reshape(2, 3)),
      "np.vectorize(lambda x: (x.sum(), x.max()), signature='(n)->(),()')(np.arange(6).reshape(2, 3))",
    ],
    [dbl([[1, 2], [3, 4]]), "np.vectorize(lambda x: np.concatenate([x, x]), signature='(n)->(m)')([[1, 2], [3, 4]])"],
    [ex([1, 2], [9, 9, 9]), "np.vectorize(lambda a, p: a * len(p), excluded={1})([1, 2], [9, 9, 9])"],
    [hyp([3.5, 5], [4, 12]), "np.frompyfunc(np.hypot, 2, 1)([3.5, 5], [4, 12]).astype(float)"],
    [dm([7, 8], 3), "tuple(x.astype(int) for x in np.frompyfunc(divmod, 2, 2)([7, 8], 3))"],
  ];
  const expected = await numpy(cases.map(([, expr]) => ({ expr, setup: SETUP })));
  cases.forEach(([got, expr], i) => {
    const e = expected[i];
    assert.ok("value" in e, `${expr}: ${JSON.stringify(e)}`);
    assertMatches(got, e.value, expr);
  });
  // all-scalar arguments give a JS value back from frompyfunc (NumPy: a Python object)
  assert.equal(hyp(3, 4), 5);
  assert.equal(hyp.nin, 2);
  assert.equal(hyp.nout, 1);
  assert.equal(hyp.nargs, 3);
  assert.equal(f.signature, null);
  assert.equal(dot.signature, "(n),(n)->()");
});

Deno.test("vectorize / frompyfunc errors", () => {
  const f = np.vectorize((a: number) => a);
  assert.throws(() => f([]), /cannot call `vectorize` on size 0 inputs unless `otypes` is set/);
  assert.deepEqual((np.vectorize((a: number) => a, { otypes: "d" })([]) as np.NDArray).shape, [0]);
  assert.throws(() => np.vectorize((a: number) => a, { otypes: "z" }), /Invalid otype specified: z/);
  assert.throws(() => np.vectorize((a: number) => a, { signature: "(n" }), /not a valid gufunc signature/);
  assert.throws(() => np.vectorize((a: number) => a, { bogus: 1 } as never), /unexpected keyword argument 'bogus'/);
  const dot = np.vectorize((x: np.NDArray, y: np.NDArray) => x.dot(y).item(), { signature: "(n),(n)->()" });
  assert.throws(() => dot([1, 2], [1, 2, 3]), /inconsistent size for core dimension 'n'/);
  assert.throws(() => dot(1, [1]), RangeError);
  const hyp = np.frompyfunc((a: number, b: number) => Math.hypot(a, b), 2, 1);
  assert.throws(() => hyp(1), TypeError);
  assert.throws(() => np.vectorize(5 as never), TypeError);
});

Deno.test("iterable, typename and euler_gamma are NumPy's", async () => {
  const r = await numpy([
    {
      expr:
        "[np.iterable([1, 2]), np.iterable(2), np.iterable(np.array(2)), np.iterable('ab'), np.iterable(np.zeros(2))]",
    },
    {
      expr:
        "[np.typename(c) for c in ['S1', '?', 'b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'f', 'd', 'g', 'F', 'D', 'G', 'S', 'U', 'V', 'O']]",
    },
    { expr: "np.euler_gamma" },
  ]);
  const it = [
    np.iterable([1, 2]),
    np.iterable(2),
    np.iterable(np.array(2)),
    np.iterable("ab"),
    np.iterable(np.zeros(2)),
  ];
  assertMatches(it, (r[0] as { value: never }).value, "iterable");
  const chars = [
    "S1",
    "?",
    "b",
    "B",
    "h",
    "H",
    "i",
    "I",
    "l",
    "L",
    "q",
    "Q",
    "f",
    "d",
    "g",
    "F",
    "D",
    "G",
    "S",
    "U",
    "V",
    "O",
  ];
  assert.deepEqual(
    chars.map((c) => np.typename(c)),
    (r[1] as { value: { tuple: { str: string }[] } }).value.tuple.map((x) => x.str),
  );
  assert.throws(() => np.typename("zz"), RangeError);
  assertMatches(np.euler_gamma, (r[2] as { value: never }).value, "euler_gamma", { rtol: 0, atol: 0 });
});
