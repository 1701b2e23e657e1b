/**
 * The fused resampling kernels (kernels/cpu/resample.c) against PyTorch 2.13: F.interpolate's nearest,
 * nearest-exact and (bi/tri)linear modes over 1-3 spatial dims and F.gridSample's 2-d / 3-d bilinear / nearest modes with
 * every padding mode and align_corners, float32 and float64, values and gradients (input and grid), odd sizes, big
 * and small scales, channels-last and non-contiguous operands, and batch * channel counts large enough to run on
 * several threads. Also: double backward (grid_sample against PyTorch, interpolate), PyTorch's node names, results
 * independent of the thread count, and bad taps refused by the kernel instead of read out of bounds.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { P } from "../../src/nn/prims.ts";
import { type ParityCase, randn, report, runParity } from "./harness.ts";

const F = nn.F;
type T = torch.Tensor;
type DT = "float32" | "float64";
const DTYPES: DT[] = ["float32", "float64"];
const pyBool = (b: boolean) => (b ? "True" : "False");
const pyVal = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(pyVal).join(", ")}]` : typeof v === "boolean" ? pyBool(v) : String(v);

/** Options as PyTorch's keywords (camelCase to snake_case). */
const pyKw = (o: Record<string, unknown>) =>
  Object.entries(o).map(([k, v]) =>
    `${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}=${typeof v === "string" ? `'${v}'` : pyVal(v)}`
  )
    .join(", ");

const channelsLast = (x: T) => x.contiguous({ memoryFormat: x.ndim === 4 ? torch.channelsLast : torch.channelsLast3d });
/** The same values through a transposed view of a transposed copy (strides that are not C order). */
const strided = (x: T) => x.transpose(-1, -2).contiguous().transpose(-1, -2);

const cases: ParityCase[] = [];
let seed = 100;
const interp = (id: string, shape: number[], dt: DT, o: Record<string, unknown>, pre?: (x: T) => T) => {
  const s = seed++;
  cases.push({
    id: `interpolate ${id} ${dt} ${JSON.stringify(shape)} ${pyKw(o)}${pre ? ` ${pre.name}` : ""}`,
    py: `lambda x: F.interpolate(x, ${pyKw(o)})`,
    fn: (x) => F.interpolate(x, o as never),
    inputs: () => [pre ? pre(randn(s, shape, dt)) : randn(s, shape, dt)],
  });
};

const LINEAR: Record<number, string> = { 3: "linear", 4: "bilinear", 5: "trilinear" };
for (const dt of DTYPES) {
  for (const shape of [[2, 3, 7], [2, 3, 5, 7], [1, 2, 3, 5, 4]]) {
    const k = shape.length - 2;
    for (const mode of ["nearest", "nearest-exact", LINEAR[shape.length]]) {
      const linear = mode === LINEAR[shape.length];
      for (const align of linear ? [false, true] : [null]) {
        const ac = align === null ? {} : { alignCorners: align };
        // big and small scales, an explicit odd size, a recomputed scale, equal size with a scale other than 1
        interp(mode, shape, dt, { scaleFactor: 3.7, mode, ...ac });
        interp(mode, shape, dt, { scaleFactor: 0.45, mode, ...ac });
        interp(mode, shape, dt, { size: Array(k).fill(0).map((_, i) => 2 * i + 3), mode, ...ac });
        interp(mode, shape, dt, { scaleFactor: 1.7, mode, recomputeScaleFactor: true, ...ac });
        interp(mode, shape, dt, { scaleFactor: Array(k).fill(0).map((_, i) => (i % 2 ? 1.2 : 2)), mode, ...ac });
      }
    }
  }
  // channels-last and non-contiguous inputs
  for (const mode of ["nearest", "bilinear"]) {
    interp(mode, [2, 5, 6, 9], dt, { scaleFactor: 2.5, mode }, channelsLast);
    interp(mode, [2, 5, 6, 9], dt, { size: [13, 4], mode }, strided);
  }
  interp("trilinear", [1, 4, 3, 4, 5], dt, { scaleFactor: 1.6, mode: "trilinear" }, channelsLast);
  interp("nearest", [1, 4, 3, 4, 5], dt, { size: [5, 3, 7], mode: "nearest" }, strided);
  // enough planes and outputs for every thread, forward and backward
  interp("bilinear", [4, 6, 31, 45], dt, { size: [64, 91], mode: "bilinear", alignCorners: true });
  interp("nearest", [4, 6, 31, 45], dt, { scaleFactor: 2.3, mode: "nearest" });
  interp("trilinear", [3, 5, 9, 17, 23], dt, { scaleFactor: 1.9, mode: "trilinear" });
  interp("linear", [8, 16, 301], dt, { size: 777, mode: "linear" });
}

