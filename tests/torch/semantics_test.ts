/**
 * torch semantics as PyTorch's own test suite states them (test_autograd,
 * test_view_ops, test_indexing, test_reductions, test_type_promotion,
 * test_binary_ufuncs, test_torch), each assertion checked against the real
 * torch running the same statement: values (dtype, shape, elements),
 * strides, node names, and errors (class and message). One Python process
 * evaluates every case.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { assertMatches, type Encoded, ERROR_MAP, numpy } from "../helpers/oracle.ts";

type T = torch.Tensor;
type Tol = { rtol?: number; atol?: number };
interface Sem {
  group: string;
  /** Python statements; the last line is the expression compared. */
  py: string;
  ts: () => unknown;
  tol?: Tol;
  /** Compare error messages (default true). */
  msg?: boolean;
}
const CASES: Sem[] = [];
let group = "";
const S = (py: string, ts: () => unknown, opts: { tol?: Tol; msg?: boolean } = {}) =>
  CASES.push({ group, py, ts, ...opts });

const f64 = { dtype: "float64" } as const;
const req = (data: unknown, dtype = "float32"): T => torch.tensor(data as number[], { dtype, requiresGrad: true });
const sl = np.slice;
/** Python's str() of a value that may be None. */
const str = (v: unknown): string => (v === null || v === undefined ? "None" : String(v));
/** Node names along a chain of first next-functions. */
const chain = (t: T): string => {
  const names: string[] = [];
  let n = t.gradFn;
  while (n) {
    names.push(n.name);
    n = n.nextFunctions[0]?.[0] ?? null;
  }
  return names.join(",");
};
const PY_CHAIN = `
def chain(t):
    names = []
    n = t.grad_fn
    while n is not None:
        names.append(type(n).__name__ if not hasattr(n, 'name') else n.name())
        n = n.next_functions[0][0] if n.next_functions else None
    return ','.join(names)
`;

