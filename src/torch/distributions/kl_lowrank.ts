/**
 * KL(p ‖ q) between LowRankMultivariateNormal and itself or MultivariateNormal, as torch/distributions/kl.py
 * registers them: log-determinants and traces through the capacitance matrices. Imported for its side effect.
 */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { registerKl } from "./kl.ts";
import {
  batchLowrankLogdet,
  batchLowrankMahalanobis,
  LowRankMultivariateNormal,
  woodburyFactor,
} from "./lowrank_multivariate_normal.ts";
import { batchMahalanobis, MultivariateNormal } from "./multivariate_normal.ts";

const { add, sub, mul, div } = torch;

// tr(X Xᵀ) of each matrix in a batch (PyTorch's _batch_trace_XXT)
const traceXXT = (X: Tensor) => torch.sum(torch.pow(X.reshape([...X.shape.slice(0, -2), -1]), 2), -1);

function checkEvents(p: { eventShape: number[] }, q: { eventShape: number[] }, which: string): void {
  if (p.eventShape.join() !== q.eventShape.join()) {
    // PyTorch's message keeps its source line's continuation indent
    throw new RangeError(
      `KL-divergence between two ${which} with${" ".repeat(26)}different event shapes cannot be computed`,
    );
  }
}

const lowrankLogdet = (d: LowRankMultivariateNormal) => batchLowrankLogdet(d.unbroadcastedCovDiag, d.capacitanceTril);
const lowrankMahalanobis = (q: LowRankMultivariateNormal, x: Tensor) =>
  batchLowrankMahalanobis(q.unbroadcastedCovFactor, q.unbroadcastedCovDiag, x, q.capacitanceTril);
const woodbury = (q: LowRankMultivariateNormal) =>
  woodburyFactor(q.unbroadcastedCovFactor, q.unbroadcastedCovDiag, q.capacitanceTril);
const trilLogdet = (d: MultivariateNormal) => mul(d.halfLogDet(), 2);
// (log-det difference + trace term + Mahalanobis term - n) / 2
const assemble = (term1: Tensor, term2: Tensor, term3: Tensor, n: number) =>
  mul(sub(add(add(term1, term2), term3), n), 0.5);

registerKl(
  LowRankMultivariateNormal,
  LowRankMultivariateNormal,
  (p: LowRankMultivariateNormal, q: LowRankMultivariateNormal) => {
    checkEvents(p, q, "Low Rank Multivariate Normals");
    const term1 = sub(lowrankLogdet(q), lowrankLogdet(p));
    const term3 = lowrankMahalanobis(q, sub(q.loc, p.loc));
    // Σ_q⁻¹ Σ_p = (D_q⁻¹ - Aᵀ A)(D_p + W_p W_pᵀ)
    const A = woodbury(q), pD = p.unbroadcastedCovDiag, qD = q.unbroadcastedCovDiag, pW = p.unbroadcastedCovFactor;
    const term21 = torch.sum(div(pD, qD), -1);
    const term22 = traceXXT(mul(pW, torch.rsqrt(qD).unsqueeze(-1)));
    const term23 = traceXXT(mul(A, torch.sqrt(pD).unsqueeze(-2)));
    const term24 = traceXXT(torch.matmul(A, pW));
    return assemble(term1, sub(sub(add(term21, term22), term23), term24), term3, p.eventShape[0]);
  },
);

registerKl(MultivariateNormal, LowRankMultivariateNormal, (p: MultivariateNormal, q: LowRankMultivariateNormal) => {
  checkEvents(p, q, "(Low Rank) Multivariate Normals");
  const term1 = sub(lowrankLogdet(q), trilLogdet(p));
  const term3 = lowrankMahalanobis(q, sub(q.loc, p.loc));
  // Σ_q⁻¹ L_p L_pᵀ = (D_q⁻¹ - Aᵀ A) L_p L_pᵀ
  const A = woodbury(q), L = p.unbroadcastedScaleTril;
  const term21 = traceXXT(mul(L, torch.rsqrt(q.unbroadcastedCovDiag).unsqueeze(-1)));
  const term22 = traceXXT(torch.matmul(A, L));
  return assemble(term1, sub(term21, term22), term3, p.eventShape[0]);
});

registerKl(LowRankMultivariateNormal, MultivariateNormal, (p: LowRankMultivariateNormal, q: MultivariateNormal) => {
  checkEvents(p, q, "(Low Rank) Multivariate Normals");
  const term1 = sub(trilLogdet(q), lowrankLogdet(p));
  const term3 = batchMahalanobis(q.unbroadcastedScaleTril, sub(q.loc, p.loc));
  // L_q⁻¹ (W_p W_pᵀ + D_p) L_q⁻ᵀ, its two parts solved against L_q over the combined batch shape
  const n = p.eventShape[0], W = p.unbroadcastedCovFactor;
  const batch = torch.broadcastShapes(q.unbroadcastedScaleTril.shape.slice(0, -2), W.shape.slice(0, -2));
  const Lq = q.unbroadcastedScaleTril.expand([...batch, n, n]);
  const pW = W.expand([...batch, n, W.shape.at(-1)!]);
  const pD = torch.diagEmbed(torch.sqrt(p.unbroadcastedCovDiag)).expand([...batch, n, n]);
  const term21 = traceXXT(torch.linalg.solveTriangular(Lq, pW, { upper: false }));
  const term22 = traceXXT(torch.linalg.solveTriangular(Lq, pD, { upper: false }));
  return assemble(term1, add(term21, term22), term3, n);
});
