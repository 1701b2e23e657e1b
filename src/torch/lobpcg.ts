/**
 * torch.lobpcg: PyTorch's LOBPCG eigensolver (torch/_lobpcg.py) step by step,
 * the "basic" (Knyazev 2001) and "ortho" (Stathopoulos and Wu 2002, Duersch
 * et al. 2018) methods: the same tensor operations in the same order, so from
 * the same X (or the same seed) the iterates are PyTorch's to rounding.
 * PyTorch updates its iteration tensors in place (`X[:, nc:] = ...`); here
 * each update builds a new tensor with the same values, so a tracker may keep
 * the tensors it is shown without copying them. The backward is PyTorch's
 * LOBPCGAutogradFunction (symmetric eigenproblem backward, B = I only).
 */
import { type Args, defineOp } from "../api/define.ts";
import { opt, req } from "../api/signature.ts";
import { isGradEnabled, withGradMode } from "../autograd/grad_mode.ts";
import { edgeOf, Node } from "../autograd/graph.ts";
import { RuntimeError, ShapeError } from "../core/errors.ts";
import { TorchGenerator } from "../random/torch_generator.ts";
import type { TorchFns, TorchLinalgFns } from "./functions.ts";
import type { Tensor } from "./tensor.ts";

let F: TorchFns;
let L: TorchLinalgFns;
/**
 * Gives lobpcg the torch and torch.linalg functions (set once by functions.ts).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { F, linalg } from "./functions.ts";
 * import { setLobpcgFns } from "./lobpcg.ts";
 * setLobpcgFns(F, linalg); // what functions.ts has already done
 * const A = torch.diag(torch.arange(1, 10, { dtype: torch.float64 }));
 * assert.ok(Math.abs(Number(torch.lobpcg(A)[0].item()) - 9) < 1e-6);
 * ```
 */
export function setLobpcgFns(f: TorchFns, l: TorchLinalgFns): void {
  F = f;
  L = l;
}

/** Integer parameters (PyTorch's iparams, camelCase). */
export interface LobpcgIparams {
  /** Rows of A. */
  m: number;
  /** Columns of X (size of the iterated block). */
  n: number;
  /** Requested eigenpairs. */
  k: number;
  /** Maximum number of iterations (-1, or 0: until convergence). */
  niter: number;
  /** "ortho": outer re-orthogonalization passes (default 3). */
  orthoIMax?: number;
  /** "ortho": inner SVQB passes (default 3). */
  orthoJMax?: number;
  /** The matrix of a batch being solved. */
  batchIndex?: number;
}

/** Float parameters (PyTorch's fparams, camelCase). */
export interface LobpcgFparams {
  /** Residual tolerance of the convergence test. */
  tol: number;
  /** "ortho": orthogonality tolerance (default tol). */
  orthoTol?: number;
  /** "ortho": SVQB drop tolerance (default tol). */
  orthoTolDrop?: number;
  /** "ortho": SVQB replace tolerance (default tol). */
  orthoTolReplace?: number;
}

/** Boolean parameters (PyTorch's bparams, camelCase). */
export interface LobpcgBparams {
  /** Largest (true) or smallest (false) eigenpairs. */
  largest: boolean;
  /** "ortho": drop columns with a small contribution to the basis (default false). */
  orthoUseDrop?: boolean;
}

/**
 * The iteration's state a tracker is shown after every step (PyTorch's LOBPCG
 * worker, camelCase): setting `bvars.forceStop = true` stops the iteration.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import type { LobpcgState } from "./lobpcg.ts";
 * const steps: number[] = [];
 * const A = torch.diag(torch.arange(1, 13, { dtype: torch.float64 }));
 * torch.lobpcg(A, { tracker: (s: LobpcgState) => steps.push(s.ivars.istep) });
 * assert.deepEqual(steps.slice(0, 2), [1, 2]);
 * ```
 */
