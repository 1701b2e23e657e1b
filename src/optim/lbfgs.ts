/**
 * L-BFGS with an optional strong-Wolfe line search: PyTorch's
 * torch.optim.LBFGS (after minFunc), operation for operation. PyTorch
 * keeps the scalars of the two-loop recursion (y·s, rho, alpha, H_diag,
 * the directional derivative) in 0-d tensors of the parameters' dtype;
 * here they are numbers rounded the same way (to float32 for float32
 * parameters), so the iterates follow PyTorch's.
 */
import { withGradMode } from "../autograd/grad_mode.ts";
import { type Round, roundTo } from "../core/dtype.ts";
import { adopt } from "../core/lifetime.ts";
import { torch } from "../torch/mod.ts";
import { Tensor } from "../torch/tensor.ts";
import {
  type ArgsOf,
  bindDefaults,
  check,
  opt,
  Optimizer,
  type OptionsOf,
  optionSpec,
  type ParamGroup,
  type Params,
} from "./optimizer.ts";

/** `torch.optim.LBFGS`'s signature (after `params`). */
export const SIG = {
  pos: [
    opt("lr", "number", 1),
    opt("maxIter", "int", 20),
    opt("maxEval", "int", null),
    opt("toleranceGrad", "number", 1e-7),
    opt("toleranceChange", "number", 1e-9),
    opt("historySize", "int", 100),
    opt("lineSearchFn", "string", null, { choices: ["strong_wolfe"] }),
  ],
  kw: [],
} as const;
/** LBFGS's options. */
export type LBFGSOptions = OptionsOf<typeof SIG>;
/** The LBFGS parameter group. */
export type LBFGSGroup = ParamGroup & LBFGSOptions;
const SPEC = optionSpec("LBFGS", SIG, (o) => {
  check((o.lr as number) >= 0, `Invalid learning rate: ${o.lr}`);
  check((o.maxIter as number) > 0, `Invalid max_iter value: ${o.maxIter}`);
  check((o.historySize as number) > 0, `Invalid history_size value: ${o.historySize}`);
});

type Closure = () => unknown;

/** A loss as a number (a size-1 tensor or a number). */
function num(v: unknown): number {
  if (v instanceof Tensor) return Number(v.item());
  if (typeof v === "number") return v;
  throw new TypeError(`LBFGS: the closure must return the loss (a tensor or a number), not ${typeof v}`);
}

/** The minimizer of the cubic through (x1, f1, g1), (x2, f2, g2), within bounds. */
function cubicInterpolate(
  R: Round,
  x1: number,
  f1: number,
  g1: number,
  x2: number,
  f2: number,
  g2: number,
  bounds?: [number, number],
): number {
  const [xmin, xmax] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = R(R(g1 + g2) - (3 * (f1 - f2)) / (x1 - x2));
  const d2Square = R(R(d1 * d1) - R(g1 * g2));
  if (d2Square >= 0) {
    const d2 = R(Math.sqrt(d2Square));
    const minPos = x1 <= x2
      ? R(x2 - R((x2 - x1) * R(R(R(g2 + d2) - d1) / R(R(g2 - g1) + R(2 * d2)))))
      : R(x1 - R((x1 - x2) * R(R(R(g1 + d2) - d1) / R(R(g1 - g2) + R(2 * d2)))));
    const lo = xmin > minPos ? xmin : minPos; // Python's max(min_pos, xmin)
    return xmax < lo ? xmax : lo; // min(lo, xmax)
  }
  return (xmin + xmax) / 2;
}

type ObjFunc = (x: Tensor[], t: number, d: Tensor) => [number, Tensor];

