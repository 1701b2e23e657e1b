/**
 * F.gridSample and F.affineGrid against PyTorch 2.13: values and gradients (input, grid, theta) for every mode,
 * padding mode and align_corners, 4-d and 5-d, float32 and float64, on random grids reaching far outside the image
 * and on grids of exact pixel, border and reflection points; NaN, infinite and huge coordinates; empty inputs;
 * PyTorch's errors; the call forms.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";
import { type ParityCase, randn, report, runParity } from "./harness.ts";

const F = nn.F;
type T = torch.Tensor;
type DT = "float32" | "float64";
const MODES_2D = ["bilinear", "nearest", "bicubic"] as const;
const MODES_3D = ["bilinear", "nearest"] as const;
const PADDINGS = ["zeros", "border", "reflection"] as const;
const DTYPES: DT[] = ["float32", "float64"];
const pyBool = (b: boolean) => (b ? "True" : "False");
const pyNum = (v: number) => (Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : String(v));
const pyList = (v: unknown): string => (Array.isArray(v) ? `[${v.map(pyList).join(", ")}]` : pyNum(v as number));

const sample = (mode: string, pad: string, ac: boolean) => (x: T, g: T) => F.gridSample(x, g, mode, pad, ac);
const pySample = (mode: string, pad: string, ac: boolean) =>
  `lambda x0, x1: F.grid_sample(x0, x1, mode='${mode}', padding_mode='${pad}', align_corners=${pyBool(ac)})`;

/** Every pair (x, y) of the values, as a [1, n, n, 2] grid (a [1, k, n, n, 3] one with the zs). */
function pairs(vs: number[], dtype: DT, zs?: number[]): T {
  const xy = vs.map((y) => vs.map((x) => [x, y]));
  return zs
    ? torch.tensor([zs.map((z) => xy.map((row) => row.map(([x, y]) => [x, y, z])))], { dtype })
    : torch.tensor([xy], { dtype });
}

// pixel centres, half-pixels, the borders (align_corners or not) and points reflected once or twice
const EXACT = [-3.5, -2, -1.25, -1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 1, 1.25, 2, 3];
const EXACT_3D = [-2, -1, -0.5, 0, 0.5, 1, 1.25, 3];