export interface LobpcgState {
  /** Integer parameters. */
  readonly iparams: LobpcgIparams;
  /** Float parameters. */
  readonly fparams: LobpcgFparams;
  /** Boolean parameters. */
  readonly bparams: LobpcgBparams;
  /** Integer iteration variables: istep, iterationsLeft, convergedCount, convergedEnd, orthoI, orthoJ. */
  readonly ivars: Record<string, number>;
  /** Float iteration variables: XNorm, ANorm, BNorm and the "ortho" orthogonality errors. */
  readonly fvars: Record<string, number>;
  /** Boolean iteration variables: a tracker sets forceStop to stop. */
  readonly bvars: Record<string, boolean>;
  /** Tensor iteration variables: rerr, the relative residuals. */
  readonly tvars: Record<string, Tensor>;
  /** "ortho" or "basic". */
  readonly method: string;
  /** The matrix. */
  readonly A: Tensor;
  /** The mass matrix (null: the identity). */
  readonly B: Tensor | null;
  /** The preconditioner (null: none). */
  readonly iK: Tensor | null;
  /** Current eigenvalue approximations, (n). */
  readonly E: Tensor;
  /** Current eigenvector approximations, (m, n). */
  readonly X: Tensor;
  /** The search basis [X, P, W], (m, 3n). */
  readonly S: Tensor;
  /** Current residuals A X - B X diag(E), (m, n). */
  readonly R: Tensor;
}

type Tracker = (state: LobpcgState) => unknown;

// ---- _linalg_utils ----
const mmN = (A: Tensor | null, B: Tensor): Tensor => (A ? A.matmul(B) : B);
const qform = (A: Tensor | null, S: Tensor): Tensor => S.mT.matmul(mmN(A, S));
/** Eigenpairs of a symmetric matrix from its upper triangle, ascending, or descending when largest. */
function symeig(A: Tensor, largest = false): [Tensor, Tensor] {
  const [E, Z] = L.eigh(A, "U");
  return largest ? [F.flip(E, [-1]), F.flip(Z, [-1])] : [E, Z];
}
/** T[:, from:to] with Python's clamping of the bounds. */
function cols(T: Tensor, from: number, to: number): Tensor {
  const c = T.shape[1], a = Math.min(from, c);
  return T.narrow(1, a, Math.max(Math.min(to, c) - a, 0));
}
const num = (t: Tensor) => Number(t.item());

/** PyTorch's LOBPCG worker class. */
class Worker implements LobpcgState {
  E: Tensor;
  X: Tensor;
  R: Tensor;
  S: Tensor;
  readonly tvars: Record<string, Tensor> = {};
  readonly ivars: Record<string, number> = { istep: 0 };
  readonly fvars: Record<string, number> = { _: 0 };
  readonly bvars: Record<string, boolean> = { _: false };

  constructor(
    readonly A: Tensor,
    readonly B: Tensor | null,
    X: Tensor,
    readonly iK: Tensor | null,
    readonly iparams: LobpcgIparams,
    readonly fparams: LobpcgFparams,
    readonly bparams: LobpcgBparams,
    readonly method: string,
    readonly tracker: Tracker | null,
  ) {
    const { m, n } = iparams, o = { dtype: X.dtype, device: X.device };
    this.X = X;
    this.E = F.zeros([n], o);
    this.R = F.zeros([m, n], o);
    this.S = F.zeros([m, 3 * n], o);
  }

  update(): void {
    if (this.ivars.istep === 0) {
      const XNorm = num(L.vectorNorm(this.X)), iXNorm = XNorm ** -1;
      this.fvars.XNorm = XNorm;
      this.fvars.ANorm = num(L.vectorNorm(mmN(this.A, this.X))) * iXNorm;
      this.fvars.BNorm = num(L.vectorNorm(mmN(this.B, this.X))) * iXNorm;
      this.ivars.iterationsLeft = this.iparams.niter;
      this.ivars.convergedCount = 0;
      this.ivars.convergedEnd = 0;
    }
    if (this.method === "ortho") this.updateOrtho();
    else this.updateBasic();
    this.ivars.iterationsLeft -= 1;
    this.ivars.istep += 1;
  }

  updateResidual(): void {
    this.R = mmN(this.A, this.X).sub(mmN(this.B, this.X).mul(this.E));
  }

