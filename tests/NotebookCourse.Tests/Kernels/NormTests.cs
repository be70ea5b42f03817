using NotebookCourse.Kernels;
using static NotebookCourse.Tests.Kernels.KernelTestUtil;

namespace NotebookCourse.Tests.Kernels;

public class NormTests
{
    const double Eps = 1e-5;

    /// <summary>
    /// Double-precision normalization of x (N, C, S) where block(n, c) names the statistics group of each channel
    /// and affine(c) its gamma/beta index; covers batch, layer and group norm.
    /// </summary>
    static double[] Normalize(double[] x, int n, int c, int s, Func<int, int, int> block, int blocks,
        double[]? gamma, double[]? beta, int[] affineIndex)
    {
        var sum = new double[blocks]; var cnt = new double[blocks]; var sq = new double[blocks];
        for (int b = 0; b < n; b++) for (int ch = 0; ch < c; ch++) for (int p = 0; p < s; p++)
        { int k = block(b, ch); sum[k] += x[(b * c + ch) * s + p]; cnt[k]++; }
        for (int b = 0; b < n; b++) for (int ch = 0; ch < c; ch++) for (int p = 0; p < s; p++)
        { int k = block(b, ch); double d = x[(b * c + ch) * s + p] - sum[k] / cnt[k]; sq[k] += d * d; }
        var y = new double[x.Length];
        for (int b = 0; b < n; b++) for (int ch = 0; ch < c; ch++) for (int p = 0; p < s; p++)
        {
            int k = block(b, ch), i = (b * c + ch) * s + p, a = affineIndex[i];
            double xhat = (x[i] - sum[k] / cnt[k]) / Math.Sqrt(sq[k] / cnt[k] + Eps);
            y[i] = xhat * (gamma?[a] ?? 1) + (beta?[a] ?? 0);
        }
        return y;
    }

    static double[] D(float[] v) => Array.ConvertAll(v, f => (double)f);

    /// <summary>Central differences of L = Σ f(x, γ, β)·dy with respect to every input of every buffer.</summary>
    static double[] Grad(Func<double[], double[], double[], double[]> f, double[] x, double[] g, double[] b, float[] dy,
        int which)
    {
        var target = which == 0 ? x : which == 1 ? g : b;
        var r = new double[target.Length];
        for (int i = 0; i < target.Length; i++)
        {
            double keep = target[i], h = 1e-5;
            target[i] = keep + h; var yp = f(x, g, b);
            target[i] = keep - h; var ym = f(x, g, b);
            target[i] = keep;
            for (int j = 0; j < yp.Length; j++) r[i] += (yp[j] - ym[j]) * dy[j] / (2 * h);
        }
        return r;
    }

    [Theory]
    [InlineData(3, 4, 5)]
    [InlineData(8, 3, 1)] // BatchNorm1d on (N, C)
    public void BatchNormTrainingMatchesReferenceAndFiniteDifferences(int n, int c, int s)
    {
        var rng = new Random(n * c + s);
        var x = Rand(rng, n * c * s, 2f); var gamma = Rand(rng, c); var beta = Rand(rng, c); var dy = Rand(rng, x.Length);
        var affine = new int[x.Length];
        for (int i = 0; i < x.Length; i++) affine[i] = i / s % c;
        double[] F(double[] xd, double[] gd, double[] bd) => Normalize(xd, n, c, s, (_, ch) => ch, c, gd, bd, affine);

        var y = new float[x.Length]; var mean = new float[c]; var inv = new float[c];
        var rm = new float[c]; var rv = new float[c]; Array.Fill(rv, 1f);
        BatchNorm.ForwardTraining(n, c, s, x, gamma, beta, y, mean, inv, rm, rv, 0.1f, (float)Eps);
        Close(F(D(x), D(gamma), D(beta)), y, 1e-5, "batch_norm forward");
        for (int ch = 0; ch < c; ch++)
        {
            double m = 0, v = 0; int cnt = n * s;
            for (int b = 0; b < n; b++) for (int p = 0; p < s; p++) m += x[(b * c + ch) * s + p];
            m /= cnt;
            for (int b = 0; b < n; b++) for (int p = 0; p < s; p++) v += Math.Pow(x[(b * c + ch) * s + p] - m, 2);
            Assert.Equal(0.1 * m, rm[ch], 1e-6);
            Assert.Equal(0.9 + 0.1 * v / (cnt - 1), rv[ch], 1e-5); // unbiased variance in the running estimate
        }

        var dx = new float[x.Length]; var dg = new float[c]; var db = new float[c];
        BatchNorm.Backward(n, c, s, true, x, dy, gamma, mean, inv, dx, dg, db);
        Close(Grad(F, D(x), D(gamma), D(beta), dy, 0), dx, 1e-3, "batch_norm dx");
        Close(Grad(F, D(x), D(gamma), D(beta), dy, 1), dg, 1e-3, "batch_norm dgamma");
        Close(Grad(F, D(x), D(gamma), D(beta), dy, 2), db, 1e-3, "batch_norm dbeta");
    }

