using NotebookCourse.Kernels;

namespace NotebookCourse.Tests.Kernels;

/// <summary>The conv bias gradient split over channels: same bits at 1 and 2 threads, and the double-precision sums.</summary>
[Collection("gemm thread count")]
public class ConvBiasGradThreadsTests
{
    [Fact]
    public void Bias_gradient_is_thread_count_independent_and_matches_a_double_reference()
    {
        var g = Conv2dGeometry.Create(17, 3, 29, 31, 37, 3, 3, padH: 1, padW: 1);   // 37 channels × 17 images × 899 pixels
        var rng = new Random(3);
        var dy = new float[g.OutputSize];
        for (int i = 0; i < dy.Length; i++) dy[i] = (float)rng.NextDouble() - 0.5f;
        float[] Db(int threads)
        {
            int saved = Gemm.MaxThreads;
            Gemm.MaxThreads = threads;
            try { var db = new float[g.K]; for (int k = 0; k < g.K; k++) db[k] = 0.25f; Conv2d.BackwardBias(g, dy, db, accumulate: true); return db; }
            finally { Gemm.MaxThreads = saved; }
        }
        var one = Db(1);
        Assert.Equal(one, Db(2));
        for (int k = 0; k < g.K; k++)
        {
            double sum = 0.25;
            for (int n = 0; n < g.N; n++)
                for (int p = 0; p < g.P; p++) sum += dy[((long)n * g.K + k) * g.P + p];
            Assert.InRange(one[k], sum - 1e-3, sum + 1e-3);
        }
    }
}