  /** The number of leading converged pairs (backward stable criterion, [DuerschEtal2018] 4.3). */
  updateConvergedCount(): number {
    const prev = this.ivars.convergedCount, { ANorm, BNorm } = this.fvars, { E, X, R } = this;
    const rerr = L.vectorNorm(R, 2, [0]).div(
      L.vectorNorm(X, 2, [0]).mul(E.narrow(0, 0, X.shape[1]).abs().mul(BNorm).add(ANorm)),
    );
    const converged = rerr.lt(this.fparams.tol).tolist() as boolean[];
    // only a leading run counts, so that the eigenpairs stay strictly ordered
    let count = 0;
    while (count < converged.length && converged[count]) count++;
    if (count < prev) {
      throw new RuntimeError(`lobpcg: the number of converged eigenpairs (was ${prev}, got ${count}) cannot decrease`);
    }
    this.ivars.convergedCount = count;
    this.tvars.rerr = rerr;
    return count;
  }

  stopIteration(): boolean {
    return this.bvars.forceStop === true || this.ivars.iterationsLeft === 0 ||
      this.ivars.convergedCount >= this.iparams.k;
  }

  run(): void {
    this.update();
    this.tracker?.(this);
    while (!this.stopIteration()) {
      this.update();
      this.tracker?.(this);
    }
  }

  /** S's first columns replaced by the given blocks (PyTorch's `S[:, a:b] = ...` writes). */
  setS(...blocks: Tensor[]): number {
    const used = blocks.reduce((s, b) => s + b.shape[1], 0);
    this.S = F.cat([...blocks, cols(this.S, used, this.S.shape[1])], 1);
    return used;
  }

  /** X with its columns from nc on replaced. */
  setX(nc: number, Xnew: Tensor): void {
    this.X = F.cat([cols(this.X, 0, nc), Xnew], 1);
  }

  setE(nc: number, Enew: Tensor): void {
    this.E = F.cat([this.E.narrow(0, 0, nc), Enew]);
  }

  updateBasic(): void {
    const ns = this.ivars.convergedEnd, n = this.iparams.n, largest = this.bparams.largest;
    let nc = this.ivars.convergedCount;
    if (this.ivars.istep === 0) {
      const Ri = this.rayleighRitzTransform(this.X);
      const [E, Z] = symeig(qform(qform(this.A, this.X), Ri), largest);
      this.X = this.X.matmul(Ri.matmul(Z));
      this.E = E;
      this.updateResidual();
      this.updateConvergedCount();
      this.ivars.convergedEnd = this.setS(this.X, mmN(this.iK, this.R));
    } else {
      const S_ = cols(this.S, nc, ns);
      const Ri = this.rayleighRitzTransform(S_);
      const [E_, Z] = symeig(qform(qform(this.A, S_), Ri), largest);
      this.setX(nc, S_.matmul(Ri.matmul(cols(Z, 0, n - nc))));
      this.setE(nc, E_.narrow(0, 0, n - nc));
      const P = S_.matmul(Ri.matmul(cols(Z, n, 2 * n - nc)));
      this.updateResidual();
      nc = this.updateConvergedCount();
      this.ivars.convergedEnd = this.setS(this.X, P, mmN(this.iK, cols(this.R, nc, n)));
    }
  }

  updateOrtho(): void {
    const ns = this.ivars.convergedEnd, n = this.iparams.n, largest = this.bparams.largest;
    let nc = this.ivars.convergedCount;
    if (this.ivars.istep === 0) {
      const Ri = this.rayleighRitzTransform(this.X);
      // (PyTorch leaves E at zero on this first step: the first residual is A X)
      const Z = symeig(qform(qform(this.A, this.X), Ri), largest)[1];
      this.X = this.X.matmul(Ri.matmul(Z));
      this.updateResidual();
      this.updateConvergedCount();
      const W = this.getOrtho(this.R, this.X);
      this.ivars.convergedEnd = this.setS(this.X, W);
    } else {
      const S_ = cols(this.S, nc, ns);
      // Rayleigh-Ritz procedure
      const [E_, Z] = symeig(qform(this.A, S_), largest);
      this.setX(nc, S_.matmul(cols(Z, 0, n - nc)));
      this.setE(nc, E_.narrow(0, 0, n - nc));
      const Zp = cols(Z, n - nc, Z.shape[1]);
      const P = S_.matmul(Zp.matmul(L.qr(Zp.narrow(0, 0, n - nc).mT)[0]));
      this.updateResidual();
      nc = this.updateConvergedCount();
      const XP = this.setS(this.X, P);
      const W = this.getOrtho(cols(this.R, nc, n), cols(this.S, 0, XP));
      this.ivars.convergedEnd = this.setS(this.X, P, W);
    }
  }