    [Fact]
    public void BatchNormEvalUsesRunningStatisticsAsConstants()
    {
        int n = 2, c = 3, s = 4;
        var rng = new Random(5);
        var x = Rand(rng, n * c * s); var gamma = Rand(rng, c); var beta = Rand(rng, c); var dy = Rand(rng, x.Length);
        var rm = Rand(rng, c); var rv = new float[] { 0.5f, 1.5f, 2f };
        var y = new float[x.Length];
        BatchNorm.ForwardEval(n, c, s, x, gamma, beta, rm, rv, 1e-5f, y);
        var inv = new float[c];
        for (int ch = 0; ch < c; ch++) inv[ch] = 1f / MathF.Sqrt(rv[ch] + 1e-5f);
        var dx = new float[x.Length]; var dg = new float[c]; var db = new float[c];
        BatchNorm.Backward(n, c, s, false, x, dy, gamma, rm, inv, dx, dg, db);
        for (int i = 0; i < x.Length; i++)
        {
            int ch = i / s % c;
            Assert.Equal((x[i] - rm[ch]) * inv[ch] * gamma[ch] + beta[ch], y[i], 1e-5f);
            Assert.Equal(dy[i] * gamma[ch] * inv[ch], dx[i], 1e-5f);
        }
    }

    [Theory]
    [InlineData(5, 13, true)]
    [InlineData(3, 40, false)]
    public void LayerNormMatchesReferenceAndFiniteDifferences(int m, int d, bool affineOn)
    {
        var rng = new Random(m * d);
        var x = Rand(rng, m * d, 3f); var gamma = Rand(rng, d); var beta = Rand(rng, d); var dy = Rand(rng, x.Length);
        var affine = new int[x.Length];
        for (int i = 0; i < x.Length; i++) affine[i] = i % d;
        // Layer norm = one statistics block per row: view (M, D) as (N=M, C=1, S=D).
        double[] F(double[] xd, double[] gd, double[] bd) =>
            Normalize(xd, m, 1, d, (b, _) => b, m, affineOn ? gd : null, affineOn ? bd : null, affine);

        var y = new float[x.Length]; var mean = new float[m]; var inv = new float[m];
        float[] g = affineOn ? gamma : [], b = affineOn ? beta : [];
        LayerNorm.Forward(m, d, x, g, b, (float)Eps, y, mean, inv);
        Close(F(D(x), D(gamma), D(beta)), y, 1e-5, "layer_norm forward");
        var dx = new float[x.Length]; var dg = new float[d]; var db = new float[d];
        LayerNorm.Backward(m, d, x, dy, g, mean, inv, dx, dg, db);
        Close(Grad(F, D(x), D(gamma), D(beta), dy, 0), dx, 1e-3, "layer_norm dx");
        if (affineOn)
        {
            Close(Grad(F, D(x), D(gamma), D(beta), dy, 1), dg, 1e-3, "layer_norm dgamma");
            Close(Grad(F, D(x), D(gamma), D(beta), dy, 2), db, 1e-3, "layer_norm dbeta");
        }
    }

    [Theory]
    [InlineData(2, 6, 5, 3)]
    [InlineData(3, 4, 7, 1)]
    [InlineData(2, 4, 3, 4)] // instance norm
    public void GroupNormMatchesReferenceAndFiniteDifferences(int n, int c, int s, int groups)
    {
        var rng = new Random(n + c * s + groups);
        var x = Rand(rng, n * c * s, 2f); var gamma = Rand(rng, c); var beta = Rand(rng, c); var dy = Rand(rng, x.Length);
        var affine = new int[x.Length];
        for (int i = 0; i < x.Length; i++) affine[i] = i / s % c;
        int cg = c / groups;
        double[] F(double[] xd, double[] gd, double[] bd) =>
            Normalize(xd, n, c, s, (b, ch) => b * groups + ch / cg, n * groups, gd, bd, affine);

        var y = new float[x.Length]; var mean = new float[n * groups]; var inv = new float[n * groups];
        GroupNorm.Forward(n, c, s, groups, x, gamma, beta, (float)Eps, y, mean, inv);
        Close(F(D(x), D(gamma), D(beta)), y, 1e-5, "group_norm forward");
        var dx = new float[x.Length]; var dg = new float[c]; var db = new float[c];
        GroupNorm.Backward(n, c, s, groups, x, dy, gamma, mean, inv, dx, dg, db);
        Close(Grad(F, D(x), D(gamma), D(beta), dy, 0), dx, 1e-3, "group_norm dx");
        Close(Grad(F, D(x), D(gamma), D(beta), dy, 1), dg, 1e-3, "group_norm dgamma");
        Close(Grad(F, D(x), D(gamma), D(beta), dy, 2), db, 1e-3, "group_norm dbeta");
    }
}
