#!/usr/bin/python3
"""PyTorch side of the course benchmark: a line-oriented worker driven by NotebookCourse.Benchmarks.

Reads one workload name per line on stdin (e.g. "sgemm-512", "conv-1x28-32"), answers one JSON line on stdout:
{"name": ..., "value": ..., "unit": ...}. The first line it prints describes torch, threads and the BLAS it loaded.
Threads come from OMP_NUM_THREADS; OpenBLAS is picked up through LD_LIBRARY_PATH set by the caller.
"""
import gzip
import json
import math
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


# ---- gpt: the same character-level model and policies as GptBench.cs / NotebookCourse.Models.Gpt ----
GPT_B, GPT_T, GPT_D, GPT_H, GPT_L, GPT_NEW = 32, 64, 128, 4, 4, 200
FORTUNES_DIR = "/usr/share/games/fortunes/es"
_GPT_DATA = None


def gpt_text():
    """Regular (non-link) files of FORTUNES_DIR except *.dat, in name order, as UTF-8; synthetic text when absent."""
    if os.path.isdir(FORTUNES_DIR):
        names = sorted(f for f in os.listdir(FORTUNES_DIR) if not f.endswith(".dat")
                       and os.path.isfile(os.path.join(FORTUNES_DIR, f)) and not os.path.islink(os.path.join(FORTUNES_DIR, f)))
        if names:
            return b"".join(open(os.path.join(FORTUNES_DIR, f), "rb").read() for f in names).decode("utf-8", errors="replace")
    words = ["el", "la", "de", "que", "y", "en", "un", "una", "no", "se", "por", "con", "para", "como", "más",
             "pero", "sus", "le", "ya", "todo", "esta", "vida", "tiempo", "hombre", "mujer", "día", "amor", "mundo", "verdad",
             "nada", "siempre", "nunca", "corazón", "sabio", "camino", "agua", "fuego", "noche", "sueño", "niño"]
    out, x = [], 12345
    for _ in range(150_000):  # same 31-bit LCG as GptBench.SyntheticText
        x = (x * 1103515245 + 12345) % 2147483648
        out.append(words[(x >> 8) % len(words)])
        out.append(".\n" if x & 0xF == 0 else ", " if x & 0xF == 1 else " ")
    return "".join(out)


def gpt_data():
    global _GPT_DATA
    if _GPT_DATA is None:
        text = gpt_text()
        chars = sorted(set(text))
        stoi = {c: i for i, c in enumerate(chars)}
        _GPT_DATA = (torch.tensor([stoi[c] for c in text], dtype=torch.long), len(chars), stoi)
    return _GPT_DATA


def gpt_model(vocab):
    """Pre-norm GPT written out by hand (torch 1.13 has no fused attention): wte + wpe, blocks of
    ln1 -> causal attention (qkv, proj) -> residual, ln2 -> fc -> GELU -> proj -> residual, ln_f, lm_head without bias.
    Init as ours: N(0, 0.02), residual projections N(0, 0.02/sqrt(2 L)), biases 0."""
    nn, F = torch.nn, torch.nn.functional

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln1, self.ln2 = nn.LayerNorm(GPT_D), nn.LayerNorm(GPT_D)
            self.qkv, self.proj = nn.Linear(GPT_D, 3 * GPT_D), nn.Linear(GPT_D, GPT_D)
            self.fc, self.fc_proj = nn.Linear(GPT_D, 4 * GPT_D), nn.Linear(4 * GPT_D, GPT_D)

        def attn(self, x, cache, pos):
            b, t, c = x.shape
            hd = c // GPT_H
            q, k, v = (z.view(b, t, GPT_H, hd).transpose(1, 2) for z in self.qkv(x).split(c, dim=2))
            if cache is not None:  # preallocated (B, h, ctx, hd) keys/values; write at pos..pos+t-1
                cache[0][:, :, pos:pos + t] = k
                cache[1][:, :, pos:pos + t] = v
                k, v = cache[0][:, :, :pos + t], cache[1][:, :, :pos + t]
            s = k.size(2)
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))
            if t > 1:  # query i sits at s - t + i and sees keys 0..s - t + i
                blocked = torch.ones(t, s, dtype=torch.bool).triu(s - t + 1)
                att = att.masked_fill(blocked, float("-inf"))
            y = torch.softmax(att, dim=-1) @ v
            return self.proj(y.transpose(1, 2).reshape(b, t, c))

        def forward(self, x, cache=None, pos=0):
            x = x + self.attn(self.ln1(x), cache, pos)
            return x + self.fc_proj(F.gelu(self.fc(self.ln2(x))))

    class Gpt(nn.Module):
        def __init__(self):
            super().__init__()
            self.wte, self.wpe = nn.Embedding(vocab, GPT_D), nn.Embedding(GPT_T, GPT_D)
            self.blocks = nn.ModuleList(Block() for _ in range(GPT_L))
            self.ln_f = nn.LayerNorm(GPT_D)
            self.lm_head = nn.Linear(GPT_D, vocab, bias=False)
            for name, p in self.named_parameters():
                if p.dim() == 1:
                    if name.endswith("bias"):
                        nn.init.zeros_(p)
                else:
                    residual = name.endswith("proj.weight") and "qkv" not in name
                    nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * GPT_L) if residual else 0.02)

        def forward(self, idx, caches=None, pos=0):
            x = self.wte(idx) + self.wpe(torch.arange(pos, pos + idx.shape[1]))
            for i, blk in enumerate(self.blocks):
                x = blk(x, None if caches is None else caches[i], pos)
            return self.lm_head(self.ln_f(x))

    torch.manual_seed(0)
    return Gpt()