const cases: ParityCase[] = [];
let seed = 1;
for (const dt of DTYPES) {
  for (const ac of [false, true]) {
    for (const pad of PADDINGS) {
      const tag = `${pad} align=${ac} ${dt}`;
      for (const mode of MODES_2D) {
        const s = seed += 2;
        cases.push({
          id: `2d ${mode} ${tag} random`,
          py: pySample(mode, pad, ac),
          fn: sample(mode, pad, ac),
          // randn * 1.3 reaches about +-4: outside the image, reflected up to twice
          inputs: () => [randn(s, [2, 3, 5, 6], dt), randn(s + 1, [2, 4, 5, 2], dt).mul(1.3)],
        });
        cases.push({
          id: `2d ${mode} ${tag} exact points`,
          py: pySample(mode, pad, ac),
          fn: sample(mode, pad, ac),
          inputs: () => [randn(s, [1, 2, 4, 5], dt), pairs(EXACT, dt)],
        });
      }
      for (const mode of MODES_3D) {
        const s = seed += 2;
        cases.push({
          id: `3d ${mode} ${tag} random`,
          py: pySample(mode, pad, ac),
          fn: sample(mode, pad, ac),
          inputs: () => [randn(s, [2, 2, 3, 4, 5], dt), randn(s + 1, [2, 3, 2, 4, 3], dt).mul(1.3)],
        });
        cases.push({
          id: `3d ${mode} ${tag} exact points`,
          py: pySample(mode, pad, ac),
          fn: sample(mode, pad, ac),
          inputs: () => [randn(s, [1, 2, 3, 4, 5], dt), pairs(EXACT_3D, dt, [-1, 0.25, 1])],
        });
      }
    }
    // affine_grid's gradient w.r.t. theta, alone and through grid_sample
    const s = seed += 2;
    const theta2 = () => randn(s, [2, 2, 3], dt).mul(0.3).add(torch.tensor([[1, 0, 0], [0, 1, 0]], { dtype: dt }));
    const theta3 = () =>
      randn(s + 1, [2, 3, 4], dt).mul(0.3).add(torch.tensor([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]], { dtype: dt }));
    cases.push({
      id: `affine_grid 4d align=${ac} ${dt}`,
      py: `lambda t: F.affine_grid(t, [2, 3, 4, 5], align_corners=${pyBool(ac)})`,
      fn: (t) => F.affineGrid(t, [2, 3, 4, 5], ac),
      inputs: () => [theta2()],
    });
    cases.push({
      id: `affine_grid 5d align=${ac} ${dt}`,
      py: `lambda t: F.affine_grid(t, [2, 1, 3, 4, 5], align_corners=${pyBool(ac)})`,
      fn: (t) => F.affineGrid(t, [2, 1, 3, 4, 5], ac),
      inputs: () => [theta3()],
    });
    cases.push({
      id: `affine_grid unit sizes align=${ac} ${dt}`,
      py: `lambda t: F.affine_grid(t, [2, 1, 1, 1, 4], align_corners=${pyBool(ac)})`,
      fn: (t) => F.affineGrid(t, [2, 1, 1, 1, 4], ac),
      inputs: () => [theta3()],
    });
    for (const [mode, pad] of [["bilinear", "reflection"], ["bicubic", "border"], ["nearest", "zeros"]]) {
      cases.push({
        id: `affine_grid then grid_sample ${mode} ${pad} align=${ac} ${dt}`,
        py: `lambda t, x: F.grid_sample(x, F.affine_grid(t, [2, 3, 6, 7], align_corners=${
          pyBool(ac)
        }), mode='${mode}', padding_mode='${pad}', align_corners=${pyBool(ac)})`,
        fn: (t, x) => F.gridSample(x, F.affineGrid(t, [2, 3, 6, 7], ac), mode, pad, ac),
        inputs: () => [theta2(), randn(s + 2, [2, 3, 5, 4], dt)],
      });
    }
    cases.push({
      id: `affine_grid then grid_sample 3d align=${ac} ${dt}`,
      py: `lambda t, x: F.grid_sample(x, F.affine_grid(t, [2, 2, 3, 4, 5], align_corners=${
        pyBool(ac)
      }), padding_mode='border', align_corners=${pyBool(ac)})`,
      fn: (t, x) => F.gridSample(x, F.affineGrid(t, [2, 2, 3, 4, 5], ac), "bilinear", "border", ac),
      inputs: () => [theta3(), randn(s + 3, [2, 2, 4, 3, 5], dt)],
    });
  }
}

