/**
 * The derivatives of the nn primitives (src/torch/ops/nn*.ts), merged into
 * the one table (src/torch/derivatives.ts). Each vjp is written with
 * tensor ops and the nn primitives themselves (the backward halves of
 * convolution and pooling are ops with derivatives of their own, so
 * double backward works through them).
 */
import { isGradEnabled } from "../autograd/grad_mode.ts";
import type { Derivative, VjpCtx } from "./derivatives.ts";
import type { NnPrims } from "./ops/nn.ts";
import { classRows, nllParts, rowCoef, unclassRows } from "./ops/nn_loss.ts";
import type { Tensor } from "./tensor.ts";

let prims: NnPrims | null = null;
/** Gives the vjps the generated nn primitives (called once by src/nn/prims.ts). */
export function setNnPrims(p: NnPrims): void {
  prims = p;
}
const P = (): NnPrims => prims!;

type V = (g: Tensor, c: VjpCtx) => (Tensor | null)[];
const d = (name: Derivative["name"], inputs: string[], vjp: V, saves: string[] = []): Derivative => ({
  name,
  inputs,
  saves,
  vjp,
});
const needs = (t: Tensor | null | undefined): t is Tensor => !!t && t.requiresGrad;

/** The convolution geometry arguments of a call, in the ops' positional order. */
const geom = (a: VjpCtx["a"]) => [a.stride, a.padding, a.dilation, a.groups] as const;

/** The gradient of a per-channel bias: g summed over every dim but the second. */
const channelSum = (g: Tensor): Tensor => g.sum([0, ...Array.from({ length: g.ndim - 2 }, (_, i) => i + 2)]);

/** grid_sample's gradients with a graph (createGraph): the tensor-op path's, set by src/nn/grid_sample.ts. */
type GridSampleWithGraph = (g: Tensor, a: VjpCtx["a"], needs: [boolean, boolean]) => (Tensor | null)[];
let withGraph: GridSampleWithGraph | null = null;
/** Gives _gridSampler's vjp the differentiable gradients it takes under createGraph (the kernels' have none). */
export function setGridSampleWithGraph(f: GridSampleWithGraph): void {
  withGraph = f;
}

/** PyTorch's node name of an interpolation (UpsampleBilinear2DBackward0, ...), `extra` "Backward" for its backward. */
const upsampleNode = (extra: string) => (a: VjpCtx["a"]): string => {
  const k = ((a.input ?? a.gradOutput) as Tensor).ndim - 2;
  const linear = ["Linear", "Bilinear", "Trilinear"][k - 1];
  const mode = a.mode === "linear" ? linear : a.mode === "nearest" ? "Nearest" : "NearestExact";
  return `Upsample${mode}${k}D${extra}Backward0`;
};

