/**
 * torch.setPrintoptions against PyTorch 2.13: the repr of a matrix of
 * tensors (floats with small / large values, integral floats, NaN and inf,
 * ties that Python rounds to even, ints, bools, 0-d, empty, summarized, 3-d,
 * requires_grad suffixes) under each option (precision, threshold,
 * edgeitems, linewidth, profile, sciMode), the call forms, PyTorch's
 * resetting of sciMode on every call, and the errors. Every test sets the
 * "default" profile back in `finally` (which also resets sciMode).
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import type { SetPrintoptionsArgs } from "../../src/torch/print_options.ts";
import { buildT, type Input, numpy, type OracleResult, rng } from "../helpers/oracle.ts";

const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
const input = (data: Input["data"], dtype: string, shape = [data.length]): Input => ({ data, dtype, shape });
const r = rng(5);

// [name, data, requires_grad]
const TENSORS: [string, Input, boolean?][] = [
  ["mixed", input([1.5, 2.25, -3, 0.1], "float32")],
  ["2-d", input([1 / 3, 2 / 3, 1, 4 / 3, 5 / 3, 2], "float32", [2, 3])],
  ["small", input([1e-5, 1, 1000], "float32")],
  ["large", input([1e10, 1], "float32")],
  ["huge f64", input([1e22, 1.5], "float64")],
  ["ties", input([0.125, 0.375, 2.5, -0.625], "float32")],
  ["integral", input([1, 2, 300, -4], "float32")],
  ["integral large", input([1e9, 2], "float32")],
  ["integral wide", input([1, 5000], "float64")],
  ["nan inf", input([NaN, 1.5, -Infinity, Infinity], "float32")],
  ["nan inf integral", input([NaN, 2, -Infinity], "float64")],
  ["only nan", input([NaN, NaN], "float32")],
  ["zeros", input([0, 0, 0], "float32")],
  ["f64", input([0.1, 0.2, 1e-3], "float64")],
  ["ints", input([1, -200, 3], "int64")],
  ["int32", input([5, 10, 12345], "int32")],
  ["uint8", input([0, 255, 7], "uint8")],
  ["bools", input([true, false, true], "bool")],
  ["0-d", input([3.141592653589793], "float32", [])],
  ["0-d small", input([1e-7], "float64", [])],
  ["0-d int", input([-5], "int64", [])],
  ["0-d bool", input([false], "bool", [])],
  ["empty", input([], "float32", [0])],
  ["empty 2-d", input([], "float32", [0, 3])],
  ["empty int", input([], "int64", [0])],
  ["arange 2000", input(range(2000, (i) => i), "int64")],
  ["2000 floats", input(range(2000, (i) => i / 7), "float32", [40, 50])],
  ["3-d summarized", input(range(6000, () => Math.round((r() * 200 - 100) * 1e4) / 1e4), "float32", [10, 20, 30])],
  ["3-d", input(range(24, (i) => (i - 12) / 3), "float64", [2, 3, 4])],
  ["linspace", input(range(30, (i) => i / 29), "float32")],
  ["magnitudes", input(range(20, (i) => (r() - 0.5) * 10 ** (i % 7 - 3)), "float64")],
  ["requires grad", input(range(12, (i) => i / 4), "float32", [3, 4]), true],
  ["requires grad f64", input([1.5, -2], "float64"), true],
];

// [torch.set_printoptions's keywords (Python), the same call for dendrite]
const OPTIONS: [string, SetPrintoptionsArgs][] = [
  ["", [{}]],
  ["precision=2", [{ precision: 2 }]],
  ["precision=0", [{ precision: 0 }]],
  ["precision=8", [{ precision: 8 }]],
  ["threshold=5", [{ threshold: 5 }]],
  ["threshold=5, edgeitems=1", [{ threshold: 5, edgeitems: 1 }]],
  ["threshold=5, edgeitems=0", [{ threshold: 5, edgeitems: 0 }]],
  ["edgeitems=0", [{ edgeitems: 0 }]],
  ["edgeitems=5", [{ edgeitems: 5 }]],
  ["threshold=0", [{ threshold: 0 }]],
  ["linewidth=40", [{ linewidth: 40 }]],
  ["linewidth=10", [{ linewidth: 10 }]],
  ["linewidth=200", [{ linewidth: 200 }]],
  ["profile='short'", [{ profile: "short" }]],
  ["profile='full'", [{ profile: "full" }]],
  ["profile='short', precision=6", [{ profile: "short", precision: 6 }]],
  ["profile='bogus'", [{ profile: "bogus" }]],
  ["sci_mode=True", [{ sciMode: true }]],
  ["sci_mode=False", [{ sciMode: false }]],
  ["sci_mode=True, precision=2", [{ sciMode: true, precision: 2 }]],
  ["sci_mode=False, precision=0", [{ sciMode: false, precision: 0 }]],
  ["3, 10, 2, 50", [3, 10, 2, 50]],
  ["1, sci_mode=True", [1, { sciMode: true }]],
];

const MATRIX_SETUP = [
  "R = []",
  `for o in [${OPTIONS.map(([py]) => `"${py}"`).join(", ")}]:`,
  "    eval(f'torch.set_printoptions({o})')",
  "    R.append(repr(T))",
  "    torch.set_printoptions(profile='default')",
].join("\n");
const SEQUENCE_SETUP = [
  "t = torch.tensor([1e-5, 1.5, 1000]); n = torch.arange(20); R = []",
  "torch.set_printoptions(sci_mode=True); R.append(repr(t))",
  "torch.set_printoptions(6); R += [repr(t), repr(n)]",
  "torch.set_printoptions(threshold=10); R += [repr(t), repr(n)]",
  "torch.set_printoptions(None, None, 1, sci_mode=False); R += [repr(t), repr(n)]",
  "torch.set_printoptions(profile='full', linewidth=30); R += [repr(t), repr(n)]",
  "torch.set_printoptions(profile='default'); R += [repr(t), repr(n)]",
].join("\n");

let oracle: Promise<OracleResult[]> | undefined;
/** All of this file's PyTorch results, from one Python process: the matrix, then the sequence, then two errors. */
function torchResults(): Promise<OracleResult[]> {
  oracle ??= numpy([
    ...TENSORS.map(([, x, grad]) => ({
      torch: true,
      setup: (grad ? "T = T.requires_grad_()\n" : "") + MATRIX_SETUP,
      expr: "tuple(R)",
      inputs: { T: x },
    })),
    { torch: true, setup: SEQUENCE_SETUP, expr: "tuple(R)" },
    { torch: true, expr: "torch.set_printoptions(foo=1)" },
    { torch: true, expr: "torch.get_printoptions()" },
  ]);
  return oracle;
}