// ---------------------------------------------------------------- test_autograd
group = "test_autograd";
// in-place ops on views: the base's history is CopySlices and the base requires grad
S(
  `x = torch.ones(3, requires_grad=True); b = torch.zeros(4); v = b[1:]; v.add_(x)
(b.requires_grad, b.grad_fn.name(), v.grad_fn.name(), b._version)`,
  () => {
    const x = req([1, 1, 1]), b = torch.zeros(4), v = b.get("1:");
    v.add_(x);
    return [b.requiresGrad, b.gradFn!.name, v.gradFn!.name, b.storage.version];
  },
);
S(
  `x = torch.tensor([1., 2., 3.], requires_grad=True); b = torch.zeros(4); b[1:].mul_(2).add_(x * x); b.sum().backward(); x.grad`,
  () => {
    const x = req([1, 2, 3]), b = torch.zeros(4);
    b.get("1:").mul_(2).add_(x.mul(x));
    b.sum().backward();
    return x.grad;
  },
);
S(
  `x = torch.tensor([1., 2., 3., 4.], requires_grad=True); y = x * 1; y[1:3].mul_(y[0:2].detach() + 1); (y * y).sum().backward(); (x.grad, chain(y))`,
  () => {
    const x = req([1, 2, 3, 4]), y = x.mul(1);
    y.get("1:3").mul_(y.get("0:2").detach().add(1));
    y.mul(y).sum().backward();
    return [x.grad, chain(y)];
  },
);
S(
  `x = torch.tensor([1., 2.], requires_grad=True); b = torch.zeros(2, 2); b[0].copy_(x * 3); b.t()[1].add_(x); b.sum().backward(); (x.grad, b.grad_fn.name())`,
  () => {
    const x = req([1, 2]), b = torch.zeros(2, 2);
    b.get(0).copy_(x.mul(3));
    b.t().get(1).add_(x);
    b.sum().backward();
    return [x.grad, b.gradFn!.name];
  },
);
// a view's history follows its base's in-place changes (PyTorch regenerates the view's grad_fn)
S(
  `x = torch.tensor([1., 2., 3.], requires_grad=True); y = x * 2; v = y[:2]; y.mul_(3); v.sum().backward(); (x.grad, v.grad_fn.name())`,
  () => {
    const x = req([1, 2, 3]), y = x.mul(2), v = y.get(":2");
    y.mul_(3);
    v.sum().backward();
    return [x.grad, v.gradFn!.name];
  },
);
S(
  `x = torch.ones(2, requires_grad=True); b = torch.zeros(4); v1 = b[:2]; v2 = b[2:]; v2.add_(x); w = v1 * 1; (v1.requires_grad, v1.is_leaf, w.requires_grad)`,
  () => {
    const x = req([1, 1]), b = torch.zeros(4), v1 = b.get(":2"), v2 = b.get("2:");
    v2.add_(x);
    const w = v1.mul(1);
    return [v1.requiresGrad, v1.isLeaf, w.requiresGrad];
  },
);
// views made with grad mode off, or before requires_grad_, may not be modified in place
S(
  `b = torch.zeros(4, requires_grad=True).clone()
with torch.no_grad():
    v = b[1:]
v.add_(1)`,
  () => {
    const b = torch.zeros(4, { requiresGrad: true }).clone();
    const v = torch.noGrad(() => b.get("1:"));
    v.add_(1);
  },
);
S(
  `x = torch.ones(3, requires_grad=True); b = torch.zeros(4)
with torch.no_grad():
    v = b[1:]
v.add_(x)`,
  () => {
    const x = req([1, 1, 1]), b = torch.zeros(4);
    const v = torch.noGrad(() => b.get("1:"));
    v.add_(x);
  },
);
S(
  `b = torch.zeros(4)
with torch.no_grad():
    v = b[1:]
v.add_(1); (b, b.requires_grad)`,
  () => {
    const b = torch.zeros(4);
    const v = torch.noGrad(() => b.get("1:"));
    v.add_(1);
    return [b, b.requiresGrad];
  },
);
S(
  `b = torch.zeros(4); v = b[1:]; b.requires_grad_(); (v.requires_grad, str(v.grad_fn))`,
  () => {
    const b = torch.zeros(4), v = b.get("1:");
    b.requiresGrad_();
    return [v.requiresGrad, str(v.gradFn)];
  },
);
// inference mode: nothing recorded (even under enable_grad), inference tensors may not be saved or changed outside it
S(
  `x = torch.ones(3, requires_grad=True)
with torch.inference_mode():
    a = torch.ones(3); b = x * 2; v = x[1:]
    with torch.enable_grad():
        c = x * 2
    with torch.inference_mode(False):
        n = torch.ones(2); m = (torch.is_grad_enabled(), torch.is_inference_mode_enabled())
    a.add_(1); inside = (torch.is_inference_mode_enabled(), torch.is_grad_enabled())
(*inside, *m, a.is_inference(), b.is_inference(), b.requires_grad, v.is_inference(), v.requires_grad, c.is_inference(), c.requires_grad, n.is_inference(), a.clone().is_inference(), a[1:].is_inference(), a, torch.is_inference_mode_enabled())`,
  () => {
    const x = req([1, 1, 1]);
    const r = torch.inferenceMode(() => {
      const a = torch.ones(3), b = x.mul(2), v = x.get("1:");
      const c = torch.enableGrad(() => x.mul(2));
      const [n, m] = torch.inferenceMode(
        false,
        () => [torch.ones(2), [torch.isGradEnabled(), torch.isInferenceModeEnabled()]],
      );
      a.add_(1);
      const inside = [torch.isInferenceModeEnabled(), torch.isGradEnabled()];
      return { a, b, v, c, n: n as T, m: m as boolean[], inside };
    });
    const { a, b, v, c, n, m, inside } = r;
    return [
      ...inside,
      ...m,
      a.isInference(),
      b.isInference(),
      b.requiresGrad,
      v.isInference(),
      v.requiresGrad,
      c.isInference(),
      c.requiresGrad,
      n.isInference(),
      a.clone().isInference(),
      a.get("1:").isInference(),
      a,
      torch.isInferenceModeEnabled(),
    ];
  },
);
const infA = () => torch.inferenceMode(() => torch.ones(3));
S(`with torch.inference_mode():\n    a = torch.ones(3)\na.add_(1)`, () => infA().add_(1));
S(`with torch.inference_mode():\n    a = torch.ones(3)\na[:2].zero_()`, () => infA().get(":2").zero_());
S(
  `with torch.inference_mode():\n    a = torch.ones(3)\na * torch.ones(3, requires_grad=True)`,
  () => infA().mul(req([1, 1, 1])),
);
S(`with torch.inference_mode():\n    a = torch.ones(3)\na.requires_grad_()`, () => infA().requiresGrad_());
S(
  `with torch.inference_mode():\n    a = torch.ones(3)\n(a + torch.ones(3, requires_grad=True)).sum()`,
  () => infA().add(req([1, 1, 1])).sum(),
);
S(
  `x = torch.ones(3, requires_grad=True).clone()
with torch.inference_mode():
    v = x[1:]
v.mul_(2)`,
  () => {
    const x = req([1, 1, 1]).clone();
    torch.inferenceMode(() => x.get("1:")).mul_(2);
  },
);
// a view of a leaf: the no-grad and multi-view errors come before the view-of-a-leaf one (check_inplace)
S(
  `x = torch.ones(3, requires_grad=True)
with torch.no_grad():
    v = x[1:]
v.mul_(2)`,
  () => {
    const x = req([1, 1, 1]);
    const v = torch.noGrad(() => x.get("1:"));
    v.mul_(2);
  },
);
S(`x = torch.ones(3, requires_grad=True); x.split(1)[0].mul_(2)`, () => req([1, 1, 1]).split(1)[0].mul_(2));
S(
  `b = torch.zeros(3)
with torch.no_grad():
    v = b[1:]
b.requires_grad_(); v.zero_()`,
  () => {
    const b = torch.zeros(3);
    const v = torch.noGrad(() => b.get("1:"));
    b.requiresGrad_();
    v.zero_();
  },
);
S(`b = torch.zeros(4); v = b[1:]; b.requires_grad_(); v.add_(1)`, () => {
  const b = torch.zeros(4), v = b.get("1:");
  b.requiresGrad_();
  v.add_(1);
});
S(`x = torch.ones(4, requires_grad=True); x[:2].mul_(2)`, () => req([1, 1, 1, 1]).get(":2").mul_(2));
S(`x = torch.ones(4, requires_grad=True); x.add_(1)`, () => req([1, 1, 1, 1]).add_(1));
S(`x = torch.ones(4, requires_grad=True).clone(); x.split(2)[0].add_(1)`, () => {
  req([1, 1, 1, 1]).clone().split(2)[0].add_(1);
});
S(`x = torch.ones(4, requires_grad=True).clone(); x.unbind(0)[1].mul_(2)`, () => {
  req([1, 1, 1, 1]).clone().unbind(0)[1].mul_(2);
});
S(`x = torch.ones(4, requires_grad=True).clone(); x.chunk(2)[1].zero_()`, () => {
  req([1, 1, 1, 1]).clone().chunk(2)[1].zero_();
});
S(`a = torch.ones(4); p = a.split(2); p[0].add_(1); a`, () => {
  const a = torch.ones(4);
  a.split(2)[0].add_(1);
  return a;
});
S(`a = torch.ones(4); p = a.split(2); p[0].add_(torch.ones(2, requires_grad=True))`, () => {
  torch.ones(4).split(2)[0].add_(req([1, 1]));
});
S(
  `x = torch.ones(3, requires_grad=True); y = (x * 1)[:2]; y.detach_()`,
  () => req([1, 1, 1]).mul(1).get(":2").detach_(),
);
// retain_grad follows in-place changes
S(
  `x = torch.ones(3, requires_grad=True); y = x * 2; y.retain_grad(); y.mul_(3); (y * y).sum().backward(); (y.grad, x.grad)`,
  () => {
    const x = req([1, 1, 1]), y = x.mul(2);
    y.retainGrad();
    y.mul_(3);
    y.mul(y).sum().backward();
    return [y.grad, x.grad];
  },
);
S(
  `x = torch.ones(3, requires_grad=True); y = x * 2; v = y[:2]; y.retain_grad(); v.mul_(3); (y * y).sum().backward(); (y.grad, x.grad)`,
  () => {
    const x = req([1, 1, 1]), y = x.mul(2), v = y.get(":2");
    y.retainGrad();
    v.mul_(3);
    y.mul(y).sum().backward();
    return [y.grad, x.grad];
  },
);
S(
  `x = torch.ones(3, requires_grad=True); y = x * 2; y.retain_grad(); y.add_(1); (y * y).sum().backward(); (y.grad, x.grad, y.retains_grad)`,
  () => {
    const x = req([1, 1, 1]), y = x.mul(2);
    y.retainGrad();
    y.add_(1);
    y.mul(y).sum().backward();
    return [y.grad, x.grad, y.retainsGrad];
  },
);
S(`x = torch.ones(3, requires_grad=True); x.retain_grad(); (x * 2).sum().backward(); x.grad`, () => {
  const x = req([1, 1, 1]);
  x.retainGrad();
  x.mul(2).sum().backward();
  return x.grad;
});
S(`torch.ones(2).retain_grad()`, () => torch.ones(2).retainGrad());
// .grad accumulates in place and takes the leaf's dtype
S(
  `w = torch.ones(3, requires_grad=True); (w * 2).sum().backward(); g = w.grad; (w * 3).sum().backward(); (g, w.grad is g)`,
  () => {
    const w = req([1, 1, 1]);
    w.mul(2).sum().backward();
    const g = w.grad;
    w.mul(3).sum().backward();
    return [g, w.grad === g];
  },
);
S(`w = torch.ones(3, requires_grad=True); (w.double() * 2).sum().backward(); w.grad`, () => {
  const w = req([1, 1, 1]);
  w.double().mul(2).sum().backward();
  return w.grad;
});
S(`w = torch.ones(2, dtype=torch.float64, requires_grad=True); (w.float() ** 2).sum().backward(); w.grad`, () => {
  const w = req([1, 1], "float64");
  w.float().pow(2).sum().backward();
  return w.grad;
});
S(`w = torch.ones(2, requires_grad=True); w.grad = torch.ones(3); 0`, () => {
  const w = req([1, 1]);
  w.grad = torch.ones(3);
});
// a second backward: fine when nothing was saved, PyTorch's error when saved values were freed
S(`w = torch.ones(3, requires_grad=True); s = (w + 1).sum(); s.backward(); s.backward(); w.grad`, () => {
  const w = req([1, 1, 1]), s = w.add(1).sum();
  s.backward();
  s.backward();
  return w.grad;
});
S(
  `w = torch.ones(3, requires_grad=True); s = w.view(3, 1).expand(3, 2).t().reshape(-1)[1:].sum(); s.backward(); s.backward(); w.grad`,
  () => {
    const w = req([1, 1, 1]), s = w.view(3, 1).expand(3, 2).t().reshape(-1).get("1:").sum();
    s.backward();
    s.backward();
    return w.grad;
  },
);
S(
  `w = torch.ones(3, requires_grad=True); s = torch.cat([w, -w]).cumsum(0).sum(); s.backward(); s.backward(); w.grad`,
  () => {
    const w = req([1, 1, 1]), s = torch.cat([w, w.neg()]).cumsum(0).sum();
    s.backward();
    s.backward();
    return w.grad;
  },
);
S(`w = torch.ones(3, requires_grad=True); s = (w * w).sum(); s.backward(); s.backward()`, () => {
  const w = req([1, 1, 1]), s = w.mul(w).sum();
  s.backward();
  s.backward();
});
S(`w = torch.ones(3, requires_grad=True); s = (w * 2).sum(); s.backward(); s.backward()`, () => {
  const w = req([1, 1, 1]), s = w.mul(2).sum();
  s.backward();
  s.backward();
});
S(`w = torch.ones(3, requires_grad=True); s = w.exp().sum(); s.backward(); s.backward()`, () => {
  const w = req([1, 1, 1]), s = w.exp().sum();
  s.backward();
  s.backward();
});
S(`w = torch.ones(3, requires_grad=True); s = torch.where(w > 0, w, w + 1).sum(); s.backward(); s.backward()`, () => {
  const w = req([1, 1, 1]), s = torch.where(w.gt(0), w, w.add(1)).sum();
  s.backward();
  s.backward();
});
S(`w = torch.ones(3, requires_grad=True); s = w[[0, 1]].sum(); s.backward(); s.backward()`, () => {
  const w = req([1, 1, 1]), s = w.get([[0, 1]]).sum();
  s.backward();
  s.backward();
});
S(
  `w = torch.ones(3, requires_grad=True); b = torch.zeros(3); b[1:] = w[1:] * 2; s = b.sum(); s.backward(); s.backward()`,
  () => {
    const w = req([1, 1, 1]), b = torch.zeros(3);
    b.set("1:", w.get("1:").mul(2));
    const s = b.sum();
    s.backward();
    s.backward();
  },
);
S(
  `w = torch.ones(3, requires_grad=True); s = (w * w).sum(); s.backward(retain_graph=True); s.backward(); w.grad`,
  () => {
    const w = req([1, 1, 1]), s = w.mul(w).sum();
    s.backward(null, { retainGraph: true });
    s.backward();
    return w.grad;
  },
);
// subgradients PyTorch picks at kinks
S(`w = torch.zeros(3, requires_grad=True); w.norm().backward(); w.grad`, () => {
  const w = req([0, 0, 0]);
  w.norm().backward();
  return w.grad;
});
S(`w = torch.zeros(2, 3, requires_grad=True); w.norm(dim=1).sum().backward(); w.grad`, () => {
  const w = torch.zeros(2, 3, { requiresGrad: true });
  w.norm(2, 1).sum().backward();
  return w.grad;
});
S(`w = torch.zeros(3, requires_grad=True); torch.linalg.vector_norm(w, 3).backward(); w.grad`, () => {
  const w = req([0, 0, 0]);
  torch.linalg.vectorNorm(w, 3).backward();
  return w.grad;
});
S(
  `w = torch.tensor([0., 1., 2.], requires_grad=True); e = torch.tensor([0., 0.5, 2.], requires_grad=True); w.pow(e).sum().backward(); (w.grad, e.grad)`,
  () => {
    const w = req([0, 1, 2]), e = req([0, 0.5, 2]);
    w.pow(e).sum().backward();
    return [w.grad, e.grad];
  },
);
S(`w = torch.tensor([0., 1., 2.], requires_grad=True); w.pow(0).sum().backward(); w.grad`, () => {
  const w = req([0, 1, 2]);
  w.pow(0).sum().backward();
  return w.grad;
});
S(`w = torch.tensor([0., 1., -2.], requires_grad=True); torch.pow(0., w).sum().backward(); w.grad`, () => {
  const w = req([0, 1, -2]);
  torch.pow(0, w).sum().backward();
  return w.grad;
});
S(`w = torch.tensor([0., -1., 2.], requires_grad=True); torch.pow(w, 0.5).sum().backward(); w.grad`, () => {
  const w = req([0, -1, 2]);
  torch.pow(w, 0.5).sum().backward();
  return w.grad;
});
S(`w = torch.tensor([0., -1., 2.], requires_grad=True); w.abs().sum().backward(); w.grad`, () => {
  const w = req([0, -1, 2]);
  w.abs().sum().backward();
  return w.grad;
});
S(`w = torch.tensor([0., -1., 2.], requires_grad=True); (w.relu() + w.clamp(0, 2)).sum().backward(); w.grad`, () => {
  const w = req([0, -1, 2]);
  w.relu().add(w.clamp(0, 2)).sum().backward();
  return w.grad;
});
S(
  `w = torch.tensor([1., 3., 3.], requires_grad=True); (torch.maximum(w, torch.tensor([1., 2., 3.])) + w.max()).sum().backward(); w.grad`,
  () => {
    const w = req([1, 3, 3]);
    torch.maximum(w, torch.tensor([1, 2, 3], { dtype: "float32" })).add(w.max()).sum().backward();
    return w.grad;
  },
);
// a full median is differentiable (the gradient split over ties, as PyTorch 2.13 does)
S(`w = torch.tensor([[1., 5., 3.], [2., 2., 4.]], requires_grad=True); w.median().backward(); w.grad`, () => {
  const w = req([[1, 5, 3], [2, 2, 4]]);
  w.median().backward();
  return w.grad;
});
S(
  `w = torch.tensor([4., 1., 3., 2.], requires_grad=True); w.median().backward(); (w.grad, w.median().grad_fn.name())`,
  () => {
    const w = req([4, 1, 3, 2]);
    w.median().backward();
    return [w.grad, w.median().gradFn!.name];
  },
);
// RuntimeErrors with PyTorch's messages
S(
  `w = torch.ones(3, requires_grad=True); (w * 2).backward(torch.ones(2))`,
  () => req([1, 1, 1]).mul(2).backward(torch.ones(2)),
);
S(`w = torch.ones(3, requires_grad=True); (w * 2).backward()`, () => req([1, 1, 1]).mul(2).backward());
// a root gradient of another dtype is cast to the output's (an integer one from a JS literal included)
S(
  `x = torch.tensor([1., 2.], requires_grad=True); y = x * 2; (torch.autograd.grad([y], [x], [torch.tensor([1, 3])], retain_graph=True)[0], torch.autograd.grad([y], [x], [torch.tensor([1, 3], dtype=torch.float64)])[0])`,
  () => {
    const x = req([1, 2]), y = x.mul(2);
    return [
      torch.autograd.grad([y], [x], [torch.tensor([1, 3])], { retainGraph: true })[0],
      torch.autograd.grad([y], [x], [torch.tensor([1, 3], f64)])[0],
    ];
  },
);
S(`torch.ones(3).sum().backward()`, () => torch.ones(3).sum().backward());
S(
  `x = torch.ones(3, requires_grad=True); torch.autograd.grad((x * 2).sum(), [x, torch.ones(2, requires_grad=True)])`,
  () => {
    const x = req([1, 1, 1]);
    return torch.autograd.grad(x.mul(2).sum(), [x, req([1, 1])]);
  },
);
S(
  `x = torch.ones(3, requires_grad=True); str(torch.autograd.grad((x * 2).sum(), [x, torch.ones(2, requires_grad=True)], allow_unused=True)[1])`,
  () => {
    const x = req([1, 1, 1]);
    return str(torch.autograd.grad(x.mul(2).sum(), [x, req([1, 1])], { allowUnused: true })[1]);
  },
);
S(`torch.ones(2, dtype=torch.long).requires_grad_()`, () => torch.ones(2, { dtype: "int64" }).requiresGrad_());
S(
  `x = torch.ones(3, requires_grad=True); (x * 2).requires_grad_(False)`,
  () => req([1, 1, 1]).mul(2).requiresGrad_(false),
);
S(`torch.ones(2).register_hook(lambda g: g)`, () => torch.ones(2).registerHook((g) => g));
S(`x = torch.ones(3, requires_grad=True); e = x.exp(); y = e.sum(); e.add_(1); y.backward()`, () => {
  const x = req([1, 1, 1]), e = x.exp(), y = e.sum();
  e.add_(1);
  y.backward();
});
S(`x = torch.ones(3, requires_grad=True); y = x * 1; z = y * y; y.mul_(2); z.sum().backward()`, () => {
  const x = req([1, 1, 1]), y = x.mul(1), z = y.mul(y);
  y.mul_(2);
  z.sum().backward();
});
// saved indices, not the input, for values/indices reductions: the input may change afterwards
S(
  `x = torch.tensor([1., 3., 2.], requires_grad=True).clone(); v, i = x.max(0, keepdim=True); x.add_(1); v.sum().backward(); "ok"`,
  () => {
    const x = req([1, 3, 2]).clone();
    const [v] = x.max(0, { keepdim: true });
    x.add_(1);
    v.sum().backward();
    return "ok";
  },
);
// hooks
S(
  `x = torch.ones(3, requires_grad=True); y = x * 2; h = y.register_hook(lambda g: g * 10); y.sum().backward(); a = x.grad.clone(); h.remove(); x.grad = None; (x * 2).sum().backward(); (a, x.grad)`,
  () => {
    const x = req([1, 1, 1]), y = x.mul(2);
    const h = y.registerHook((g) => g.mul(10));
    y.sum().backward();
    const a = x.grad!.clone();
    h.remove();
    x.grad = null;
    x.mul(2).sum().backward();
    return [a, x.grad];
  },
);
S(
  `x = torch.ones(3, requires_grad=True); seen = []; x.register_hook(lambda g: seen.append(g.clone())); x.register_hook(lambda g: g + 1); (x * 3).sum().backward(); (seen[0], x.grad)`,
  () => {
    const x = req([1, 1, 1]), seen: T[] = [];
    x.registerHook((g) => void seen.push(g.clone()));
    x.registerHook((g) => g.add(1));
    x.mul(3).sum().backward();
    return [seen[0], x.grad];
  },
);
S(
  `x = torch.ones(3, requires_grad=True); y = x * 2; seen = []; y.register_hook(lambda g: seen.append(g.clone())); y.mul_(3); (y * y).sum().backward(); (seen[0], x.grad)`,
  () => {
    const x = req([1, 1, 1]), y = x.mul(2), seen: T[] = [];
    y.registerHook((g) => void seen.push(g.clone()));
    y.mul_(3);
    y.mul(y).sum().backward();
    return [seen[0], x.grad];
  },
);
// torch.autograd.backward with several roots and gradients
S(
  `x = torch.tensor([1., 2.], requires_grad=True); torch.autograd.backward([x * 2, (x * x).sum()], [torch.tensor([1., -1.]), torch.tensor(3.)]); x.grad`,
  () => {
    const x = req([1, 2]);
    torch.autograd.backward([x.mul(2), x.mul(x).sum()], [
      torch.tensor([1, -1], { dtype: "float32" }),
      torch.tensor(3, { dtype: "float32" }),
    ]);
    return x.grad;
  },
);
S(
  `x = torch.tensor([1., 2.], requires_grad=True); w = torch.tensor([3., 4.], requires_grad=True); (x * w).sum().backward(inputs=[w]); (str(x.grad), w.grad)`,
  () => {
    const x = req([1, 2]), w = req([3, 4]);
    x.mul(w).sum().backward(null, { inputs: [w] });
    return [str(x.grad), w.grad];
  },
);
// the tutorial's Jacobian-vector product and index assignment building a graph
S(
  `x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True); y = x * 2; y.backward(torch.tensor([[1., 0.1], [0.01, 0.001]])); x.grad`,
  () => {
    const x = req([[1, 2], [3, 4]]), y = x.mul(2);
    y.backward(torch.tensor([[1, 0.1], [0.01, 0.001]], { dtype: "float32" }));
    return x.grad;
  },
);
S(
  `w = torch.tensor([1., 2.], requires_grad=True); z = torch.zeros(2, 3); z[0, 1:] = w * 5; z[1, [0, 2]] = w; z.sum().backward(); (z.requires_grad, z.grad_fn.name(), w.grad, z)`,
  () => {
    const w = req([1, 2]), z = torch.zeros(2, 3);
    z.set("0, 1:", w.mul(5));
    z.set([1, [0, 2]], w);
    z.sum().backward();
    return [z.requiresGrad, z.gradFn!.name, w.grad, z];
  },
);
S(
  `w = torch.tensor([1., 2.], requires_grad=True); z = torch.zeros(2); z[0] = w[1] * 5; (z.grad_fn.name(), chain(z))`,
  () => {
    const w = req([1, 2]), z = torch.zeros(2);
    z.set(0, w.get(1).mul(5));
    return [z.gradFn!.name, chain(z)];
  },
);
// piecewise-constant ops are differentiable (zero gradient); in-place random fills end the history
S(
  `x = torch.tensor([1.5, -2.3], requires_grad=True); y = x.round() + x.floor() + x.ceil() + x.trunc() + x.sign(); (y.requires_grad, torch.autograd.grad(y.sum(), x)[0], x.round().grad_fn.name())`,
  () => {
    const x = req([1.5, -2.3]), y = x.round().add(x.floor()).add(x.ceil()).add(x.trunc()).add(x.sign());
    return [y.requiresGrad, torch.autograd.grad(y.sum(), x)[0], x.round().gradFn!.name];
  },
);
S(
  `x = torch.tensor([1.5, -2.3], requires_grad=True); torch.floor_divide(x, 2).sum().backward()`,
  () => torch.floorDivide(req([1.5, -2.3]), 2).sum().backward(),
);
S(
  `x = torch.ones(3, requires_grad=True); y = x * 2; y.uniform_(); (y.grad_fn.name(), torch.autograd.grad(y.sum(), x)[0])`,
  () => {
    const x = req([1, 1, 1]), y = x.mul(2);
    y.uniform_();
    return [y.gradFn!.name, torch.autograd.grad(y.sum(), x)[0]];
  },
);
S(
  `x = torch.tensor([0.3, 0.6], requires_grad=True); y = x * 1; y.gt_(0.4); (y, y.grad_fn.name(), torch.autograd.grad(y.sum(), x)[0])`,
  () => {
    const x = req([0.3, 0.6]), y = x.mul(1);
    y.gt_(0.4);
    return [y, y.gradFn!.name, torch.autograd.grad(y.sum(), x)[0]];
  },
);
S(
  `x = torch.tensor([0.3, 0.6], requires_grad=True); y = x * 1; y.eq_(x); (y.grad_fn.name(), torch.autograd.grad(y.sum(), x)[0])`,
  () => {
    const x = req([0.3, 0.6]), y = x.mul(1);
    y.eq_(x);
    return [y.gradFn!.name, torch.autograd.grad(y.sum(), x)[0]];
  },
);
S(
  `x = torch.tensor([0.3, 0.6], requires_grad=True); b = torch.bernoulli(x); (b.requires_grad, b.grad_fn.name())`,
  () => {
    const b = torch.bernoulli(req([0.3, 0.6]));
    return [b.requiresGrad, b.gradFn!.name];
  },
);
S(`x = torch.tensor([2.5, 0.5, -1.5], requires_grad=True); torch.lgamma(x).sum().backward(); x.grad`, () => {
  const x = req([2.5, 0.5, -1.5]);
  torch.lgamma(x).sum().backward();
  return x.grad;
}, { tol: { rtol: 1e-6, atol: 1e-6 } });
// detach shares memory and the version counter but never the history
S(
  `x = torch.ones(3, requires_grad=True); y = x * 2; d = y.detach(); d.zero_(); (y, d.requires_grad, y._version, d._base is None)`,
  () => {
    const x = req([1, 1, 1]), y = x.mul(2), d = y.detach();
    d.zero_();
    return [y, d.requiresGrad, y.storage.version, d._base === null];
  },
);
S(
  `x = torch.ones(3, requires_grad=True); d = x.detach(); d.add_(torch.ones(3, requires_grad=True)); (str(x.grad_fn), d.grad_fn.name())`,
  () => {
    const x = req([1, 1, 1]), d = x.detach();
    d.add_(req([1, 1, 1]));
    return [str(x.gradFn), d.gradFn!.name];
  },
);
S(`a = torch.ones(3); (a._version, a.add_(1)._version, a[0:1].mul_(2)._version, a._version)`, () => {
  const a = torch.ones(3);
  return [a.storage.version, a.add_(1).storage.version, a.get("0:1").mul_(2).storage.version, a.storage.version];
});
S(
  `x = torch.ones(2, requires_grad=True)
with torch.no_grad():
    x.add_(1)
(x, x._version, x.is_leaf, x.requires_grad)`,
  () => {
    const x = req([1, 1]);
    torch.noGrad(() => x.add_(1));
    return [x, x.storage.version, x.isLeaf, x.requiresGrad];
  },
);
// node names and graph structure
S(
  `${PY_CHAIN.trim()}\nx = torch.ones(2, 3, requires_grad=True); y = x * 1
(y[:, 1].grad_fn.name(), y[1:].grad_fn.name(), y[1, :].grad_fn.name(), y[None].grad_fn.name(), y[[0, 1]].grad_fn.name(), y.t().grad_fn.name(), y.view(6).grad_fn.name(), y.transpose(0, 1).grad_fn.name(), y.unbind(0)[0].grad_fn.name(), y.split(1)[0].grad_fn.name(), y.expand(2, 2, 3).grad_fn.name(), y.sum(0).grad_fn.name(), y.sum().grad_fn.name())`,
  () => {
    const x = torch.ones(2, 3, { requiresGrad: true }), y = x.mul(1);
    return [
      y.get(":, 1").gradFn!.name,
      y.get("1:").gradFn!.name,
      y.get("1, :").gradFn!.name,
      y.get([null]).gradFn!.name,
      y.get([[0, 1]]).gradFn!.name,
      y.t().gradFn!.name,
      y.view(6).gradFn!.name,
      y.transpose(0, 1).gradFn!.name,
      y.unbind(0)[0].gradFn!.name,
      y.split(1)[0].gradFn!.name,
      y.expand(2, 2, 3).gradFn!.name,
      y.sum(0).gradFn!.name,
      y.sum().gradFn!.name,
    ];
  },
);
S(
  `x = torch.ones(2, requires_grad=True); (torch.pow(x, 2).grad_fn.name(), torch.pow(x, x).grad_fn.name(), torch.pow(2, x).grad_fn.name(), x.masked_fill(x > 0, 1.).grad_fn.name(), x.fill_(2) if False else (x * 1).fill_(2).grad_fn.name(), (x * 1).zero_().grad_fn.name())`,
  () => {
    const x = req([1, 1]);
    return [
      torch.pow(x, 2).gradFn!.name,
      torch.pow(x, x).gradFn!.name,
      torch.pow(2, x).gradFn!.name,
      x.maskedFill(x.gt(0), 1).gradFn!.name,
      x.mul(1).fill_(2).gradFn!.name,
      x.mul(1).zero_().gradFn!.name,
    ];
  },
);
S(
  `x = torch.ones(2, requires_grad=True); y = x * 2; z = y.exp(); (z.grad_fn.next_functions[0][0].name(), y.grad_fn.next_functions[0][0].name(), x.is_leaf, y.is_leaf)`,
  () => {
    const x = req([1, 1]), y = x.mul(2), z = y.exp();
    return [z.gradFn!.nextFunctions[0][0]!.name, y.gradFn!.nextFunctions[0][0]!.name, x.isLeaf, y.isLeaf];
  },
);
// in-place ops under autograd: values and gradients
for (
  const [py, ts] of [
    ["y.add_(x, alpha=2)", (y: T, x: T) => y.add_(x, { alpha: 2 })],
    ["y.mul_(x)", (y: T, x: T) => y.mul_(x)],
    ["y.div_(x + 2)", (y: T, x: T) => y.div_(x.add(2))],
    ["y.exp_()", (y: T) => y.exp_()],
    ["y.clamp_(-0.5, 0.5)", (y: T) => y.clamp_(-0.5, 0.5)],
    ["y.zero_()", (y: T) => y.zero_()],
    ["y.fill_(x[1])", (y: T, x: T) => y.fill_(x.get(1))],
    ["y.copy_(x * 3)", (y: T, x: T) => y.copy_(x.mul(3))],
    ["y.masked_fill_(x > 0, 2.)", (y: T, x: T) => y.maskedFill_(x.gt(0), 2)],
    ["y.scatter_(0, torch.tensor([2, 0]), x[:2])", (y: T, x: T) => y.scatter_(0, torch.tensor([2, 0]), x.get(":2"))],
    ["y.index_fill_(0, torch.tensor([1]), -1.)", (y: T) => y.indexFill_(0, torch.tensor([1]), -1)],
    ["y.sigmoid_()", (y: T) => y.sigmoid_()],
    ["y.pow_(2)", (y: T) => y.pow_(2)],
    ["y.sub_(x).neg_()", (y: T, x: T) => y.sub_(x).neg_()],
    ["y.addcmul_(x, x, value=0.5)", (y: T, x: T) => y.addcmul_(x, x, { value: 0.5 })],
    ["y.lerp_(x, 0.25)", (y: T, x: T) => y.lerp_(x, 0.25)],
  ] as [string, (y: T, x: T) => T][]
) {
  S(
    `x = torch.tensor([0.5, -1., 2.], requires_grad=True); w = torch.tensor([1., 2., 3.], requires_grad=True); y = w * 1; ${py}; (y * torch.tensor([1., 2., 3.])).sum().backward(); (y, x.grad if x.grad is not None else torch.zeros(3), w.grad)`,
    () => {
      const x = req([0.5, -1, 2]), w = req([1, 2, 3]), y = w.mul(1);
      ts(y, x);
      y.mul(torch.tensor([1, 2, 3], { dtype: "float32" })).sum().backward();
      return [y, x.grad ?? torch.zeros(3), w.grad];
    },
  );
}
S(`x = torch.ones(3, requires_grad=True); y = x * 1; z = y.exp(); y.exp_(); z.sum().backward(); x.grad`, () => {
  const x = req([1, 1, 1]), y = x.mul(1), z = y.exp();
  y.exp_();
  z.sum().backward();
  return x.grad;
});
S(`x = torch.ones(3, requires_grad=True); y = x.exp(); y.exp_(); y.sum().backward(); x.grad`, () => {
  const x = req([1, 1, 1]), y = x.exp();
  y.exp_();
  y.sum().backward();
  return x.grad;
});