  /** Ri reducing (S^T A S) C = (S^T B S) C E to the standard problem (Ri^T S^T A S Ri) Z = Z E, C = Ri Z. */
  rayleighRitzTransform(S: Tensor): Tensor {
    const SBS = qform(this.B, S);
    const dRow = SBS.diagonal(0, -2, -1).pow(-0.5);
    const dCol = dRow.reshape([dRow.shape[0], 1]);
    const R = L.cholesky(SBS.mul(dRow).mul(dCol), { upper: true });
    return L.solveTriangular(R, F.diagEmbed(dRow), { upper: true, left: false });
  }

  /** B-orthonormal U (Algorithm 4 of [DuerschPhD2015]; with drop, its columns of small contribution dropped). */
  svqb(U: Tensor, drop: boolean, tau: number): Tensor {
    if (U.numel() === 0) return U;
    let UBU = qform(this.B, U);
    let d = UBU.diagonal(0, -2, -1);
    // exact zero columns would make d ** -0.5 infinite: drop them first
    const nz = F.nonzero(d.ne(0)).flatten();
    if (nz.shape[0] < d.shape[0]) {
      U = U.indexSelect(1, nz);
      if (U.numel() === 0) return U;
      UBU = qform(this.B, U);
      d = UBU.diagonal(0, -2, -1);
    }
    let dCol = d.pow(-0.5).reshape([d.shape[0], 1]);
    let [E, Z] = symeig(UBU.mul(dCol).mul(dCol.mT));
    const t = E.abs().max().mul(tau);
    if (drop) {
      const keep = F.nonzero(E.gt(t)).flatten();
      E = E.indexSelect(0, keep);
      Z = Z.indexSelect(1, keep);
      dCol = dCol.indexSelect(0, keep);
    } else {
      E = F.where(E.lt(t), t, E);
    }
    return U.mul(dCol.mT).matmul(Z.mul(E.pow(-0.5)));
  }

  /** B-orthonormal U whose columns are B-orthogonal to V (Algorithms 3 and 6 of [DuerschPhD2015]). */
  getOrtho(U: Tensor, V: Tensor): Tensor {
    const { m, orthoIMax = 3, orthoJMax = 3 } = this.iparams;
    const { orthoTol = 0, orthoTolDrop = 0, orthoTolReplace = 0 } = this.fparams;
    const useDrop = this.bparams.orthoUseDrop === true;
    // clean up the variables of the previous call
    for (const key of Object.keys(this.fvars)) {
      if (key.startsWith("ortho") && key.endsWith("Rerr")) delete this.fvars[key];
    }
    delete this.ivars.orthoI;
    delete this.ivars.orthoJ;
    const BVNorm = L.vectorNorm(mmN(this.B, V));
    let BU = mmN(this.B, U);
    let VBU = V.mT.matmul(BU);
    let i = 0, j = 0;
    for (let ii = 0; ii < orthoIMax; ii++) {
      i = ii;
      U = U.sub(V.matmul(VBU));
      let drop = false, tauSvqb = orthoTolDrop;
      for (let jj = 0; jj < orthoJMax; jj++) {
        j = jj;
        if (useDrop) {
          U = this.svqb(U, drop, tauSvqb);
          drop = true;
          tauSvqb = orthoTolReplace;
        } else {
          U = this.svqb(U, false, orthoTolReplace);
        }
        if (U.numel() === 0) {
          // every column of U was B-collinear to V
          this.ivars.orthoI = i;
          this.ivars.orthoJ = j;
          return U;
        }
        BU = mmN(this.B, U);
        const UBU = U.mT.matmul(BU);
        const UNorm = L.vectorNorm(U), BUNorm = L.vectorNorm(BU);
        const RNorm = L.vectorNorm(UBU.sub(F.eye(UBU.shape[1], { dtype: UBU.dtype, device: UBU.device })));
        const rerr = num(RNorm) * num(BUNorm.mul(UNorm)) ** -1;
        this.fvars[`orthoUBUmIRerr[${i}, ${j}]`] = rerr;
        if (rerr < orthoTol) break;
      }
      VBU = V.mT.matmul(BU);
      const rerr = num(L.vectorNorm(VBU)) * num(BVNorm.mul(L.vectorNorm(U))) ** -1;
      this.fvars[`orthoVBURerr[${i}]`] = rerr;
      if (rerr < orthoTol) break;
      if (m < U.shape[1] + V.shape[1]) {
        const rows = this.B ? this.B.shape[1] : m;
        throw new RangeError(
          `lobpcg: Overdetermined shape of U: #B-cols(=${rows}) >= #U-cols(=${U.shape[1]}) + #V-cols(=${
            V.shape[1]
          }) must hold`,
        );
      }
    }
    this.ivars.orthoI = i;
    this.ivars.orthoJ = j;
    return U;
  }
}

