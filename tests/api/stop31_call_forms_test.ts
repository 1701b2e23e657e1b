/**
 * The call forms of the surface added last stop (optim.ASGD / Rprop / Adafactor / Muon, optim.swaUtils,
 * torch.lstm / gru / rnnTanh / rnnRelu, torch.embeddingBag / embeddingRenorm_, the native norms, torch.lobpcg,
 * nn.grad, nn.attention, Tensor.set_ / new, np.poly1d / roots / seterr / errstate / dtype): each keyword call of
 * PyTorch or NumPy is made here by position, as a trailing options object and mixed, and every form must give the
 * oracle's value. One Python run evaluates every case.
 */
import assert from "node:assert/strict";
import { nn, np, optim, torch } from "../../mod.ts";
import type { AveragedModel, SWALR } from "../../src/optim/swa_utils.ts";
import type { ErrSettings } from "../../src/numpy/errstate.ts";
import { assertMatches, numpy, type OracleResult, rng } from "../helpers/oracle.ts";

// deno-lint-ignore no-explicit-any
type Loose = (...args: any[]) => any;
/** A call past what the TypeScript overloads list (a form the binder accepts at run time). */
const call = (f: unknown, ...args: unknown[]) => (f as Loose)(...args);
// deno-lint-ignore no-explicit-any
const make = (C: unknown, ...args: unknown[]) => new (C as new (...a: any[]) => any)(...args);

/** One Python expression and the dendrite forms that must each give its value. */
interface Group {
  label: string;
  py: string;
  forms: [string, () => unknown][];
  tol?: { rtol?: number; atol?: number };
}

/** Deterministic data of a shape as nested lists (4 decimals), the same literal on both sides. */
function data(seed: number, shape: number[], lo = -1, hi = 1): unknown {
  const r = rng(seed);
  const build = (dims: number[]): unknown =>
    dims.length === 0
      ? Math.round((lo + (hi - lo) * r()) * 1e4) / 1e4
      : Array.from({ length: dims[0] }, () => build(dims.slice(1)));
  return build(shape);
}
const lit = (v: unknown) =>
  JSON.stringify(v).replaceAll("null", "None").replaceAll("true", "True").replaceAll(
    "false",
    "False",
  );
const f32 = (v: unknown) => torch.tensor(v as number[], { dtype: "float32" });
const f64 = (v: unknown) => torch.tensor(v as number[], { dtype: "float64" });
const i64 = (v: number[]) => torch.tensor(v, { dtype: "int64" });

const PRE = `
import torch.nn as nn
import torch.nn.attention.bias
F = torch.nn.functional
swa = torch.optim.swa_utils
d = lambda v: torch.tensor(v, dtype=torch.float64)
f = lambda v: torch.tensor(v, dtype=torch.float32)
i = lambda v: torch.tensor(v, dtype=torch.int64)
def train(make, p0, dtype=torch.float64, steps=3):
    p = torch.tensor(p0, dtype=dtype, requires_grad=True)
    o = make([p])
    for _ in range(steps):
        o.zero_grad()
        ((p - 0.5) ** 2 * torch.arange(1, p.numel() + 1, dtype=dtype).reshape(p.shape)).sum().backward()
        o.step()
    return p.detach()
def averaged(make):
    m = nn.BatchNorm1d(2)
    with torch.no_grad():
        m.weight.copy_(f([1.5, -2.0])); m.bias.copy_(f([0.5, 0.25]))
    avg = make(m)
    avg.update_parameters(m)
    with torch.no_grad():
        m.weight.mul_(3); m.bias.add_(1)
    m(f([[1.0, 2.0], [3.0, 5.0], [0.0, 1.0]]))
    avg.update_parameters(m)
    return (avg.module.weight.detach(), avg.module.bias.detach(), avg.module.running_mean, avg.n_averaged)
def ubn(call):
    bn = nn.BatchNorm1d(2)
    call([f([[1.0, 2.0], [3.0, 5.0]]), [f([[0.0, 1.0], [2.0, 2.5], [1.0, 0.0]]), 7]], bn)
    return (bn.running_mean, bn.running_var, bn.num_batches_tracked)
def swalr(make, steps=5):
    p = torch.zeros(1, requires_grad=True)
    o = torch.optim.SGD([p], lr=1.0)
    s = make(o)
    out = []
    for _ in range(steps):
        o.step(); s.step(); out.append(o.param_groups[0]["lr"])
    return d(out)
def geterr():
    return str(sorted(np.geterr().items()))
def seterr(**kw):
    old = np.seterr(**kw)
    try:
        return geterr()
    finally:
        np.seterr(**old)
def prio():
    A = torch.nn.attention
    with A.sdpa_kernel([A.SDPBackend.MATH, A.SDPBackend.FLASH_ATTENTION], set_priority=True):
        return i([int(b) for b in A._cur_sdpa_kernel_backends(with_priority=True)])
def errstate(**kw):
    with np.errstate(**kw):
        return geterr()
`;

// ---------- dendrite's twins of the Python helpers ----------

function train(build: (ps: torch.Tensor[]) => unknown, p0: number[][], dtype = "float64", steps = 3): torch.Tensor {
  const p = torch.tensor(p0, { dtype: dtype as "float64" }).requiresGrad_();
  const o = build([p]) as optim.Optimizer;
  const w = torch.arange(1, p.numel() + 1, { dtype: dtype as "float64" }).reshape(p.shape);
  for (let k = 0; k < steps; k++) {
    o.zeroGrad();
    p.sub(0.5).pow(2).mul(w).sum().backward();
    o.step();
  }
  return p.detach();
}