// NaN, infinite and huge coordinates where both sides' gradients are defined (PyTorch's backward reads outside the
// image for NaN with border or reflection padding, and for infinities with reflection)
const WILD = [[NaN, 0.1], [Infinity, 0.2], [-Infinity, -0.3], [1e10, 0.4], [-1e10, 0.1], [0.3, NaN], [0.2, -1e10]];
const noNaN = (ps: number[][]) => ps.filter((p) => !p.some(Number.isNaN));
const finite = (ps: number[][]) => ps.filter((p) => p.every(Number.isFinite));
// the 3-d loop casts its reflection's flip count to an int: past 2^31 its result is undefined
const modest = (ps: number[][]) => ps.filter((p) => p.every((v) => Math.abs(v) < 1e9));
const WILD_3D = WILD.map(([x, y]) => [x, y, 0.25]).concat([[0.1, 0.2, NaN], [0.1, 0.2, -Infinity]]);
for (const dt of DTYPES) {
  for (const ac of [false, true]) {
    for (const [pad, pick] of [["zeros", (p: number[][]) => p], ["border", noNaN], ["reflection", finite]] as const) {
      for (const mode of MODES_2D) {
        cases.push({
          id: `2d ${mode} ${pad} align=${ac} ${dt} non-finite grid`,
          py: pySample(mode, pad, ac),
          fn: sample(mode, pad, ac),
          inputs: () => [randn(5, [1, 2, 3, 4], dt), torch.tensor([[pick(WILD).concat([[0.5, -0.5]])]], { dtype: dt })],
        });
      }
      for (const mode of MODES_3D) {
        cases.push({
          id: `3d ${mode} ${pad} align=${ac} ${dt} non-finite grid`,
          py: pySample(mode, pad, ac),
          fn: sample(mode, pad, ac),
          inputs: () => [
            randn(6, [1, 2, 2, 3, 4], dt),
            torch.tensor([[[
              (pad === "reflection" ? modest(pick(WILD_3D)) : pick(WILD_3D)).concat([[0.5, -0.5, 0.1]]),
            ]]], { dtype: dt }),
          ],
        });
      }
    }
  }
}

// strided operands (a transposed input, a grid made by permuting its coordinate dim into place), a default mode
cases.push({
  id: "2d strided input and grid",
  py: "lambda x0, x1: F.grid_sample(x0.transpose(2, 3), x1.permute(0, 2, 3, 1), padding_mode='reflection')",
  fn: (x, g) => F.gridSample(x.transpose(2, 3), g.permute(0, 2, 3, 1), { paddingMode: "reflection" }),
  inputs: () => [randn(40, [2, 3, 6, 5]), randn(41, [2, 2, 4, 3]).mul(1.3)],
});
cases.push({
  id: "2d only the grid requires grad",
  py: pySample("bicubic", "border", true),
  fn: sample("bicubic", "border", true),
  inputs: () => [randn(42, [1, 2, 4, 5]), randn(43, [1, 3, 3, 2])],
  grad: [false, true],
});

Deno.test("grid_sample and affine_grid: values and gradients against PyTorch", async () => {
  report("grid_sample / affine_grid", await runParity(cases));
});

// ---------- values, errors and edge cases (evaluated in one Python process) ----------

const x2 = () => torch.arange(12, { dtype: "float32" }).reshape(1, 1, 3, 4).add(1);
const X2 = "torch.arange(1., 13.).reshape(1, 1, 3, 4)";
const x3 = () => torch.arange(24, { dtype: "float32" }).reshape(1, 1, 2, 3, 4).add(1);
const X3 = "torch.arange(1., 25.).reshape(1, 1, 2, 3, 4)";
const z = (...s: number[]) => torch.zeros(s);
const zl = (...s: number[]) => torch.zeros(s, { dtype: "int64" });
const zd = (...s: number[]) => torch.zeros(s, { dtype: "float64" });