// ---------------------------------------------------------------- test_view_ops
group = "test_view_ops";
S(
  `(torch.ones(3).expand(2, 3).stride(), torch.ones(3, 1).expand(2, 3, 4).stride(), torch.ones(1, 3).expand(4, 2, 3).stride(), torch.ones(2, 1).expand(5, 2, 3).stride(), torch.tensor(1.).expand(2, 2).stride(), torch.ones(2, 3)[:, ::2].expand(4, 2, 2).stride())`,
  () => [
    torch.ones(3).expand(2, 3).stride(),
    torch.ones(3, 1).expand(2, 3, 4).stride(),
    torch.ones(1, 3).expand(4, 2, 3).stride(),
    torch.ones(2, 1).expand(5, 2, 3).stride(),
    torch.tensor(1).expand(2, 2).stride(),
    torch.ones(2, 3).get(":, ::2").expand(4, 2, 2).stride(),
  ],
);
S(`torch.ones(3).expand(-1, -1)`, () => torch.ones(3).expand(-1, -1));
S(`torch.ones(3).expand(-1, 3)`, () => torch.ones(3).expand(-1, 3));
S(`torch.ones(2, 1).expand(-1, 4)`, () => torch.ones(2, 1).expand(-1, 4));
S(`torch.ones(2, 3).expand(3, 3)`, () => torch.ones(2, 3).expand(3, 3));
S(`torch.arange(6).narrow(0, -2, 2)`, () => torch.arange(6).narrow(0, -2, 2));
S(`torch.arange(12).reshape(3, 4).narrow(1, -3, 2)`, () => torch.arange(12).reshape(3, 4).narrow(1, -3, 2));
S(`torch.arange(6).narrow(0, 4, 3)`, () => torch.arange(6).narrow(0, 4, 3));
S(`torch.arange(6).narrow(0, -7, 1)`, () => torch.arange(6).narrow(0, -7, 1));
S(
  `(torch.ones(2, 3).unsqueeze(2).stride(), torch.ones(2, 3).unsqueeze(1).stride(), torch.ones(2, 3).unsqueeze(0).stride(), torch.ones(2, 3).t().unsqueeze(1).stride(), torch.ones(2, 3)[:, ::2].unsqueeze(2).stride())`,
  () => [
    torch.ones(2, 3).unsqueeze(2).stride(),
    torch.ones(2, 3).unsqueeze(1).stride(),
    torch.ones(2, 3).unsqueeze(0).stride(),
    torch.ones(2, 3).t().unsqueeze(1).stride(),
    torch.ones(2, 3).get(":, ::2").unsqueeze(2).stride(),
  ],
);
S(
  `(torch.ones(2, 1, 3).squeeze().stride(), torch.ones(1, 2, 1).squeeze(0).stride(), torch.ones(2, 1, 3).squeeze(0).shape)`,
  () => [
    torch.ones(2, 1, 3).squeeze().stride(),
    torch.ones(1, 2, 1).squeeze(0).stride(),
    torch.ones(2, 1, 3).squeeze(0).shape,
  ],
);
S(
  `(torch.ones(2, 3, 4).permute(2, 0, 1).stride(), torch.ones(2, 3, 4).transpose(0, 2).stride(), torch.ones(3, 4).diagonal().stride(), torch.ones(2, 3, 4)[:, 1].stride(), torch.ones(2, 3, 4).movedim(0, -1).stride())`,
  () => [
    torch.ones(2, 3, 4).permute(2, 0, 1).stride(),
    torch.ones(2, 3, 4).transpose(0, 2).stride(),
    torch.ones(3, 4).diagonal().stride(),
    torch.ones(2, 3, 4).get(":, 1").stride(),
    torch.ones(2, 3, 4).movedim(0, -1).stride(),
  ],
);
S(`torch.arange(6).reshape(2, 3).t().view(6)`, () => torch.arange(6).reshape(2, 3).t().view(6), { msg: false });
S(
  `a = torch.arange(6.).reshape(2, 3); v = a.t(); v[0, 1] = 100; (a, v.is_contiguous(), a.t().contiguous().is_contiguous(), v._base is a)`,
  () => {
    const a = torch.arange(6, { dtype: "float32" }).reshape(2, 3), v = a.t();
    v.set("0, 1", 100);
    return [a, v.isContiguous(), a.t().contiguous().isContiguous(), v._base === a];
  },
);
S(
  `a = torch.arange(6.); b = a.view(2, 3); b.view(-1)[4] = -1; (a, b.reshape(3, 2).data_ptr() == a.data_ptr(), b.t().reshape(6).data_ptr() == a.data_ptr())`,
  () => {
    const a = torch.arange(6, { dtype: "float32" }), b = a.view(2, 3);
    b.view(-1).set(4, -1);
    return [a, b.reshape(3, 2).storage === a.storage, b.t().reshape(6).storage === a.storage];
  },
);
S(`torch.arange(6).split([2, 3])`, () => torch.arange(6).split([2, 3]), { msg: false });
S(
  `[t.shape for t in torch.arange(10).reshape(2, 5).chunk(3, 1)]`,
  () => torch.arange(10).reshape(2, 5).chunk(3, 1).map((t) => t.shape),
);
S(`[t.shape for t in torch.arange(10).tensor_split(3)]`, () => torch.arange(10).tensorSplit(3).map((t) => t.shape));
S(
  `(torch.tensor(5.).view(1).shape, torch.tensor(5.).reshape(1, 1).shape, torch.ones(1).view(()).shape, torch.zeros(0, 3).view(-1, 3).shape)`,
  () => [
    torch.tensor(5).view(1).shape,
    torch.tensor(5).reshape(1, 1).shape,
    torch.ones(1).view([]).shape,
    torch.zeros(0, 3).view(-1, 3).shape,
  ],
);
S(
  `torch.arange(24).reshape(2, 3, 4).flatten(1).unflatten(1, (4, 3)).stride()`,
  () => torch.arange(24).reshape(2, 3, 4).flatten(1).unflatten(1, [4, 3]).stride(),
);
S(`x = torch.arange(6).reshape(2, 3); (x.mT.shape, x.T.stride(), x.unbind(1)[2])`, () => {
  const x = torch.arange(6).reshape(2, 3);
  return [x.mT.shape, x.T.stride(), x.unbind(1)[2]];
});

