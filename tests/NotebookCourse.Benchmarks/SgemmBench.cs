using NotebookCourse.Kernels;

namespace NotebookCourse.Benchmarks;

/// <summary>Square SGEMM C = A·B at size n, reported in GFLOP/s (2·n³ flops per call).</summary>
static class SgemmBench
{
    public static double Run(int n, int threads, bool quick)
    {
        var rng = new Random(1);
        var a = new float[n * n]; var b = new float[n * n]; var c = new float[n * n];
        for (int i = 0; i < a.Length; i++) { a[i] = (float)rng.NextDouble() - 0.5f; b[i] = (float)rng.NextDouble() - 0.5f; }
        int saved = Gemm.MaxThreads;
        Gemm.MaxThreads = threads;
        try
        {
            double s = Measure.MedianSeconds(() => Gemm.Sgemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n),
                quick ? 3 : 7, quick ? 0.05 : 0.2);
            return 2.0 * n * n * n / s / 1e9;
        }
        finally { Gemm.MaxThreads = saved; }
    }
}