function averaged(build: (m: nn.Module) => AveragedModel): torch.Tensor[] {
  const m = new nn.BatchNorm1d(2);
  torch.noGrad(() => {
    m.weight!.copy_(f32([1.5, -2.0]));
    m.bias!.copy_(f32([0.5, 0.25]));
  });
  const avg = build(m);
  avg.updateParameters(m);
  torch.noGrad(() => {
    m.weight!.mul_(3);
    m.bias!.add_(1);
  });
  m.forward(f32([[1.0, 2.0], [3.0, 5.0], [0.0, 1.0]]));
  avg.updateParameters(m);
  const bn = avg.module as nn.BatchNorm1d;
  return [bn.weight!.detach(), bn.bias!.detach(), bn.runningMean!, avg.nAveraged];
}

function ubn(run: (loader: unknown[], bn: nn.BatchNorm1d) => void): torch.Tensor[] {
  const bn = new nn.BatchNorm1d(2);
  run([f32([[1.0, 2.0], [3.0, 5.0]]), [f32([[0.0, 1.0], [2.0, 2.5], [1.0, 0.0]]), 7]], bn);
  return [bn.runningMean!, bn.runningVar!, bn.numBatchesTracked!];
}

function swalr(build: (o: optim.Optimizer) => SWALR, steps = 5): torch.Tensor {
  const o = new optim.SGD([torch.zeros([1], { requiresGrad: true })], { lr: 1.0 });
  const s = build(o);
  const out: number[] = [];
  for (let k = 0; k < steps; k++) {
    o.step();
    s.step();
    out.push(o.paramGroups[0].lr);
  }
  return f64(out);
}

const errText = (e: ErrSettings) =>
  `[${
    (Object.entries(e) as [string, string][]).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `('${k}', '${v}')`)
      .join(", ")
  }]`;
function seterr(...args: unknown[]): string {
  const old = call(np.seterr, ...args);
  try {
    return errText(np.geterr());
  } finally {
    np.seterr(old);
  }
}

// ---------- the cases ----------

const P0 = [[1.5, -2.0], [0.25, 3.0]];
const NS = [3.4445, -4.775, 2.0315];

const OPTIM: Group[] = [
  {
    label: "ASGD",
    py: `train(lambda ps: torch.optim.ASGD(ps, lr=0.05, lambd=1e-3, alpha=0.6, t0=1, weight_decay=0.1), ${lit(P0)})`,
    forms: [
      ["positional", () => train((ps) => new optim.ASGD(ps, 0.05, 1e-3, 0.6, 1, 0.1), P0)],
      [
        "options",
        () => train((ps) => new optim.ASGD(ps, { lr: 0.05, lambd: 1e-3, alpha: 0.6, t0: 1, weightDecay: 0.1 }), P0),
      ],
      ["mixed", () => train((ps) => new optim.ASGD(ps, 0.05, 1e-3, { alpha: 0.6, t0: 1, weightDecay: 0.1 }), P0)],
    ],
  },
  {
    label: "ASGD maximize",
    py: `train(lambda ps: torch.optim.ASGD(ps, 0.05, maximize=True), ${lit(P0)})`,
    forms: [
      ["positional", () => train((ps) => new optim.ASGD(ps, 0.05, 1e-4, 0.75, 1e6, 0, null, true), P0)],
      ["mixed", () => train((ps) => new optim.ASGD(ps, 0.05, { maximize: true }), P0)],
    ],
  },
  {
    label: "Rprop",
    py: `train(lambda ps: torch.optim.Rprop(ps, lr=0.02, etas=(0.4, 1.3), step_sizes=(1e-4, 0.5)), ${
      lit(P0)
    }, steps=4)`,
    forms: [
      ["positional", () => train((ps) => new optim.Rprop(ps, 0.02, [0.4, 1.3], [1e-4, 0.5]), P0, "float64", 4)],
      [
        "options",
        () =>
          train((ps) => new optim.Rprop(ps, { lr: 0.02, etas: [0.4, 1.3], stepSizes: [1e-4, 0.5] }), P0, "float64", 4),
      ],
      [
        "mixed",
        () => train((ps) => new optim.Rprop(ps, 0.02, { etas: [0.4, 1.3], stepSizes: [1e-4, 0.5] }), P0, "float64", 4),
      ],
    ],
  },
  {
    label: "Rprop maximize",
    py: `train(lambda ps: torch.optim.Rprop(ps, 0.02, (0.4, 1.3), maximize=True), ${lit(P0)})`,
    forms: [["mixed", () => train((ps) => new optim.Rprop(ps, 0.02, [0.4, 1.3], { maximize: true }), P0)]],
  },
  {
    label: "Adafactor",
    py:
      `train(lambda ps: torch.optim.Adafactor(ps, lr=0.05, beta2_decay=-0.7, eps=(None, 1e-3), d=1.5, weight_decay=0.01), ${
        lit(P0)
      })`,
    forms: [
      ["positional", () => train((ps) => new optim.Adafactor(ps, 0.05, -0.7, [null, 1e-3], 1.5, 0.01), P0)],
      [
        "options",
        () =>
          train(
            (ps) =>
              new optim.Adafactor(ps, { lr: 0.05, beta2Decay: -0.7, eps: [null, 1e-3], d: 1.5, weightDecay: 0.01 }),
            P0,
          ),
      ],
      [
        "mixed",
        () => train((ps) => new optim.Adafactor(ps, 0.05, -0.7, { eps: [null, 1e-3], d: 1.5, weightDecay: 0.01 }), P0),
      ],
    ],
  },
  {
    label: "Adafactor maximize",
    py: `train(lambda ps: torch.optim.Adafactor(ps, 0.05, maximize=True), ${lit(P0)}, dtype=torch.float32)`,
    forms: [["mixed", () => train((ps) => new optim.Adafactor(ps, 0.05, { maximize: true }), P0, "float32")]],
  },
  {
    label: "Muon",
    py:
      `train(lambda ps: torch.optim.Muon(ps, lr=0.02, weight_decay=0.05, momentum=0.9, nesterov=False, ns_coefficients=${
        lit(NS)
      }, eps=1e-7, ns_steps=4, adjust_lr_fn="match_rms_adamw"), ${lit(P0)}, dtype=torch.float32)`,
    forms: [
      [
        "positional",
        () => train((ps) => new optim.Muon(ps, 0.02, 0.05, 0.9, false, NS, 1e-7, 4, "match_rms_adamw"), P0, "float32"),
      ],
      [
        "options",
        () =>
          train(
            (ps) =>
              new optim.Muon(ps, {
                lr: 0.02,
                weightDecay: 0.05,
                momentum: 0.9,
                nesterov: false,
                nsCoefficients: NS,
                eps: 1e-7,
                nsSteps: 4,
                adjustLrFn: "match_rms_adamw",
              }),
            P0,
            "float32",
          ),
      ],
      [
        "mixed",
        () =>
          train(
            (ps) =>
              new optim.Muon(ps, 0.02, 0.05, {
                momentum: 0.9,
                nesterov: false,
                nsSteps: 4,
                adjustLrFn: "match_rms_adamw",
              }),
            P0,
            "float32",
          ),
      ],
    ],
    tol: { rtol: 1e-5, atol: 1e-5 },
  },
];