// ---------------------------------------------------------------- test_indexing
group = "test_indexing";
{
  const a = () => torch.arange(24).reshape(2, 3, 4);
  const b = () => torch.arange(120).reshape(2, 3, 4, 5);
  // integers are applied first (select): an integer never joins the advanced indices as NumPy's do
  S(`a = torch.arange(24).reshape(2, 3, 4); a[0, :, [0, 1]]`, () => a().get([0, sl(), [0, 1]]));
  S(`a = torch.arange(24).reshape(2, 3, 4); a[[0, 1], :, 0]`, () => a().get([[0, 1], sl(), 0]));
  S(`a = torch.arange(24).reshape(2, 3, 4); a[[0, 1], :, [0, 1]]`, () => a().get([[0, 1], sl(), [0, 1]]));
  S(`a = torch.arange(24).reshape(2, 3, 4); a[:, 0, [0, 1]]`, () => a().get([sl(), 0, [0, 1]]));
  S(
    `b = torch.arange(120).reshape(2, 3, 4, 5); b[0, :, [0, 1], :].shape`,
    () => b().get([0, sl(), [0, 1], sl()]).shape,
  );
  S(`b = torch.arange(120).reshape(2, 3, 4, 5); b[:, 0, :, [0, 1]]`, () => b().get([sl(), 0, sl(), [0, 1]]));
  S(`b = torch.arange(120).reshape(2, 3, 4, 5); b[[0, 1], 1, [2, 3]]`, () => b().get([[0, 1], 1, [2, 3]]));
  S(
    `b = torch.arange(120).reshape(2, 3, 4, 5); b[[1, 0], :, 2, [[1], [3]]].shape`,
    () => b().get([[1, 0], sl(), 2, [[1], [3]]]).shape,
  );
  S(`b = torch.arange(120).reshape(2, 3, 4, 5); b[..., [0, 4]].shape`, () => b().get(["...", [0, 4]]).shape);
  S(
    `b = torch.arange(120).reshape(2, 3, 4, 5); b[None, 1, [0, 2], None].shape`,
    () => b().get([null, 1, [0, 2], null]).shape,
  );
  S(`a = torch.arange(24).reshape(2, 3, 4); a[a[:, :, 0] > 5]`, () => {
    const x = a();
    return x.get([x.get(":, :, 0").gt(5)]);
  });
  S(
    `a = torch.arange(24).reshape(2, 3, 4); a[torch.tensor([True, False]), 1:, torch.tensor([1, 3])]`,
    () => a().get([torch.tensor([true, false]), sl(1), torch.tensor([1, 3])]),
  );
  S(`a = torch.arange(24).reshape(2, 3, 4); a[torch.tensor(1)].shape`, () => a().get(torch.tensor(1)).shape);
  S(`a = torch.arange(24).reshape(2, 3, 4); a[-1, -2, -3]`, () => a().get([-1, -2, -3]));
  S(`a = torch.arange(6).reshape(2, 3); a[2]`, () => torch.arange(6).reshape(2, 3).get(2));
  S(`a = torch.arange(6).reshape(2, 3); a[[0, 5]]`, () => torch.arange(6).reshape(2, 3).get([[0, 5]]), { msg: false });
  S(`a = torch.zeros(2, 3, 4); a[0, :, [1, 2]] = torch.arange(6.).reshape(3, 2); a[1, [0, 2], 1:3] = -1; a`, () => {
    const x = torch.zeros(2, 3, 4);
    x.set([0, sl(), [1, 2]], torch.arange(6, { dtype: "float32" }).reshape(3, 2));
    x.set([1, [0, 2], sl(1, 3)], -1);
    return x;
  });
  S(
    `a = torch.zeros(5); a.index_put_((torch.tensor([0, 2, 0]),), torch.tensor([1., 2., 3.]), accumulate=True)`,
    () =>
      torch.zeros(5).indexPut_([torch.tensor([0, 2, 0])], torch.tensor([1, 2, 3], { dtype: "float32" }), {
        accumulate: true,
      }),
    { msg: false },
  );
  S(`a = torch.arange(10.); a[a > 5] = 0; a[torch.tensor([1, 2])] += 10; a`, () => {
    const x = torch.arange(10, { dtype: "float32" });
    x.set([x.gt(5)], 0);
    const i = torch.tensor([1, 2]);
    x.set([i], x.get([i]).add(10));
    return x;
  });
}