/** The nn derivatives, by overload id. */
export const NN_DERIVATIVES: Readonly<Record<string, Derivative>> = {
  conv2d: d("ConvolutionBackward0", ["input", "weight", "bias"], (g, c) => {
    const x: Tensor = c.a.input, w: Tensor = c.a.weight, b: Tensor | null = c.a.bias;
    const gx = needs(x) ? P()._conv2dInputGrad(g, w, x.shape, ...geom(c.a)) : null;
    let gw: Tensor | null = null, gb: Tensor | null = null;
    if (needs(w)) [gw, gb = null] = P()._conv2dWeightGrad(x, g, w.shape, ...geom(c.a), needs(b));
    else if (needs(b)) gb = channelSum(g);
    return [gx, gw, gb];
  }, ["input", "weight"]),
  _conv2dInputGrad: d("ConvolutionBackwardBackward0", ["gradOutput", "weight"], (g, c) => {
    const gy: Tensor = c.a.gradOutput, w: Tensor = c.a.weight;
    return [
      needs(gy) ? P().conv2d(g, w, null, ...geom(c.a)) : null,
      needs(w) ? P()._conv2dWeightGrad(g, gy, w.shape, ...geom(c.a), false)[0] : null,
    ];
  }, ["gradOutput", "weight"]),
  _conv2dWeightGrad: d("ConvolutionBackwardBackward0", ["input", "gradOutput"], (_g, c) => {
    const x: Tensor = c.a.input, gy: Tensor = c.a.gradOutput;
    const [ggw, ggb] = c.grads;
    let dgy: Tensor | null = null;
    if (needs(gy)) {
      if (ggw) dgy = P().conv2d(x, ggw, null, ...geom(c.a));
      if (ggb) {
        const b = ggb.reshape([1, ggb.shape[0], 1, 1]).expand(gy.shape);
        dgy = dgy ? dgy.add(b) : b;
      }
    }
    const dx = needs(x) && ggw ? P()._conv2dInputGrad(gy, ggw, x.shape, ...geom(c.a)) : null;
    return [dx, dgy];
  }, ["input", "gradOutput"]),
  convTranspose2d: d("ConvolutionBackward0", ["input", "weight", "bias"], (g, c) => {
    const x: Tensor = c.a.input, w: Tensor = c.a.weight, b: Tensor | null = c.a.bias;
    const G = [c.a.stride, c.a.padding, c.a.dilation, c.a.groups] as const;
    return [
      needs(x) ? P().conv2d(g, w, null, ...G) : null,
      needs(w) ? P()._conv2dWeightGrad(g, x, w.shape, ...G, false)[0] : null,
      needs(b) ? channelSum(g) : null,
    ];
  }, ["input", "weight"]),
  maxPool2d: d("MaxPool2DWithIndicesBackward0", ["input"], (g, c) => {
    return [P()._maxPool2dBackward(g, c.outputs[1], (c.a.input as Tensor).shape)];
  }, ["indices"]),
  _maxPool2dBackward: d("MaxPool2DWithIndicesBackwardBackward0", ["gradOutput"], (g, c) => {
    const idx: Tensor = c.a.indices;
    return [g.flatten(2).gather(2, idx.flatten(2)).reshape(idx.shape)];
  }, ["indices"]),
  adaptiveMaxPool2d: d("AdaptiveMaxPool2DBackward0", ["input"], (g, c) => {
    return [P()._maxPool2dBackward(g, c.outputs[1], (c.a.input as Tensor).shape)];
  }, ["indices"]),
  avgPool2d: d("AvgPool2DBackward0", ["input"], (g, c) => {
    const a = c.a;
    return [
      P()._avgPool2dBackward(
        g,
        (a.input as Tensor).shape,
        a.kernelSize,
        a.stride,
        a.padding,
        a.ceilMode,
        a.countIncludePad,
        a.divisorOverride,
      ),
    ];
  }),
  _avgPool2dBackward: d("AvgPool2DBackwardBackward0", ["gradOutput"], (g, c) => {
    const a = c.a;
    return [P().avgPool2d(g, a.kernelSize, a.stride, a.padding, a.ceilMode, a.countIncludePad, a.divisorOverride)];
  }),
  adaptiveAvgPool2d: d("AdaptiveAvgPool2DBackward0", ["input"], (g, c) => {
    return [P()._adaptiveAvgPool2dBackward(g, (c.a.input as Tensor).shape)];
  }),
  _adaptiveAvgPool2dBackward: d("AdaptiveAvgPool2DBackwardBackward0", ["gradOutput"], (g, c) => {
    const gy: Tensor = c.a.gradOutput;
    return [P().adaptiveAvgPool2d(g, [gy.shape[2], gy.shape[3]])];
  }),
  _upsample: d(upsampleNode(""), ["input"], (g, c) => {
    const a = c.a;
    return [P()._upsampleBackward(g, (a.input as Tensor).shape, a.backwardIndex ?? a.index, a.weight, a.mode)];
  }),
  _upsampleBackward: d(upsampleNode("Backward"), ["gradOutput"], (g, c) => {
    const a = c.a;
    return [P()._upsample(g, (a.gradOutput as Tensor).shape.slice(2), a.index, a.weight, null, a.mode)];
  }),
  _gridSampler: d((a) => `GridSampler${(a.input as Tensor).ndim - 2}DBackward0`, ["input", "grid"], (g, c) => {
    const a = c.a, x: Tensor = a.input, grid: Tensor = a.grid, gi = needs(x), gg = needs(grid);
    if (isGradEnabled() && withGraph) return withGraph(g, a, [gi, gg]);
    const r = P()._gridSamplerBackward(g, x, grid, a.mode, a.paddingMode, a.alignCorners, gi, gg);
    return [gi ? r[0] : null, gg ? r[gi ? 1 : 0] : null];
  }, ["input", "grid"]),
  _batchNorm: d("NativeBatchNormBackward0", ["input", "weight", "bias"], (g, c) => {
    const x: Tensor = c.a.input, w: Tensor | null = c.a.weight, b: Tensor | null = c.a.bias;
    const r = P()._batchNormBackward(g, x, w, c.outputs[1], c.outputs[2], c.a.training);
    return [r[0], w ? r[1] : null, b ? (w ? r[2] : channelSum(g)) : null];
  }, ["input", "weight", "result"]),
  linear: d(
    (a) => ((a.input as Tensor).ndim === 2 ? (a.bias ? "AddmmBackward0" : "MmBackward0") : "LinearBackward0"),
    ["input", "weight", "bias"],
    (g, c) => {
      const x: Tensor = c.a.input, w: Tensor = c.a.weight, b: Tensor | null = c.a.bias;
      const w2 = w.ndim === 2 ? w : w.unsqueeze(0);
      const inF = w2.shape[1];
      const g2 = g.reshape([-1, w2.shape[0]]);
      return [
        needs(x) ? g2.matmul(w2).reshape(x.shape) : null,
        needs(w) ? g2.t().matmul(x.reshape([-1, inF])).reshape(w.shape) : null,
        needs(b) ? g2.sum(0) : null,
      ];
    },
    ["input", "weight"],
  ),
  embedding: d("EmbeddingBackward0", ["weight"], (g, c) => {
    const w: Tensor = c.a.weight, idx: Tensor = (c.a.indices as Tensor).reshape(-1);
    let g2 = g.reshape([-1, w.shape[1]]);
    if (c.a.paddingIdx !== null) g2 = g2.maskedFill(idx.eq(c.a.paddingIdx).unsqueeze(1), 0);
    if (c.a.scaleGradByFreq) {
      const counts = g.newZeros([w.shape[0]]).indexAdd(0, idx, g.newOnes([idx.shape[0]]));
      g2 = g2.div(counts.indexSelect(0, idx).unsqueeze(1));
    }
    return [g.newZeros(w.shape).indexAdd(0, idx, g2)];
  }, ["indices"]),
  nllLoss: d("NllLossBackward0", ["input"], (g, c) => {
    const x: Tensor = c.a.input;
    const p = nllParts("nll_loss", x, c.a.target, c.a.weight, c.a.ignoreIndex, false);
    const coef = rowCoef(g, p, c.a.reduction);
    const nc = x.ndim === 1 ? x.shape[0] : x.shape[1];
    const g2 = g.newZeros([p.t.shape[0], nc]).scatter(1, p.t.unsqueeze(1), coef.neg().unsqueeze(1));
    return [unclassRows(g2, x)];
  }, ["target", "weight"]),
  _crossEntropy: d("CrossEntropyLossBackward0", ["input"], (g, c) => {
    const x: Tensor = c.a.input;
    const p = nllParts("cross_entropy", x, c.a.target, c.a.weight, c.a.ignoreIndex, false);
    const coef = rowCoef(g, p, c.a.reduction).unsqueeze(1);
    const g2 = classRows(x).softmax(1).mul(coef).scatterAdd(1, p.t.unsqueeze(1), coef.neg());
    return [unclassRows(g2, x)];
  }, ["input", "target", "weight"]),
  // (PyTorch's _ctc_loss_backward has no derivative: a double backward through it is its error)
  _ctcLoss: d("CtcLossBackward0", ["logProbs"], (g, c) => {
    const a = c.a;
    return [P()._ctcLossBackward(g, a.logProbs, a.targets, a.inputLengths, a.targetLengths, a.blank, a.zeroInfinity)];
  }, ["logProbs", "targets"]),
};
