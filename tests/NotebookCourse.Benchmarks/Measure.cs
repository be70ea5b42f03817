using System.Diagnostics;

namespace NotebookCourse.Benchmarks;

/// <summary>Timing helper: warm up, then the median of repeated runs (robust to a noisy shared host).</summary>
static class Measure
{
    /// <summary>
    /// Diagnostic for loaded hosts (--cpu-time): measure process CPU time instead of wall time. Meaningful for
    /// one thread only (it hides time slicing by other processes, not cache contention).
    /// </summary>
    public static bool CpuTime;

    static double Now(Stopwatch sw) => CpuTime ? Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds : sw.Elapsed.TotalSeconds;

    /// <summary>Returns the median seconds of one call of <paramref name="body"/>, batching calls so each sample lasts at least minSeconds.</summary>
    public static double MedianSeconds(Action body, int samples, double minSeconds = 0.05)
    {
        // Warm up long enough for tiered JIT to promote hot methods (call-counting starts after ~100 ms).
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 0.3) body();
        var sw = Stopwatch.StartNew();
        int reps = 0;
        double t0 = Now(sw);
        do { body(); reps++; } while (Now(sw) - t0 < minSeconds);
        var times = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            double start = Now(sw);
            for (int r = 0; r < reps; r++) body();
            times[s] = (Now(sw) - start) / reps;
        }
        Array.Sort(times);
        return times[samples / 2];
    }
}