// ---------------------------------------------------------------- test_reductions
group = "test_reductions";
S(`(torch.logsumexp(torch.zeros(0), 0), torch.logsumexp(torch.zeros(2, 0), 1), torch.zeros(0, 3).logsumexp(0))`, () => [
  torch.logsumexp(torch.zeros(0), 0),
  torch.logsumexp(torch.zeros(2, 0), 1),
  torch.zeros(0, 3).logsumexp(0),
]);
S(`torch.median(torch.zeros(0))`, () => torch.median(torch.zeros(0)));
S(`torch.median(torch.zeros(2, 0), 1)`, () => torch.median(torch.zeros(2, 0), 1));
S(`tuple(torch.median(torch.zeros(0, 2), 1))`, () => torch.median(torch.zeros(0, 2), 1));
S(`torch.kthvalue(torch.zeros(0), 1)`, () => torch.kthvalue(torch.zeros(0), 1));
S(`tuple(torch.kthvalue(torch.zeros(0, 3), 1, 1))`, () => torch.kthvalue(torch.zeros(0, 3), 1, 1));
S(`torch.kthvalue(torch.tensor([1., 2.]), 3)`, () => torch.kthvalue(torch.tensor([1, 2], { dtype: "float32" }), 3));
S(
  `x = torch.tensor([[1, 2, 0], [3, 4, 5]], dtype=torch.uint8); (x.all(), x.any(), x.all(1), x.any(0), torch.zeros(0, dtype=torch.uint8).all())`,
  () => {
    const x = torch.tensor([[1, 2, 0], [3, 4, 5]], { dtype: "uint8" });
    return [x.all(), x.any(), x.all(1), x.any(0), torch.zeros(0, { dtype: "uint8" }).all()];
  },
);
S(`x = torch.tensor([[1., 0.], [2., 3.]]); (x.all(), x.any(1), x.bool().all(0))`, () => {
  const x = torch.tensor([[1, 0], [2, 3]], { dtype: "float32" });
  return [x.all(), x.any(1), x.bool().all(0)];
});
S(
  `x = torch.tensor([1., float('nan'), 3.]); (x.median(), tuple(torch.tensor([[1., float('nan'), 3.], [1., 2., 3.]]).median(1)))`,
  () => [
    torch.tensor([1, NaN, 3], { dtype: "float32" }).median(),
    torch.tensor([[1, NaN, 3], [1, 2, 3]], { dtype: "float32" }).median(1),
  ],
);
S(
  `x = torch.tensor([[3., 1., 2., 4.], [2., 2., 1., 1.]]); (x.median(), tuple(x.median(1)), tuple(x.median(0, keepdim=True)), tuple(x.kthvalue(2, 1)), tuple(x.mode(1)))`,
  () => {
    const x = torch.tensor([[3, 1, 2, 4], [2, 2, 1, 1]], { dtype: "float32" });
    return [x.median(), x.median(1), x.median(0, { keepdim: true }), x.kthvalue(2, 1), x.mode(1)];
  },
);
S(
  `(torch.zeros(0).sum(), torch.zeros(0).prod(), torch.zeros(0).mean(), torch.zeros(2, 0).sum(1), torch.zeros(0, dtype=torch.long).sum())`,
  () => [
    torch.zeros(0).sum(),
    torch.zeros(0).prod(),
    torch.zeros(0).mean(),
    torch.zeros(2, 0).sum(1),
    torch.zeros(0, { dtype: "int64" }).sum(),
  ],
);
S(`torch.zeros(0).max()`, () => torch.zeros(0).max());
S(`torch.zeros(0).amax()`, () => torch.zeros(0).amax());
S(`torch.zeros(0).argmax()`, () => torch.zeros(0).argmax(), { msg: false });
S(`torch.tensor([1, 2]).mean()`, () => torch.tensor([1, 2]).mean());
S(
  `(torch.tensor([True, True]).sum(), torch.tensor([200, 100], dtype=torch.uint8).sum(), torch.tensor([1, 2], dtype=torch.int32).sum(), torch.tensor([1, 2], dtype=torch.int32).cumsum(0), torch.tensor([True, False]).cumsum(0), torch.tensor([2, 3], dtype=torch.uint8).prod())`,
  () => [
    torch.tensor([true, true]).sum(),
    torch.tensor([200, 100], { dtype: "uint8" }).sum(),
    torch.tensor([1, 2], { dtype: "int32" }).sum(),
    torch.tensor([1, 2], { dtype: "int32" }).cumsum(0),
    torch.tensor([true, false]).cumsum(0),
    torch.tensor([2, 3], { dtype: "uint8" }).prod(),
  ],
);
S(
  `x = torch.tensor([[1., 5., 5.], [float('nan'), 0., 0.]]); (x.argmax(1), x.argmin(1), x.max(1)[1], x.amax(1), x.argmax())`,
  () => {
    const x = torch.tensor([[1, 5, 5], [NaN, 0, 0]], { dtype: "float32" });
    return [x.argmax(1), x.argmin(1), x.max(1)[1], x.amax(1), x.argmax()];
  },
);
S(
  `x = torch.tensor([1., 2., 4.]); (x.std(), x.var(correction=0), x.std(unbiased=False), torch.tensor([3.]).std(), torch.var_mean(x), torch.std_mean(x, 0, correction=2))`,
  () => {
    const x = torch.tensor([1, 2, 4], { dtype: "float32" });
    return [
      x.std(),
      x.var({ correction: 0 }),
      x.std({ unbiased: false }),
      torch.tensor([3], { dtype: "float32" }).std(),
      torch.varMean(x),
      torch.stdMean(x, 0, { correction: 2 }),
    ];
  },
);
S(
  `x = torch.tensor([[0, 1, 2], [0, 0, 3]]); (torch.count_nonzero(x), torch.count_nonzero(x, 1), x.sum((0, 1)), x.prod(1), x.amin(0))`,
  () => {
    const x = torch.tensor([[0, 1, 2], [0, 0, 3]]);
    return [torch.countNonzero(x), torch.countNonzero(x, 1), x.sum([0, 1]), x.prod(1), x.amin(0)];
  },
);