const SWA: Group[] = [
  {
    label: "AveragedModel EMA with buffers",
    py: "averaged(lambda m: swa.AveragedModel(m, None, None, swa.get_ema_multi_avg_fn(0.5), True))",
    forms: [
      [
        "positional",
        () =>
          averaged((m) => new optim.swaUtils.AveragedModel(m, null, null, optim.swaUtils.getEmaMultiAvgFn(0.5), true)),
      ],
      [
        "options",
        () =>
          averaged((m) =>
            new optim.swaUtils.AveragedModel(m, {
              multiAvgFn: optim.swaUtils.getEmaMultiAvgFn({ decay: 0.5 }),
              useBuffers: true,
            })
          ),
      ],
      [
        "mixed",
        () =>
          averaged((m) =>
            new optim.swaUtils.AveragedModel(m, null, {
              multiAvgFn: optim.swaUtils.getEmaMultiAvgFn(0.5),
              useBuffers: true,
            })
          ),
      ],
    ],
  },
  {
    label: "AveragedModel avgFn",
    py: "averaged(lambda m: swa.AveragedModel(m, avg_fn=swa.get_ema_avg_fn(decay=0.25)))",
    forms: [
      [
        "positional",
        () => averaged((m) => new optim.swaUtils.AveragedModel(m, null, optim.swaUtils.getEmaAvgFn(0.25))),
      ],
      [
        "options",
        () =>
          averaged((m) => new optim.swaUtils.AveragedModel(m, { avgFn: optim.swaUtils.getEmaAvgFn({ decay: 0.25 }) })),
      ],
    ],
  },
  {
    label: "AveragedModel SWA",
    py: "averaged(lambda m: swa.AveragedModel(m, 'cpu'))",
    forms: [
      ["positional", () => averaged((m) => new optim.swaUtils.AveragedModel(m, "cpu"))],
      ["options", () => averaged((m) => new optim.swaUtils.AveragedModel({ model: m, device: "cpu" }))],
    ],
  },
  {
    label: "the averaging functions",
    py:
      "(swa.get_ema_avg_fn(0.5)(d([1.0, 2.0]), d([3.0, 5.0]), 1), swa.get_swa_avg_fn()(d([1.0, 2.0]), d([3.0, 5.0]), " +
      "torch.tensor(2)), swa.get_swa_avg_fn()(d([1.0, 2.0]), d([3.0, 5.0]), 3))",
    forms: [
      [
        "positional",
        () => [
          optim.swaUtils.getEmaAvgFn(0.5)(f64([1, 2]), f64([3, 5]), 1),
          optim.swaUtils.getSwaAvgFn()(f64([1, 2]), f64([3, 5]), torch.tensor(2)),
          optim.swaUtils.getSwaAvgFn()(f64([1, 2]), f64([3, 5]), 3),
        ],
      ],
      [
        "options",
        () => [
          optim.swaUtils.getEmaAvgFn({ decay: 0.5 })(f64([1, 2]), f64([3, 5]), 1),
          optim.swaUtils.getSwaAvgFn()(f64([1, 2]), f64([3, 5]), torch.tensor(2)),
          optim.swaUtils.getSwaAvgFn()(f64([1, 2]), f64([3, 5]), 3),
        ],
      ],
    ],
  },
  {
    label: "updateBn",
    py: "ubn(lambda loader, bn: swa.update_bn(loader, bn, device=None))",
    forms: [
      ["positional", () => ubn((loader, bn) => optim.swaUtils.updateBn(loader, bn))],
      ["positional device", () => ubn((loader, bn) => optim.swaUtils.updateBn(loader, bn, null))],
      ["options", () => ubn((loader, bn) => call(optim.swaUtils.updateBn, { loader, model: bn, device: "cpu" }))],
      ["mixed", () => ubn((loader, bn) => call(optim.swaUtils.updateBn, loader, { model: bn }))],
    ],
  },
  {
    label: "SWALR",
    py: "swalr(lambda o: swa.SWALR(o, swa_lr=0.1, anneal_epochs=3, anneal_strategy='linear', last_epoch=-1))",
    forms: [
      ["positional", () => swalr((o) => new optim.swaUtils.SWALR(o, 0.1, 3, "linear", -1))],
      [
        "options",
        () => swalr((o) => new optim.swaUtils.SWALR(o, { swaLr: 0.1, annealEpochs: 3, annealStrategy: "linear" })),
      ],
      ["mixed", () => swalr((o) => new optim.swaUtils.SWALR(o, 0.1, { annealEpochs: 3, annealStrategy: "linear" }))],
    ],
  },
  {
    label: "SWALR cos",
    py: "swalr(lambda o: swa.SWALR(o, 0.2, anneal_epochs=2))",
    forms: [
      ["positional", () => swalr((o) => new optim.swaUtils.SWALR(o, 0.2, 2))],
      ["mixed", () => swalr((o) => new optim.swaUtils.SWALR(o, 0.2, { annealEpochs: 2, annealStrategy: "cos" }))],
    ],
  },
];

