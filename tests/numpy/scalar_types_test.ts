import assert from "node:assert/strict";
import { np } from "../../src/numpy/mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

// the scalar-type aliases dendrite has, each with the dtype NumPy gives it
const ALIASES = ["double", "single", "int_", "intp", "long", "longlong", "intc", "ubyte", "bool_", "bool"] as const;

// names np.dtype resolves: dtype names, type codes and array-protocol strings
const NAMES = [
  "float32",
  "float64",
  "int32",
  "int64",
  "uint8",
  "bool",
  "int",
  "float",
  "double",
  "single",
  "long",
  "longlong",
  "intp",
  "int_",
  "intc",
  "ubyte",
  "bool_",
  "?",
  "b1",
  "B",
  "u1",
  "i",
  "i4",
  "l",
  "q",
  "p",
  "i8",
  "f",
  "f4",
  "d",
  "f8",
  "<f8",
  "=f8",
  "<f4",
  "<i8",
  "=i4",
  "|u1",
  "|b1",
  "<u1",
  "|?",
  "<?",
  "=B",
];
// names NumPy rejects (its TypeError text is ours)
const UNKNOWN = ["x", "Float32", "float_", "", " f8", "f9", "int65"];
// names NumPy accepts and dendrite has no dtype for
const UNSUPPORTED = [
  "float16",
  "i2",
  "u8",
  "c8",
  ">f8",
  "int8",
  "uint",
  "byte",
  "S5",
  "U3",
  "M8[ns]",
  "O",
  "complex128",
];

Deno.test("the scalar-type aliases name NumPy's dtypes", async () => {
  const cases: [string, () => unknown][] = ALIASES.map((n) => [`str(np.dtype(np.${n}))`, () => np[n]]);
  // np.dtype of a type, a dtype, an array's dtype
  cases.push(
    ["str(np.dtype(np.float32))", () => np.dtype(np.float32)],
    ["str(np.dtype(np.double))", () => np.dtype(np.double)],
    ["str(np.dtype(np.dtype('i4')))", () => np.dtype(np.dtype("i4"))],
    ["str(np.dtype(np.ones(2).dtype))", () => np.dtype(np.ones([2]).dtype)],
    ["str(np.dtype(np.zeros(2, np.float32).dtype))", () => np.dtype(np.zeros([2], { dtype: np.float32 }).dtype)],
    ["str(np.dtype(float))", () => np.dtype(Number)],
    ["str(np.dtype(int))", () => np.dtype(BigInt)],
    ["str(np.dtype(bool))", () => np.dtype(Boolean)],
    ["np.dtype(3)", () => np.dtype(3)],
    ["str(np.dtype(None))", () => np.dtype(null)],
  );
  for (const n of [...NAMES, ...UNKNOWN]) cases.push([`str(np.dtype(${JSON.stringify(n)}))`, () => np.dtype(n)]);
  const r = await numpy(cases.map(([expr]) => ({ expr })));
  assert.deepEqual(caseFailures(cases, r), []);
  // the result is the dtype every dendrite function takes and every array reports
  assert.equal(np.zeros([2], { dtype: np.dtype("f4") }).dtype, "float32");
  assert.equal(np.dtype("<f8"), np.ones([1]).dtype);
});

Deno.test("np.dtype names a dtype NumPy has and dendrite lacks as unsupported", async () => {
  const r = await numpy(UNSUPPORTED.map((n) => ({ expr: `str(np.dtype(${JSON.stringify(n)}))` })));
  UNSUPPORTED.forEach((n, i) => {
    assert.ok("value" in r[i], `NumPy accepts ${n}`);
    assert.throws(
      () => np.dtype(n),
      (e: Error) =>
        e instanceof TypeError && e.message === `data type '${n}' is not supported by dendrite ` +
            "(supported: bool, uint8, int32, int64, float32, float64)",
      n,
    );
  });
  assert.throws(() => np.dtype(undefined), /Cannot interpret 'undefined' as a data type/);
  assert.throws(() => np.dtype({}), TypeError);
});

Deno.test("the abstract types place dtypes as NumPy's issubdtype does", async () => {
  const ABSTRACT = [
    "generic",
    "number",
    "integer",
    "signedinteger",
    "unsignedinteger",
    "inexact",
    "floating",
    "complexfloating",
  ] as const;
  const CONCRETE = ["float32", "float64", "int32", "int64", "uint8", "bool_", "double", "intc"] as const;
  const cases: [string, () => unknown][] = [];
  for (const a of CONCRETE) {
    for (const b of ABSTRACT) cases.push([`str(np.issubdtype(np.${a}, np.${b}))`, () => np.issubdtype(np[a], np[b])]);
  }
  for (const a of ABSTRACT) {
    for (const b of ABSTRACT) cases.push([`str(np.issubdtype(np.${a}, np.${b}))`, () => np.issubdtype(np[a], np[b])]);
    cases.push([`np.${a}.__name__`, () => np[a]]);
  }
  cases.push(
    ["str(np.isdtype(np.dtype(np.float32), 'real floating'))", () => np.isdtype(np.float32, "real floating")],
    ["str(np.isdtype(np.dtype(np.intp), 'signed integer'))", () => np.isdtype(np.intp, "signed integer")],
    ["str(np.isdtype(np.dtype(np.ubyte), 'signed integer'))", () => np.isdtype(np.ubyte, "signed integer")],
  );
  const r = await numpy(cases.map(([expr]) => ({ expr })));
  assert.deepEqual(caseFailures(cases, r), []);
});
