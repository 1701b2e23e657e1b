/**
 * np.savetxt and np.loadtxt against NumPy: the text savetxt writes for each
 * option (fmt, delimiter, newline, header, footer, comments) and the array
 * loadtxt reads from the same files (dtype, comments, delimiter, skiprows,
 * usecols, unpack, ndmin, maxRows), in positional and options forms.
 */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { pythonJson } from "../helpers/python.ts";

const PY = `
import io, json, sys, numpy as np
out = []
for c in json.load(sys.stdin):
    try:
        if c["op"] == "save":
            f = io.StringIO()
            np.savetxt(f, np.array(c["x"], dtype=c["dtype"]), **c["kw"])
            out.append({"text": f.getvalue()})
        else:
            r = np.loadtxt(c["file"], **{k: (np.dtype(v) if k == "dtype" else v) for k, v in c["kw"].items()})
            out.append({"value": r.tolist(), "dtype": str(r.dtype), "shape": list(r.shape)})
    except Exception as e:
        out.append({"error": type(e).__name__, "message": str(e)})
enc = lambda v: [enc(x) for x in v] if isinstance(v, list) else (repr(v) if isinstance(v, float) and not np.isfinite(v) else v)
print(json.dumps([{**r, "value": enc(r["value"])} if "value" in r else r for r in out]))
`;

// deno-lint-ignore no-explicit-any
type Result = { text?: string; value?: any; dtype?: string; shape?: number[]; error?: string; message?: string };

async function python(cases: unknown[]): Promise<Result[]> {
  return await pythonJson(["-c", PY], { stdin: JSON.stringify(cases) });
}

/** Python's keyword names for ours. */
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
// the tables call with computed argument lists (the call forms' types are checked in the last test)
const savetxt = np.savetxt as (...a: unknown[]) => Promise<void>;
const loadtxt = np.loadtxt as (...a: unknown[]) => Promise<np.NDArray>;
const pyKw = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [snake(k), v]));

