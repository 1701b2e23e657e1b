"""PyTorch's side of the optim tests: reads a JSON list of cases on stdin,
runs each with torch.optim (foreach=False: the single-tensor updates) and
writes the results as JSON.

Case kinds:
  optimizer: params and per-step gradients given; returns params after each step
             (and optionally the state dict after `export_state_at` steps).
  lbfgs:     LBFGS on a fixed least-squares + quartic problem with a closure.
  scheduler: an SGD/Adam optimizer with groups and a scheduler; returns the lrs
             (and momentum / beta1) after construction and after each step.
"""
import json
import math
import re
import sys

import torch


def snake(k):
    if k == "TMax":
        return "T_max"
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), k)


def kw(d):
    out = {}
    for k, v in (d or {}).items():
        if isinstance(v, list) and k == "betas":
            v = tuple(v)
        out[snake(k)] = v
    return out


DT = {"float32": torch.float32, "float64": torch.float64}


def enc(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist(), "dtype": str(t.dtype).replace("torch.", "")}


def make_params(case):
    dt = DT[case["dtype"]]
    return [torch.tensor(p["data"], dtype=dt).reshape(p["shape"]).requires_grad_() for p in case["params"]]


def optimizer_case(case):
    dt = DT[case["dtype"]]
    params = make_params(case)
    cls = getattr(torch.optim, case["opt"])
    opts = kw(case.get("kwargs"))
    if "foreach" not in opts:
        opts["foreach"] = False  # the single-tensor implementations
    if case.get("groups"):
        groups = [dict(kw(g.get("kwargs")), params=[params[i] for i in g["params"]]) for g in case["groups"]]
        opt = cls(groups, **opts)
    else:
        opt = cls(params, **opts)
    out = []
    exported = None
    for s, grads in enumerate(case["grads"]):
        for i, g in enumerate(grads):
            params[i].grad = None if g is None else torch.tensor(g, dtype=dt).reshape(params[i].shape)
        for gi, lr in (case.get("lr_changes") or {}).get(str(s), {}).items():
            opt.param_groups[int(gi)]["lr"] = lr
        opt.step()
        out.append([p.detach().reshape(-1).tolist() for p in params])
        if case.get("export_state_at") == s + 1:
            sd = opt.state_dict()
            exported = {
                "state": {
                    str(k): {n: (enc(v) if torch.is_tensor(v) else v) for n, v in st.items()}
                    for k, st in sd["state"].items()
                },
                "param_groups": [{k: (list(v) if isinstance(v, tuple) else v) for k, v in g.items()} for g in sd["param_groups"]],
            }
    return {"params": out, "state": exported}


def lbfgs_case(case):
    dt = DT[case["dtype"]]
    A = torch.tensor(case["A"], dtype=dt)
    b = torch.tensor(case["b"], dtype=dt)
    x = torch.tensor(case["x0"], dtype=dt).requires_grad_()
    opt = torch.optim.LBFGS([x], **kw(case.get("kwargs")))

    def closure():
        opt.zero_grad()
        loss = ((A @ x - b) ** 2).sum() + 0.1 * (x ** 4).sum()
        loss.backward()
        return loss

    out, losses = [], []
    for _ in range(case["steps"]):
        losses.append(float(opt.step(closure)))
        out.append(x.detach().tolist())
    st = opt.state[x]
    return {"params": out, "losses": losses, "func_evals": st.get("func_evals"), "n_iter": st.get("n_iter")}


def scheduler_case(case):
    sd = torch.optim.lr_scheduler
    params = [torch.zeros(2, requires_grad=True) for _ in case["lrs"]]
    groups = [{"params": [p], "lr": lr} for p, lr in zip(params, case["lrs"])]
    if case.get("opt") == "Adam":
        opt = torch.optim.Adam(groups)
    else:
        opt = torch.optim.SGD(groups, momentum=case.get("momentum", 0.0))

    def build(spec):
        cls = getattr(sd, spec["name"])
        k = kw(spec.get("kwargs"))
        if "lr_lambda" in k:
            k["lr_lambda"] = eval(k["lr_lambda"])
        if "schedulers" in k:
            k["schedulers"] = [build(s) for s in k["schedulers"]]
        return cls(opt, **k)

    sched = build(case["sched"])
    lrs, moms = [list(map(float, sched.get_last_lr()))], []

    def mom():
        return [g["betas"][0] if "betas" in g else g.get("momentum") for g in opt.param_groups]

    moms.append(mom())
    metrics = case.get("metrics")
    for s in range(case["steps"]):
        opt.step()
        if metrics is not None:
            sched.step(metrics[s])
        else:
            sched.step()
        lrs.append(list(map(float, sched.get_last_lr())))
        moms.append(mom())
    return {"lrs": lrs, "momentum": moms}


def main():
    cases = json.load(sys.stdin)
    results = []
    for c in cases:
        try:
            f = {"optimizer": optimizer_case, "lbfgs": lbfgs_case, "scheduler": scheduler_case}[c["kind"]]
            results.append(f(c))
        except Exception as e:  # reported per case
            results.append({"error": f"{type(e).__name__}: {e}"})
    json.dump(results, sys.stdout, allow_nan=True)


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore")
    main()
