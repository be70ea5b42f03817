using NotebookCourse.Kernels;
using Xunit;

namespace NotebookCourse.Tests.Kernels;

public class GemmTests
{
    static readonly int[] Sizes = [1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 64, 65, 100, 129];

    /// <summary>Naive double-precision reference of C = alpha·op(A)·op(B) + beta·C.</summary>
    static double[] Reference(bool ta, bool tb, int m, int n, int k, float alpha, float[] a, int lda, float[] b,
        int ldb, float beta, float[] c, int ldc)
    {
        var r = new double[c.Length];
        for (int i = 0; i < c.Length; i++) r[i] = c[i];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += (double)(ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                r[i * ldc + j] = alpha * s + (beta == 0f ? 0.0 : beta * (double)c[i * ldc + j]);
            }
        return r;
    }

    internal static float[] Random(Random rng, int len)
    {
        var x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    static void Check(bool ta, bool tb, int m, int n, int k, float alpha, float beta, int pad, int seed)
    {
        var rng = new Random(seed);
        int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
        var a = Random(rng, (ta ? k : m) * lda);
        var b = Random(rng, (tb ? n : k) * ldb);
        var c = Random(rng, m * ldc);
        var expected = Reference(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        Gemm.Sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        // float32 accumulation error grows ~ sqrt(k)·eps per entry with entries in [-1, 1]; 4·k·eps is a safe bound
        // that still catches any wrong element (errors there are O(1)).
        double tol = 4e-7 * (k + 4) * Math.Max(1f, Math.Abs(alpha)) + 1e-6;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double e = expected[i * ldc + j], g = c[i * ldc + j];
                if (Math.Abs(e - g) > tol)
                    Assert.Fail($"ta={ta} tb={tb} m={m} n={n} k={k} alpha={alpha} beta={beta}: C[{i},{j}]={g}, expected {e}");
            }
            // Padding columns beyond n must be untouched.
            for (int j = n; j < ldc; j++) Assert.Equal((float)expected[i * ldc + j], c[i * ldc + j]);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void MatchesDoubleReferenceOnOddSizes(bool ta, bool tb)
    {
        int seed = 0;
        // Sparse cross of the size set: every size appears in every position, with varied partners.
        for (int x = 0; x < Sizes.Length; x++)
            for (int y = 0; y < Sizes.Length; y += 3)
            {
                int m = Sizes[x], n = Sizes[(x + y) % Sizes.Length], k = Sizes[(2 * x + y + 1) % Sizes.Length];
                Check(ta, tb, m, n, k, 1f, 0f, 0, seed++);
                Check(ta, tb, k, m, n, -0.75f, 0.5f, 3, seed++);
            }
    }

    [Theory]
    [InlineData(false, false, 300, 257, 520)]
    [InlineData(true, true, 161, 333, 290)]
    [InlineData(false, true, 97, 4200, 9)]
    [InlineData(true, false, 530, 40, 300)]
    public void LargeBlockedAndParallelPathsMatch(bool ta, bool tb, int m, int n, int k)
    {
        Check(ta, tb, m, n, k, 1.5f, 1f, 5, m + n + k);
    }

    [Theory]
    [InlineData(64, 64, 64)]
    [InlineData(70, 45, 600)] // several k-blocks: only the first may overwrite C
    [InlineData(5, 5, 5)] // direct path
    public void BetaZeroOverwritesNaNInOutput(int m, int n, int k)
    {
        var a = new float[m * k]; var b = new float[k * n];
        Array.Fill(a, 1f); Array.Fill(b, 0.5f);
        var c = new float[m * n]; Array.Fill(c, float.NaN);
        Gemm.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
        Assert.All(c, v => Assert.Equal(0.5f * k, v));
    }

    [Fact]
    public void KZeroScalesC()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Gemm.Sgemm(false, false, 2, 2, 0, 1f, [], 1, [], 2, 2f, c, 2);
        Assert.Equal([2f, 4, 6, 8], c);
    }

    [Fact]
    public void ShortBufferNamesTheOperand()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Sgemm(false, false, 4, 4, 4, 1f, new float[15], 4, new float[16], 4, 0f, new float[16], 4));
        Assert.Contains("A is 4×4", ex.Message);
    }
}

/// <summary>
/// Runs alone: it changes the process-wide <see cref="Gemm.MaxThreads"/>, and while it does, parallel kernels in other
/// tests split their work differently and sum in another order (a bitwise-determinism test failed that way).
/// </summary>
[CollectionDefinition("gemm thread count", DisableParallelization = true)]
public class GemmThreadCountCollection { }

[Collection("gemm thread count")]
public class GemmThreadCountTests
{
    [Fact]
    public void SerialAndParallelGiveTheSameResult()
    {
        var rng = new Random(7);
        int m = 200, n = 190, k = 300;
        var a = GemmTests.Random(rng, m * k); var b = GemmTests.Random(rng, k * n);
        var c1 = new float[m * n]; var c2 = new float[m * n];
        int saved = Gemm.MaxThreads;
        try
        {
            Gemm.MaxThreads = 1;
            Gemm.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c1, n);
            Gemm.MaxThreads = 2;
            Gemm.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c2, n);
        }
        finally { Gemm.MaxThreads = saved; }
        // Every element is computed by the same kernel in the same order, so results are bit-identical.
        Assert.Equal(c1, c2);
    }
}
