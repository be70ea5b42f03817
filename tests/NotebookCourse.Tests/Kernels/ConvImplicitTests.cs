using NotebookCourse.Kernels;
using static NotebookCourse.Tests.Kernels.KernelTestUtil;

namespace NotebookCourse.Tests.Kernels;

/// <summary>
/// The AVX-512 conv paths (implicit-im2col forward, data gradient via flipped weights, transpose-free and
/// broadcast-row weight gradients) against
/// double-precision definitions and against the im2col path, on shapes that hit their edge cases: partial 8-row
/// tiles, pixel counts that are not multiples of 16/32, panels straddling two images, reduction blocks, groups,
/// dilation, non-square kernels, parallel workers.
/// </summary>
public class ConvImplicitTests
{

    public static TheoryData<Conv2dGeometry> Geometries() => new()
    {
        Conv2dGeometry.Create(3, 5, 9, 11, 13, 3, 3, padH: 1, padW: 1),   // Kg 13, P 99: tails everywhere; dX via im2col
        Conv2dGeometry.Create(2, 40, 7, 6, 16, 3, 3, padH: 1, padW: 1),   // ColRows 360: two reduction blocks
        Conv2dGeometry.Create(2, 16, 10, 12, 24, 3, 3, padH: 2, padW: 2, dilH: 2, dilW: 2, groups: 2),
        Conv2dGeometry.Create(3, 2, 12, 12, 8, 5, 5, padH: 2, padW: 2),   // 5×5, ColRows 50 = 16·3 + 2
        Conv2dGeometry.Create(4, 24, 8, 8, 32, 3, 1, padH: 1),            // 3×1 kernel, padding only along H
        Conv2dGeometry.Create(9, 16, 14, 14, 32, 3, 3, padH: 1, padW: 1), // big enough for two workers
        Conv2dGeometry.Create(5, 8, 4, 8, 8, 3, 3, padH: 1, padW: 1),     // P = 32: every panel is one image
        Conv2dGeometry.Create(2, 16, 6, 6, 1, 3, 3, padH: 1, padW: 1),    // one output channel
        Conv2dGeometry.Create(7, 1, 28, 28, 32, 3, 3, padH: 1, padW: 1),  // the course's first layer
    };

    [Fact]
    public void CourseShapesTakeTheImplicitPaths()
    {
        var first = Conv2dGeometry.Create(64, 1, 28, 28, 32, 3, 3, padH: 1, padW: 1);
        var second = Conv2dGeometry.Create(64, 32, 14, 14, 64, 3, 3, padH: 1, padW: 1);
        Assert.Equal(Avx512, ConvImplicitGemm.Applies(first));
        Assert.Equal(Avx512, ConvImplicitGemm.Applies(second));
        Assert.Equal(Avx512, ConvImplicitGemm.AppliesToData(second));
        Assert.False(ConvImplicitGemm.AppliesToData(first));  // 1 input channel: 7 of 8 tile rows would be padding
        Assert.Equal(Avx512, ConvImplicitWeightGrad.Applies(first));
        Assert.False(ConvImplicitWeightGrad.Applies(second)); // 288 Col rows: the GEMM with broadcast Col rows wins
        Assert.Equal(Avx512, ConvWeightGradRows.Applies(second));
        Assert.False(ConvImplicitGemm.Applies(Conv2dGeometry.Create(2, 3, 9, 9, 4, 3, 3, strideH: 2, padH: 1, padW: 1)));
        Assert.False(ConvImplicitGemm.Applies(Conv2dGeometry.Create(2, 3, 9, 9, 4, 3, 3)));       // valid conv: smaller output
        Assert.False(ConvImplicitGemm.Applies(Conv2dGeometry.Create(2, 3, 4, 4, 4, 3, 3, padH: 1, padW: 1))); // P 16 < 32
    }