// ---- backward (PyTorch's _symeig_backward) ----

/** A's gradient when U holds all of A's eigenvectors: U (diag(gD) + (U^T gU) * F) U^T, F_ij = 1 / (d_j - d_i). */
function symeigBackwardComplete(gD: Tensor, gU: Tensor, D: Tensor, U: Tensor): Tensor {
  const k = D.shape[D.ndim - 1];
  const diag = F.eye(k, { dtype: "bool" });
  const Fm = F.where(diag, Infinity, D.unsqueeze(-2).sub(D.unsqueeze(-1))).pow(-1);
  const Ut = U.mT;
  return U.matmul(F.diagEmbed(gD).add(Ut.matmul(gU).mul(Fm)).matmul(Ut));
}

/** The coefficients (a_0, ..., a_n = 1) of prod_i (x - r_i), by Horner-like steps that stay differentiable. */
function polynomialCoefficientsGivenRoots(roots: Tensor): Tensor {
  const order = roots.shape[roots.ndim - 1], last = roots.ndim - 1;
  const zeros = F.zeros([...roots.shape.slice(0, -1), order], { dtype: roots.dtype, device: roots.device });
  const one = F.onesLike(roots.narrow(last, 0, 1));
  let c = F.cat([one, zeros, one], last);
  for (let i = 1; i <= order; i++) {
    const out = c.narrow(last, order - i, i + 1).sub(
      roots.narrow(last, i - 1, 1).mul(c.narrow(last, order - i + 1, i + 1)),
    );
    c = F.cat([c.narrow(last, 0, order - i), out, c.narrow(last, order + 1, 1)], last);
  }
  return c.narrow(last, 1, order + 1);
}

/** poly(x) for vectors x by Horner's rule (poly[..., i] the coefficient of x^i). */
function vectorPolynomialValue(poly: Tensor, x: Tensor): Tensor {
  const last = poly.ndim - 1;
  let res = F.onesLike(x);
  for (let k = poly.shape[last] - 2; k >= 0; k--) res = poly.select(last, k).unsqueeze(-1).add(x.mul(res));
  return res;
}

/** poly(A) for matrices A by Horner's rule. */
function matrixPolynomialValue(poly: Tensor, A: Tensor): Tensor {
  const m = A.shape[A.ndim - 1], last = poly.ndim - 1;
  const eye = F.eye(m, { dtype: A.dtype, device: A.device });
  let res = eye;
  for (let k = poly.shape[last] - 2; k >= 0; k--) {
    res = A.matmul(res).add(eye.mul(poly.select(last, k).unsqueeze(-1).unsqueeze(-1)));
  }
  return res;
}

/**
 * A's gradient when U holds k < m eigenvectors: the span(U) part plus the solution of the Sylvester equation
 * U_o^T A U_o dX - dX D = -U_o^T A U on the orthogonal complement (Hu and Cheng 2006, PyTorch's derivation).
 */