Deno.test("np.savetxt writes NumPy's text for every option, in positional and options forms", async () => {
  const dir = await Deno.makeTempDir();
  const m = [[1.5, -2.25, 3], [4, 5e-7, -6e12]];
  const cases: { x: unknown; dtype: string; pos: unknown[]; kw: Record<string, unknown> }[] = [
    { x: m, dtype: "float64", pos: [], kw: {} },
    { x: m, dtype: "float64", pos: ["%.3f"], kw: {} },
    { x: m, dtype: "float64", pos: ["%10.4e", ","], kw: {} },
    { x: m, dtype: "float64", pos: [], kw: { fmt: "%g", delimiter: ";", header: "a b\nc" } },
    { x: m, dtype: "float64", pos: ["%+.2f"], kw: { footer: "end", comments: "// " } },
    { x: m, dtype: "float64", pos: ["%.1f", " ", "\r\n", "h"], kw: { footer: "f" } },
    { x: [1, -2, 3], dtype: "int64", pos: ["%d"], kw: {} },
    { x: [1, 2, 3], dtype: "int32", pos: [], kw: { fmt: "%05d" } },
    { x: [true, false], dtype: "bool", pos: ["%d"], kw: {} },
    { x: [[0.1, 2], [3, 4]], dtype: "float32", pos: [], kw: { fmt: "%.8g" } },
    // ties and carries: C rounds the binary value half to even, and %g picks %e or %f after rounding
    ...["%.4g", "%g", "%.0e", "%.2e", "%.0f", "%.1f", "%12.3E", "%-9.2f|", "%G", "%.3d"].map((fmt) => ({
      x: [9.99996, 0.000123456, 1e-5, 123456789, -1e-300, 2.5, 0.125, -1.5, 1e22, 5e-324, 0.5],
      dtype: "float64",
      pos: [fmt],
      kw: {},
    })),
  ];
  const expected = await python(cases.map((c) => {
    const names = ["fmt", "delimiter", "newline", "header"];
    const kw = { ...Object.fromEntries(c.pos.map((v, i) => [names[i], v])), ...c.kw };
    return { op: "save", x: c.x, dtype: c.dtype, kw: pyKw(kw) };
  }));
  for (const [i, c] of cases.entries()) {
    const f = `${dir}/s${i}.txt`;
    const args = [...c.pos, ...(Object.keys(c.kw).length ? [c.kw] : [])];
    await savetxt(f, np.array(c.x as number[], { dtype: c.dtype }), ...args);
    assert.equal(await Deno.readTextFile(f), expected[i].text, `case ${i}: ${JSON.stringify(c)}`);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("np.loadtxt reads what NumPy reads, for every option, in positional and options forms", async () => {
  const dir = await Deno.makeTempDir();
  const files: Record<string, string> = {
    plain: "1 2 3\n4 5 6\n",
    commented: "# x y z\n1 2 3 # first\n\n4 5 6\n",
    csv: "a,b,c\n1.5,2,3\n4,-5e3,6\n",
    one: "7 8 9\n",
    column: "1\n2\n3\n",
    special: "inf -inf\nnan 1\n",
    slashes: "// head\n1;2\n3;4 // tail\n",
  };
  for (const [k, v] of Object.entries(files)) await Deno.writeTextFile(`${dir}/${k}.txt`, v);
  const cases: { file: string; pos: unknown[]; kw: Record<string, unknown> }[] = [
    { file: "plain", pos: [], kw: {} },
    { file: "plain", pos: ["int64"], kw: {} },
    { file: "plain", pos: [], kw: { dtype: "int32", usecols: [0, 2] } },
    { file: "plain", pos: [], kw: { usecols: 1 } },
    { file: "plain", pos: [], kw: { usecols: [-1] } },
    { file: "plain", pos: [], kw: { unpack: true } },
    { file: "plain", pos: [], kw: { maxRows: 1 } },
    { file: "commented", pos: [], kw: {} },
    { file: "csv", pos: ["float64", "#", ","], kw: { skiprows: 1 } },
    { file: "csv", pos: [], kw: { delimiter: ",", skiprows: 1, usecols: [1] } },
    { file: "one", pos: [], kw: {} },
    { file: "one", pos: [], kw: { ndmin: 2 } },
    { file: "column", pos: [], kw: {} },
    { file: "column", pos: [], kw: { ndmin: 2 } },
    { file: "column", pos: [], kw: { ndmin: 1 } },
    { file: "special", pos: [], kw: {} },
    { file: "slashes", pos: ["float32", "//", ";"], kw: {} },
    { file: "csv", pos: [], kw: { delimiter: "," } },
    { file: "plain", pos: [], kw: { dtype: "int64", skiprows: 5 } },
  ];
  const expected = await python(cases.map((c) => {
    const names = ["dtype", "comments", "delimiter"];
    const kw = { ...Object.fromEntries(c.pos.map((v, i) => [names[i], v])), ...c.kw };
    return { op: "load", file: `${dir}/${c.file}.txt`, kw: pyKw(kw) };
  }));
  for (const [i, c] of cases.entries()) {
    const args = [...c.pos, ...(Object.keys(c.kw).length ? [c.kw] : [])];
    const label = `case ${i}: ${JSON.stringify(c)}`;
    const e = expected[i];
    if (e.error) {
      await assert.rejects(() => loadtxt(`${dir}/${c.file}.txt`, ...args), Error, label);
      continue;
    }
    const r = await loadtxt(`${dir}/${c.file}.txt`, ...args);
    assert.equal(r.dtype, e.dtype, label);
    assert.deepEqual(r.shape, e.shape, label);
    // Python's repr of inf and nan
    const text = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(text)
        : typeof v === "number" && !Number.isFinite(v)
        ? String(v).replace("Infinity", "inf").replace("NaN", "nan")
        : v;
    assert.deepEqual(text(r.tolist()), e.value, label);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("np.savetxt and np.loadtxt: unknown options and wrong types are TypeErrors naming the parameter", async () => {
  const a = np.array([1, 2]);
  await assert.rejects(() => np.savetxt("/nonexistent/x", a, { fmat: "%d" } as never), TypeError, "fmat");
  await assert.rejects(() => np.savetxt("/nonexistent/x", a, 3 as never), TypeError, "fmt");
  await assert.rejects(() => np.loadtxt("/nonexistent/x", { skiprow: 1 } as never), TypeError, "skiprow");
  await assert.rejects(() => np.loadtxt("/nonexistent/x", { dtype: "notADtype" }), TypeError, "dtype");
  await assert.rejects(() => np.savetxt("/nonexistent/x", np.zeros([2, 2, 2])), RangeError, "3D");
  await assert.rejects(() => np.loadtxt("/nonexistent/x", { converters: "x" } as never), TypeError, "converters");
});

Deno.test("np.loadtxt: converters, one for all columns or by column (NumPy's callable and dict)", async () => {
  const f = await Deno.makeTempFile({ suffix: ".txt" });
  await Deno.writeTextFile(f, "1 a 3\n4 b 6\n");
  const letter = (s: string) => s.charCodeAt(0) - 96;
  assert.deepEqual((await np.loadtxt(f, { converters: { 1: letter } })).tolist(), [[1, 1, 3], [4, 2, 6]]);
  assert.deepEqual((await np.loadtxt(f, { usecols: [1], converters: (s: string) => s.length * 10 })).tolist(), [
    10,
    10,
  ]);
  await Deno.remove(f);
});

Deno.test("np.savetxt and np.loadtxt: deno check rejects what the binder rejects", () => {
  const typeOnly = (_f: () => unknown) => {};
  const a = np.array([1, 2]);
  typeOnly(() => np.savetxt("f", a, "%d", ",", { header: "h" }));
  typeOnly(() => np.loadtxt("f", "int64", { usecols: [0], maxRows: 2 }));
  // @ts-expect-error: fmt is a string
  typeOnly(() => np.savetxt("f", a, 3));
  // @ts-expect-error: an unknown option
  typeOnly(() => np.loadtxt("f", { skiprow: 1 }));
  // @ts-expect-error: the array is required
  typeOnly(() => np.savetxt("f"));
});
