using System.Diagnostics;
using System.Text.Json;

namespace NotebookCourse.Benchmarks;

/// <summary>
/// A long-lived PyTorch worker (torch_ref.py) for one thread count, fed one workload name at a time so that ours
/// and theirs run interleaved in the same invocation. Null when /usr/bin/python3 cannot import torch.
/// </summary>
sealed class TorchReference : IDisposable
{
    readonly Process process;
    public string Description { get; }

    TorchReference(Process process, string description) { this.process = process; Description = description; }

    public static TorchReference? TryStart(int threads, bool quick, string? openBlasDir)
    {
        const string python = "/usr/bin/python3";
        string script = Path.Combine(AppContext.BaseDirectory, "torch_ref.py");
        if (!File.Exists(python) || !File.Exists(script)) return null;
        var psi = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        if (quick) psi.ArgumentList.Add("--quick");
        if (Measure.CpuTime) psi.ArgumentList.Add("--cpu-time");
        psi.Environment["OMP_NUM_THREADS"] = threads.ToString();
        psi.Environment.Remove("PYTHONPATH");
        // Fixed malloc thresholds keep PyTorch from re-faulting its large buffers on every call.
        psi.Environment["GLIBC_TUNABLES"] = "glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=1073741824";
        if (openBlasDir != null)
            psi.Environment["LD_LIBRARY_PATH"] = openBlasDir + (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") is { Length: > 0 } l ? ":" + l : "");
        try
        {
            var p = Process.Start(psi)!;
            p.ErrorDataReceived += (_, _) => { };
            p.BeginErrorReadLine();
            string? hello = p.StandardOutput.ReadLine();
            if (hello == null) { p.WaitForExit(); return null; }
            using var doc = JsonDocument.Parse(hello);
            var r = doc.RootElement;
            return new TorchReference(p, $"PyTorch {r.GetProperty("torch").GetString()}, {r.GetProperty("threads").GetInt32()} thread(s), BLAS {r.GetProperty("blas").GetString()}");
        }
        catch (Exception) { return null; }
    }

    /// <summary>Runs one workload in the worker; null if it failed there.</summary>
    public double? Run(string name)
    {
        process.StandardInput.WriteLine(name);
        process.StandardInput.Flush();
        string? line = process.StandardOutput.ReadLine();
        if (line == null) return null;
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.TryGetProperty("value", out var v) ? v.GetDouble() : null;
    }

    /// <summary>Finds an extracted libopenblas0-openmp (OPENBLAS_DIR, the repo's .cache, or the shared reference dir).</summary>
    public static string? FindOpenBlas()
    {
        const string sub = "usr/lib/x86_64-linux-gnu/openblas-openmp";
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("OPENBLAS_DIR") is { Length: > 0 } env) candidates.Add(env);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            candidates.Add(Path.Combine(dir.FullName, ".cache/openblas", sub));
        candidates.Add(Path.Combine("/tmp/torch-reference/openblas", sub));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "libblas.so.3")));
    }

    public void Dispose()
    {
        try { process.StandardInput.Close(); if (!process.WaitForExit(5000)) process.Kill(); } catch (InvalidOperationException) { }
        process.Dispose();
    }
}
