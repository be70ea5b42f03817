using System.Text.Json;
using NotebookCourse.Kernels;

namespace NotebookCourse.Benchmarks;

/// <summary>
/// Runs the kernel workloads, interleaved with the same workloads in PyTorch when available, and prints
/// ours / theirs / ratio (ratio > 1: we are faster). Args: --quick, --only NAME[,NAME], --json PATH.
/// </summary>
static class BenchmarkApp
{
    /// <summary>One row of the table; LowerIsBetter for times and memory (the ratio is then theirs / ours).</summary>
    record Workload(string Name, string Unit, int Threads, string TorchName, Func<bool, double> Ours, bool LowerIsBetter = false);

    static List<Workload> All()
    {
        var list = new List<Workload>();
        foreach (int n in new[] { 256, 512, 1024, 2048 })
        {
            list.Add(new($"sgemm-{n}", "GFLOP/s", 2, $"sgemm-{n}", q => SgemmBench.Run(n, 2, q)));
            list.Add(new($"sgemm-{n}-1t", "GFLOP/s", 1, $"sgemm-{n}", q => SgemmBench.Run(n, 1, q)));
        }
        foreach (int t in new[] { 2, 1 })
        {
            string suffix = t == 1 ? "-1t" : "";
            list.Add(new("conv-1x28-32" + suffix, "img/s", t, "conv-1x28-32", q => ConvBench.Run(1, 28, 32, false, t, q)));
            list.Add(new("conv-32x14-64" + suffix, "img/s", t, "conv-32x14-64", q => ConvBench.Run(32, 14, 64, true, t, q)));
        }
        // Model-level workloads through the engine API (2 threads); the peak-memory row reads what lenet-epoch recorded.
        list.Add(new("mlp-epoch", "s/epoch", 2, "mlp-epoch", EpochBench.Mlp, LowerIsBetter: true));
        list.Add(new("lenet-epoch", "s/epoch", 2, "lenet-epoch", EpochBench.LeNet, LowerIsBetter: true));
        list.Add(new("lenet-epoch-peak-mem", "MiB", 2, "lenet-epoch-peak-mem",
            _ => EpochBench.LastLeNetPeakMiB, LowerIsBetter: true));
        // Peak minus the resident set when the epoch started: the epoch's own memory, without runtime and dataset.
        list.Add(new("lenet-epoch-peak-growth", "MiB", 2, "lenet-epoch-peak-growth",
            _ => EpochBench.LastLeNetGrowthMiB, LowerIsBetter: true));
        list.Add(new("op-overhead", "us/op", 2, "op-overhead", OpOverheadBench.Run, LowerIsBetter: true));
        // Character-level GPT (GptBench): training throughput and sampling with / without the KV cache.
        list.Add(new("gpt-train", "tok/s", 2, "gpt-train", GptBench.Train));
        list.Add(new("gpt-sample-nocache", "tok/s", 2, "gpt-sample-nocache", q => GptBench.Sample(false, q)));
        list.Add(new("gpt-sample-kv", "tok/s", 2, "gpt-sample-kv", q => GptBench.Sample(true, q)));
        // One-thread epochs: steadier than two threads on a loaded host, where an OpenMP pool that spins suffers most.
        list.Add(new("mlp-epoch-1t", "s/epoch", 1, "mlp-epoch", q => EpochBench.WithThreads(1, () => EpochBench.Mlp(q)), LowerIsBetter: true));
        list.Add(new("lenet-epoch-1t", "s/epoch", 1, "lenet-epoch", q => EpochBench.WithThreads(1, () => EpochBench.LeNet(q)), LowerIsBetter: true));
        list.Add(new("gpt-train-1t", "tok/s", 1, "gpt-train", q => EpochBench.WithThreads(1, () => GptBench.Train(q))));
        list.Add(new("gpt-sample-nocache-1t", "tok/s", 1, "gpt-sample-nocache", q => EpochBench.WithThreads(1, () => GptBench.Sample(false, q))));
        list.Add(new("gpt-sample-kv-1t", "tok/s", 1, "gpt-sample-kv", q => EpochBench.WithThreads(1, () => GptBench.Sample(true, q))));
        return list;
    }

