using NotebookCourse.Kernels;

namespace NotebookCourse.Benchmarks;

/// <summary>Diagnostic (`--only gemm-small`): direct loop vs packed kernel on small square sizes, one thread.</summary>
static unsafe class GemmSmallBench
{
    public static void Print()
    {
        foreach (var (m, n, k, tb) in new[] { (1, 384, 128, true), (1, 384, 128, false), (2, 384, 128, true), (4, 384, 128, true), (4, 384, 128, false), (8, 384, 128, true), (1, 65, 1000, true) })
        {
            var a = new float[m * k]; var b = new float[n * k]; var c = new float[m * n];
            Array.Fill(a, 0.5f); Array.Fill(b, 0.25f);
            int ldb = tb ? k : n;
            double flops = 2.0 * m * n * k;
            double direct = flops / Measure.MedianSeconds(() => GemmDirect.Run(false, tb, m, n, k, 1f, a, k, b, ldb, 0f, c, n), 5) / 1e9;
            double blocked = flops / Measure.MedianSeconds(() =>
            {
                fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
                    GemmBlocked.Run(new GemmBlocked.Job(false, tb, k, 1f, pa, k, pb, ldb, pc, n, true), 0, m, 0, n);
            }, 5) / 1e9;
            Console.WriteLine($"m={m} n={n} k={k} transB={tb}: direct {direct,7:F1}  packed {blocked,7:F1} GFLOP/s");
        }
        foreach (int n in new[] { 8, 16, 24, 32, 40, 48, 64, 96, 128 })
        {
            var a = new float[n * n]; var b = new float[n * n]; var c = new float[n * n];
            for (int i = 0; i < a.Length; i++) { a[i] = i % 7; b[i] = i % 5; }
            double flops = 2.0 * n * n * n;
            double direct = flops / Measure.MedianSeconds(() => GemmDirect.Run(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n), 5) / 1e9;
            double blocked = flops / Measure.MedianSeconds(() =>
            {
                fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
                    GemmBlocked.Run(new GemmBlocked.Job(false, false, n, 1f, pa, n, pb, n, pc, n, true), 0, n, 0, n);
            }, 5) / 1e9;
            Console.WriteLine($"n={n,4}: direct {direct,7:F1}  packed {blocked,7:F1} GFLOP/s");
        }
    }
}
