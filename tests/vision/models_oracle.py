"""torchvision.models as the oracle of tests/vision/models_test.ts.

argv[1]: an output folder. stdin: JSON list of {"name": torchvision factory, "kwargs": {...}, "input": shape or null,
"expr": optional Python expression over torchvision.models that builds the model instead of the factory}.
For each model: its state-dict keys and shapes (built on the meta device when "input" is null, so nothing is
allocated); with an input, the model is built for real with seeded weights and randomized batch-norm statistics,
and <name>.safetensors (the state dict) and <name>.io.safetensors ("input", "output" in eval mode) are written.
stdout: JSON list of [[key, shape], ...] per model. torchvision's CUDA build is imported as tv_oracle.py does.
"""
import json
import os
import sys

import torch
from safetensors.torch import save_file

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import torchvision_cpu  # noqa: E402,F401 - torchvision's CUDA build beside the CPU torch
import torchvision.models as models  # noqa: E402

out_dir = sys.argv[1]
torch.set_num_threads(1)
result = []
for case in json.load(sys.stdin):
    expr = case.get("expr")
    build = (lambda **_: eval(expr, {"models": models})) if expr else getattr(models, case["name"])  # noqa: S307
    if case["input"] is None:
        with torch.device("meta"):
            m = build(**case["kwargs"])
        result.append([[k, list(v.shape)] for k, v in m.state_dict().items()])
        continue
    torch.manual_seed(0)
    m = build(**case["kwargs"])
    with torch.no_grad():
        for mod in m.modules():
            if isinstance(mod, torch.nn.BatchNorm2d):
                # eval mode reads these: make them matter
                mod.running_mean.uniform_(-0.5, 0.5)
                mod.running_var.uniform_(0.5, 1.5)
                mod.weight.uniform_(0.5, 1.5)
                mod.bias.uniform_(-0.2, 0.2)
    m.eval()
    x = torch.randn(*case["input"])
    with torch.no_grad():
        y = m(x)
    sd = {k: v.contiguous() for k, v in m.state_dict().items()}
    save_file(sd, os.path.join(out_dir, case["name"] + ".safetensors"))
    save_file({"input": x, "output": y}, os.path.join(out_dir, case["name"] + ".io.safetensors"))
    result.append([[k, list(v.shape)] for k, v in sd.items()])
json.dump(result, sys.stdout)