// recurrent weights: input 3, hidden 2, one layer, biases
const X = data(1, [4, 2, 3]), H = data(2, [1, 2, 2]), C = data(3, [1, 2, 2]);
const gateWeights = (g: number, seed: number) => [
  data(seed, [2 * g, 3]),
  data(seed + 1, [2 * g, 2]),
  data(seed + 2, [2 * g]),
  data(seed + 3, [2 * g]),
];
const pyWeights = (g: number, seed: number) => `[${gateWeights(g, seed).map((w) => `f(${lit(w)})`).join(", ")}]`;
const tsWeights = (g: number, seed: number) => gateWeights(g, seed).map(f32);

function rnnGroup(label: string, fn: "rnnTanh" | "rnnRelu" | "gru", py: string, gates: number): Group {
  const f = torch[fn] as Loose;
  return {
    label,
    py: `torch.${py}(input=f(${lit(X)}), hx=f(${lit(H)}), params=${
      pyWeights(gates, 10)
    }, has_biases=True, num_layers=1, dropout=0.0, train=False, bidirectional=False, batch_first=False)`,
    forms: [
      ["positional", () => f(f32(X), f32(H), tsWeights(gates, 10), true, 1, 0, false, false, false)],
      [
        "options",
        () =>
          f({
            input: f32(X),
            hx: f32(H),
            params: tsWeights(gates, 10),
            hasBiases: true,
            numLayers: 1,
            dropout: 0,
            train: false,
            bidirectional: false,
            batchFirst: false,
          }),
      ],
      [
        "mixed",
        () =>
          f(f32(X), f32(H), tsWeights(gates, 10), true, 1, {
            dropout: 0,
            train: false,
            bidirectional: false,
            batchFirst: false,
          }),
      ],
    ],
  };
}

const W5 = data(20, [5, 3]);
const RNN: Group[] = [
  rnnGroup("rnnTanh", "rnnTanh", "rnn_tanh", 1),
  rnnGroup("rnnRelu", "rnnRelu", "rnn_relu", 1),
  rnnGroup("gru", "gru", "gru", 3),
  {
    label: "lstm",
    py: `torch.lstm(f(${lit(X)}), [f(${lit(H)}), f(${lit(C)})], ${
      pyWeights(4, 30)
    }, True, 1, 0.0, False, False, False)`,
    forms: [
      ["positional", () => torch.lstm(f32(X), [f32(H), f32(C)], tsWeights(4, 30), true, 1, 0, false, false, false)],
      [
        "mixed",
        () =>
          call(torch.lstm, f32(X), [f32(H), f32(C)], tsWeights(4, 30), true, {
            numLayers: 1,
            dropout: 0,
            train: false,
            bidirectional: false,
            batchFirst: false,
          }),
      ],
    ],
  },
  {
    label: "lstm packed",
    py: `torch.lstm(f(${lit(data(4, [5, 3]))}), i([2, 2, 1]), [f(${lit(H)}), f(${lit(C)})], ${
      pyWeights(4, 30)
    }, True, 1, 0.0, False, False)`,
    forms: [
      [
        "positional",
        () =>
          torch.lstm(
            f32(data(4, [5, 3])),
            i64([2, 2, 1]),
            [f32(H), f32(C)],
            tsWeights(4, 30),
            true,
            1,
            0,
            false,
            false,
          ),
      ],
      [
        "mixed",
        () =>
          call(torch.lstm, f32(data(4, [5, 3])), i64([2, 2, 1]), [f32(H), f32(C)], tsWeights(4, 30), true, 1, {
            dropout: 0,
            train: false,
            bidirectional: false,
          }),
      ],
    ],
  },
  {
    label: "embeddingBag",
    py: `torch.embedding_bag(f(${lit(W5)}), i([0, 2, 4, 1, 0]), i([0, 2, 3]), scale_grad_by_freq=False, mode=1, ` +
      "sparse=False, per_sample_weights=None, include_last_offset=True, padding_idx=0)",
    forms: [
      [
        "positional",
        () => torch.embeddingBag(f32(W5), i64([0, 2, 4, 1, 0]), i64([0, 2, 3]), false, 1, false, null, true, 0),
      ],
      [
        "options",
        () =>
          torch.embeddingBag(f32(W5), i64([0, 2, 4, 1, 0]), i64([0, 2, 3]), {
            mode: 1,
            includeLastOffset: true,
            paddingIdx: 0,
          }),
      ],
      [
        "mixed",
        () =>
          torch.embeddingBag(f32(W5), i64([0, 2, 4, 1, 0]), i64([0, 2, 3]), false, 1, {
            includeLastOffset: true,
            paddingIdx: 0,
          }),
      ],
    ],
  },
  {
    label: "embeddingBag max, per-sample weights",
    py: `(torch.embedding_bag(f(${lit(W5)}), i([0, 2, 4, 1]), i([0, 2]), False, 2), ` +
      `torch.embedding_bag(f(${lit(W5)}), i([0, 2, 4, 1]), i([0, 2]), per_sample_weights=f([1.0, 0.5, 2.0, -1.0])))`,
    forms: [
      [
        "positional",
        () => [
          torch.embeddingBag(f32(W5), i64([0, 2, 4, 1]), i64([0, 2]), false, 2),
          torch.embeddingBag(f32(W5), i64([0, 2, 4, 1]), i64([0, 2]), false, 0, false, f32([1.0, 0.5, 2.0, -1.0])),
        ],
      ],
      [
        "options",
        () => [
          torch.embeddingBag(f32(W5), i64([0, 2, 4, 1]), i64([0, 2]), { mode: 2 }),
          torch.embeddingBag(f32(W5), i64([0, 2, 4, 1]), i64([0, 2]), { perSampleWeights: f32([1.0, 0.5, 2.0, -1.0]) }),
        ],
      ],
    ],
  },
  {
    label: "embeddingRenorm_",
    py: `torch.embedding_renorm_(f(${lit(W5)}), i([0, 3, 3]), max_norm=0.5, norm_type=1.0)`,
    forms: [
      ["positional", () => torch.embeddingRenorm_(f32(W5), i64([0, 3, 3]), 0.5, 1)],
      ["options", () => call(torch.embeddingRenorm_, f32(W5), i64([0, 3, 3]), { maxNorm: 0.5, normType: 1 })],
      ["mixed", () => call(torch.embeddingRenorm_, f32(W5), i64([0, 3, 3]), 0.5, { normType: 1 })],
    ],
  },
];

