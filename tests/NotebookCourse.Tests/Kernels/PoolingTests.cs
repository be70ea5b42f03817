using NotebookCourse.Kernels;
using static NotebookCourse.Tests.Kernels.KernelTestUtil;

namespace NotebookCourse.Tests.Kernels;

public class PoolingTests
{
    public static TheoryData<int, int, int, int, int, int, int, bool> MaxCases() => new()
    {
        // kernel, stride, pad, dilation, H, W, C, ceil
        { 2, 2, 0, 1, 28, 28, 3, false },
        { 2, 2, 0, 1, 7, 9, 2, false }, // 2×2 fast path; odd sizes drop the last row and column
        { 2, 2, 0, 1, 7, 9, 2, true },  // ceil mode keeps them: general kernel
        { 3, 2, 1, 1, 9, 11, 2, false },
        { 3, 2, 1, 2, 13, 10, 2, false },
        { 3, 2, 0, 1, 8, 7, 2, true },
        { 2, 1, 1, 1, 5, 6, 1, true },
    };

    [Theory, MemberData(nameof(MaxCases))]
    public void MaxPoolMatchesWindowScanAndBackwardIsAdjoint(int k, int s, int p, int d, int h, int w, int c, bool ceil)
    {
        var g = Pool2dGeometry.Create(2, c, h, w, k, k, s, s, p, p, d, d, ceil);
        var rng = new Random(k * 100 + h);
        var x = Rand(rng, g.InputSize);
        var y = new float[g.OutputSize]; var idx = new int[g.OutputSize];
        Pooling.MaxPoolForward(g, x, y, idx);
        for (int pl = 0; pl < g.N * g.C; pl++)
            for (int oh = 0; oh < g.OH; oh++)
                for (int ow = 0; ow < g.OW; ow++)
                {
                    float best = float.NegativeInfinity; int arg = -1;
                    for (int i = 0; i < k; i++)
                        for (int j = 0; j < k; j++)
                        {
                            int ih = oh * s - p + i * d, iw = ow * s - p + j * d;
                            if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                            float v = x[pl * h * w + ih * w + iw];
                            if (v > best) { best = v; arg = ih * w + iw; }
                        }
                    int o = pl * g.OH * g.OW + oh * g.OW + ow;
                    Assert.Equal(best, y[o]);
                    Assert.Equal(arg, idx[o]);
                }
        var dy = Rand(rng, g.OutputSize);
        var dx = new float[g.InputSize]; Array.Fill(dx, float.NaN);
        Pooling.MaxPoolBackward(g, dy, idx, dx);
        SameInner(Dot(y, dy), Dot(x, dx), AbsSum(y, dy) + 1, "max_pool2d backward");
    }

    [Fact]
    public void MaxPool2x2TiesGoToTheFirstMaximumAndNaNWins()
    {
        // One plane of 2×8: four windows [1 1|1 1], [0 2|2 0], [NaN 5|7 NaN], [3 -inf|NaN 9].
        float nan = float.NaN, ninf = float.NegativeInfinity;
        float[] x = [1, 1, 0, 2, nan, 5, 3, ninf,
                     1, 1, 2, 0, 7, nan, nan, 9];
        var g = Pool2dGeometry.Create(1, 1, 2, 8, 2, 2, 2, 2);
        var y = new float[4]; var idx = new int[4];
        Pooling.MaxPoolForward(g, x, y, idx);
        Assert.Equal([1f, 2f, nan, nan], y);
        Assert.Equal([0, 3, 4, 14], idx);
    }

    [Theory]
    [InlineData(2, 2, 0, 28, 28, false, true)]
    [InlineData(3, 2, 1, 9, 11, false, true)]
    [InlineData(3, 2, 1, 9, 11, false, false)]
    [InlineData(3, 2, 1, 8, 7, true, true)] // ceil mode: last window runs past the padded edge
    [InlineData(3, 3, 1, 10, 10, true, false)]
    public void AvgPoolMatchesDefinitionAndBackwardIsAdjoint(int k, int s, int p, int h, int w, bool ceil, bool includePad)
    {
        var g = Pool2dGeometry.Create(2, 3, h, w, k, k, s, s, p, p, ceilMode: ceil);
        var rng = new Random(k + h * 7);
        var x = Rand(rng, g.InputSize);
        var y = new float[g.OutputSize];
        Pooling.AvgPoolForward(g, x, y, includePad);
        var expected = new double[g.OutputSize];
        for (int pl = 0; pl < g.N * g.C; pl++)
            for (int oh = 0; oh < g.OH; oh++)
                for (int ow = 0; ow < g.OW; ow++)
                {
                    double sum = 0; int real = 0, padded = 0;
                    for (int i = 0; i < k; i++)
                        for (int j = 0; j < k; j++)
                        {
                            int ih = oh * s - p + i, iw = ow * s - p + j;
                            // PyTorch counts window cells inside the padded input, not beyond it.
                            if (ih < h + p && iw < w + p) padded++;
                            if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                            sum += x[pl * h * w + ih * w + iw]; real++;
                        }
                    expected[pl * g.OH * g.OW + oh * g.OW + ow] = sum / (includePad ? padded : real);
                }
        Close(expected, y, 1e-5, "avg_pool2d forward");
        var dy = Rand(rng, g.OutputSize);
        var dx = new float[g.InputSize]; Array.Fill(dx, float.NaN);
        Pooling.AvgPoolBackward(g, dy, dx, includePad);
        SameInner(Dot(y, dy), Dot(x, dx), AbsSum(y, dy) + 1, "avg_pool2d backward");
    }

    [Theory]
    [InlineData(7, 7, 1, 1)]
    [InlineData(10, 9, 3, 4)]
    [InlineData(5, 5, 7, 6)] // output larger than input: overlapping one-pixel windows
    public void AdaptiveAvgPoolMatchesDefinitionAndBackwardIsAdjoint(int h, int w, int oh, int ow)
    {
        var rng = new Random(h * 13 + oh);
        int n = 2, c = 3;
        var x = Rand(rng, n * c * h * w);
        var y = new float[n * c * oh * ow];
        AdaptivePool.AvgForward(n, c, h, w, oh, ow, x, y);
        var expected = new double[y.Length];
        for (int pl = 0; pl < n * c; pl++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    int h0 = (int)Math.Floor((double)i * h / oh), h1 = (int)Math.Ceiling((double)(i + 1) * h / oh);
                    int w0 = (int)Math.Floor((double)j * w / ow), w1 = (int)Math.Ceiling((double)(j + 1) * w / ow);
                    double sum = 0;
                    for (int a = h0; a < h1; a++) for (int b = w0; b < w1; b++) sum += x[pl * h * w + a * w + b];
                    expected[pl * oh * ow + i * ow + j] = sum / ((h1 - h0) * (w1 - w0));
                }
        Close(expected, y, 1e-5, "adaptive_avg_pool2d forward");
        var dy = Rand(rng, y.Length);
        var dx = new float[x.Length];
        AdaptivePool.AvgBackward(n, c, h, w, oh, ow, dy, dx);
        SameInner(Dot(y, dy), Dot(x, dx), AbsSum(y, dy) + 1, "adaptive_avg_pool2d backward");
    }

    [Fact]
    public void PoolGeometryErrorsNameTheValues()
    {
        var ex = Assert.Throws<ArgumentException>(() => Pool2dGeometry.Create(1, 1, 4, 4, 2, 2, 2, 2, 2, 2));
        Assert.Contains("padding (2, 2)", ex.Message);
    }
}