function symeigBackwardPartial(gD: Tensor, gU: Tensor, A: Tensor, D: Tensor, U: Tensor, largest: boolean): Tensor {
  const Ut = U.mT, m = A.shape[A.ndim - 1], k = D.shape[D.ndim - 1];
  const eye = F.eye(m, { dtype: A.dtype, device: A.device });
  const projUOrtho = eye.sub(U.matmul(Ut));
  // a basis of span(U)'s complement from a fixed-seed draw (PyTorch's torch.Generator(A.device), its default seed)
  const gen = new TorchGenerator();
  const draw = F.randn([...A.shape.slice(0, -1), m - k], { dtype: A.dtype, device: A.device, generator: gen });
  const UOrtho = projUOrtho.matmul(draw), UOrthoT = UOrtho.mT;
  const chrPolyD = polynomialCoefficientsGivenRoots(D);
  const last = chrPolyD.ndim - 1, terms = chrPolyD.shape[last];
  // p_res of PyTorch's derivation without matrix powers: A^j gU weighted by the tails of chr_poly_D at D
  let gUProjected = gU;
  let seriesAcc = F.zerosLike(gU);
  for (let j = 1; j < terms; j++) {
    const polyD = vectorPolynomialValue(chrPolyD.narrow(last, j, terms - j), D);
    seriesAcc = seriesAcc.add(gUProjected.mul(polyD.unsqueeze(-2)));
    gUProjected = A.matmul(gUProjected);
  }
  const chrPolyDAtA = matrixPolynomialValue(chrPolyD, A);
  const restricted = UOrthoT.matmul(chrPolyDAtA.matmul(UOrtho));
  // restricted is positive definite unless largest with k odd (then negative definite): Cholesky of +-it
  const sign = largest && k % 2 === 1 ? -1 : 1;
  const Lc = L.cholesky(restricted.mul(sign));
  const res = symeigBackwardComplete(gD, gU, D, U);
  return res.sub(UOrtho.matmul(F.choleskySolve(UOrthoT.matmul(seriesAcc), Lc).mul(sign)).matmul(Ut));
}

/** The node of PyTorch's LOBPCGAutogradFunction: gradients of E and X into A (and a clear error for B). */
function attachBackward(A: Tensor, B: Tensor | null, E: Tensor, X: Tensor, largest: boolean): [Tensor, Tensor] {
  const ins = [A, B].filter((t): t is Tensor => t !== null && t.requiresGrad);
  const Ad = A.detach(), Ed = E.detach(), Xd = X.detach();
  const node = new Node(
    "LOBPCGAutogradFunctionBackward",
    ins.map((t) => edgeOf(t)),
    ins.map((t) => t.shape),
    (gs) => {
      if (B !== null) throw new RangeError("lobpcg.backward does not support backward with B != I yet.");
      // (autograd.Function materializes a missing output gradient as zeros)
      const gD = (gs[0] as Tensor | null) ?? F.zerosLike(Ed), gU = (gs[1] as Tensor | null) ?? F.zerosLike(Xd);
      // (X has n <= m / 3 columns: never the complete eigenspace, so always PyTorch's partial-eigenspace case)
      const gA = symeigBackwardPartial(gD, gU, Ad, Ed, Xd, largest);
      return ins.map((t) => (t === A ? gA : null));
    },
    [Ad, Ed, Xd],
    null,
    2,
  );
  return [E, X].map((t, i) => {
    const y = t.detach();
    y.gradFn = node;
    y.outputNr = i;
    y.requiresGrad = true;
    return y;
  }) as [Tensor, Tensor];
}

// ---- the front end ----

interface Options {
  k: number | null;
  B: Tensor | null;
  X: Tensor | null;
  n: number | null;
  iK: Tensor | null;
  niter: number | null;
  tol: number | null;
  largest: boolean | null;
  method: string;
  tracker: Tracker | null;
  orthoIparams: unknown;
  orthoFparams: unknown;
  orthoBparams: unknown;
}

const ORTHO_KEYS = {
  orthoIparams: { orthoIMax: "int", orthoJMax: "int" },
  orthoFparams: { orthoTol: "number", orthoTolDrop: "number", orthoTolReplace: "number" },
  orthoBparams: { orthoUseDrop: "boolean" },
} as const;

