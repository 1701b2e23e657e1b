"""Makes torchvision's CUDA build (the local wheel store's) importable beside the CPU torch: its compiled ops fail
to register there, so torch.library.register_fake is wrapped to skip them (datasets, transforms and models are plain
Python). The oracles and bench scripts import this module before torchvision."""

import torch

_register_fake = torch.library.register_fake


def _tolerant_register_fake(*args, **kwargs):
    try:
        dec = _register_fake(*args, **kwargs)
    except Exception:  # noqa: BLE001 - the CUDA build's ops are absent
        return lambda f: f

    def wrap(f):
        try:
            return dec(f)
        except Exception:  # noqa: BLE001
            return f

    return wrap


torch.library.register_fake = _tolerant_register_fake
