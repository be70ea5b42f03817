namespace NotebookCourse.Kernels;

/// <summary>Splits a batch loop over at most <see cref="Gemm.MaxThreads"/> workers when the work is big enough.</summary>
internal static class KernelThreads
{
    /// <summary>Multiply-adds below which a second thread costs more than it saves.</summary>
    public const long MinParallelWork = 1L << 20;

    /// <summary>Worker count for <paramref name="items"/> independent items totalling <paramref name="work"/> multiply-adds.</summary>
    public static int Count(int items, long work)
        => work < MinParallelWork ? 1 : Math.Max(1, Math.Min(items, Math.Min(Gemm.MaxThreads, Environment.ProcessorCount)));

    /// <summary>
    /// Runs body(worker, lo, hi) once per worker over contiguous slices of [0, items); worker 0 is the calling thread.
    /// Serial when workers is 1.
    /// </summary>
    public static void For(int items, int workers, Action<int, int, int> body)
    {
        if (workers <= 1) { body(0, 0, items); return; }
        Run(workers, t =>
        {
            int lo = (int)((long)items * t / workers), hi = (int)((long)items * (t + 1) / workers);
            if (lo < hi) body(t, lo, hi);
        });
    }

    /// <summary>Elements per worker below which an elementwise loop stays on one thread (a parallel region costs ~5 µs;
    /// 64 Ki floats take ~20–40 µs in a memory-bound op).</summary>
    public const int MinElementsPerWorker = 1 << 16;

    /// <summary>Worker count for <paramref name="items"/> independent items touching <paramref name="elements"/> floats
    /// in a memory-bound loop: at least <see cref="MinElementsPerWorker"/> each (0 or 1 means serial).</summary>
    public static int CountForElements(int items, long elements)
        => (int)Math.Min(Math.Min(items, Math.Min(Gemm.MaxThreads, Environment.ProcessorCount)), elements / MinElementsPerWorker);

    /// <summary>
    /// Runs body(lo, hi) over [0, n) split between workers for elementwise loops. Boundaries fall on multiples of 64
    /// elements, so vector loops see the same elements in their bodies and tails at any thread count (bitwise equal
    /// results).
    /// </summary>
    public static void ForElements(int n, Action<int, int> body)
    {
        int workers = CountForElements(n, n);
        if (workers <= 1) { body(0, n); return; }
        Run(workers, t =>
        {
            int lo = t == 0 ? 0 : (int)((long)n * t / workers) & ~63;
            int hi = t == workers - 1 ? n : (int)((long)n * (t + 1) / workers) & ~63;
            if (lo < hi) body(lo, hi);
        });
    }

    /// <summary>
    /// Runs body(0) … body(workers − 1) in parallel: on the spinning <see cref="WorkerTeam"/>, or on the thread pool
    /// when the team is already running a job (another thread's kernel, or a kernel called inside a job).
    /// </summary>
    public static void Run(int workers, Action<int> body)
    {
        if (workers <= 1) { body(0); return; }
        if (WorkerTeam.TryRun(workers, body)) return;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, body);
    }
}
