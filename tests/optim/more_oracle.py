"""PyTorch's side of tests/optim/more_optimizers_test.ts and swa_utils_test.ts:
reads a JSON list of cases on stdin, writes the results as JSON.

Case kinds:
  optimizer: as tests/optim/oracle.py's (params and per-step gradients given;
             params after each step, the state dict after `export_state_at`
             steps); foreach=False unless the optimizer has no such option (Muon).
  swalr:     an SGD with groups and an SWALR; the lrs after construction and each step.
  averaged:  an AveragedModel of a small Linear/BatchNorm model, updated after each
             of a sequence of parameter changes and training forwards; its state dict.
  update_bn: update_bn over a loader; the running statistics and momenta after.
"""
import inspect
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle import DT, enc, kw, make_params  # noqa: E402

from torch.optim import swa_utils  # noqa: E402


def optimizer_case(case):
    dt = DT[case["dtype"]]
    params = make_params(case)
    cls = getattr(torch.optim, case["opt"])
    opts = kw(case.get("kwargs"))
    for k in ("ns_coefficients", "step_sizes", "etas", "eps"):
        if isinstance(opts.get(k), list):
            opts[k] = tuple(opts[k])
    if "foreach" in inspect.signature(cls.__init__).parameters and "foreach" not in opts:
        opts["foreach"] = False
    opt = cls(params, **opts)
    out, exported = [], None
    for s, grads in enumerate(case["grads"]):
        for i, g in enumerate(grads):
            params[i].grad = None if g is None else torch.tensor(g, dtype=dt).reshape(params[i].shape)
        opt.step()
        out.append([p.detach().reshape(-1).tolist() for p in params])
        if case.get("export_state_at") == s + 1:
            sd = opt.state_dict()
            exported = {
                "state": {
                    str(k): {n: (enc(v) if torch.is_tensor(v) else v) for n, v in st.items()}
                    for k, st in sd["state"].items()
                },
                "param_groups": [
                    {k: (list(v) if isinstance(v, tuple) else v) for k, v in g.items()} for g in sd["param_groups"]
                ],
            }
    return {"params": out, "state": exported}


def swalr_case(case):
    params = [torch.zeros(2, requires_grad=True) for _ in case["lrs"]]
    opt = torch.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(params, case["lrs"])])
    sched = swa_utils.SWALR(opt, **kw(case["kwargs"]))
    lrs = [list(map(float, sched.get_last_lr()))]
    for _ in range(case["steps"]):
        opt.step()
        sched.step()
        lrs.append(list(map(float, sched.get_last_lr())))
    sd = sched.state_dict()
    return {"lrs": lrs, "state": {k: v for k, v in sd.items()}, "swa_lr": [g["swa_lr"] for g in opt.param_groups]}


def small_model(case):
    dt = DT[case["dtype"]]
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 2)).to(dt)
    model.load_state_dict({k: torch.tensor(v["data"], dtype=dt if v["dtype"] != "int64" else torch.long).reshape(v["shape"]) for k, v in case["state"].items()})
    return model, dt


def sd_out(sd):
    return {k: enc(v) for k, v in sd.items()}


def averaged_case(case):
    model, dt = small_model(case)
    fns = {
        None: {},
        "ema": {"multi_avg_fn": swa_utils.get_ema_multi_avg_fn(case.get("decay", 0.999))},
        "ema_avg": {"avg_fn": swa_utils.get_ema_avg_fn(case.get("decay", 0.999))},
        "swa_avg": {"avg_fn": swa_utils.get_swa_avg_fn()},
        "swa_multi": {"multi_avg_fn": swa_utils.get_swa_multi_avg_fn()},
    }[case.get("fn")]
    avg = swa_utils.AveragedModel(model, use_buffers=case.get("use_buffers", False), **fns)
    for deltas, x in zip(case["deltas"], case["inputs"]):
        with torch.no_grad():
            for p, d in zip(model.parameters(), deltas):
                p.add_(torch.tensor(d, dtype=dt).reshape(p.shape))
        model.train()
        model(torch.tensor(x, dtype=dt).reshape(-1, 3))
        avg.update_parameters(model)
    state = sd_out(avg.state_dict())
    y = avg(torch.tensor(case["inputs"][0], dtype=dt).reshape(-1, 3))
    return {"state": state, "out": enc(y), "repr": repr(avg)}


def update_bn_case(case):
    model, dt = small_model(case)
    model.train(case["training"])
    loader = [(torch.tensor(x, dtype=dt).reshape(-1, 3), 0) if i % 2 else torch.tensor(x, dtype=dt).reshape(-1, 3) for i, x in enumerate(case["inputs"])]
    swa_utils.update_bn(loader, model)
    return {"state": sd_out(model.state_dict()), "training": model.training, "momentum": model[1].momentum}


def main():
    cases = json.load(sys.stdin)
    kinds = {"optimizer": optimizer_case, "swalr": swalr_case, "averaged": averaged_case, "update_bn": update_bn_case}
    results = []
    for c in cases:
        try:
            results.append(kinds[c["kind"]](c))
        except Exception as e:  # reported per case
            results.append({"error": f"{type(e).__name__}: {e}"})
    json.dump(results, sys.stdout, allow_nan=True)


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore")
    main()
