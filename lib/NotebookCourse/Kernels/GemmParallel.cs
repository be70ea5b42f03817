namespace NotebookCourse.Kernels;

/// <summary>Splits one blocked SGEMM over threads by giving each worker its own slab of C.</summary>
internal static class GemmParallel
{
    public static void Run(GemmBlocked.Job job, int m, int n, int threads)
    {
        // Split the dimension whose slabs stay largest; each worker packs its own operands, which duplicates the
        // packing of the other operand — cheap next to the O(m·n·k) multiply.
        bool splitN = n >= m;
        int extent = splitN ? n : m;
        int unit = splitN ? GemmBlocked.NR : GemmBlocked.MR;
        int units = (extent + unit - 1) / unit;
        threads = Math.Min(threads, units);
        if (threads <= 1) { GemmBlocked.Run(job, 0, m, 0, n); return; }

        KernelThreads.Run(threads, t =>
        {
            int lo = (int)Math.Min((long)units * t / threads * unit, extent);
            int hi = (int)Math.Min((long)units * (t + 1) / threads * unit, extent);
            if (lo >= hi) return;
            if (splitN) GemmBlocked.Run(job, 0, m, lo, hi);
            else GemmBlocked.Run(job, lo, hi, 0, n);
        });
    }
}