/** The strong-Wolfe line search (bracketing, then zoom by cubic interpolation). */
function strongWolfe(
  R: Round,
  obj: ObjFunc,
  x: Tensor[],
  t: number,
  d: Tensor,
  f: number,
  g: Tensor,
  gtd: number,
  c1 = 1e-4,
  c2 = 0.9,
  toleranceChange = 1e-9,
  maxLs = 25,
): [number, Tensor, number, number] {
  const dNorm = R(Number(d.abs().max().item()));
  g = g.clone();
  let [fNew, gNew] = obj(x, t, d);
  let lsFuncEvals = 1;
  let gtdNew = R(Number(gNew.dot(d).item()));
  let tPrev = 0, fPrev = f, gPrev = g, gtdPrev = gtd;
  let done = false, lsIter = 0;
  const armijoFails = (fn: number, tt: number) => R(fn) > R(R(f) + R(R(c1 * tt) * gtd));
  let bracket: number[] = [], bracketF: number[] = [], bracketG: Tensor[] = [], bracketGtd: number[] = [];
  while (lsIter < maxLs) {
    if (armijoFails(fNew, t) || (lsIter > 1 && fNew >= fPrev)) {
      [bracket, bracketF, bracketG, bracketGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew.clone()], [gtdPrev, gtdNew]];
      break;
    }
    if (Math.abs(gtdNew) <= R(-c2 * gtd)) {
      [bracket, bracketF, bracketG] = [[t], [fNew], [gNew]];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      [bracket, bracketF, bracketG, bracketGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew.clone()], [gtdPrev, gtdNew]];
      break;
    }
    const minStep = t + 0.01 * (t - tPrev), maxStep = t * 10, tmp = t;
    t = cubicInterpolate(R, tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = tmp;
    fPrev = fNew;
    gPrev = gNew.clone();
    gtdPrev = gtdNew;
    [fNew, gNew] = obj(x, t, d);
    lsFuncEvals++;
    gtdNew = R(Number(gNew.dot(d).item()));
    lsIter++;
  }
  if (lsIter === maxLs) [bracket, bracketF, bracketG] = [[0, t], [f, fNew], [g, gNew]];
  let insufProgress = false;
  let [lowPos, highPos] = bracketF[0] <= bracketF[bracketF.length - 1] ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
    t = cubicInterpolate(R, bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
    const bmax = Math.max(...bracket), bmin = Math.min(...bracket);
    const eps = 0.1 * (bmax - bmin);
    if (Math.min(bmax - t, t - bmin) < eps) {
      if (insufProgress || t >= bmax || t <= bmin) {
        t = Math.abs(t - bmax) < Math.abs(t - bmin) ? bmax - eps : bmin + eps;
        insufProgress = false;
      } else insufProgress = true;
    } else insufProgress = false;
    [fNew, gNew] = obj(x, t, d);
    lsFuncEvals++;
    gtdNew = R(Number(gNew.dot(d).item()));
    lsIter++;
    if (armijoFails(fNew, t) || fNew >= bracketF[lowPos]) {
      bracket[highPos] = t;
      bracketF[highPos] = fNew;
      bracketG[highPos] = gNew.clone();
      bracketGtd[highPos] = gtdNew;
      [lowPos, highPos] = bracketF[0] <= bracketF[1] ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= R(-c2 * gtd)) done = true;
      else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
        bracket[highPos] = bracket[lowPos];
        bracketF[highPos] = bracketF[lowPos];
        bracketG[highPos] = bracketG[lowPos];
        bracketGtd[highPos] = bracketGtd[lowPos];
      }
      bracket[lowPos] = t;
      bracketF[lowPos] = fNew;
      bracketG[lowPos] = gNew.clone();
      bracketGtd[lowPos] = gtdNew;
    }
  }
  return [bracketF[lowPos], bracketG[lowPos], bracket[lowPos], lsFuncEvals];
}

/**
 * L-BFGS: a quasi-Newton method that re-evaluates the model through a
 * closure, several times per step. One parameter group only.
 *
 * @example
 * ```ts
 * import { optim, torch } from "../../mod.ts";
 * const x = torch.tensor([1.5, -0.5], { requiresGrad: true });
 * const opt = new optim.LBFGS([x], { lineSearchFn: "strong_wolfe" });
 * const closure = () => {
 *   opt.zeroGrad();
 *   const loss = x.sub(torch.tensor([1, 2])).pow(2).sum();
 *   loss.backward();
 *   return loss;
 * };
 * opt.step(closure);
 * console.log((x.tolist() as number[]).map(Math.round)); // [1, 2]
 * ```
 */