    /// <summary>The implicit-GEMM kernel itself where it applies (Conv2d may pick Winograd for some of these shapes).</summary>
    static unsafe void ImplicitForward(in Conv2dGeometry g, float[] x, float[] w, float[]? b, float[] y)
    {
        if (!ConvImplicitGemm.Applies(g)) { Conv2d.Forward(g, x, w, b ?? [], y); return; }
        fixed (float* px = x) fixed (float* pw = w) fixed (float* pb = b) fixed (float* py = y)
            ConvImplicitGemm.Forward(g, px, pw, b == null ? null : pb, py);
    }

    static unsafe void ImplicitBackwardData(in Conv2dGeometry g, float[] dy, float[] w, float[] dx)
    {
        if (!ConvImplicitGemm.AppliesToData(g)) { Conv2d.BackwardData(g, dy, w, dx); return; }
        fixed (float* pdy = dy) fixed (float* pw = w) fixed (float* pdx = dx)
            ConvImplicitGemm.BackwardData(g, pdy, pw, pdx);
    }

    /// <summary>The implicit weight-gradient kernels where they apply (Conv2d may pick Winograd's instead).</summary>
    static unsafe void ImplicitBackwardWeight(in Conv2dGeometry g, float[] x, float[] dy, float[] dw, bool accumulate)
    {
        bool implicitRows = ConvImplicitWeightGrad.Applies(g), rows = ConvWeightGradRows.Applies(g);
        if (!implicitRows && !rows) { Conv2d.BackwardWeight(g, x, dy, dw, accumulate); return; }
        if (!accumulate) Array.Clear(dw);
        fixed (float* px = x) fixed (float* pdy = dy) fixed (float* pdw = dw)
        {
            if (implicitRows) ConvImplicitWeightGrad.Run(g, px, pdy, pdw);
            else ConvWeightGradRows.Run(g, px, pdy, pdw);
        }
    }

    [Theory, MemberData(nameof(Geometries))]
    public void ForwardMatchesDefinition(Conv2dGeometry g)
    {
        Assert.Equal(Avx512, ConvImplicitGemm.Applies(g));
        var rng = new Random(g.GetHashCode());
        var x = Rand(rng, g.InputSize); var w = Rand(rng, g.WeightSize); var b = Rand(rng, g.K);
        var y = new float[g.OutputSize];
        Array.Fill(y, float.NaN);
        ImplicitForward(g, x, w, b, y);
        Close(ConvTests.NaiveConv(g, x, w, b), y, 1e-5, "implicit conv2d forward");
        Array.Fill(y, float.NaN);
        ImplicitForward(g, x, w, null, y);
        Close(ConvTests.NaiveConv(g, x, w, null), y, 1e-5, "implicit conv2d forward without bias");
    }

    [Theory, MemberData(nameof(Geometries))]
    public void BackwardDataMatchesDefinition(Conv2dGeometry g)
    {
        var rng = new Random(g.GetHashCode() + 7);
        var dy = Rand(rng, g.OutputSize); var w = Rand(rng, g.WeightSize);
        var dx = new float[g.InputSize];
        Array.Fill(dx, float.NaN);
        ImplicitBackwardData(g, dy, w, dx);
        // dx[n, c, ih, iw] = Σ over (k, i, j) hitting that pixel of dy[n, k, oh, ow]·w[k, c, i, j]
        var r = new double[g.InputSize];
        for (int n = 0; n < g.N; n++)
            for (int k = 0; k < g.K; k++)
            {
                int gr = k / g.Kg;
                for (int oh = 0; oh < g.OH; oh++)
                    for (int ow = 0; ow < g.OW; ow++)
                    {
                        double d = dy[((n * g.K + k) * g.OH + oh) * g.OW + ow];
                        for (int c = 0; c < g.Cg; c++)
                            for (int i = 0; i < g.KH; i++)
                                for (int j = 0; j < g.KW; j++)
                                {
                                    int ih = oh - g.PadH + i * g.DilH, iw = ow - g.PadW + j * g.DilW;
                                    if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                                    r[((n * g.C + gr * g.Cg + c) * g.H + ih) * g.W + iw] += d * w[((k * g.Cg + c) * g.KH + i) * g.KW + j];
                                }
                    }
            }
        Close(r, dx, 1e-5, "implicit conv2d backward data");
    }