def gpt_train():
    data, vocab, _ = gpt_data()
    model = gpt_model(vocab)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(0)

    def step():
        ix = torch.randint(len(data) - GPT_T - 1, (GPT_B,), generator=gen)
        x = torch.stack([data[i:i + GPT_T] for i in ix])
        y = torch.stack([data[i + 1:i + GPT_T + 1] for i in ix])
        loss = torch.nn.functional.cross_entropy(model(x).view(-1, vocab), y.view(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    t0, k = time.perf_counter(), 0
    while k < 5 or time.perf_counter() - t0 < WARM_UP_S:
        step()
        k += 1
    times = []
    for _ in range(3 if QUICK else 15):
        t1 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t1)
    return GPT_B * GPT_T / statistics.median(times), "tok/s"


def gpt_sample(kv):
    data, vocab, stoi = gpt_data()
    model = gpt_model(vocab).eval()
    prompt = torch.tensor([[stoi["\n"]]], dtype=torch.long)

    def new_cache():
        shape = (1, GPT_H, GPT_T, GPT_D // GPT_H)
        return [(torch.zeros(shape), torch.zeros(shape)) for _ in range(GPT_L)]

    @torch.no_grad()
    def generate(n, g):
        idx = prompt
        if not kv:
            for _ in range(n):
                logits = model(idx[:, -GPT_T:])[:, -1, :]
                idx = torch.cat([idx, torch.multinomial(torch.softmax(logits, -1), 1, generator=g)], dim=1)
            return idx
        caches, pos = new_cache(), idx.shape[1]
        logits = model(idx, caches, 0)[:, -1, :]
        for i in range(n):
            nxt = torch.multinomial(torch.softmax(logits, -1), 1, generator=g)
            idx = torch.cat([idx, nxt], dim=1)
            if i == n - 1:
                break
            if pos >= GPT_T:  # full: re-read the last half window at positions 0.. (as ours)
                keep = idx[:, -(GPT_T // 2):]
                caches = new_cache()
                logits = model(keep, caches, 0)[:, -1, :]
                pos = keep.shape[1]
            else:
                logits = model(nxt, caches, pos)[:, -1, :]
                pos += 1
        return idx

    t0, runs = time.perf_counter(), 0
    while runs < 2 or time.perf_counter() - t0 < 1.0:
        generate(20 + 180 * (runs & 1), torch.Generator().manual_seed(0))
        runs += 1
    times = []
    for _ in range(1 if QUICK else 3):
        t1 = time.perf_counter()
        generate(GPT_NEW, torch.Generator().manual_seed(0))
        times.append(time.perf_counter() - t1)
    return GPT_NEW / statistics.median(times), "tok/s"


WORKLOADS = {
    "conv-1x28-32": lambda: conv(1, 28, 32, False),
    "conv-32x14-64": lambda: conv(32, 14, 64, True),
    "mlp-epoch": mlp_epoch,
    "lenet-epoch": lenet_epoch,
    "lenet-epoch-peak-mem": lenet_peak_mem,
    "lenet-epoch-peak-growth": lenet_peak_growth,
    "op-overhead": op_overhead,
    "gpt-train": gpt_train,
    "gpt-sample-nocache": lambda: gpt_sample(False),
    "gpt-sample-kv": lambda: gpt_sample(True),
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
