using System.Diagnostics;
using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using F = NotebookCourse.torch.nn.functional;
using static NotebookCourse.torch;

namespace NotebookCourse.Benchmarks;

/// <summary>
/// One Fashion-MNIST training epoch written as a course notebook would (nn modules, F.cross_entropy, optim.SGD),
/// in seconds. Batches are in dataset order (no shuffling, same as the PyTorch side); --quick times a fraction of
/// the epoch and scales it to the full epoch.
/// </summary>
static class EpochBench
{
    /// <summary>Peak resident memory (MiB) of the last LeNet epoch: VmHWM after resetting it just before the epoch.</summary>
    public static double LastLeNetPeakMiB;

    /// <summary>Peak of the last LeNet epoch minus the resident set when it started (MiB).</summary>
    public static double LastLeNetGrowthMiB;

    /// <summary>Seconds per epoch of the 784-256-256-10 MLP, batch 128, SGD lr 0.1.</summary>
    public static double Mlp(bool quick)
    {
        manual_seed(0);
        var net = MlpModel();
        var opt = optim.SGD(net.parameters(), lr: 0.1);
        return Epoch(net, opt, 128, quick ? 8 : 1, "mlp-epoch");
    }

    /// <summary>The 784-256-256-10 MLP of the mlp workloads (the caller seeds the generator).</summary>
    public static Sequential MlpModel() =>
        nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10));

    /// <summary>The LeNet-5 layout of the lenet and onnx workloads (the caller seeds the generator).</summary>
    public static Sequential LeNetModel() => nn.Sequential(
        nn.Conv2d(1, 6, kernelSize: 5, padding: 2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, kernelSize: 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10));

    /// <summary>Seconds per epoch of LeNet-5, batch 64, SGD momentum 0.9 lr 0.01; also records the peak memory.</summary>
    public static double LeNet(bool quick)
    {
        manual_seed(0);
        var net = LeNetModel();
        var opt = optim.SGD(net.parameters(), lr: 0.01, momentum: 0.9);
        // Where the peak cannot be reset it is the whole process's (then an overestimate of the epoch's).
        FashionData.Train();
        PeakMemory.Reset();
        double before = PeakMemory.ResidentMiB();
        double s = Epoch(net, opt, 64, quick ? 10 : 1, "lenet-epoch");
        LastLeNetPeakMiB = PeakMemory.PeakMiB();
        LastLeNetGrowthMiB = LastLeNetPeakMiB - before;
        return s;
    }

    /// <summary>Runs <paramref name="body"/> with the kernels limited to <paramref name="threads"/> threads.</summary>
    public static T WithThreads<T>(int threads, Func<T> body)
    {
        int saved = Kernels.Gemm.MaxThreads;
        Kernels.Gemm.MaxThreads = threads;
        try { return body(); }
        finally { Kernels.Gemm.MaxThreads = saved; }
    }

    /// <summary>Seconds of training steps before timing starts (the PyTorch side warms up as long).</summary>
    public const double WarmUpSeconds = 2.0;

    /// <summary>Slices of the timed steps (odd, for a plain median).</summary>
    const int Chunks = 5;

    static double Epoch(Module net, Optim.Optimizer opt, int batch, int fraction, string name)
    {
        var (x, y) = FashionData.Train();
        int n = (int)x.shape[0];
        int batches = (n + batch - 1) / batch;
        int timed = Math.Max(1, batches / fraction);
        void Step(int b)
        {
            int start = b * batch, len = Math.Min(batch, n - start);
            var loss = F.cross_entropy(net.call(x.narrow(0, start, len)), y.narrow(0, start, len));
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
        // Warm-up on the last batches (which the timed part does not reach in --quick): long enough for tiered JIT
        // to promote the hot paths to optimized code, which takes a while on a loaded host.
        var warm = Stopwatch.StartNew();
        // At least 40 steps: tier-1 promotion needs 30 calls of each hot method, then a background compile.
        for (int k = 0; k < 40 || warm.Elapsed.TotalSeconds < WarmUpSeconds; k++) Step(batches - 1 - k % 20);
        int gc0 = GC.CollectionCount(0), gc2 = GC.CollectionCount(2);
        var pause0 = GC.GetTotalPauseDuration();
        long alloc0 = GC.GetTotalAllocatedBytes();
        // Timed in Chunks slices; the median seconds per step of a slice, times the batch count, is the epoch
        // estimate: a load spike from another process then costs one slice, not the whole measurement.
        var perStep = new double[Chunks];
        var sw = Stopwatch.StartNew();
        for (int c = 0; c < Chunks; c++)
        {
            int lo = timed * c / Chunks, hi = timed * (c + 1) / Chunks;
            double t0 = sw.Elapsed.TotalSeconds;
            for (int b = lo; b < hi; b++) Step(b);
            perStep[c] = (sw.Elapsed.TotalSeconds - t0) / Math.Max(1, hi - lo);
        }
        double s = sw.Elapsed.TotalSeconds;
        Array.Sort(perStep);
        double pause = (GC.GetTotalPauseDuration() - pause0).TotalSeconds;
        Console.Error.WriteLine($"  [{name}] {timed}/{batches} batches in {s:F2} s; GC: {GC.CollectionCount(0) - gc0} gen0, {GC.CollectionCount(2) - gc2} gen2, " +
                                $"pause {100 * pause / s:F1} % of time, {(GC.GetTotalAllocatedBytes() - alloc0) / (1024.0 * 1024 * timed):F2} MiB allocated per step, " +
                                $"GC heap {GC.GetGCMemoryInfo().HeapSizeBytes / (1024.0 * 1024):F0} MiB / committed {GC.GetGCMemoryInfo().TotalCommittedBytes / (1024.0 * 1024):F0} MiB at the last GC");
        return perStep[Chunks / 2] * batches;
    }
}

/// <summary>Process peak resident set (Linux VmHWM), resettable through /proc/self/clear_refs so one workload's peak can be isolated.</summary>
static class PeakMemory
{
    /// <summary>Resets the peak to the current resident set; false where the kernel does not allow it.</summary>
    public static bool Reset()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>VmHWM in MiB, or the .NET peak working set when /proc is unavailable.</summary>
    public static double PeakMiB() => Status("VmHWM:") ?? Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);

    /// <summary>Current resident set (VmRSS) in MiB.</summary>
    public static double ResidentMiB() => Status("VmRSS:") ?? Process.GetCurrentProcess().WorkingSet64 / (1024.0 * 1024);

    static double? Status(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(key)) return long.Parse(line[key.Length..].Trim().Split(' ')[0]) / 1024.0;
        }
        catch (IOException) { }
        return null;
    }
}