export class LBFGS extends Optimizer<LBFGSGroup> {
  #numel: number | null = null;

  /** `new LBFGS(params, lr?, maxIter?, maxEval?, toleranceGrad?, toleranceChange?, historySize?, lineSearchFn?)`. */
  constructor(params: Params<Partial<LBFGSOptions>>, ...args: ArgsOf<typeof SIG>) {
    const defaults = bindDefaults(SPEC, args);
    if (defaults.maxEval === null) defaults.maxEval = Math.floor(((defaults.maxIter as number) * 5) / 4);
    super(params as Params, defaults, SPEC);
    if (this.paramGroups.length !== 1) {
      throw new RangeError("LBFGS doesn't support per-parameter options (parameter groups)");
    }
  }

  get #params(): Tensor[] {
    return this.paramGroups[0].params;
  }

  /** LBFGS's state keys kept as numbers (or lists of numbers): `step`, `t`, `HDiag`, `ro`, `al`, `prevLoss`, `funcEvals`, `nIter`. */
  protected override scalarStateKeys(): Set<string> {
    return new Set(["step", "t", "HDiag", "ro", "al", "prevLoss", "funcEvals", "nIter"]);
  }

  #gatherFlatGrad(): Tensor {
    return torch.cat(this.#params.map((p) => (p.grad === null ? p.newZeros([p.numel()]) : p.grad.reshape(-1))), 0);
  }

  #addGrad(stepSize: number, update: Tensor): void {
    let offset = 0;
    for (const p of this.#params) {
      const n = p.numel();
      p.add_(update.narrow(0, offset, n).viewAs(p), { alpha: stepSize });
      offset += n;
    }
    this.#numel ??= offset;
  }

  #directionalEvaluate(closure: Closure, x: Tensor[], t: number, d: Tensor): [number, Tensor] {
    this.#addGrad(t, d);
    const loss = num(withGradMode(true, closure));
    const flatGrad = this.#gatherFlatGrad();
    this.#params.forEach((p, i) => p.copy_(x[i]));
    return [loss, flatGrad];
  }

  /** One optimization step: up to `maxIter` iterations, each re-evaluating `closure`. Returns the first loss. */
  override step<L = unknown>(closure?: (() => L) | null): L | undefined {
    if (typeof closure !== "function") {
      throw new TypeError("LBFGS.step() requires a closure that reevaluates the model and returns the loss");
    }
    // no tidy scope of its own: the closure's tensors belong to the caller's scope (a step wrapped in
    // torch.tidy releases the temporaries); the state's tensors are adopted by the parameters
    return withGradMode(false, () => this.#step(closure));
  }

  #step<L>(closure: () => L): L {
    const group = this.paramGroups[0];
    const { lr, maxIter, toleranceGrad, toleranceChange, lineSearchFn, historySize } = group;
    const maxEval = group.maxEval as number;
    const p0 = this.#params[0];
    const state = this.state.get(p0) ?? {};
    this.state.set(p0, state);
    state.funcEvals = (state.funcEvals as number | undefined) ?? 0;
    state.nIter = (state.nIter as number | undefined) ?? 0;

    const origLoss = withGradMode(true, closure);
    let loss = num(origLoss);
    let currentEvals = 1;
    state.funcEvals = (state.funcEvals as number) + 1;
    let flatGrad = this.#gatherFlatGrad();
    const R = roundTo(flatGrad.dtype);
    const maxAbs = (t: Tensor) => R(Number(t.abs().max().item()));
    let optCond = maxAbs(flatGrad) <= R(toleranceGrad);
    if (optCond) return origLoss;

    let d = state.d as Tensor | undefined;
    let t = state.t as number | undefined;
    let oldDirs = state.oldDirs as Tensor[] | undefined;
    let oldStps = state.oldStps as Tensor[] | undefined;
    let ro = state.ro as number[] | undefined;
    let HDiag = state.HDiag as number | undefined;
    let prevFlatGrad = state.prevFlatGrad as Tensor | undefined;
    let prevLoss = state.prevLoss as number | undefined;

    let nIter = 0;
    while (nIter < maxIter) {
      nIter++;
      state.nIter = (state.nIter as number) + 1;
      if (state.nIter === 1) {
        d = flatGrad.neg();
        oldDirs = [];
        oldStps = [];
        ro = [];
        HDiag = 1;
      } else {
        const y = flatGrad.sub(prevFlatGrad!);
        const s = d!.mul(t!);
        const ys = R(Number(y.dot(s).item()));
        if (ys > R(1e-10)) {
          if (oldDirs!.length === historySize) {
            oldDirs!.shift();
            oldStps!.shift();
            ro!.shift();
          }
          oldDirs!.push(y);
          oldStps!.push(s);
          ro!.push(R(1.0 / ys));
          HDiag = R(ys / R(Number(y.dot(y).item())));
        }
        const numOld = oldDirs!.length;
        const al = (state.al ??= new Array(historySize).fill(null)) as (number | null)[];
        const q = flatGrad.neg();
        for (let i = numOld - 1; i >= 0; i--) {
          al[i] = R(R(Number(oldStps![i].dot(q).item())) * ro![i]);
          q.add_(oldDirs![i], { alpha: -al[i]! });
        }
        const r = q.mul(HDiag!);
        d = r;
        for (let i = 0; i < numOld; i++) {
          const be = R(R(Number(oldDirs![i].dot(r).item())) * ro![i]);
          r.add_(oldStps![i], { alpha: R(al[i]! - be) });
        }
      }
      if (prevFlatGrad === undefined || prevFlatGrad === null) prevFlatGrad = flatGrad.clone();
      else prevFlatGrad.copy_(flatGrad);
      prevLoss = loss;

      if (state.nIter === 1) {
        const inv = R(1.0 / R(Number(flatGrad.abs().sum().item())));
        // Python's min(1.0, tensor) * lr: a tensor (float32 product) when the tensor is smaller
        t = inv < 1.0 ? R(inv * R(lr)) : 1.0 * lr;
      } else t = lr;

      const gtd = R(Number(flatGrad.dot(d!).item()));
      if (gtd > R(-toleranceChange)) break;

      let lsFuncEvals = 0;
      if (lineSearchFn !== null) {
        const xInit = this.#params.map((p) => p.clone());
        const obj: ObjFunc = (x, tt, dd) => this.#directionalEvaluate(closure, x, tt, dd);
        [loss, flatGrad, t, lsFuncEvals] = strongWolfe(
          R,
          obj,
          xInit,
          t,
          d!,
          loss,
          flatGrad,
          gtd,
          1e-4,
          0.9,
          1e-9,
          maxEval - currentEvals,
        );
        this.#addGrad(t, d!);
        optCond = maxAbs(flatGrad) <= R(toleranceGrad);
      } else {
        this.#addGrad(t, d!);
        if (nIter !== maxIter) {
          loss = num(withGradMode(true, closure));
          flatGrad = this.#gatherFlatGrad();
          optCond = maxAbs(flatGrad) <= R(toleranceGrad);
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      state.funcEvals = (state.funcEvals as number) + lsFuncEvals;

      if (nIter === maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      if (maxAbs(d!.mul(t)) <= R(toleranceChange)) break;
      if (Math.abs(loss - prevLoss) < toleranceChange) break;
    }

    Object.assign(state, { d, t, oldDirs, oldStps, ro, HDiag, prevFlatGrad, prevLoss });
    // the state's tensors outlive this step's scope: they belong to the parameters
    for (const v of [d, prevFlatGrad, ...(oldDirs ?? []), ...(oldStps ?? [])]) if (v) adopt(v, p0);
    return origLoss;
  }
}
