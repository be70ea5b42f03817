using NotebookCourse.Kernels;

namespace NotebookCourse.Benchmarks;

static class BenchmarkApp
{
    public static int Main(string[] args)
    {
        bool quick = args.Contains("--quick");
        Console.WriteLine($"kernel {Gemm.KernelName}, cores {Environment.ProcessorCount}");
        foreach (int n in new[] { 256, 512, 1024, 2048 })
            foreach (int t in new[] { 1, 2 })
                Console.WriteLine($"sgemm-{n} t={t}: {SgemmBench.Run(n, t, quick):F1} GFLOP/s");
        return 0;
    }
}