Deno.test("tensor repr under each print option matches PyTorch", async () => {
  const res = await torchResults();
  const bad: string[] = [];
  try {
    TENSORS.forEach(([name, x, grad], k) => {
      const want = res[k];
      assert.ok("value" in want && "tuple" in want.value, `${name}: ${JSON.stringify(want)}`);
      const texts = want.value.tuple.map((e) => (e as { str: string }).str);
      const t = grad ? buildT(x).requiresGrad_() : buildT(x);
      OPTIONS.forEach(([py, args], j) => {
        torch.setPrintoptions(...args);
        const got = t.toString();
        torch.setPrintoptions({ profile: "default" });
        if (got !== texts[j]) bad.push(`${name} / ${py || "defaults"}\n--- ours\n${got}\n--- torch\n${texts[j]}`);
      });
    });
  } finally {
    torch.setPrintoptions({ profile: "default" });
  }
  assert.equal(bad.slice(0, 20).join("\n\n"), "", `${bad.length} differences`);
});

Deno.test("setPrintoptions: options persist across calls, sciMode resets, profiles then options", async () => {
  const t = torch.tensor([1e-5, 1.5, 1000], { dtype: "float32" }), n = torch.arange(20);
  const got: string[] = [];
  try {
    torch.setPrintoptions({ sciMode: true });
    got.push(t.toString());
    torch.setPrintoptions(6); // precision 6; sciMode back to automatic
    got.push(t.toString(), n.toString());
    torch.setPrintoptions({ threshold: 10 }); // precision 6 kept
    got.push(t.toString(), n.toString());
    torch.setPrintoptions(null, null, 1, { sciMode: false });
    got.push(t.toString(), n.toString());
    torch.setPrintoptions({ profile: "full", linewidth: 30 });
    got.push(t.toString(), n.toString());
    torch.setPrintoptions({ profile: "default" });
    got.push(t.toString(), n.toString());
  } finally {
    torch.setPrintoptions({ profile: "default" });
  }
  const res = (await torchResults())[TENSORS.length];
  const want = (res as { value: { tuple: { str: string }[] } }).value.tuple.map((e) => e.str);
  assert.deepEqual(got, want);
});

Deno.test("setPrintoptions errors: unknown options and bad values; no getter, as in PyTorch", async () => {
  type Fn = (...args: unknown[]) => unknown;
  const set = torch.setPrintoptions as Fn;
  const before = torch.tensor([1 / 3]).toString();
  const [foo, get] = (await torchResults()).slice(TENSORS.length + 1);
  assert.ok("error" in foo && foo.error === "TypeError");
  assert.throws(() => set({ foo: 1 }), TypeError);
  assert.throws(() => set(1, 2, 3, 4, "default", true, 7), TypeError); // more positional values than parameters
  // PyTorch stores these and fails (or prints nonsense) at the next print; dendrite refuses them when set
  assert.throws(() => set({ precision: "x" }), TypeError);
  assert.throws(() => set({ precision: 1.5 }), TypeError);
  assert.throws(() => set({ sciMode: 1 }), TypeError);
  assert.throws(() => set({ profile: 3 }), TypeError);
  assert.throws(() => set({ precision: -1 }), RangeError);
  assert.throws(() => set({ edgeitems: -2 }), RangeError);
  assert.equal(torch.tensor([1 / 3]).toString(), before); // a refused call changes nothing
  // torch.get_printoptions / torch.printoptions are not public in PyTorch 2.13
  assert.ok("error" in get && get.error === "AttributeError");
  assert.equal("getPrintoptions" in torch, false);
});