    public static int Main(string[] args)
    {
        if (IsaLimit.Apply(args, Arg(args, "--isa")) is int rerun) return rerun;
        bool quick = args.Contains("--quick");
        Measure.CpuTime = args.Contains("--cpu-time");
        if (Arg(args, "--only") == "conv-parts") { ConvParts.Print(1); ConvParts.Print(2); return 0; }
        if (Arg(args, "--only") == "model-parts") { ModelParts.Print(); return 0; }
        if (Arg(args, "--only") == "gemm-small") { GemmSmallBench.Print(); return 0; }
        if (Arg(args, "--only") == "gpt-parts") { GptParts.Print(quick); return 0; }
        string? jsonPath = Arg(args, "--json");
        var only = Arg(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var workloads = All().Where(w => only == null || only.Any(o => w.Name == o || w.Name.StartsWith(o + "-1t") || w.Name.StartsWith(o + "-peak"))).ToList();
        bool onnx = only == null || only.Contains("onnx");
        if (workloads.Count == 0 && !onnx)
        {
            Console.Error.WriteLine($"bench: no workload matches --only {string.Join(",", only!)}; known: {string.Join(", ", All().Select(w => w.Name))}");
            return 2;
        }

        string? openBlas = TorchReference.FindOpenBlas();
        Console.WriteLine($"machine: {CpuName()}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, SGEMM kernel {Gemm.KernelName}");
        Console.WriteLine(NotebookCourse.Runtime.GcTuning.Describe());
        if (IsaLimit.Describe() is { } isaLine) Console.WriteLine(isaLine);
        if (openBlas == null)
            Console.WriteLine("note: no extracted OpenBLAS found (OPENBLAS_DIR or .cache/openblas); PyTorch uses its default BLAS");
        var results = new Dictionary<string, object>();
        Console.WriteLine($"{"workload",-24} {"threads",7} {"ours",10} {"torch",10} {"ratio",7}  unit");
        // One PyTorch worker alive at a time (an idle OpenMP pool still spins), so group workloads by threads.
        foreach (var group in workloads.GroupBy(w => w.Threads).OrderByDescending(g => g.Key))
        {
            using var reference = TorchReference.TryStart(group.Key, quick, openBlas);
            Console.WriteLine(reference == null
                ? "  (no PyTorch reference: /usr/bin/python3 cannot import torch)"
                : $"  reference: {reference.Description}");
            foreach (var w in group)
            {
                // Alternate ours and theirs for a few rounds so load changes on the shared host hit both alike.
                int rounds = quick ? 1 : 3;
                var ours = new List<double>(); var theirs = new List<double>();
                for (int r = 0; r < rounds; r++)
                {
                    ours.Add(w.Ours(quick));
                    if (reference?.Run(w.TorchName) is { } t) theirs.Add(t);
                }
                double o = Median(ours);
                double? th = theirs.Count > 0 ? Median(theirs) : null;
                double? ratio = th is > 0 && o > 0 ? (w.LowerIsBetter ? th / o : o / th) : null;
                Console.WriteLine($"{w.Name,-24} {w.Threads,7} {Fmt(o),10} {(th is { } x ? Fmt(x) : "-"),10} {(ratio is { } q ? q.ToString("F2") : "-"),7}  {w.Unit}");
                results[w.Name] = new { ours = o, torch = th, unit = w.Unit, ratio, threads = w.Threads };
            }
        }
        if (onnx) RunOnnx(quick, results);
        if (jsonPath != null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"wrote {jsonPath}");
        }
        return 0;
    }

    /// <summary>Engine vs ONNX Runtime on the exported LeNet (issue 8); ratio > 1 when the engine is faster.</summary>
    static void RunOnnx(bool quick, Dictionary<string, object> results)
    {
        Console.WriteLine($"{"engine vs ONNX Runtime",-24} {"threads",7} {"engine",10} {"ort",10} {"ratio",7}  unit");
        foreach (int threads in new[] { 2, 1 })
        {
            List<OnnxBench.Row> rows;
            try { rows = OnnxBench.Run(threads, quick); }
            catch (Exception e) when (e is Onnx.OnnxRuntimeException or DllNotFoundException or InvalidOperationException or FileNotFoundException)
            {
                Console.WriteLine($"  (ONNX Runtime rows skipped: {e.Message})");
                return;
            }
            foreach (var r in rows)
            {
                string name = threads == 1 ? r.Name + "-1t" : r.Name;
                double ratio = r.LowerIsBetter ? r.Ort / r.Engine : r.Engine / r.Ort;
                Console.WriteLine($"{name,-24} {threads,7} {Fmt(r.Engine),10} {Fmt(r.Ort),10} {ratio,7:F2}  {r.Unit}");
                results[name] = new { ours = r.Engine, ort = r.Ort, unit = r.Unit, ratio, threads };
            }
        }
    }

    static string Fmt(double v) => Math.Abs(v) < 10 ? v.ToString("F3") : v.ToString("F1");

    static double Median(List<double> v)
    {
        v.Sort();
        return v.Count % 2 == 1 ? v[v.Count / 2] : 0.5 * (v[v.Count / 2 - 1] + v[v.Count / 2]);
    }

    static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    static string CpuName()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name")) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        return "unknown CPU";
    }
}