const XN = data(5, [3, 4, 2]), WN = data(6, [4]), BN = data(7, [4]);
const NORMS: Group[] = [
  {
    label: "nativeBatchNorm",
    py: `torch.native_batch_norm(d(${lit(XN)}), d(${lit(WN)}), d(${lit(BN)}), torch.zeros(4, dtype=torch.float64), ` +
      "torch.ones(4, dtype=torch.float64), training=True, momentum=0.2, eps=1e-3)",
    forms: [
      [
        "positional",
        () =>
          torch.nativeBatchNorm(
            f64(XN),
            f64(WN),
            f64(BN),
            torch.zeros(4, { dtype: "float64" }),
            torch.ones(4, { dtype: "float64" }),
            true,
            0.2,
            1e-3,
          ),
      ],
      [
        "mixed",
        () =>
          call(
            torch.nativeBatchNorm,
            f64(XN),
            f64(WN),
            f64(BN),
            torch.zeros(4, { dtype: "float64" }),
            torch.ones(4, { dtype: "float64" }),
            {
              training: true,
              momentum: 0.2,
              eps: 1e-3,
            },
          ),
      ],
    ],
  },
  {
    label: "nativeLayerNorm",
    py: `torch.native_layer_norm(f(${lit(XN)}), [4, 2], None, f(${lit(data(8, [4, 2]))}), eps=1e-4)`,
    forms: [
      ["positional", () => torch.nativeLayerNorm(f32(XN), [4, 2], null, f32(data(8, [4, 2])), 1e-4)],
      [
        "mixed",
        () => call(torch.nativeLayerNorm, f32(XN), [4, 2], { weight: null, bias: f32(data(8, [4, 2])), eps: 1e-4 }),
      ],
    ],
  },
  {
    label: "nativeGroupNorm",
    py: `torch.native_group_norm(d(${lit(XN)}), d(${lit(WN)}), None, 3, 4, 2, 2, 1e-5)`,
    forms: [
      ["positional", () => torch.nativeGroupNorm(f64(XN), f64(WN), null, 3, 4, 2, 2, 1e-5)],
      ["mixed", () => call(torch.nativeGroupNorm, f64(XN), f64(WN), null, 3, 4, { HxW: 2, group: 2, eps: 1e-5 })],
    ],
  },
  {
    label: "nativeDropout (not training)",
    py: `torch.native_dropout(f(${lit(WN)}), p=0.3, train=False)`,
    forms: [
      ["positional", () => torch.nativeDropout(f32(WN), 0.3, false)],
      ["options", () => call(torch.nativeDropout, f32(WN), { p: 0.3, train: false })],
    ],
  },
  {
    label: "batchNormUpdateStats",
    py: `(lambda rm, rv: torch.batch_norm_update_stats(d(${lit(XN)}), rm, rv, momentum=0.3) + (rm, rv))` +
      "(torch.zeros(4, dtype=torch.float64), torch.ones(4, dtype=torch.float64))",
    forms: [
      [
        "positional",
        () => {
          const rm = torch.zeros(4, { dtype: "float64" }), rv = torch.ones(4, { dtype: "float64" });
          return [...torch.batchNormUpdateStats(f64(XN), rm, rv, 0.3), rm, rv];
        },
      ],
      [
        "mixed",
        () => {
          const rm = torch.zeros(4, { dtype: "float64" }), rv = torch.ones(4, { dtype: "float64" });
          return [
            ...call(torch.batchNormUpdateStats, f64(XN), { runningMean: rm, runningVar: rv, momentum: 0.3 }),
            rm,
            rv,
          ];
        },
      ],
    ],
  },
];

