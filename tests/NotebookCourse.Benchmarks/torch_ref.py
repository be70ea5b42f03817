#!/usr/bin/python3
"""PyTorch side of the course benchmark: a line-oriented worker driven by NotebookCourse.Benchmarks.

Reads one workload name per line on stdin (e.g. "sgemm-512", "conv-1x28-32"), answers one JSON line on stdout:
{"name": ..., "value": ..., "unit": ...}. The first line it prints describes torch, threads and the BLAS it loaded.
Threads come from OMP_NUM_THREADS; OpenBLAS is picked up through LD_LIBRARY_PATH set by the caller.
"""
import gzip
import json
import os
import resource
import struct
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


_FASHION = None


def fashion_train():
    """Training split as preloaded tensors, normalized like the course: (x/255 - 0.2860)/0.3530."""
    global _FASHION
    if _FASHION is None:
        root = "/usr/share/datasets/fashion-mnist"
        with gzip.open(os.path.join(root, "train-images-idx3-ubyte.gz")) as f:
            raw = f.read()
        n, h, w = struct.unpack(">III", raw[4:16])
        pixels = torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8).reshape(n, 1, h, w)
        with gzip.open(os.path.join(root, "train-labels-idx1-ubyte.gz")) as f:
            labels = torch.frombuffer(bytearray(f.read()[8:]), dtype=torch.uint8).long()
        _FASHION = ((pixels.float() / 255 - 0.2860) / 0.3530, labels)
    return _FASHION


WARM_UP_S = 2.0  # as EpochBench.WarmUpSeconds on our side
CHUNKS = 5  # as EpochBench.Chunks


def epoch_seconds(net, opt, batch, fraction):
    # Same loop as ours: batches in dataset order, WARM_UP_S of warm-up steps on the last batches, then `1/fraction` of
    # the epoch timed and scaled to the whole epoch.
    x, y = fashion_train()
    n = x.shape[0]
    batches = (n + batch - 1) // batch
    timed = max(1, batches // fraction)
    loss_fn = torch.nn.functional.cross_entropy

    def step(b):
        xb, yb = x[b * batch:(b + 1) * batch], y[b * batch:(b + 1) * batch]
        loss = loss_fn(net(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()

    t0 = time.perf_counter()
    k = 0
    while k < 5 or time.perf_counter() - t0 < WARM_UP_S:
        step(batches - 1 - k % 20)
        k += 1
    per_step = []
    for c in range(CHUNKS):  # median seconds per step over slices, as on our side
        lo, hi = timed * c // CHUNKS, timed * (c + 1) // CHUNKS
        t0 = time.perf_counter()
        for b in range(lo, hi):
            step(b)
        per_step.append((time.perf_counter() - t0) / max(1, hi - lo))
    return statistics.median(per_step) * batches


def mlp_epoch():
    torch.manual_seed(0)
    nn = torch.nn
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    return epoch_seconds(net, opt, 128, 8 if QUICK else 1), "s/epoch"


LAST_LENET_PEAK_MIB = None
LAST_LENET_GROWTH_MIB = None


def status_mib(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return None


def peak_rss_mib():
    return status_mib("VmHWM:") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def lenet_epoch():
    global LAST_LENET_PEAK_MIB, LAST_LENET_GROWTH_MIB
    torch.manual_seed(0)
    nn = torch.nn
    net = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    fashion_train()  # the dataset counts in both peaks, as on our side
    try:  # reset the peak (VmHWM) so it covers this epoch only; otherwise it is ru_maxrss of the whole process
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    before = status_mib("VmRSS:") or 0.0
    s = epoch_seconds(net, opt, 64, 10 if QUICK else 1)
    LAST_LENET_PEAK_MIB = peak_rss_mib()
    LAST_LENET_GROWTH_MIB = LAST_LENET_PEAK_MIB - before
    return s, "s/epoch"


def lenet_peak_mem():
    if LAST_LENET_PEAK_MIB is None:
        raise RuntimeError("lenet-epoch-peak-mem needs lenet-epoch to run first")
    return LAST_LENET_PEAK_MIB, "MiB"


def lenet_peak_growth():
    if LAST_LENET_GROWTH_MIB is None:
        raise RuntimeError("lenet-epoch-peak-growth needs lenet-epoch to run first")
    return LAST_LENET_GROWTH_MIB, "MiB"


def op_overhead():
    a = torch.tensor([1.0, 2, 3, 4], requires_grad=True)
    b = torch.tensor([0.5, -1, 2, 0], requires_grad=True)
    inner = 1000

    def body():
        for _ in range(inner):
            torch.add(a, b)

    return median_seconds(body, 3 if QUICK else 9, 0.05 if QUICK else 0.2) / inner * 1e6, "us/op"


WORKLOADS = {
    "conv-1x28-32": lambda: conv(1, 28, 32, False),
    "conv-32x14-64": lambda: conv(32, 14, 64, True),
    "mlp-epoch": mlp_epoch,
    "lenet-epoch": lenet_epoch,
    "lenet-epoch-peak-mem": lenet_peak_mem,
    "lenet-epoch-peak-growth": lenet_peak_growth,
    "op-overhead": op_overhead,
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
