namespace NotebookCourse.Kernels;

/// <summary>Splits a batch loop over at most <see cref="Gemm.MaxThreads"/> workers when the work is big enough.</summary>
internal static class KernelThreads
{
    /// <summary>Multiply-adds below which a second thread costs more than it saves.</summary>
    public const long MinParallelWork = 1L << 20;

    /// <summary>Worker count for <paramref name="items"/> independent items totalling <paramref name="work"/> multiply-adds.</summary>
    public static int Count(int items, long work)
        => work < MinParallelWork ? 1 : Math.Max(1, Math.Min(items, Math.Min(Gemm.MaxThreads, Environment.ProcessorCount)));

    /// <summary>Runs body(worker, lo, hi) over contiguous slices of [0, items); serial when workers is 1.</summary>
    public static void For(int items, int workers, Action<int, int, int> body)
    {
        if (workers <= 1) { body(0, 0, items); return; }
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, t =>
        {
            int lo = (int)((long)items * t / workers), hi = (int)((long)items * (t + 1) / workers);
            if (lo < hi) body(t, lo, hi);
        });
    }
}
