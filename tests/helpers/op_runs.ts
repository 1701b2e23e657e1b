/**
 * Oracle runs shared by the function-family tests (tests/api/*_extra*_test.ts):
 * one call written in Python and in TypeScript over the same inputs, and
 * element-wise ops swept over every dtype and a few broadcast shapes with
 * special values salted into the float data.
 */
import { np, torch } from "../../mod.ts";
import { build, buildT, type Input, randomInput, rng, type Run } from "./oracle.ts";

/** A NumPy run: `expr` over inputs a0, a1, ...; `ours` gets the same inputs as NDArrays. */
export const npRun = (expr: string, inputs: Input[], ours: (...a: np.NDArray[]) => unknown): Run => ({
  c: { expr, inputs: Object.fromEntries(inputs.map((x, i) => [`a${i}`, x])) },
  ours: () => ours(...inputs.map(build)),
});

/** A PyTorch run, as npRun with tensors. */
export const tRun = (expr: string, inputs: Input[], ours: (...a: torch.Tensor[]) => unknown): Run => ({
  c: { expr, inputs: Object.fromEntries(inputs.map((x, i) => [`a${i}`, x])), torch: true },
  ours: () => ours(...inputs.map(buildT)),
});

/** An oracle input of `dtype` holding `data` (1-d unless a shape is given). */
export const typed = (dtype: string, data: (number | boolean)[], shape = [data.length]): Input => ({
  data,
  dtype,
  shape,
});
/** float64 / float32 / int64 oracle inputs. */
export const f64 = (data: number[], shape?: number[]): Input => typed("float64", data, shape);
export const f32 = (data: number[], shape?: number[]): Input => typed("float32", data, shape);
export const i64 = (data: number[], shape?: number[]): Input => typed("int64", data, shape);

/** A NumPy case over named inputs: `expr` in Python, `ours` builds its own arrays. */
export const npCase = (expr: string, inputs: Record<string, Input>, ours: () => unknown, tol?: Run["tol"]): Run => ({
  c: { expr, inputs },
  ours,
  tol,
});
/** A PyTorch case, as npCase. */
export const tCase = (expr: string, inputs: Record<string, Input>, ours: () => unknown, tol?: Run["tol"]): Run => ({
  c: { expr, inputs, torch: true },
  ours,
  tol,
});

/** The dtypes the sweeps cover (dendrite's). */
export const DTYPES = ["bool", "uint8", "int32", "int64", "float32", "float64"];
/** Shape pairs of the sweeps: equal, broadcast, empty against one, 0-d. */
export const SHAPES: [number[], number[]][] = [[[3, 4], [3, 4]], [[3, 1], [4]], [[0], [1]], [[], []]];

type F = (...xs: never[]) => unknown;
/** np and torch as records of functions by name (ops named in a table). */
export const npf = np as unknown as Record<string, F>;
export const tf = torch as unknown as Record<string, F>;

/**
 * Sweeps of unary and binary ops whose float inputs hold `special` at every
 * third element (NaN, infinities, zeros: the values where ops differ).
 */
export function opRuns(special: readonly number[]) {
  const input = (r: () => number, dtype: string, shape: number[]): Input => {
    const x = randomInput(r, dtype, shape);
    if (dtype.startsWith("float")) {
      x.data = x.data.map((v, i) => (i % 3 === 0 ? special[(i / 3) % special.length] : v));
    }
    return x;
  };
  /** Calls of a unary op on every dtype and shape (`extra`: Python's and our trailing arguments). */
  const unaryRuns = (ours: string, py: string, fe: "np" | "torch", dtypes = DTYPES, extra?: [string, unknown]) => {
    const r = rng(ours.length * 7 + (fe === "np" ? 1 : 2));
    const tail = extra ? `, ${extra[0]}` : "", more = (extra ? [extra[1]] : []) as never[];
    return dtypes.flatMap((dt) =>
      SHAPES.map(([s]): Run => {
        const x = input(r, dt, s);
        return fe === "np"
          ? { c: { expr: `np.${py}(x${tail})`, inputs: { x } }, ours: () => npf[ours](build(x) as never, ...more) }
          : {
            c: { expr: `torch.${py}(x${tail})`, inputs: { x }, torch: true },
            ours: () => tf[ours](buildT(x) as never, ...more),
          };
      })
    );
  };
  /** Calls of a binary op on every pair of dtypes in `d1` x `d2` and every shape pair. */
  const binaryRuns = (ours: string, py: string, fe: "np" | "torch", d1 = DTYPES, d2 = DTYPES) => {
    const r = rng(ours.length * 13 + (fe === "np" ? 3 : 4));
    return d1.flatMap((a) =>
      d2.flatMap((b) =>
        SHAPES.map(([s1, s2]): Run => {
          const x = input(r, a, s1), y = input(r, b, s2);
          return fe === "np"
            ? {
              c: { expr: `np.${py}(x, y)`, inputs: { x, y } },
              ours: () => npf[ours](build(x) as never, build(y) as never),
            }
            : {
              c: { expr: `torch.${py}(x, y)`, inputs: { x, y }, torch: true },
              ours: () => tf[ours](buildT(x) as never, buildT(y) as never),
            };
        })
      )
    );
  };
  return { input, unaryRuns, binaryRuns };
}