// A symmetric positive definite 12 x 12 matrix and a starting basis
const A12 = Array.from(
  { length: 12 },
  (_, r) => Array.from({ length: 12 }, (_, c) => (r === c ? r + 1 : 1 / (2 + r + c))),
);
const X12 = data(9, [12, 2]);
const LINALG: Group[] = [
  {
    label: "lobpcg",
    py: `torch.lobpcg(d(${lit(A12)}), k=2, B=None, X=d(${
      lit(X12)
    }), n=None, iK=None, niter=60, tol=1e-9, largest=False)[0]`,
    forms: [
      ["positional", () => torch.lobpcg(f64(A12), 2, null, f64(X12), null, null, 60, 1e-9, false)[0]],
      ["options", () => torch.lobpcg(f64(A12), { k: 2, X: f64(X12), niter: 60, tol: 1e-9, largest: false })[0]],
      ["mixed", () => torch.lobpcg(f64(A12), 2, null, { X: f64(X12), niter: 60, tol: 1e-9, largest: false })[0]],
    ],
    tol: { rtol: 1e-7, atol: 1e-7 },
  },
  {
    label: "lobpcg basic, largest",
    py: `torch.lobpcg(d(${lit(A12)}), 2, X=d(${lit(X12)}), niter=80, method="basic")[0]`,
    forms: [
      ["options", () => torch.lobpcg(f64(A12), 2, { X: f64(X12), niter: 80, method: "basic" })[0]],
      ["positional", () => torch.lobpcg(f64(A12), 2, null, f64(X12), null, null, 80, null, null, "basic")[0]],
    ],
    tol: { rtol: 1e-7, atol: 1e-7 },
  },
];

const W1 = data(11, [3, 2, 3]), GY1 = data(12, [1, 3, 3]);
const X2 = data(13, [1, 2, 4, 4]), GY2 = data(14, [1, 4, 2, 2]);
const W3 = data(15, [2, 1, 2, 2, 2]), GY3 = data(16, [1, 2, 4, 4, 4]);
const GRAD: Group[] = [
  {
    label: "conv1dInput",
    py: `torch.nn.grad.conv1d_input((1, 2, 5), d(${lit(W1)}), d(${
      lit(GY1)
    }), stride=2, padding=1, dilation=1, groups=1)`,
    forms: [
      ["positional", () => nn.grad.conv1dInput([1, 2, 5], f64(W1), f64(GY1), 2, 1, 1, 1)],
      ["options", () => nn.grad.conv1dInput([1, 2, 5], f64(W1), f64(GY1), { stride: 2, padding: 1 })],
      ["mixed", () => nn.grad.conv1dInput([1, 2, 5], f64(W1), f64(GY1), 2, { padding: [1], dilation: 1, groups: 1 })],
    ],
  },
  {
    label: "conv2dWeight",
    py: `torch.nn.grad.conv2d_weight(f(${lit(X2)}), (4, 1, 2, 2), f(${lit(GY2)}), 1, 0, dilation=2, groups=2)`,
    forms: [
      ["positional", () => nn.grad.conv2dWeight(f32(X2), [4, 1, 2, 2], f32(GY2), 1, 0, 2, 2)],
      ["options", () => nn.grad.conv2dWeight(f32(X2), [4, 1, 2, 2], f32(GY2), { dilation: [2, 2], groups: 2 })],
      ["mixed", () => nn.grad.conv2dWeight(f32(X2), [4, 1, 2, 2], f32(GY2), 1, 0, { dilation: 2, groups: 2 })],
    ],
  },
  {
    label: "conv3dInput",
    py: `torch.nn.grad.conv3d_input([1, 1, 3, 3, 3], d(${lit(W3)}), d(${lit(GY3)}), padding=1)`,
    forms: [
      ["positional", () => nn.grad.conv3dInput([1, 1, 3, 3, 3], f64(W3), f64(GY3), 1, 1)],
      ["options", () => nn.grad.conv3dInput([1, 1, 3, 3, 3], f64(W3), f64(GY3), { padding: 1 })],
    ],
  },
];

