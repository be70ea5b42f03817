"""Writes engine_golden.json: forward values and input gradients from PyTorch for a few engine ops.

Run from this folder with Debian's python3-torch:  /usr/bin/python3 make_engine_golden.py
Each case: named inputs (values + shape), the op applied by the C# test under the same name, the output, and the
gradients of sum(output * weight) for a fixed weight tensor (so every output element matters).
"""
import json
import torch

torch.manual_seed(0)


def case(name, fn, *shapes, positive=False):
    xs = []
    for s in shapes:
        x = torch.randn(s, dtype=torch.float64)
        if positive:
            x = x.abs() + 0.5
        xs.append(x.requires_grad_())
    y = fn(*xs)
    w = torch.randn(tuple(y.shape), dtype=torch.float64)
    (y * w).sum().backward()
    return {
        "name": name,
        "inputs": [{"shape": list(x.shape), "values": x.detach().flatten().tolist()} for x in xs],
        "weight": w.flatten().tolist(),
        "output": {"shape": list(y.shape), "values": y.detach().flatten().tolist()},
        "grads": [x.grad.flatten().tolist() for x in xs],
    }


cases = [
    case("gelu", lambda x: torch.nn.functional.gelu(x), (3, 5)),
    case("gelu_tanh", lambda x: torch.nn.functional.gelu(x, approximate="tanh"), (3, 5)),
    case("silu", lambda x: torch.nn.functional.silu(x), (7,)),
    case("softmax_dim1", lambda x: torch.softmax(x, 1), (2, 4, 3)),
    case("log_softmax_last", lambda x: torch.log_softmax(x, -1), (3, 6)),
    case("logsumexp_dim1", lambda x: torch.logsumexp(x, 1), (4, 5)),
    case("var_dim0", lambda x: torch.var(x, 0), (5, 3)),
    case("std_all", lambda x: torch.std(x), (4, 3)),
    case("matmul_broadcast", lambda a, b: a @ b, (2, 1, 3, 4), (5, 4, 2)),
    case("div_broadcast", lambda a, b: a / b, (3, 1), (4,), positive=True),
    case("pow_tensor", lambda a, b: a ** b, (2, 3), (3,), positive=True),
    case("cumsum_dim0", lambda x: torch.cumsum(x, 0), (4, 3)),
]

with open("engine_golden.json", "w") as f:
    json.dump({"generator": "make_engine_golden.py", "torch": torch.__version__, "cases": cases}, f)