// ---------------------------------------------------------------- test_type_promotion
group = "test_type_promotion";
// cat and the stacks promote as the element-wise ops do (NumPy would give float64 for float32 with int64)
S(
  `f = torch.ones(2); i = torch.ones(2, dtype=torch.int64); (torch.cat([f, i]), torch.stack([f, i]), torch.hstack([f, i]), torch.vstack([f, i]), torch.dstack([f, i]), torch.column_stack([f, i]), torch.stack([torch.ones(2, dtype=torch.int32), torch.ones(2, dtype=torch.uint8)]), torch.stack([torch.ones(2, dtype=torch.bool), torch.ones(2, dtype=torch.uint8)]))`,
  () => {
    const f = torch.ones(2), i = torch.ones(2, { dtype: "int64" });
    return [
      torch.cat([f, i]),
      torch.stack([f, i]),
      torch.hstack([f, i]),
      torch.vstack([f, i]),
      torch.dstack([f, i]),
      torch.columnStack([f, i]),
      torch.stack([torch.ones(2, { dtype: "int32" }), torch.ones(2, { dtype: "uint8" })]),
      torch.stack([torch.ones(2, { dtype: "bool" }), torch.ones(2, { dtype: "uint8" })]),
    ];
  },
);
S(`r = torch.add(1, torch.tensor(0, dtype=torch.int32)); (r, r.dtype == torch.int32)`, () => {
  const r = torch.add(1, torch.tensor(0, { dtype: "int32" }));
  return [r, r.dtype === "int32"];
});
S(
  `(torch.ones(2, dtype=torch.int32) + torch.tensor(5), torch.ones(2) + torch.tensor(2.5, dtype=torch.float64), torch.ones(2, dtype=torch.uint8) + torch.tensor(1000), torch.tensor(1, dtype=torch.int32) + torch.tensor(1, dtype=torch.int64), torch.ones(2, dtype=torch.int64) + 2.5, torch.tensor([True]) + torch.tensor([True]), torch.tensor([True]) + 1, torch.tensor([1, 2]) / 2, torch.ones(2, dtype=torch.int32) * True, torch.ones(2, dtype=torch.uint8) + torch.tensor([True]), torch.ones(2) + torch.ones(2, dtype=torch.float64))`,
  () => [
    torch.ones(2, { dtype: "int32" }).add(torch.tensor(5)),
    torch.ones(2).add(torch.tensor(2.5, f64)),
    torch.ones(2, { dtype: "uint8" }).add(torch.tensor(1000)),
    torch.tensor(1, { dtype: "int32" }).add(torch.tensor(1, { dtype: "int64" })),
    torch.ones(2, { dtype: "int64" }).add(2.5),
    torch.tensor([true]).add(torch.tensor([true])),
    torch.tensor([true]).add(1),
    torch.tensor([1, 2]).div(2),
    torch.ones(2, { dtype: "int32" }).mul(true),
    torch.ones(2, { dtype: "uint8" }).add(torch.tensor([true])),
    torch.ones(2).add(torch.ones(2, f64)),
  ],
);
S(
  `(str(torch.result_type(torch.tensor([1, 2], dtype=torch.int32), 1.5)), str(torch.result_type(torch.tensor(1), torch.tensor([1], dtype=torch.uint8))), str(torch.promote_types(torch.int32, torch.float32)), str(torch.promote_types(torch.uint8, torch.bool)), torch.can_cast(torch.float32, torch.int32), torch.can_cast(torch.int32, torch.float32), torch.can_cast(torch.int64, torch.bool))`,
  () => [
    `torch.${torch.resultType(torch.tensor([1, 2], { dtype: "int32" }), 1.5)}`,
    `torch.${torch.resultType(torch.tensor(1), torch.tensor([1], { dtype: "uint8" }))}`,
    `torch.${torch.promoteTypes("int32", "float32")}`,
    `torch.${torch.promoteTypes("uint8", "bool")}`,
    torch.canCast("float32", "int32"),
    torch.canCast("int32", "float32"),
    torch.canCast("int64", "bool"),
  ],
);
S(
  `torch.tensor([True]).add_(torch.tensor([1], dtype=torch.uint8))`,
  () => torch.tensor([true]).add_(torch.tensor([1], { dtype: "uint8" })),
);
S(
  `torch.tensor([1]).add_(torch.tensor([1]), alpha=0.5)`,
  () => torch.tensor([1]).add_(torch.tensor([1]), { alpha: 0.5 }),
);
S(`torch.tensor([1, 2]).mul_(1.5)`, () => torch.tensor([1, 2]).mul_(1.5));
S(`torch.tensor([1, 2], dtype=torch.int32).div_(2)`, () => torch.tensor([1, 2], { dtype: "int32" }).div_(2));
S(
  `torch.tensor([1, 2], dtype=torch.uint8).add_(torch.tensor([True]))`,
  () => torch.tensor([1, 2], { dtype: "uint8" }).add_(torch.tensor([true])),
);
S(
  `torch.tensor([True, False]) - torch.tensor([True, True])`,
  () => torch.tensor([true, false]).sub(torch.tensor([true, true])),
  { msg: false },
);
S(
  `x = torch.ones(2); x.add_(torch.tensor([1, 2])); x.mul_(torch.tensor(2, dtype=torch.float64)); (x, x.dtype == torch.float32)`,
  () => {
    const x = torch.ones(2);
    x.add_(torch.tensor([1, 2]));
    x.mul_(torch.tensor(2, f64));
    return [x, x.dtype === "float32"];
  },
);
S(`out = torch.empty(2, dtype=torch.int64); torch.add(torch.ones(2), 1, out=out)`, () => {
  const out = torch.empty(2, { dtype: "int64" });
  return torch.add(torch.ones(2), 1, { out });
});
S(
  `(torch.tensor([1, 2]) < 1.5, torch.tensor([1, 2], dtype=torch.uint8) == torch.tensor(2), torch.tensor([3]) > torch.tensor([2.5]), torch.where(torch.tensor([True, False]), torch.tensor([1, 2]), 0.5))`,
  () => [
    torch.tensor([1, 2]).lt(1.5),
    torch.tensor([1, 2], { dtype: "uint8" }).eq(torch.tensor(2)),
    torch.tensor([3]).gt(torch.tensor([2.5], { dtype: "float32" })),
    torch.where(torch.tensor([true, false]), torch.tensor([1, 2]), 0.5),
  ],
);