const { SDPBackend, sdpaKernel, currentBackends } = nn.attention;
const Q = data(17, [1, 2, 3, 4]), KV = data(18, [1, 2, 4, 4]);
const ATTENTION: Group[] = [
  {
    label: "sdpaKernel priority",
    py: "prio()",
    forms: [
      [
        "positional",
        () => sdpaKernel([SDPBackend.MATH, SDPBackend.FLASH_ATTENTION], true, () => np.array(currentBackends(true))),
      ],
      [
        "options",
        () =>
          sdpaKernel(
            [SDPBackend.MATH, SDPBackend.FLASH_ATTENTION],
            { setPriority: true },
            () => np.array(currentBackends(true)),
          ),
      ],
      [
        "guard",
        () => {
          using _g = sdpaKernel([SDPBackend.MATH, SDPBackend.FLASH_ATTENTION], { setPriority: true });
          return np.array(currentBackends(true));
        },
      ],
    ],
  },
  {
    label: "causal biases",
    py: "(lambda B: (B.causal_lower_right(2, 3)._materialize(), B.causal_upper_left(3, 2)._materialize(), " +
      `F.scaled_dot_product_attention(d(${lit(Q)}), d(${lit(KV)}), d(${
        lit(KV)
      }), attn_mask=B.causal_lower_right(3, 4))))` +
      "(torch.nn.attention.bias)",
    forms: [
      [
        "factories",
        () => [
          nn.attention.bias.causalLowerRight(2, 3).materialize(),
          nn.attention.bias.causalUpperLeft(3, 2).materialize(),
          nn.F.scaledDotProductAttention(f64(Q), f64(KV), f64(KV), {
            attnMask: nn.attention.bias.causalLowerRight(3, 4),
          }),
        ],
      ],
      [
        "class",
        () => {
          const { CausalBias, CausalVariant } = nn.attention.bias;
          return [
            new CausalBias(CausalVariant.LOWER_RIGHT, 2, 3).materialize(),
            new CausalBias(CausalVariant.UPPER_LEFT, 3, 2).materialize(),
            nn.F.scaledDotProductAttention(f64(Q), f64(KV), f64(KV), new CausalBias(CausalVariant.LOWER_RIGHT, 3, 4)),
          ];
        },
      ],
    ],
  },
];

const TENSOR: Group[] = [
  {
    label: "Tensor.set_",
    py: "(lambda y: (y.set_(torch.arange(6.0), 1, (2, 2), (1, 2)), y)[1])(torch.tensor([0.0]))",
    forms: [
      ["positional", () => f32([0.5]).set_(torch.arange(6, { dtype: "float32" }), 1, [2, 2], [1, 2])],
      [
        "options",
        () =>
          f32([0.5]).set_(torch.arange(6, { dtype: "float32" }), { storageOffset: 1, size: [2, 2], stride: [1, 2] }),
      ],
      ["mixed", () => f32([0.5]).set_(torch.arange(6, { dtype: "float32" }), 1, { size: [2, 2], stride: [1, 2] })],
      [
        "all options",
        () =>
          f32([0.5]).set_({
            source: torch.arange(6, { dtype: "float32" }),
            storageOffset: 1,
            size: [2, 2],
            stride: [1, 2],
          }),
      ],
    ],
  },
  {
    label: "Tensor.new",
    py: "(lambda t: (tuple(t.new(2, 3, device='cpu').shape), t.new([1.5, 2]), t.new(2).dtype, t.new().shape[0]))" +
      "(torch.tensor([1, 2], dtype=torch.int32))",
    forms: [
      [
        "sizes, data",
        () => {
          const t = torch.tensor([1, 2], { dtype: "int32" });
          return [t.new(2, 3, { device: "cpu" }).shape, t.new([1.5, 2]), t.new(2).dtype, t.new().shape[0]];
        },
      ],
      [
        "data with options",
        () => {
          const t = torch.tensor([1, 2], { dtype: "int32" });
          return [
            t.new(2, 3).shape,
            t.new([1.5, 2], { device: "cpu" }),
            t.new(2, { device: "cpu" }).dtype,
            t.new({}).shape[0],
          ];
        },
      ],
    ],
  },
];

const POLY = () => np.poly1d(np.array([3, 2, 1], { dtype: "float64" }));
const NUMPY: Group[] = [
  {
    label: "poly1d",
    py: "(lambda p: (p.coeffs, str(p), p.variable))(np.poly1d([1.0, 2.0], True, 'z'))",
    forms: [
      ["positional", () => ((p) => [p.coeffs, p.format(), p.variable])(np.poly1d([1, 2], true, "z"))],
      [
        "options",
        () => ((p) => [p.coeffs, p.format(), p.variable])(call(np.poly1d, [1, 2], { r: true, variable: "z" })),
      ],
      ["mixed", () => ((p) => [p.coeffs, p.format(), p.variable])(call(np.poly1d, [1, 2], true, { variable: "z" }))],
    ],
  },
  {
    label: "poly1d.integ / deriv",
    py:
      "(lambda p: (p.integ(2, [1.0, 2.0]).coeffs, p.integ(m=1).coeffs, p.deriv(2).coeffs))(np.poly1d([3.0, 2.0, 1.0]))",
    forms: [
      ["positional", () => ((p) => [p.integ(2, [1, 2]).coeffs, p.integ(1).coeffs, p.deriv(2).coeffs])(POLY())],
      [
        "options",
        () =>
          ((p) => [p.integ({ m: 2, k: [1, 2] }).coeffs, p.integ({ m: 1 }).coeffs, p.deriv({ m: 2 }).coeffs])(POLY()),
      ],
      ["mixed", () => ((p) => [p.integ(2, { k: [1, 2] }).coeffs, p.integ().coeffs, p.deriv(2).coeffs])(POLY())],
    ],
  },
  {
    label: "roots",
    py: "np.sort(np.roots(p=[1.0, -3.5, 1.5]))",
    forms: [
      ["positional", () => np.sort(np.roots([1, -3.5, 1.5]))],
      ["options", () => np.sort(np.roots({ p: [1, -3.5, 1.5] }))],
      ["poly1d", () => np.sort(np.roots(np.poly1d([1, -3.5, 1.5])))],
    ],
  },
  {
    label: "seterr",
    py: "seterr(all='ignore', divide='raise', invalid='print')",
    forms: [
      ["positional", () => seterr("ignore", "raise", null, null, "print")],
      ["options", () => seterr({ all: "ignore", divide: "raise", invalid: "print" })],
      ["mixed", () => seterr("ignore", "raise", { invalid: "print" })],
    ],
  },
  {
    label: "errstate",
    py: "errstate(over='raise', under='warn')",
    forms: [
      ["function", () => np.errstate({ over: "raise", under: "warn" }, () => errText(np.geterr()))],
      [
        "guard",
        () => {
          using _s = np.errstate({ over: "raise", under: "warn" });
          return errText(np.geterr());
        },
      ],
    ],
  },
  {
    label: "dtype names",
    py: "[str(np.dtype(n)) for n in ['f4', '<f8', 'i8', 'int', 'float', 'bool', 'u1', '?', 'b1', 'l', 'q', 'p', 'd', " +
      "'f', 'intc', 'ubyte', 'single', 'double', 'longlong', '=i4', '|u1']] + [str(np.dtype(t)) for t in " +
      "[np.double, np.single, np.int_, np.intp, np.long, np.longlong, np.intc, np.ubyte, None, float, int, bool]]",
    forms: [
      [
        "names and types",
        () => [
          ...[
            "f4",
            "<f8",
            "i8",
            "int",
            "float",
            "bool",
            "u1",
            "?",
            "b1",
            "l",
            "q",
            "p",
            "d",
            "f",
            "intc",
            "ubyte",
            "single",
            "double",
            "longlong",
            "=i4",
            "|u1",
          ]
            .map((n) => np.dtype(n)),
          ...[
            np.double,
            np.single,
            np.int_,
            np.intp,
            np.long,
            np.longlong,
            np.intc,
            np.ubyte,
            null,
            Number,
            BigInt,
            Boolean,
          ]
            .map((t) => np.dtype(t)),
        ],
      ],
    ],
  },
];