const gridCase = (id: string, x: () => T, g: () => T, mode: string, pad: string, ac: boolean) =>
  cases.push({
    id: `grid_sample ${id} ${mode} ${pad} align=${ac}`,
    py: `lambda x, g: F.grid_sample(x, g, mode='${mode}', padding_mode='${pad}', align_corners=${pyBool(ac)})`,
    fn: (x, grid) => F.gridSample(x, grid, { mode, paddingMode: pad, alignCorners: ac }),
    inputs: () => [x(), g()],
  });
for (const dt of DTYPES) {
  for (const mode of ["bilinear", "nearest"]) {
    for (const pad of ["zeros", "border", "reflection"]) {
      for (const ac of [false, true]) {
        const s = seed += 3;
        // randn * 1.4 reaches outside the image, reflected up to a few times
        gridCase(
          `${dt} odd`,
          () => randn(s, [2, 3, 5, 7], dt),
          () => randn(s + 1, [2, 4, 9, 2], dt).mul(1.4),
          mode,
          pad,
          ac,
        );
        gridCase(
          `${dt} non-contiguous`,
          () => strided(randn(s, [2, 3, 6, 4], dt)),
          () => randn(s + 1, [2, 2, 5, 3], dt).mul(1.4).permute(0, 2, 3, 1),
          mode,
          pad,
          ac,
        );
        gridCase(
          `${dt} channels-last`,
          () => channelsLast(randn(s, [1, 4, 3, 8], dt)),
          () => randn(s + 2, [1, 3, 3, 2], dt),
          mode,
          pad,
          ac,
        );
      }
    }
    const s = seed += 3;
    for (const pad of ["zeros", "border", "reflection"]) {
      for (const ac of [false, true]) {
        const s = seed += 3;
        gridCase(
          `3d ${dt}`,
          () => randn(s, [2, 3, 3, 4, 5], dt),
          () => randn(s + 1, [2, 2, 3, 4, 3], dt).mul(1.4),
          mode,
          pad,
          ac,
        );
        gridCase(
          `3d ${dt} non-contiguous`,
          () => strided(randn(s, [1, 2, 4, 3, 5], dt)),
          () => randn(s + 1, [1, 3, 2, 3, 4], dt).mul(1.4).permute(0, 2, 3, 4, 1),
          mode,
          pad,
          ac,
        );
      }
    }
    // many points and planes: every thread, and the input gradient's scatter over several planes at once
    gridCase(
      `${dt} threads`,
      () => randn(s, [4, 6, 33, 47], dt),
      () => randn(s + 1, [4, 61, 67, 2], dt).mul(0.8),
      mode,
      "zeros",
      false,
    );
    gridCase(
      `3d ${dt} threads`,
      () => randn(s + 2, [2, 5, 9, 17, 13], dt),
      () => randn(s + 3, [2, 11, 23, 19, 3], dt).mul(0.8),
      mode,
      "border",
      true,
    );
    gridCase(
      `${dt} one pixel`,
      () => randn(s, [2, 3, 1, 1], dt),
      () => randn(s + 1, [2, 3, 4, 2], dt),
      mode,
      "reflection",
      true,
    );
  }
}

// double backward through grid_sample: |d(sum y^2)/dx|^2 + |d(sum y^2)/dgrid|^2 and its gradients
for (
  const [shape, gshape, mode, pad] of [[[1, 2, 3, 4], [1, 2, 3, 2], "bilinear", "reflection"], [
    [1, 2, 3, 4, 2],
    [1, 2, 3, 2, 3],
    "bilinear",
    "zeros",
  ], [[1, 2, 3, 4], [1, 2, 3, 2], "nearest", "border"]] as const
) {
  const s = seed += 3;
  cases.push({
    id: `grid_sample double backward ${mode} ${pad} ${shape.length}-d`,
    py:
      `lambda x, g: (lambda gs: gs[0].pow(2).sum() + gs[1].pow(2).sum())(torch.autograd.grad(F.grid_sample(x, g, mode='${mode}', padding_mode='${pad}', align_corners=False).pow(2).sum(), [x, g], create_graph=True))`,
    fn: (x, g) => {
      const y = F.gridSample(x, g, { mode, paddingMode: pad, alignCorners: false });
      const [gx, gg] = torch.autograd.grad(y.pow(2).sum(), [x, g], { createGraph: true });
      return gx!.pow(2).sum().add(gg!.pow(2).sum());
    },
    inputs: () => [randn(s, [...shape], "float64"), randn(s + 1, [...gshape], "float64").mul(1.2)],
  });
}

Deno.test("the resampling kernels: values and gradients against PyTorch", async () => {
  report("resample kernels", await runParity(cases));
});