// ---------------------------------------------------------------- test_binary_ufuncs
group = "test_binary_ufuncs";
for (
  const [py, ts] of [
    ["torch.fmod(torch.tensor([5]), 0)", () => torch.fmod(torch.tensor([5]), 0)],
    [
      "torch.fmod(torch.tensor([5, 3]), torch.tensor([2, 0]))",
      () => torch.fmod(torch.tensor([5, 3]), torch.tensor([2, 0])),
    ],
    [
      "torch.remainder(torch.tensor([5], dtype=torch.int32), 0)",
      () => torch.remainder(torch.tensor([5], { dtype: "int32" }), 0),
    ],
    [
      "torch.remainder(torch.tensor([5]), torch.tensor([0]))",
      () => torch.remainder(torch.tensor([5]), torch.tensor([0])),
    ],
    ["torch.floor_divide(torch.tensor([5]), 0)", () => torch.floorDivide(torch.tensor([5]), 0)],
    [
      "torch.tensor([1, 2]) // torch.tensor([0, 1])",
      () => torch.floorDivide(torch.tensor([1, 2]), torch.tensor([0, 1])),
    ],
    [
      "torch.div(torch.tensor([5]), 0, rounding_mode='floor')",
      () => torch.div(torch.tensor([5]), 0, { roundingMode: "floor" }),
    ],
    [
      "torch.div(torch.tensor([5]), torch.tensor([0]), rounding_mode='trunc')",
      () => torch.div(torch.tensor([5]), torch.tensor([0]), { roundingMode: "trunc" }),
    ],
    ["torch.tensor([7, 3]).remainder_(0)", () => torch.tensor([7, 3]).remainder_(0)],
  ] as [string, () => unknown][]
) S(py, ts);
S(
  `(torch.fmod(torch.tensor([5., -5.]), 0), torch.remainder(torch.tensor([5., -5.]), 0), torch.tensor([1, 2]) / 0, torch.div(torch.tensor([5., -5.]), 0, rounding_mode='floor'))`,
  () => [
    torch.fmod(torch.tensor([5, -5], { dtype: "float32" }), 0),
    torch.remainder(torch.tensor([5, -5], { dtype: "float32" }), 0),
    torch.tensor([1, 2]).div(0),
    torch.div(torch.tensor([5, -5], { dtype: "float32" }), 0, { roundingMode: "floor" }),
  ],
);
S(
  `a = torch.tensor([-7, 7, -7, 7]); b = torch.tensor([2, -2, -2, 2]); (torch.remainder(a, b), torch.fmod(a, b), torch.div(a, b, rounding_mode='floor'), torch.div(a, b, rounding_mode='trunc'), a // b, torch.remainder(a, 3), torch.remainder(-7.5, torch.tensor([2.])))`,
  () => {
    const a = torch.tensor([-7, 7, -7, 7]), b = torch.tensor([2, -2, -2, 2]);
    return [
      torch.remainder(a, b),
      torch.fmod(a, b),
      torch.div(a, b, { roundingMode: "floor" }),
      torch.div(a, b, { roundingMode: "trunc" }),
      torch.floorDivide(a, b),
      torch.remainder(a, 3),
      torch.remainder(-7.5, torch.tensor([2], { dtype: "float32" })),
    ];
  },
);
S(`torch.tensor([2, 3]).pow(-1)`, () => torch.tensor([2, 3]).pow(-1));
S(
  `(torch.tensor([2, 3]).pow(torch.tensor([-1, 1])), torch.tensor([2, 3]).pow(2), torch.tensor([2., 3.]).pow(torch.tensor([2])), torch.pow(2, torch.tensor([3, 4])), torch.pow(2.5, torch.tensor([2, 1])))`,
  () => [
    torch.tensor([2, 3]).pow(torch.tensor([-1, 1])),
    torch.tensor([2, 3]).pow(2),
    torch.tensor([2, 3], { dtype: "float32" }).pow(torch.tensor([2])),
    torch.pow(2, torch.tensor([3, 4])),
    torch.pow(2.5, torch.tensor([2, 1])),
  ],
);
// float64 pow: scalar exponents take PyTorch's special cases (x*x, x*x*x, sqrt, ...), bit for bit
S(
  `x = torch.tensor([0.1, 0.7, 1.3, -2.9, 1e-3], dtype=torch.float64); (x.pow(2), x.pow(3), x.pow(-2), x.abs().pow(0.5), x.abs().pow(-0.5), x.pow(-1), x.float().pow(3))`,
  () => {
    const x = torch.tensor([0.1, 0.7, 1.3, -2.9, 1e-3], f64);
    return [x.pow(2), x.pow(3), x.pow(-2), x.abs().pow(0.5), x.abs().pow(-0.5), x.pow(-1), x.float().pow(3)];
  },
  { tol: { rtol: 0, atol: 0 } },
);
S(
  `a = torch.tensor([0.3, 1.7, -2.5, 10.1, -60., 0., 3.], dtype=torch.float64); (torch.pow(2, a), torch.pow(2., a), torch.exp2(a))`,
  () => {
    const a = torch.tensor([0.3, 1.7, -2.5, 10.1, -60, 0, 3], f64);
    return [torch.pow(2, a), torch.pow(2.0, a), torch.exp2(a)];
  },
  { tol: { rtol: 2.3e-16, atol: 0 } },
);
S(
  `x = torch.tensor([1., float('nan'), 2.]); y = torch.tensor([float('nan'), 0., 3.]); (torch.maximum(x, y), torch.minimum(x, y), torch.fmax(x, y), torch.fmin(x, y), torch.max(x, y))`,
  () => {
    const x = torch.tensor([1, NaN, 2], { dtype: "float32" }), y = torch.tensor([NaN, 0, 3], { dtype: "float32" });
    return [torch.maximum(x, y), torch.minimum(x, y), torch.fmax(x, y), torch.fmin(x, y), torch.max(x, y)];
  },
);
S(
  `(torch.atan2(torch.tensor([1, -1]), torch.tensor([0, 2])), torch.hypot(torch.tensor([3.]), torch.tensor([4.])), torch.copysign(torch.tensor([1, 2]), -1.), torch.logaddexp(torch.tensor([1., 1000.]), torch.tensor([2., 1000.])))`,
  () => [
    torch.atan2(torch.tensor([1, -1]), torch.tensor([0, 2])),
    torch.hypot(torch.tensor([3], { dtype: "float32" }), torch.tensor([4], { dtype: "float32" })),
    torch.copysign(torch.tensor([1, 2]), -1.0),
    torch.logaddexp(torch.tensor([1, 1000], { dtype: "float32" }), torch.tensor([2, 1000], { dtype: "float32" })),
  ],
);
S(
  `(torch.tensor([True, False]) & torch.tensor([True, True]), torch.tensor([5, 3]) ^ torch.tensor([1, 1]), torch.bitwise_or(torch.tensor([4], dtype=torch.uint8), 3), ~torch.tensor([True, False]), torch.bitwise_not(torch.tensor([0, 5])))`,
  () => [
    torch.bitwiseAnd(torch.tensor([true, false]), torch.tensor([true, true])),
    torch.bitwiseXor(torch.tensor([5, 3]), torch.tensor([1, 1])),
    torch.bitwiseOr(torch.tensor([4], { dtype: "uint8" }), 3),
    torch.bitwiseNot(torch.tensor([true, false])),
    torch.bitwiseNot(torch.tensor([0, 5])),
  ],
);

// ---------------------------------------------------------------- test_torch
group = "test_torch";
S(
  `(torch.unique(torch.tensor(3)), torch.unique(torch.tensor(3), return_inverse=True, return_counts=True), torch.unique(torch.tensor([3, 1, 3, 2])))`,
  () => [
    torch.unique(torch.tensor(3)),
    torch.unique(torch.tensor(3), { returnInverse: true, returnCounts: true }),
    torch.unique(torch.tensor([3, 1, 3, 2])),
  ],
);
S(
  `(torch.flip(torch.tensor(3.5), [0]), torch.flip(torch.tensor(3.5), []), torch.flip(torch.arange(6).reshape(2, 3), [0, 1]), torch.arange(6).reshape(2, 3).flip(-1))`,
  () => [
    torch.flip(torch.tensor(3.5), [0]),
    torch.flip(torch.tensor(3.5), []),
    torch.flip(torch.arange(6).reshape(2, 3), [0, 1]),
    torch.arange(6).reshape(2, 3).flip(-1),
  ],
);
S(`torch.flip(torch.ones(2, 3), [0, 0])`, () => torch.flip(torch.ones(2, 3), [0, 0]));
S(`torch.flip(torch.ones(2, 3), [1, -1])`, () => torch.flip(torch.ones(2, 3), [1, -1]));
S(
  `inf = float('inf'); nan = float('nan'); (torch.allclose(torch.tensor([inf]), torch.tensor([-inf])), torch.allclose(torch.tensor([inf]), torch.tensor([inf])), torch.isclose(torch.tensor([inf, -inf, nan, 1.]), torch.tensor([-inf, -inf, nan, 1.])), torch.isclose(torch.tensor([nan]), torch.tensor([nan]), equal_nan=True), torch.allclose(torch.tensor([1., nan]), torch.tensor([1., nan]), equal_nan=True), torch.equal(torch.tensor([1, 2]), torch.tensor([1, 2])))`,
  () => [
    torch.allclose(torch.tensor([Infinity]), torch.tensor([-Infinity])),
    torch.allclose(torch.tensor([Infinity]), torch.tensor([Infinity])),
    torch.isclose(torch.tensor([Infinity, -Infinity, NaN, 1]), torch.tensor([-Infinity, -Infinity, NaN, 1])),
    torch.isclose(torch.tensor([NaN]), torch.tensor([NaN]), { equalNan: true }),
    torch.allclose(torch.tensor([1, NaN]), torch.tensor([1, NaN]), { equalNan: true }),
    torch.equal(torch.tensor([1, 2]), torch.tensor([1, 2])),
  ],
);
// linspace/logspace round as PyTorch's kernel (fused multiply-add, second half from the end)
S(
  `(torch.linspace(0, 1, 15), torch.linspace(-3.3, 7.1, 37), torch.linspace(0, 1, 16, dtype=torch.float64), torch.linspace(-1, 1, 101, dtype=torch.float64), torch.linspace(0, 10, 4, dtype=torch.int64), torch.linspace(2, 2, 1), torch.linspace(0, 1, 0))`,
  () => [
    torch.linspace(0, 1, 15),
    torch.linspace(-3.3, 7.1, 37),
    torch.linspace(0, 1, 16, f64),
    torch.linspace(-1, 1, 101, f64),
    torch.linspace(0, 10, 4, { dtype: "int64" }),
    torch.linspace(2, 2, 1),
    torch.linspace(0, 1, 0),
  ],
  { tol: { rtol: 0, atol: 0 } },
);
// float32 end - start is rounded before the division (these gave other last bits when it was not)
S(
  `(torch.linspace(-0.5, 0.4, 13), torch.linspace(3.917, -4.673, 31), torch.linspace(-0.395, 4.875, 53), torch.linspace(-1.714, -6.54, 49))`,
  () => [
    torch.linspace(-0.5, 0.4, 13),
    torch.linspace(3.917, -4.673, 31),
    torch.linspace(-0.395, 4.875, 53),
    torch.linspace(-1.714, -6.54, 49),
  ],
  { tol: { rtol: 0, atol: 0 } },
);
S(
  `(torch.logspace(-2, 3, 17), torch.logspace(-2, 3, 17, base=2, dtype=torch.float64), torch.logspace(0, 4, 5, dtype=torch.int64))`,
  () => [
    torch.logspace(-2, 3, 17),
    torch.logspace(-2, 3, 17, 2, f64),
    torch.logspace(0, 4, 5, { dtype: "int64" }),
  ],
  { tol: { rtol: 4.5e-16, atol: 0 } },
);
S(
  `(torch.arange(0, 1, 0.1).shape, torch.arange(1, 2.5, 0.5), torch.arange(10, 0, -3), torch.arange(5, dtype=torch.float64)[3])`,
  () => [
    torch.arange(0, 1, 0.1).shape,
    torch.arange(1, 2.5, 0.5),
    torch.arange(10, 0, -3),
    torch.arange(5, f64).get(3),
  ],
);
S(
  `(torch.tensor([1, 2]).dtype == torch.int64, torch.tensor([1., 2]).dtype == torch.float32, torch.tensor([True, 1]).dtype == torch.int64, torch.tensor(2.5).dim(), torch.tensor([[1], [2]]).stride())`,
  () => [
    torch.tensor([1, 2]).dtype === "int64",
    torch.tensor([1.5, 2]).dtype === "float32",
    torch.tensor([true, 1] as unknown as number[]).dtype === "int64",
    torch.tensor(2.5).dim(),
    torch.tensor([[1], [2]]).stride(),
  ],
);
S(
  `x = torch.arange(9.).reshape(3, 3); (x.tril(-1), x.triu(1), x.masked_fill(x > 4, -1), x.masked_fill(torch.tensor(True), 2), x.clone().fill_diagonal_(0) if False else x.diag(1))`,
  () => {
    const x = torch.arange(9, { dtype: "float32" }).reshape(3, 3);
    return [x.tril(-1), x.triu(1), x.maskedFill(x.gt(4), -1), x.maskedFill(torch.tensor(true), 2), x.diag(1)];
  },
);
S(
  `x = torch.tensor([1., 2.]); (x.new_zeros(2, 3).dtype == torch.float32, x.new_full((2,), 7).tolist(), torch.zeros_like(x, dtype=torch.int32).dtype == torch.int32, torch.full((2,), 7).dtype == torch.int64, torch.full((2,), 7.).dtype == torch.float32, torch.full((1,), True).dtype == torch.bool)`,
  () => {
    const x = torch.tensor([1, 2], { dtype: "float32" });
    return [
      x.newZeros(2, 3).dtype === "float32",
      x.newFull([2], 7).tolist(),
      torch.zerosLike(x, { dtype: "int32" }).dtype === "int32",
      torch.full([2], 7).dtype === "int64",
      torch.full([2], 7.5).dtype === "float32",
      torch.full([1], true).dtype === "bool",
    ];
  },
);
S(
  `x = torch.tensor([3., 1., 2.]); (tuple(x.sort()), tuple(x.sort(descending=True)), tuple(x.topk(2)), x.argsort(), torch.searchsorted(torch.tensor([1, 3, 5]), torch.tensor([3, 6])))`,
  () => {
    const x = torch.tensor([3, 1, 2], { dtype: "float32" });
    return [
      x.sort(),
      x.sort({ descending: true }),
      x.topk(2),
      x.argsort(),
      torch.searchsorted(torch.tensor([1, 3, 5]), torch.tensor([3, 6])),
    ];
  },
);