const GROUPS: Record<string, Group[]> = { OPTIM, SWA, RNN, NORMS, LINALG, GRAD, ATTENTION, TENSOR, NUMPY };
const ALL = Object.values(GROUPS).flat();
let results: Promise<OracleResult[]> | null = null;
/** Every group's oracle value, from one Python run (made on the first test that needs it). */
function oracle(): Promise<OracleResult[]> {
  results ??= numpy(ALL.map((g) => ({ expr: g.py, setup: PRE, torch: true })));
  return results;
}

async function check(groups: Group[]): Promise<void> {
  const all = await oracle();
  const failures: string[] = [];
  for (const g of groups) {
    const want = all[ALL.indexOf(g)];
    if ("error" in want) {
      failures.push(`${g.label}: the oracle raised ${want.error}: ${want.message}`);
      continue;
    }
    for (const [form, ours] of g.forms) {
      try {
        torch.manualSeed(0);
        assertMatches(ours(), want.value, `${g.label} (${form})`, g.tol);
      } catch (e) {
        failures.push(`${g.label} (${form}): ${(e as Error).message.split("\n")[0]}`);
      }
    }
  }
  assert.deepEqual(failures, []);
}

for (const [name, groups] of Object.entries(GROUPS)) {
  Deno.test(`stop 31 call forms: ${name} (${groups.map((g) => g.label).join(", ")})`, () => check(groups));
}

Deno.test("stop 31 call forms: an unknown option is a TypeError naming it", () => {
  const p = () => [torch.ones([2, 2], { requiresGrad: true })];
  const cases: [string, () => unknown][] = [
    ["ASGD", () => make(optim.ASGD, p(), { lr: 0.1, bogus: 1 })],
    ["Rprop", () => make(optim.Rprop, p(), 0.1, { bogus: 1 })],
    ["Adafactor", () => make(optim.Adafactor, p(), { bogus: 1 })],
    ["Muon", () => make(optim.Muon, p(), { bogus: 1 })],
    ["AveragedModel", () => make(optim.swaUtils.AveragedModel, new nn.Linear(2, 2), { bogus: 1 })],
    ["updateBn", () => call(optim.swaUtils.updateBn, [], new nn.Linear(2, 2), { bogus: 1 })],
    ["SWALR", () => make(optim.swaUtils.SWALR, new optim.SGD(p(), { lr: 1 }), 0.1, { bogus: 1 })],
    ["getEmaAvgFn", () => call(optim.swaUtils.getEmaAvgFn, { bogus: 1 })],
    ["getEmaMultiAvgFn", () => call(optim.swaUtils.getEmaMultiAvgFn, { decay: 0.5, bogus: 1 })],
    ["embeddingBag", () => call(torch.embeddingBag, f32(W5), i64([0]), i64([0]), { bogus: 1 })],
    ["lobpcg", () => call(torch.lobpcg, f64(A12), 2, { bogus: 1 })],
    ["conv1dInput", () => call(nn.grad.conv1dInput, [1, 2, 5], f64(W1), f64(GY1), { bogus: 1 })],
    ["set_", () => call(f32([1]).set_.bind(f32([1])), { bogus: 1 })],
    ["new", () => call(f32([1]).new.bind(f32([1])), 2, { bogus: 1 })],
    ["poly1d", () => call(np.poly1d, [1, 2], { bogus: 1 })],
    ["roots", () => call(np.roots, { p: [1, 2], bogus: 1 })],
    ["seterr", () => call(np.seterr, { bogus: "raise" })],
    ["errstate", () => call(np.errstate, { bogus: "raise" })],
    ["sdpaKernel", () => call(sdpaKernel, SDPBackend.MATH, { bogus: true })],
  ];
  for (const [name, f] of cases) {
    assert.throws(f, (e: Error) => e instanceof TypeError && /bogus/.test(e.message), name);
  }
});