const CASES: [py: string, ours: () => unknown][] = [];
// every non-finite and huge coordinate, each mode and padding (but the 3-d loop's undefined huge reflections)
const POINTS_2D = [
  ...[[NaN, 0.1], [Infinity, 0.1], [-Infinity, 0.1], [1e10, 0.1], [-1e10, 0.1]],
  ...[[3, -3], [0.2, NaN], [0.4, -Infinity], [0.3, 1e10], [-0.7, 0.9]],
];
const POINTS_3D = [
  ...[[NaN, 0.1, 0.3], [Infinity, 0.1, 0.3], [-Infinity, 0.1, 0.3], [1e10, 0.1, 0.3], [-1e10, 0.1, 0.3]],
  ...[[3, -3, 0.3], [0.2, 0.1, NaN], [0.4, -Infinity, 0.3], [-0.7, 0.9, 0.1]],
];
for (const ac of [false, true]) {
  for (const pad of PADDINGS) {
    for (const mode of MODES_2D) {
      const g = [[POINTS_2D]];
      CASES.push([
        `F.grid_sample(${X2}, torch.tensor(${pyList(g)}), '${mode}', '${pad}', ${pyBool(ac)})`,
        () => F.gridSample(x2(), torch.tensor(g, { dtype: "float32" }), mode, pad, ac),
      ]);
    }
    for (const mode of MODES_3D) {
      const g = [[[pad === "reflection" ? modest(POINTS_3D) : POINTS_3D]]];
      CASES.push([
        `F.grid_sample(${X3}, torch.tensor(${pyList(g)}), '${mode}', '${pad}', ${pyBool(ac)})`,
        () => F.gridSample(x3(), torch.tensor(g, { dtype: "float32" }), mode, pad, ac),
      ]);
    }
  }
}
CASES.push(
  // align_corners defaults to False; the options object and mixed forms
  [`F.grid_sample(${X2}, torch.tensor([[[[0.3, -0.2]]]]))`, () => F.gridSample(x2(), torch.tensor([[[[0.3, -0.2]]]]))],
  [
    `F.grid_sample(${X2}, torch.tensor([[[[0.3, -0.2]]]]), 'bicubic', align_corners=True)`,
    () => F.gridSample(x2(), torch.tensor([[[[0.3, -0.2]]]]), "bicubic", { alignCorners: true }),
  ],
  [
    `F.grid_sample(input=${X2}, grid=torch.tensor([[[[1.3, -0.2]]]]), padding_mode='border', mode='nearest')`,
    () => F.gridSample({ input: x2(), grid: torch.tensor([[[[1.3, -0.2]]]]), paddingMode: "border", mode: "nearest" }),
  ],
  // PyTorch's errors, in its order
  [`F.grid_sample(${X2}, torch.zeros(1, 2, 2, 2), mode='area')`, () => F.gridSample(x2(), z(1, 2, 2, 2), "area")],
  [
    `F.grid_sample(${X2}, torch.zeros(1, 2, 2, 2), mode='Bilinear')`,
    () => F.gridSample(x2(), z(1, 2, 2, 2), { mode: "Bilinear" }),
  ],
  [
    `F.grid_sample(${X2}, torch.zeros(1, 2, 2, 2), padding_mode='circular')`,
    () => F.gridSample(x2(), z(1, 2, 2, 2), { paddingMode: "circular" }),
  ],
  [
    "F.grid_sample(torch.zeros(1, 1, 0, 4), torch.zeros(2, 2, 2, 2), mode='x')",
    () => F.gridSample(z(1, 1, 0, 4), z(2, 2, 2, 2), "x"),
  ],
  ["F.grid_sample(torch.zeros(()), torch.zeros(1, 2, 2, 2))", () => F.gridSample(z(), z(1, 2, 2, 2))],
  ["F.grid_sample(torch.zeros(1, 1, 3, 4), torch.zeros(()))", () => F.gridSample(z(1, 1, 3, 4), z())],
  ["F.grid_sample(torch.zeros(1, 1, 3, 4), torch.zeros(2, 2, 2, 2))", () => F.gridSample(z(1, 1, 3, 4), z(2, 2, 2, 2))],
  ["F.grid_sample(torch.zeros(1, 1, 3, 4), torch.zeros(2))", () => F.gridSample(z(1, 1, 3, 4), z(2))],
  [
    "F.grid_sample(torch.zeros(1, 1, 3, 4, dtype=torch.long), torch.zeros(2, 2, 2, 2))",
    () => F.gridSample(zl(1, 1, 3, 4), z(2, 2, 2, 2)),
  ],
  ["F.grid_sample(torch.zeros(1, 1, 3, 4), torch.zeros(1, 2, 2, 3))", () => F.gridSample(z(1, 1, 3, 4), z(1, 2, 2, 3))],
  [
    "F.grid_sample(torch.zeros(1, 1, 3, 4, 5), torch.zeros(1, 2, 2, 2, 2))",
    () => F.gridSample(z(1, 1, 3, 4, 5), z(1, 2, 2, 2, 2)),
  ],
  ["F.grid_sample(torch.zeros(3), torch.zeros(3, 2))", () => F.gridSample(z(3), z(3, 2))],
  ["F.grid_sample(torch.zeros(1, 1, 0, 4), torch.zeros(1, 2, 2, 3))", () => F.gridSample(z(1, 1, 0, 4), z(1, 2, 2, 3))],
  [
    "F.grid_sample(torch.zeros(1, 1, 0, 4), torch.zeros(1, 2, 2, 2, 2))",
    () => F.gridSample(z(1, 1, 0, 4), z(1, 2, 2, 2, 2)),
  ],
  [
    "F.grid_sample(torch.zeros(1, 1, 3, 4, 0), torch.zeros(1, 2, 2, 2, 3))",
    () => F.gridSample(z(1, 1, 3, 4, 0), z(1, 2, 2, 2, 3)),
  ],
  [
    "F.grid_sample(torch.zeros(1, 1, 3, 4), torch.zeros(1, 2, 2, 2, 2))",
    () => F.gridSample(z(1, 1, 3, 4), z(1, 2, 2, 2, 2)),
  ],
  ["F.grid_sample(torch.zeros(1, 1, 3, 4), torch.zeros(1, 2))", () => F.gridSample(z(1, 1, 3, 4), z(1, 2))],
  [
    "F.grid_sample(torch.zeros(1, 1, 3, 4, 5), torch.zeros(1, 2, 2, 3))",
    () => F.gridSample(z(1, 1, 3, 4, 5), z(1, 2, 2, 3)),
  ],
  ["F.grid_sample(torch.zeros(1, 3, 4), torch.zeros(1, 2, 1))", () => F.gridSample(z(1, 3, 4), z(1, 2, 1))],
  [
    "F.grid_sample(torch.zeros(1, 1, 1, 3, 4, 5), torch.zeros(1, 1, 2, 2, 2, 4))",
    () => F.gridSample(z(1, 1, 1, 3, 4, 5), z(1, 1, 2, 2, 2, 4)),
  ],
  [
    "F.grid_sample(torch.zeros(1, 1, 3, 4, 5), torch.zeros(1, 2, 2, 2, 3), mode='bicubic')",
    () => F.gridSample(z(1, 1, 3, 4, 5), z(1, 2, 2, 2, 3), "bicubic"),
  ],
  [
    "F.grid_sample(torch.zeros(1, 1, 3, 4, 5, dtype=torch.long), torch.zeros(1, 2, 2, 2, 3), mode='bicubic')",
    () => F.gridSample(zl(1, 1, 3, 4, 5), z(1, 2, 2, 2, 3), "bicubic"),
  ],
  // dtypes: the input's kernel first, then the grid against it
  [
    "F.grid_sample(torch.zeros(1, 1, 3, 4, dtype=torch.long), torch.zeros(1, 2, 2, 2))",
    () => F.gridSample(zl(1, 1, 3, 4), z(1, 2, 2, 2)),
  ],
  [
    "F.grid_sample(torch.zeros(1, 1, 3, 4, dtype=torch.bool), torch.zeros(1, 2, 2, 2, dtype=torch.bool))",
    () => F.gridSample(torch.zeros([1, 1, 3, 4], { dtype: "bool" }), torch.zeros([1, 2, 2, 2], { dtype: "bool" })),
  ],
  [
    "F.grid_sample(torch.zeros(1, 1, 3, 4, 5, dtype=torch.int32), torch.zeros(1, 2, 2, 2, 3))",
    () => F.gridSample(torch.zeros([1, 1, 3, 4, 5], { dtype: "int32" }), z(1, 2, 2, 2, 3)),
  ],
  [
    "F.grid_sample(torch.zeros(1, 1, 3, 4), torch.zeros(1, 2, 2, 2, dtype=torch.float64))",
    () => F.gridSample(z(1, 1, 3, 4), zd(1, 2, 2, 2)),
  ],
  [
    "F.grid_sample(torch.zeros(1, 1, 3, 4, 5, dtype=torch.float64), torch.zeros(1, 2, 2, 2, 3))",
    () => F.gridSample(zd(1, 1, 3, 4, 5), z(1, 2, 2, 2, 3)),
  ],
  [
    "F.grid_sample(torch.zeros(1, 1, 3, 4), torch.zeros(1, 2, 2, 2, dtype=torch.long))",
    () => F.gridSample(z(1, 1, 3, 4), zl(1, 2, 2, 2)),
  ],
  // empty outputs: computed without a check of the dtypes (except the 5-d input's)
  ["F.grid_sample(torch.zeros(0, 1, 3, 4), torch.zeros(0, 2, 2, 2))", () => F.gridSample(z(0, 1, 3, 4), z(0, 2, 2, 2))],
  ["F.grid_sample(torch.zeros(2, 0, 3, 4), torch.zeros(2, 2, 2, 2))", () => F.gridSample(z(2, 0, 3, 4), z(2, 2, 2, 2))],
  [
    "F.grid_sample(torch.zeros(2, 1, 3, 4), torch.zeros(2, 0, 2, 2), 'bicubic')",
    () => F.gridSample(z(2, 1, 3, 4), z(2, 0, 2, 2), "bicubic"),
  ],
  [
    "F.grid_sample(torch.zeros(1, 1, 3, 4, 5), torch.zeros(1, 0, 2, 2, 3))",
    () => F.gridSample(z(1, 1, 3, 4, 5), z(1, 0, 2, 2, 3)),
  ],
  [
    "F.grid_sample(torch.zeros(0, 1, 3, 4, dtype=torch.long), torch.zeros(0, 2, 2, 2))",
    () => F.gridSample(zl(0, 1, 3, 4), z(0, 2, 2, 2)),
  ],
  [
    "F.grid_sample(torch.zeros(1, 1, 3, 4), torch.zeros(1, 0, 2, 2, dtype=torch.float64))",
    () => F.gridSample(z(1, 1, 3, 4), zd(1, 0, 2, 2)),
  ],
  [
    "F.grid_sample(torch.zeros(1, 0, 3, 4, 5), torch.zeros(1, 2, 2, 2, 3, dtype=torch.float64))",
    () => F.gridSample(z(1, 0, 3, 4, 5), zd(1, 2, 2, 2, 3)),
  ],
  [
    "F.grid_sample(torch.zeros(0, 1, 3, 4, 5, dtype=torch.long), torch.zeros(0, 2, 2, 2, 3))",
    () => F.gridSample(zl(0, 1, 3, 4, 5), z(0, 2, 2, 2, 3)),
  ],
  // affine_grid
  [
    "F.affine_grid(torch.tensor([[[1., 2, 3], [4, 5, 6]]]), [1, 1, 1, 1], False)",
    () => F.affineGrid(torch.tensor([[[1, 2, 3], [4, 5, 6]]], { dtype: "float32" }), [1, 1, 1, 1], false),
  ],
  [
    "F.affine_grid(torch.tensor([[[1., 2, 3], [4, 5, 6]]]), [1, 1, 1, 3], True)",
    () => F.affineGrid(torch.tensor([[[1, 2, 3], [4, 5, 6]]], { dtype: "float32" }), [1, 1, 1, 3], true),
  ],
  [
    "F.affine_grid(torch.tensor([[[1., 2, 3], [4, 5, 6]]]), [1, 1, 7, 3])",
    () => F.affineGrid(torch.tensor([[[1, 2, 3], [4, 5, 6]]], { dtype: "float32" }), [1, 1, 7, 3]),
  ],
  [
    "F.affine_grid(torch.tensor([[[1., 2, 3], [4, 5, 6]]], dtype=torch.float64), size=[1, 1, 7, 3], align_corners=True)",
    () =>
      F.affineGrid({
        theta: torch.tensor([[[1, 2, 3], [4, 5, 6]]], { dtype: "float64" }),
        size: [1, 1, 7, 3],
        alignCorners: true,
      }),
  ],
  ["F.affine_grid(torch.zeros(0, 2, 3), [0, 1, 1, 2], True)", () => F.affineGrid(z(0, 2, 3), [0, 1, 1, 2], true)],
  ["F.affine_grid(torch.zeros(1, 2, 3), [1, -1, 1, 2], True)", () => F.affineGrid(z(1, 2, 3), [1, -1, 1, 2], true)],
  ["F.affine_grid(torch.zeros(1, 3, 4), [1, 1, 1, 1, 1], True)", () => F.affineGrid(z(1, 3, 4), [1, 1, 1, 1, 1], true)],
  [
    "F.affine_grid(torch.zeros(1, 2, 3, dtype=torch.long), [1, 1, 2, 2])",
    () => F.affineGrid(zl(1, 2, 3), [1, 1, 2, 2]),
  ],
  [
    "F.affine_grid(torch.zeros(1, 2, 3, dtype=torch.bool), [1, 1, 2, 2])",
    () => F.affineGrid(torch.zeros([1, 2, 3], { dtype: "bool" }), [1, 1, 2, 2]),
  ],
  ["F.affine_grid(torch.zeros(1, 2, 3), [1, 1, 2, 2, 2])", () => F.affineGrid(z(1, 2, 3), [1, 1, 2, 2, 2])],
  ["F.affine_grid(torch.zeros(1, 3, 4), [1, 1, 2, 2])", () => F.affineGrid(z(1, 3, 4), [1, 1, 2, 2])],
  ["F.affine_grid(torch.zeros(2, 3), [1, 1, 2, 2])", () => F.affineGrid(z(2, 3), [1, 1, 2, 2])],
  ["F.affine_grid(torch.zeros(1, 1, 2, 3), [1, 1, 2, 2])", () => F.affineGrid(z(1, 1, 2, 3), [1, 1, 2, 2])],
  ["F.affine_grid(torch.zeros(1, 2, 3), [1, 1, 2])", () => F.affineGrid(z(1, 2, 3), [1, 1, 2])],
  ["F.affine_grid(torch.zeros(1, 2, 3), [1, 1, 2, 2, 2, 2])", () => F.affineGrid(z(1, 2, 3), [1, 1, 2, 2, 2, 2])],
  ["F.affine_grid(torch.zeros(1, 2, 3), 4)", () => F.affineGrid(z(1, 2, 3), 4)],
  ["F.affine_grid(torch.zeros(1, 2, 3), [1, 1, 0, 2])", () => F.affineGrid(z(1, 2, 3), [1, 1, 0, 2])],
  ["F.affine_grid(torch.zeros(1, 2, 3), [1, 1, 0, 2], True)", () => F.affineGrid(z(1, 2, 3), [1, 1, 0, 2], true)],
  ["F.affine_grid(torch.zeros(1, 2, 3), [1, 1, 1, -2], True)", () => F.affineGrid(z(1, 2, 3), [1, 1, 1, -2], true)],
  ["F.affine_grid(torch.zeros(1, 2, 3), [1, 0, 2, 2])", () => F.affineGrid(z(1, 2, 3), [1, 0, 2, 2])],
  ["F.affine_grid(torch.zeros(0, 2, 3), [0, 1, 2, 2])", () => F.affineGrid(z(0, 2, 3), [0, 1, 2, 2])],
  ["F.affine_grid(torch.zeros(1, 2, 3), [-1, 1, 1, 2], True)", () => F.affineGrid(z(1, 2, 3), [-1, 1, 1, 2], true)],
  ["F.affine_grid(torch.zeros(2, 2, 3), [1, 1, 2, 2])", () => F.affineGrid(z(2, 2, 3), [1, 1, 2, 2])],
  ["F.affine_grid(torch.zeros(1, 3, 4), [2, 1, 2, 2, 2])", () => F.affineGrid(z(1, 3, 4), [2, 1, 2, 2, 2])],
);
const results = await numpy(
  CASES.map(([py]) => ({
    torch: true,
    setup: "F = torch.nn.functional\nnan = float('nan')\ninf = float('inf')",
    expr: py,
  })),
);