/** The ortho_*params dictionary checked: known camelCase keys with values of their type. */
function orthoParams(name: keyof typeof ORTHO_KEYS, v: unknown): Record<string, number | boolean> {
  if (v === null) return {};
  if (typeof v !== "object" || Array.isArray(v)) throw new TypeError(`lobpcg: ${name} must be an object or null`);
  const keys: Record<string, string> = ORTHO_KEYS[name], out: Record<string, number | boolean> = {};
  for (const [key, val] of Object.entries(v as Record<string, unknown>)) {
    const want = keys[key];
    if (!want) {
      throw new TypeError(`lobpcg: unknown key '${key}' in ${name} (expected ${Object.keys(keys).join(", ")})`);
    }
    const ok = want === "int"
      ? Number.isSafeInteger(val)
      : want === "boolean"
      ? typeof val === "boolean"
      : typeof val === "number";
    if (!ok) throw new TypeError(`lobpcg: ${name}.${key} must be ${want === "int" ? "an integer" : `a ${want}`}`);
    out[key] = val as number | boolean;
  }
  return out;
}

const shapeStr = (s: readonly number[]) => `torch.Size([${s.join(", ")}])`;

/** PyTorch's _lobpcg: the checks, the parameters, then one worker per matrix. */
function lobpcgForward(A: Tensor, o: Options): [Tensor, Tensor, boolean] {
  const m = A.shape[A.ndim - 1];
  if (A.ndim < 2 || A.shape[A.ndim - 2] !== m) {
    throw new ShapeError("lobpcg", `A must be square, got shape ${shapeStr(A.shape)}`, [A.shape]);
  }
  const { B, X, iK } = o;
  if (B && (B.ndim !== A.ndim || B.shape.some((s, i) => s !== A.shape[i]))) {
    throw new ShapeError("lobpcg", `A and B must have same shape, got ${shapeStr(A.shape)} vs ${shapeStr(B.shape)}`, [
      A.shape,
      B.shape,
    ]);
  }
  // (PyTorch's get_floating_dtype: integer inputs work in float32)
  const dtype = A.dtype === "float64" ? "float64" : "float32";
  // PyTorch's feps ** 0.5 (a correctly rounded pow: sqrt's value)
  const tol = o.tol ?? Math.sqrt(dtype === "float32" ? 1.2e-7 : 2.23e-16);
  // (+ 0 makes a -0 zero: FFI size arguments refuse -0)
  const k = (o.k ?? (X ? X.shape[X.ndim - 1] : 1)) + 0;
  const n = (X ? X.shape[X.ndim - 1] : o.n ?? k) + 0;
  if (n < 0) throw new RuntimeError(`Trying to create tensor with negative dimension ${n}: [${m}, ${n}]`);
  // (PyTorch slices E[:k] and X[:, :k]: at most the n pairs there are when k > n)
  const kept = Math.min(k, n);
  if (m < 3 * n) {
    throw new RangeError(
      `LOBPCG algorithm is not applicable when the number of A rows (=${m}) is smaller than 3 x the number of ` +
        `requested eigenpairs (=${n})`,
    );
  }
  const method = o.method;
  const iparams: LobpcgIparams = { m, n, k, niter: o.niter ?? 1000 };
  const fparams: LobpcgFparams = { tol };
  const bparams: LobpcgBparams = { largest: o.largest ?? true };
  if (method === "ortho") {
    Object.assign(iparams, orthoParams("orthoIparams", o.orthoIparams));
    Object.assign(fparams, orthoParams("orthoFparams", o.orthoFparams));
    Object.assign(bparams, orthoParams("orthoBparams", o.orthoBparams));
    iparams.orthoIMax ??= 3;
    iparams.orthoJMax ??= 3;
    fparams.orthoTol ??= tol;
    fparams.orthoTolDrop ??= tol;
    fparams.orthoTolReplace ??= tol;
    bparams.orthoUseDrop ??= false;
  }
  const device = A.device;
  const solve = (A_: Tensor, B_: Tensor | null, X_: Tensor | null, batch: number | null): [Tensor, Tensor] => {
    X_ ??= F.randn([m, n], { dtype, device });
    if (X_.ndim !== 2 || X_.shape[0] !== m || X_.shape[1] !== n) {
      throw new ShapeError("lobpcg", `X shape mismatch: got ${shapeStr(X_.shape)}, expected (${m}, ${n})`, [X_.shape]);
    }
    if (batch !== null) iparams.batchIndex = batch;
    const worker = new Worker(A_, B_, X_, iK, iparams, fparams, bparams, method, o.tracker);
    worker.run();
    return [worker.E.narrow(0, 0, kept), cols(worker.X, 0, kept)];
  };
  if (A.ndim === 2) return [...solve(A, B, X, null), bparams.largest];
  const batch = A.shape.slice(0, -2), N = batch.reduce((a, b) => a * b, 1);
  const bA = A.reshape([N, m, m]), bB = B ? B.reshape([N, m, m]) : null;
  const bX = X ? X.reshape([N, ...X.shape.slice(-2)]) : null;
  const Es: Tensor[] = [], Xs: Tensor[] = [];
  for (let i = 0; i < N; i++) {
    const [E, V] = solve(bA.select(0, i), bB ? bB.select(0, i) : null, bX ? bX.select(0, i) : null, i);
    Es.push(E);
    Xs.push(V);
  }
  const E = F.stack(Es).to(dtype).reshape([...batch, kept]), V = F.stack(Xs).to(dtype).reshape([...batch, m, kept]);
  return [E, V, bparams.largest];
}