    [Theory, MemberData(nameof(Geometries))]
    public void BackwardWeightMatchesDefinition(Conv2dGeometry g)
    {
        var rng = new Random(g.GetHashCode() + 11);
        var x = Rand(rng, g.InputSize); var dy = Rand(rng, g.OutputSize);
        var dw = new float[g.WeightSize];
        Array.Fill(dw, float.NaN);
        ImplicitBackwardWeight(g, x, dy, dw, accumulate: false);
        var r = new double[g.WeightSize];
        var mag = new double[g.WeightSize]; // Σ|terms|: float rounding grows with it over N·P-term sums
        for (int n = 0; n < g.N; n++)
            for (int k = 0; k < g.K; k++)
            {
                int gr = k / g.Kg;
                for (int oh = 0; oh < g.OH; oh++)
                    for (int ow = 0; ow < g.OW; ow++)
                    {
                        double d = dy[((n * g.K + k) * g.OH + oh) * g.OW + ow];
                        for (int c = 0; c < g.Cg; c++)
                            for (int i = 0; i < g.KH; i++)
                                for (int j = 0; j < g.KW; j++)
                                {
                                    int ih = oh - g.PadH + i * g.DilH, iw = ow - g.PadW + j * g.DilW;
                                    if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                                    double t = d * x[((n * g.C + gr * g.Cg + c) * g.H + ih) * g.W + iw];
                                    r[((k * g.Cg + c) * g.KH + i) * g.KW + j] += t;
                                    mag[((k * g.Cg + c) * g.KH + i) * g.KW + j] += Math.Abs(t);
                                }
                    }
            }
        CloseToSum(r, mag, dw, "conv2d backward weight");
        var twice = (float[])dw.Clone();
        ImplicitBackwardWeight(g, x, dy, twice, accumulate: true);
        for (int i = 0; i < dw.Length; i++) { r[i] *= 2; mag[i] *= 2; }
        CloseToSum(r, mag, twice, "conv2d backward weight (accumulate)");
    }

    /// <summary>|actual − expected| ≤ 1e-6·Σ|terms| + 1e-6: float32 summation error of long sums, far below one missing term.</summary>
    internal static void CloseToSum(double[] expected, double[] magnitude, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= 1e-6 * magnitude[i] + 1e-6))
                Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]} (sum of |terms| {magnitude[i]})");
    }
}

/// <summary>
/// Runs alone: it switches the implicit paths off process-wide for the reference run, which would change the rounding
/// of any other test comparing two runs bit for bit at the same moment.
/// </summary>
[Collection("default generator")]
public class ConvPathAgreementTests
{
    [Theory, MemberData(nameof(ConvImplicitTests.Geometries), MemberType = typeof(ConvImplicitTests))]
    public void ImplicitAndIm2ColPathsAgree(Conv2dGeometry g)
    {
        var rng = new Random(g.GetHashCode() + 13);
        var x = Rand(rng, g.InputSize); var w = Rand(rng, g.WeightSize); var b = Rand(rng, g.K); var dy = Rand(rng, g.OutputSize);
        (float[] y, float[] dx, float[] dw) Run()
        {
            var y = new float[g.OutputSize]; var dx = new float[g.InputSize]; var dw = new float[g.WeightSize];
            Conv2d.Forward(g, x, w, b, y);
            Conv2d.BackwardData(g, dy, w, dx);
            Conv2d.BackwardWeight(g, x, dy, dw);
            return (y, dx, dw);
        }
        var fast = Run();
        ConvImplicitGemm.Enabled = false;
        try
        {
            var reference = Run();
            Close(Array.ConvertAll(reference.y, v => (double)v), fast.y, 1e-5, "forward: implicit vs im2col");
            Close(Array.ConvertAll(reference.dx, v => (double)v), fast.dx, 1e-5, "data gradient: implicit vs im2col");
            Close(Array.ConvertAll(reference.dw, v => (double)v), fast.dw, 1e-4, "weight gradient: implicit vs im2col");
        }
        finally { ConvImplicitGemm.Enabled = true; }
    }
}