Deno.test("grid_sample / affine_grid: non-finite coordinates, empty inputs, call forms and PyTorch's errors", () => {
  assert.deepEqual(caseFailures(CASES, results), []);
});

Deno.test("grid_sample's nearest mode gives the grid a zero gradient, also when only the grid requires grad", () => {
  for (const [x, g] of [[x2(), torch.rand([1, 2, 3, 2])], [x3(), torch.rand([1, 2, 3, 2, 3])]]) {
    const grid = g.mul(2).sub(1).requiresGrad_();
    const y = F.gridSample(x, grid, "nearest");
    assert.ok(y.requiresGrad);
    y.sum().backward();
    assert.deepEqual(grid.grad!.shape, grid.shape);
    assert.ok((grid.grad!.abs().sum().item() as number) === 0);
  }
});

Deno.test("grid_sample / affine_grid take every call form; an unknown option is named", () => {
  const x = torch.randn(2, 3, 5, 6), g = torch.rand([2, 4, 3, 2]).mul(2.4).sub(1.2);
  const want = F.gridSample(x, g, "bicubic", "reflection", true).tolist();
  for (
    const y of [
      F.gridSample(x, g, "bicubic", { paddingMode: "reflection", alignCorners: true }),
      F.gridSample(x, g, { mode: "bicubic", paddingMode: "reflection", alignCorners: true }),
      F.gridSample({ input: x, grid: g, mode: "bicubic", paddingMode: "reflection", alignCorners: true }),
      F.gridSample(x, { grid: g, alignCorners: true, mode: "bicubic", paddingMode: "reflection" }),
    ]
  ) assert.deepEqual(y.tolist(), want);
  assert.throws(() => F.gridSample(x, g, { pading: "border" } as never), /pading/);
  assert.throws(() => F.gridSample(x, g, "bilinear", "zeros", true, 5 as never), /positional/);
  const theta = torch.randn(2, 2, 3), grid = F.affineGrid(theta, [2, 3, 4, 5], true).tolist();
  assert.deepEqual(F.affineGrid(theta, [2, 3, 4, 5], { alignCorners: true }).tolist(), grid);
  assert.deepEqual(F.affineGrid({ theta, size: [2, 3, 4, 5], alignCorners: true }).tolist(), grid);
  assert.throws(() => F.affineGrid(theta, [2, 3, 4, 5], { alignCorner: true } as never), /alignCorner/);
});

Deno.test("grid_sample refuses operands on two devices with PyTorch's message", async () => {
  const { registerBackend } = await import("../../src/backend/backend.ts");
  const { cpuBackend } = await import("../../src/backend/cpu.ts");
  registerBackend(cpuBackend("privateuseone:0"));
  const x = torch.zeros([1, 1, 3, 4], { device: "privateuseone:0" });
  assert.throws(
    () => F.gridSample(x, z(1, 2, 2, 2)),
    (e: Error) =>
      e instanceof torch.RuntimeError &&
      e.message ===
        "grid_sampler(): expected input and grid to be on same device, but input is on privateuseone:0 and grid is on cpu",
  );
  const g = torch.zeros([1, 2, 2, 2], { device: "privateuseone:0" });
  assert.equal(F.gridSample(x, g).device, "privateuseone:0");
  assert.equal(
    F.affineGrid(torch.zeros([1, 2, 3], { device: "privateuseone:0" }), [1, 1, 2, 2]).device,
    "privateuseone:0",
  );
});
