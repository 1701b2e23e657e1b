/** Fuzz: random shapes, strides (slices, negative steps, transposes, broadcasts) and dtypes through the kernels, compared with NumPy. */
import { np } from "../../mod.ts";
import { build, checkRuns, type Input, randomInput, rng, type Run } from "../helpers/oracle.ts";

const DTYPES = ["bool", "uint8", "int32", "int64", "float32", "float64"];
const seed = Number(Deno.env.get("FUZZ_SEED") ?? 1234);
const r = rng(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** A random base shape and a slicing string that gives a strided view of it. */
function randomView(ndim: number): { base: number[]; view: string } {
  const base: number[] = [], parts: string[] = [];
  for (let d = 0; d < ndim; d++) {
    const n = int(0, 6);
    base.push(n);
    const step = pick([1, 1, 2, -1, -2, 3]);
    const start = n > 0 && r() < 0.3 ? int(0, n - 1) : null;
    parts.push(`${step < 0 && start === null ? "" : start ?? ""}::${step}`);
  }
  return { base, view: parts.join(", ") };
}

const runs: Run[] = [];
const npAny = np as unknown as Record<string, (...a: unknown[]) => np.NDArray>;
for (let i = 0; i < 300; i++) {
  const nd = int(0, 4);
  const { base, view } = randomView(nd);
  const x: Input = randomInput(r, pick(DTYPES), base, nd ? view : undefined);
  const t = r() < 0.3 ? ".T" : "";
  const X = () => (t ? build(x).T : build(x));
  const kind = pick(["unary", "binary", "reduce", "cast", "copy"]);
  if (kind === "unary") {
    const op = pick(["negative", "abs", "sqrt", "exp", "floor", "isnan", "logicalNot", "square", "sign"]);
    const py = op.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
    runs.push({ c: { expr: `np.${py}(x${t})`, inputs: { x } }, ours: () => npAny[op](X()) });
  } else if (kind === "binary") {
    // a second operand broadcastable to x's view: same shape, trailing dims, or size-1 dims
    const shape = build(x).shape, vshape = t ? [...shape].reverse() : shape;
    const bshape = vshape.slice(int(0, vshape.length)).map((d) => (r() < 0.3 ? 1 : d));
    const y = randomInput(
      r,
      pick(DTYPES),
      bshape,
      bshape.length && r() < 0.5 ? bshape.map(() => "::-1").join(", ") : undefined,
    );
    const op = pick(["add", "subtract", "multiply", "maximum", "less", "equal", "logicalOr", "floorDivide"]);
    const py = op.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
    runs.push({ c: { expr: `np.${py}(x${t}, y)`, inputs: { x, y } }, ours: () => npAny[op](X(), build(y)) });
  } else if (kind === "reduce") {
    const op = pick(["sum", "max", "min", "any", "all", "prod"]);
    const axis = nd && r() < 0.7 ? int(-nd, nd - 1) : null;
    if ((op === "max" || op === "min") && build(x).size === 0) continue;
    runs.push({
      c: { expr: `np.${op}(x${t}, axis=${axis ?? "None"})`, inputs: { x } },
      ours: () => npAny[op](X(), axis),
    });
  } else if (kind === "cast") {
    const to = pick(DTYPES);
    runs.push({
      c: { expr: `x${t}.astype(np.${to === "bool" ? "bool_" : to})`, inputs: { x } },
      ours: () => X().astype(to),
    });
  } else {
    runs.push({ c: { expr: `x${t}.copy()`, inputs: { x } }, ours: () => X().copy() });
  }
}

Deno.test(`fuzz: ${runs.length} random kernels calls match NumPy (FUZZ_SEED=${seed})`, () =>
  checkRuns(runs, { rtol: 1e-5, atol: 1e-5 }));