/** torch.lobpcg: symmetrizes A (and B) when they require grad, as PyTorch does, and records its backward. */
function lobpcg(A: Tensor, o: Options): Tensor[] {
  const grad = isGradEnabled() && (A.requiresGrad || (o.B !== null && o.B.requiresGrad));
  if (!grad) return withGradMode(false, () => lobpcgForward(A, o).slice(0, 2) as Tensor[]);
  // A - t * A.grad stays symmetric: A's gradient is taken through (A + A^T) / 2
  const Asym = A.add(A.mT).div(2), Bsym = o.B ? o.B.add(o.B.mT).div(2) : null;
  const [E, X, largest] = withGradMode(
    false,
    () => lobpcgForward(Asym.detach(), { ...o, B: Bsym && Bsym.detach() }),
  );
  return attachBackward(Asym, Bsym, E, X, largest);
}

/**
 * torch.lobpcg: the k largest (or smallest) eigenpairs of a symmetric positive definite (generalized) eigenproblem.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const A = torch.diag(torch.arange(1, 13, { dtype: torch.float64 }));
 * const [E, X] = torch.lobpcg(A, 2, { largest: false });
 * assert.deepEqual(E.shape, [2]);
 * assert.ok(Math.abs(Number(E.get(0).item()) - 1) < 1e-6);
 * assert.deepEqual(X.shape, [12, 2]);
 * ```
 */
export const LOBPCG_OPS = {
  lobpcg: defineOp({
    name: "lobpcg",
    doc: "[E, X]: k extreme eigenpairs of A X = B X diag(E) by LOBPCG (PyTorch's basic and ortho methods).",
    torch: {
      names: ["lobpcg"],
      overloads: [{
        sig: {
          pos: [
            req("A", "array"),
            opt("k", "int", null),
            opt("B", "array", null),
            opt("X", "array", null),
            opt("n", "int", null),
            opt("iK", "array", null),
            opt("niter", "int", null),
            opt("tol", "number", null),
            opt("largest", "bool", null),
            opt("method", "string", null, { choices: ["ortho", "basic"] }),
            opt("tracker", "fn", null),
            opt("orthoIparams", "any", null),
            opt("orthoFparams", "any", null),
            opt("orthoBparams", "any", null),
          ],
          kw: [],
        },
        composite: true,
        returns: "arrays",
        names: ["E", "X"],
        impl: (a: Args): Tensor[] =>
          lobpcg(a.A, {
            k: a.k,
            B: a.B,
            X: a.X,
            n: a.n,
            iK: a.iK,
            niter: a.niter,
            tol: a.tol,
            largest: a.largest,
            method: a.method ?? "ortho",
            tracker: a.tracker,
            orthoIparams: a.orthoIparams,
            orthoFparams: a.orthoFparams,
            orthoBparams: a.orthoBparams,
          }),
      }],
    },
  }),
};
