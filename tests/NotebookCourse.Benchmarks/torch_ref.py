#!/usr/bin/python3
"""PyTorch side of the course benchmark: a line-oriented worker driven by NotebookCourse.Benchmarks.

Reads one workload name per line on stdin (e.g. "sgemm-512", "conv-1x28-32"), answers one JSON line on stdout:
{"name": ..., "value": ..., "unit": ...}. The first line it prints describes torch, threads and the BLAS it loaded.
Threads come from OMP_NUM_THREADS; OpenBLAS is picked up through LD_LIBRARY_PATH set by the caller.
"""
import json
import os
import statistics
import sys
import time

import torch

QUICK = "--quick" in sys.argv
# --cpu-time: process CPU time instead of wall time (diagnostic on a loaded host; meaningful for 1 thread only).
CLOCK = time.process_time if "--cpu-time" in sys.argv else time.perf_counter


def median_seconds(fn, samples, min_sample_s):
    fn()
    fn()
    t0 = CLOCK()
    reps = 0
    while CLOCK() - t0 < min_sample_s:
        fn()
        reps += 1
    times = []
    for _ in range(samples):
        t0 = CLOCK()
        for _ in range(reps):
            fn()
        times.append((CLOCK() - t0) / reps)
    return statistics.median(times)


def sgemm(n):
    g = torch.Generator().manual_seed(1)
    a = torch.rand(n, n, generator=g) - 0.5
    b = torch.rand(n, n, generator=g) - 0.5
    c = torch.empty(n, n)
    s = median_seconds(lambda: torch.mm(a, b, out=c), 3 if QUICK else 7, 0.05 if QUICK else 0.2)
    return 2.0 * n ** 3 / s / 1e9, "GFLOP/s"


def conv(cin, hw, cout, need_dx):
    # Same workload as ours: batch 64, 3x3, padding 1, forward + weight/bias gradients (+ input gradient).
    torch.manual_seed(0)
    layer = torch.nn.Conv2d(cin, cout, 3, padding=1)
    x = torch.randn(64, cin, hw, hw, requires_grad=need_dx)
    gy = torch.randn(64, cout, hw, hw)

    def step():
        layer.weight.grad = None
        layer.bias.grad = None
        x.grad = None
        layer(x).backward(gy)

    s = median_seconds(step, 3 if QUICK else 9, 0.05 if QUICK else 0.2)
    return 64 / s, "img/s"


WORKLOADS = {
    "conv-1x28-32": lambda: conv(1, 28, 32, False),
    "conv-32x14-64": lambda: conv(32, 14, 64, True),
}


def loaded_blas():
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if ".so" in line}
    names = sorted(os.path.basename(p) for p in libs if "blas" in p.lower())
    return ",".join(names) or "unknown"


def main():
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))  # loads the BLAS so /proc/self/maps shows it
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": loaded_blas()}), flush=True)
    for line in sys.stdin:
        name = line.strip()
        if not name:
            continue
        try:
            if name.startswith("sgemm-"):
                value, unit = sgemm(int(name.split("-")[1]))
            else:
                value, unit = WORKLOADS[name]()
            print(json.dumps({"name": name, "value": value, "unit": unit}), flush=True)
        except Exception as e:  # report, keep serving
            print(json.dumps({"name": name, "error": repr(e)}), flush=True)


if __name__ == "__main__":
    main()
