import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { assertMatches, numpy } from "../helpers/oracle.ts";

const dir = await Deno.makeTempDir();
const tmp = (name: string) => `${dir}/${name}`;

Deno.test("tofile / fromfile: binary and text round trips read by NumPy, and NumPy's files read back", async () => {
  const f64 = np.array([0.1, 1.0, 1e-5, 1e16, NaN, -Infinity, -2.5]);
  const i32 = np.arange(12, { dtype: "int32" }).reshape(3, 4).T; // not contiguous: written in C order
  await f64.tofile(tmp("f64.bin"));
  await i32.tofile(tmp("i32.bin"));
  await f64.tofile(tmp("f64.txt"), ",");
  await np.array([0.1, 1], { dtype: "float32" }).tofile(tmp("f32.txt"), " ", "%.3f");
  await np.array([true, false]).tofile(tmp("bool.txt"), { sep: " " });
  await np.array([1, 2, 3], { dtype: "float32" }).tofile(tmp("f32s.txt"), "\n");
  const exprs = [
    `np.fromfile('${tmp("f64.bin")}')`,
    `np.fromfile('${tmp("i32.bin")}', dtype=np.int32)`,
    `np.fromfile('${tmp("i32.bin")}', dtype=np.int32, count=3, offset=8)`,
    `open('${tmp("f64.txt")}').read()`,
    `open('${tmp("f32.txt")}').read()`,
    `open('${tmp("bool.txt")}').read()`,
    `open('${tmp("f32s.txt")}').read()`,
    `np.fromfile('${tmp("f64.txt")}', sep=',')`,
    `np.fromfile('${tmp("f32.txt")}', dtype=np.float32, sep=' ')`,
  ];
  const want = [
    `np.array([0.1, 1.0, 1e-5, 1e16, np.nan, -np.inf, -2.5])`,
    `np.arange(12, dtype=np.int32).reshape(3, 4).T.copy().ravel()`,
    `np.arange(12, dtype=np.int32).reshape(3, 4).T.copy().ravel()[2:5]`,
    `(lambda p: (np.array([0.1, 1.0, 1e-5, 1e16, np.nan, -np.inf, -2.5]).tofile(p, sep=','), open(p).read())[1])('${
      tmp("np.txt")
    }')`,
    `(lambda p: (np.array([0.1, 1], np.float32).tofile(p, sep=' ', format='%.3f'), open(p).read())[1])('${
      tmp("np.txt")
    }')`,
    `(lambda p: (np.array([True, False]).tofile(p, sep=' '), open(p).read())[1])('${tmp("np.txt")}')`,
    `(lambda p: (np.array([1, 2, 3], np.float32).tofile(p, sep='\\n'), open(p).read())[1])('${tmp("np.txt")}')`,
    `np.array([0.1, 1.0, 1e-5, 1e16, np.nan, -np.inf, -2.5])`,
    `np.array([0.1, 1.0], np.float32)`,
  ];
  const r = await numpy([...exprs, ...want].map((expr) => ({ expr })));
  for (let i = 0; i < exprs.length; i++) {
    assert.ok("value" in r[i] && "value" in r[i + exprs.length], exprs[i] + JSON.stringify(r[i]));
    assert.deepEqual(r[i], r[i + exprs.length], exprs[i]); // NumPy reads our files as it reads its own
  }
  // and NumPy's files read back here
  await numpy([{ expr: `np.arange(5, dtype=np.int64).tofile('${tmp("np.bin")}')` }]);
  await numpy([{ expr: `np.linspace(0, 1, 4).tofile('${tmp("np2.txt")}', sep=' ; ')` }]);
  const back = [
    [await np.fromfile(tmp("np.bin"), "int64"), `np.fromfile('${tmp("np.bin")}', dtype=np.int64)`],
    [
      await np.fromfile(tmp("np.bin"), "int64", 2, "", { offset: 16 }),
      `np.fromfile('${tmp("np.bin")}', dtype=np.int64, count=2, offset=16)`,
    ],
    [await np.fromfile(tmp("np2.txt"), { sep: ";" }), `np.fromfile('${tmp("np2.txt")}', sep=';')`],
    [
      await np.fromfile(tmp("np2.txt"), "float32", 2, ";"),
      `np.fromfile('${tmp("np2.txt")}', dtype=np.float32, count=2, sep=';')`,
    ],
  ] as const;
  const rb = await numpy(back.map(([, expr]) => ({ expr })));
  back.forEach(([got, expr], i) => assertMatches(got, (rb[i] as { value: never }).value, expr, { rtol: 0, atol: 0 }));
  await assert.rejects(() => np.fromfile(tmp("nope.bin")), Deno.errors.NotFound);
  await Deno.writeFile(tmp("odd.bin"), new Uint8Array(5));
  await assert.rejects(() => np.fromfile(tmp("odd.bin")), RangeError);
  // no temp file is left beside the target
  assert.deepEqual([...Deno.readDirSync(dir)].filter((e) => e.name.includes(".tmp")), []);
});