Deno.test("the resampling kernels record PyTorch's nodes", () => {
  const names: [string, number[], string][] = [
    ["nearest", [1, 1, 3], "UpsampleNearest1DBackward0"],
    ["nearest-exact", [1, 1, 3, 3], "UpsampleNearestExact2DBackward0"],
    ["nearest", [1, 1, 3, 3, 3], "UpsampleNearest3DBackward0"],
    ["linear", [1, 1, 3], "UpsampleLinear1DBackward0"],
    ["bilinear", [1, 1, 3, 3], "UpsampleBilinear2DBackward0"],
    ["trilinear", [1, 1, 3, 3, 3], "UpsampleTrilinear3DBackward0"],
  ];
  for (const [mode, shape, name] of names) {
    const x = torch.ones(shape, { requiresGrad: true });
    assert.equal(F.interpolate(x, { scaleFactor: 2, mode }).gradFn?.name, name);
  }
  const x = torch.ones([1, 1, 3, 3], { requiresGrad: true });
  assert.equal(
    F.gridSample(x, torch.zeros([1, 2, 2, 2]), { alignCorners: false }).gradFn?.name,
    "GridSampler2DBackward0",
  );
  const x3 = torch.ones([1, 1, 3, 3, 3], { requiresGrad: true });
  const y3 = F.gridSample(x3, torch.zeros([1, 2, 2, 2, 3]), { alignCorners: false });
  assert.equal(y3.gradFn?.name, "GridSampler3DBackward0");
});

Deno.test("double backward through the interpolation kernels: the gradient is linear in the output gradient", () => {
  // y = L x, so d/dx sum((L^T (L x))) is L^T L 1, the same as the gradient of sum(L x * L 1)
  for (const mode of ["bilinear", "nearest"]) {
    const x = randn(7, [2, 3, 4, 5], "float64").requiresGrad_(true);
    const f = (t: T) => F.interpolate(t, { scaleFactor: 1.5, mode });
    const [gx] = torch.autograd.grad(f(x).pow(2).sum().div(2), x, { createGraph: true });
    const [ggx] = torch.autograd.grad(gx!.sum(), x);
    const ones = torch.ones([2, 3, 4, 5], { dtype: "float64" });
    const x2 = x.detach().requiresGrad_(true);
    const [want] = torch.autograd.grad(f(x2).mul(f(ones)).sum(), x2);
    assert.ok((ggx!.sub(want!).abs().max().item() as number) < 1e-12, mode);
  }
});

Deno.test("the interpolation kernel refuses taps outside the input instead of reading past it", () => {
  const x = torch.ones([1, 1, 4]);
  const bad = torch.tensor([0, 4], { dtype: "int64" });
  assert.throws(() => P._upsample(x, [2], bad), /upsample: index 4 out of range/);
  assert.throws(() => P._upsample(x, [2], torch.tensor([0, -1], { dtype: "int64" })), /out of range/);
  assert.throws(() => P._upsample(x, [3], bad), /expected 3 int64 indices for 1 dims/);
  // weights of another dtype than the input's
  assert.throws(
    () => P._upsample(x, [1], torch.tensor([0, 1], { dtype: "int64" }), torch.ones([2], { dtype: "float64" })),
    /upsample/,
  );
});

Deno.test("the backward kernels' results do not depend on the thread count", async () => {
  // a child process per thread count computes the gradients of planes and points enough to split over threads
  const script = `
    import { nn, torch } from "${new URL("../../mod.ts", import.meta.url).href}";
    const g = new torch.Generator().manualSeed(3);
    const x = torch.randn([4, 6, 21, 33], { generator: g }).requiresGrad_(true);
    const grid = torch.randn([4, 40, 50, 2], { generator: g }).requiresGrad_(true);
    const x3 = torch.randn([2, 5, 7, 9, 11], { generator: g }).requiresGrad_(true);
    const grid3 = torch.randn([2, 9, 13, 11, 3], { generator: g }).requiresGrad_(true);
    const w = (t) => torch.arange(t.numel()).remainder(7).sub(3).to(t.dtype).reshape(t.shape);
    const y1 = nn.F.interpolate(x, { size: [77, 51], mode: "bilinear" });
    const y2 = nn.F.interpolate(x, { scaleFactor: 1.7, mode: "nearest" });
    const y3 = nn.F.gridSample(x, grid, { alignCorners: false, paddingMode: "reflection" });
    const y4 = nn.F.gridSample(x3, grid3, { alignCorners: true });
    [y1, y2, y3, y4].reduce((s, y) => s.add(y.mul(w(y)).sum()), torch.zeros([])).backward();
    const bytes = [x.grad, grid.grad, x3.grad, grid3.grad].map((t) => new Uint8Array(new Float32Array(t.flatten().tolist()).buffer));
    console.log(bytes.map((b) => b.reduce((h, v) => (h * 31 + v) >>> 0, 7)).join(","));
  `;
  const run = async (threads: string) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--ext=js", script],
      env: { OMP_NUM_THREADS: threads },
      stdout: "piped",
      stderr: "inherit",
    }).output();
    assert.equal(out.code, 0);
    return new TextDecoder().decode(out.stdout).trim();
  };
  const one = await run("1");
  assert.match(one, /^\d+,\d+,\d+,\d+$/);
  assert.equal(await run("3"), one);
});