S(
  `torch.tensor([1, 2]).masked_fill(torch.tensor([True, False]), 2.7)`,
  () => torch.tensor([1, 2]).maskedFill(torch.tensor([true, false]), 2.7),
);
S(
  `torch.tensor([1, 2]).masked_fill(torch.tensor([True, False]), -2.7)`,
  () => torch.tensor([1, 2]).maskedFill(torch.tensor([true, false]), -2.7),
);
S(`torch.arange(4).index_select(0, torch.tensor([-1]))`, () => torch.arange(4).indexSelect(0, torch.tensor([-1])));
S(`torch.arange(4).index_select(0, torch.tensor([4]))`, () => torch.arange(4).indexSelect(0, torch.tensor([4])));
S(
  `torch.isclose(torch.tensor([1.]), torch.tensor([1.], dtype=torch.float64))`,
  () => torch.isclose(torch.tensor([1], { dtype: "float32" }), torch.tensor([1], f64)),
);
S(
  `torch.allclose(torch.tensor([1]), torch.tensor([1.]))`,
  () => torch.allclose(torch.tensor([1]), torch.tensor([1.5]).sub(0.5)),
);
S(`torch.ones(1).expand(3).add_(1)`, () => torch.ones(1).expand(3).add_(1));
S(
  `torch.zeros(1).expand(3).copy_(torch.tensor([1., 2., 3.]))`,
  () => torch.zeros(1).expand(3).copy_(torch.tensor([1, 2, 3], { dtype: "float32" })),
);
S(
  `(tuple(torch.tensor([2, 1, 2, 1]).sort(stable=True)), tuple(torch.tensor([2, 1, 2, 1]).sort(descending=True, stable=True)), torch.tensor([1, 4, 2, 3]).median(), torch.floor_divide(torch.tensor([-7.5, 7.5]), 2), torch.tensor([-7, 7]) // 2)`,
  () => [
    torch.tensor([2, 1, 2, 1]).sort({ stable: true }),
    torch.tensor([2, 1, 2, 1]).sort({ descending: true, stable: true }),
    torch.tensor([1, 4, 2, 3]).median(),
    torch.floorDivide(torch.tensor([-7.5, 7.5]), 2),
    torch.floorDivide(torch.tensor([-7, 7]), 2),
  ],
);
group = "test_autograd";
S(`x = torch.ones(2, requires_grad=True); y = x * 2; y.sum().backward(); str(y.grad)`, () => {
  const x = req([1, 1]), y = x.mul(2);
  y.sum().backward();
  return str(y.grad);
});
S(`x = torch.ones(2, requires_grad=True); y = x * 2; y[0].backward(); x.grad`, () => {
  const x = req([1, 1]), y = x.mul(2);
  y.get(0).backward();
  return x.grad;
});
S(
  `x = torch.ones(2, requires_grad=True); (x * 2).sum().backward(); g = x.grad; g.zero_(); (x * 3).sum().backward(); (x.grad, x.grad is g)`,
  () => {
    const x = req([1, 1]);
    x.mul(2).sum().backward();
    const g = x.grad!;
    g.zero_();
    x.mul(3).sum().backward();
    return [x.grad, x.grad === g];
  },
);

// ---------------------------------------------------------------- the comparison
/** Splits Python source into statements and the final expression (after the last top-level `;` or newline). */
function splitPy(src: string): { setup: string; expr: string } {
  const lines = src.trim().split("\n");
  const last = lines.pop()!;
  let depth = 0, quote = "", cut = -1;
  for (let i = 0; i < last.length; i++) {
    const ch = last[i];
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === "'" || ch === '"') quote = ch;
    else if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth--;
    else if (ch === ";" && depth === 0) cut = i;
  }
  if (cut >= 0) lines.push(last.slice(0, cut));
  return { setup: `${PY_CHAIN}\n${lines.join("\n")}`, expr: last.slice(cut + 1).trim() };
}
const results = await numpy(CASES.map((c) => ({ torch: true, ...splitPy(c.py) })));

/** PyTorch's Python-facing names in messages, as dendrite spells them. */
const jsNames = (m: string) =>
  m.replace("retain_graph=True", "retainGraph: true").replace("allow_unused=True", "allowUnused: true");

function compare(ours: unknown, exp: Encoded, label: string, tol?: Tol): void {
  if ("tuple" in exp) {
    assert.ok(Array.isArray(ours), `${label}: expected a tuple, got ${String(ours)}`);
    assert.equal(ours.length, exp.tuple.length, `${label}: length`);
    exp.tuple.forEach((e, i) => compare(ours[i], e, `${label}[${i}]`, tol));
    return;
  }
  if ("str" in exp) {
    // C++ nodes print with their namespace in Python (torch::autograd::CopySlices)
    const got = ours === null ? "None" : String(ours), want = exp.str.replaceAll("torch::autograd::", "");
    assert.equal(got, want, `${label}: ours ${got}, PyTorch ${want}`);
    return;
  }
  if (ours instanceof torch.Tensor) return assertMatches(ours, exp, label, tol);
  assert.deepEqual(exp.shape, [], `${label}: PyTorch gave a tensor of shape [${exp.shape}], we gave ${String(ours)}`);
  const e = exp.data[0];
  if (typeof e === "boolean" || typeof ours === "boolean") assert.equal(ours, e, label);
  else assertMatches(torch.tensor(Number(ours), { dtype: "float64" }), { ...exp, dtype: "float64" }, label, tol);
}

for (const g of [...new Set(CASES.map((c) => c.group))]) {
  Deno.test(`${g}: the statements PyTorch's tests make hold here`, () => {
    const failures: string[] = [];
    CASES.forEach((c, i) => {
      if (c.group !== g) return;
      const res = results[i];
      const label = c.py.trim().split("\n").slice(-2).join(" / ").slice(0, 160);
      try {
        if ("error" in res) {
          let thrown: unknown = null;
          try {
            c.ts();
          } catch (e) {
            thrown = e;
          }
          assert.ok(thrown, `${label}: PyTorch raised ${res.error}: ${res.message}; we did not`);
          const err = thrown as Error;
          assert.ok(
            (ERROR_MAP[res.error] ?? [Error]).some((C) => err instanceof C),
            `${label}: PyTorch raised ${res.error}, we threw ${err.constructor.name}: ${err.message}`,
          );
          if (c.msg !== false) {
            const ours = err.message.split("\n")[0], theirs = jsNames(res.message.split("\n")[0]);
            assert.equal(ours, theirs, `${label}: message\n  ours:    ${ours}\n  PyTorch: ${theirs}`);
          }
        } else {
          let ours: unknown;
          try {
            ours = c.ts();
          } catch (e) {
            throw new Error(`${label}: we threw ${(e as Error).message.split("\n")[0]}; PyTorch gave a value`);
          }
          compare(ours, res.value, label, c.tol);
        }
      } catch (e) {
        failures.push((e as Error).message.split("\n").slice(0, 3).join("\n"));
      }
    });
    assert.equal(failures.length, 0, failures.join("\n"));
  });
}

Deno.test("the ported assertions number at least 130", () => {
  const n = CASES.reduce(
    (s, _c, i) =>
      s +
      ("value" in results[i] && "tuple" in results[i].value
        ? (results[i] as { value: { tuple: unknown[] } }).value.tuple.length
        : 1),
    0,
  );
  assert.ok(n >= 130, `${n} assertions`);
});