Deno.test("fromstring parses separated text as NumPy 2 does", async () => {
  const cases: [() => unknown, string][] = [
    [() => np.fromstring("1, 2,3 ,4", { sep: "," }), "np.fromstring('1, 2,3 ,4', sep=',')"],
    [() => np.fromstring("1 2\n3", { sep: " " }), "np.fromstring('1 2\\n3', sep=' ')"],
    [() => np.fromstring("1,2,", { sep: "," }), "np.fromstring('1,2,', sep=',')"],
    [
      () => np.fromstring("1 2 3", "int64", 2, { sep: " " }),
      "np.fromstring('1 2 3', dtype=np.int64, count=2, sep=' ')",
    ],
    [
      () => np.fromstring("1.5 -2e3 nan inf", "float32", { sep: " " }),
      "np.fromstring('1.5 -2e3 nan inf', dtype=np.float32, sep=' ')",
    ],
    [() => np.fromstring("1 2", "int32", { sep: " " }), "np.fromstring('1 2', dtype=np.int32, sep=' ')"],
    [() => np.fromstring("1 2"), "np.fromstring('1 2')"],
    [() => np.fromstring("1.5 2", "int64", { sep: " " }), "np.fromstring('1.5 2', dtype=np.int64, sep=' ')"],
    [() => np.fromstring("1 x 3", { sep: " " }), "np.fromstring('1 x 3', sep=' ')"],
  ];
  const r = await numpy(cases.map(([, expr]) => ({ expr })));
  cases.forEach(([f, expr], i) => {
    const e = r[i];
    if ("error" in e) {
      assert.equal(e.error, "ValueError", expr);
      assert.throws(f, (err: Error) => err instanceof RangeError && err.message.endsWith(e.message), expr);
    } else assertMatches(f(), e.value, expr, { rtol: 0, atol: 0 });
  });
});

Deno.test("genfromtxt: delimiters, comments, header/footer, missing and filling values, usecols", async () => {
  const text = "# h\n1,2,3\n4,,6\n7,abc,9 # c\n\n10,11,12\nfoot\n";
  await Deno.writeTextFile(tmp("g.csv"), text);
  const lines = (s: string) => s.split("\n");
  const cases: [Promise<np.NDArray>, string][] = [
    [
      np.genfromtxt(tmp("g.csv"), { delimiter: ",", skipFooter: 1 }),
      `np.genfromtxt('${tmp("g.csv")}', delimiter=',', skip_footer=1)`,
    ],
    [
      np.genfromtxt(lines("a b\n1 2\n3 N/A"), { skipHeader: 1, missingValues: "N/A", fillingValues: -1 }),
      "np.genfromtxt(io.StringIO('a b\\n1 2\\n3 N/A'), skip_header=1, missing_values='N/A', filling_values=-1)",
    ],
    [np.genfromtxt(["1 2 3"]), "np.genfromtxt(io.StringIO('1 2 3'))"],
    [np.genfromtxt(["1", "2"]), "np.genfromtxt(io.StringIO('1\\n2'))"],
    [np.genfromtxt(["5"]), "np.genfromtxt(io.StringIO('5'))"],
    [
      np.genfromtxt(["1,2,3", "4,5,6"], { delimiter: ",", usecols: [0, -1] }),
      "np.genfromtxt(io.StringIO('1,2,3\\n4,5,6'), delimiter=',', usecols=(0, -1))",
    ],
    [
      np.genfromtxt(["1,2,3", "4,5,6"], "int64", { delimiter: "," }),
      "np.genfromtxt(io.StringIO('1,2,3\\n4,5,6'), delimiter=',', dtype=int)",
    ],
    [
      np.genfromtxt(["1,2,3", "4,,6"], "int64", { delimiter: "," }),
      "np.genfromtxt(io.StringIO('1,2,3\\n4,,6'), delimiter=',', dtype=int)",
    ],
    [
      np.genfromtxt(["1,2,3", "4,,6"], { delimiter: ",", fillingValues: { 1: 99 } }),
      "np.genfromtxt(io.StringIO('1,2,3\\n4,,6'), delimiter=',', filling_values={1: 99})",
    ],
    [
      np.genfromtxt(["123456", "789012"], { delimiter: [2, 4] }),
      "np.genfromtxt(io.StringIO('123456\\n789012'), delimiter=[2, 4])",
    ],
    [
      np.genfromtxt(["% c", "1;2", "3;4"], "float32", "%", ";"),
      "np.genfromtxt(io.StringIO('% c\\n1;2\\n3;4'), dtype=np.float32, comments='%', delimiter=';')",
    ],
    [
      np.genfromtxt(["1 2", "3 4", "5 6"], { maxRows: 2, unpack: true }),
      "np.genfromtxt(io.StringIO('1 2\\n3 4\\n5 6'), max_rows=2, unpack=True)",
    ],
    [np.genfromtxt(["1 2 3"], { ndmin: 2 }), "np.genfromtxt(io.StringIO('1 2 3'), ndmin=2)"],
    [np.genfromtxt(["1", "2"], { ndmin: 2 }), "np.genfromtxt(io.StringIO('1\\n2'), ndmin=2)"],
  ];
  const r = await numpy(cases.map(([, expr]) => ({ expr, setup: "import io" })));
  for (let i = 0; i < cases.length; i++) {
    const e = r[i];
    assert.ok("value" in e, `${cases[i][1]}: ${JSON.stringify(e)}`);
    assertMatches(await cases[i][0], e.value, cases[i][1], { rtol: 0, atol: 0 });
  }
  await assert.rejects(
    () => np.genfromtxt(["1,2,3", "4,5"], { delimiter: "," }),
    (e: Error) =>
      e instanceof RangeError && e.message === "Some errors were detected !\n    Line #2 (got 2 columns instead of 3)",
  );
  await assert.rejects(() => np.genfromtxt(5 as never), TypeError);
  await assert.rejects(() => np.genfromtxt(["1"], { bogus: 1 } as never), TypeError);
});
