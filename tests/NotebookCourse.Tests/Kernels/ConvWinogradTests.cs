using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookCourse.Kernels;
using static NotebookCourse.Tests.Kernels.KernelTestUtil;

namespace NotebookCourse.Tests.Kernels;

/// <summary>
/// The F(2×2, 3×3) Winograd path against double-precision definitions, on shapes that hit its edges: odd heights and
/// widths (half tiles), a single row, output channels that are not a multiple of 8, a last panel with empty slots,
/// slots of two images in one panel, the course's 32→64 layer on two workers.
/// </summary>
public class ConvWinogradTests
{
    static readonly bool Avx2Fma = Avx2.IsSupported && Fma.IsSupported;

    public static TheoryData<Conv2dGeometry> Geometries() => new()
    {
        Conv2dGeometry.Create(3, 16, 9, 11, 20, 3, 3, padH: 1, padW: 1),  // odd H and W, K 20, 15 slots
        Conv2dGeometry.Create(2, 17, 1, 14, 16, 3, 3, padH: 1, padW: 1),  // one image row, widest W
        Conv2dGeometry.Create(5, 24, 2, 3, 40, 3, 3, padH: 1, padW: 1),   // tiny planes, 5 slots
        Conv2dGeometry.Create(16, 32, 14, 14, 64, 3, 3, padH: 1, padW: 1), // the course's second conv, two workers
        Conv2dGeometry.Create(4, 64, 7, 7, 16, 3, 3, padH: 1, padW: 1),   // 7×7 (ResNet's last stage)
        Conv2dGeometry.Create(3, 40, 5, 13, 24, 3, 3, padH: 1, padW: 1),  // odd sizes, C 40 (a partial 32-column panel), 9 slots
        Conv2dGeometry.Create(2, 16, 28, 28, 32, 3, 3, padH: 1, padW: 1), // wide rows (AVX-512): ResNet's 28×28 stage
        Conv2dGeometry.Create(3, 24, 5, 15, 16, 3, 3, padH: 1, padW: 1),  // narrowest wide row: the second half is padding
        Conv2dGeometry.Create(1, 16, 7, 30, 24, 3, 3, padH: 1, padW: 1),  // widest row, odd height, one image
    };

    /// <summary>What Conv2d runs for g here: Winograd for narrow rows anywhere, for rows of 15–30 columns with AVX-512.</summary>
    static bool RunsWinograd(in Conv2dGeometry g) => g.W <= 14 ? Avx512 || Avx2Fma : Avx512;

    [Fact]
    public void AppliesOnlyToItsFamily()
    {
        Assert.Equal(Avx512 || Avx2Fma, ConvWinograd.Applies(Conv2dGeometry.Create(64, 32, 14, 14, 64, 3, 3, padH: 1, padW: 1)));
        Assert.False(ConvWinograd.Applies(Conv2dGeometry.Create(64, 1, 28, 28, 32, 3, 3, padH: 1, padW: 1)));  // 1 channel
        Assert.Equal(Avx512, ConvWinograd.Applies(Conv2dGeometry.Create(8, 16, 28, 28, 16, 3, 3, padH: 1, padW: 1))); // W 15–30
        Assert.False(ConvWinograd.Applies(Conv2dGeometry.Create(8, 16, 31, 31, 16, 3, 3, padH: 1, padW: 1)));  // W > 30
        Assert.False(ConvWinograd.Applies(Conv2dGeometry.Create(8, 16, 14, 14, 16, 5, 5, padH: 2, padW: 2)));  // 5×5
        Assert.False(ConvWinograd.Applies(Conv2dGeometry.Create(8, 16, 14, 14, 16, 3, 3, strideH: 2, strideW: 2, padH: 1, padW: 1)));
        Assert.False(ConvWinograd.Applies(Conv2dGeometry.Create(8, 16, 14, 14, 16, 3, 3, padH: 1, padW: 1, groups: 2)));
        Assert.False(ConvWinograd.Applies(Conv2dGeometry.Create(8, 16, 14, 14, 16, 3, 3, padH: 2, padW: 2, dilH: 2, dilW: 2)));
    }

    [Theory, MemberData(nameof(Geometries))]
    public void ForwardMatchesDefinition(Conv2dGeometry g)
    {
        Assert.Equal(RunsWinograd(g), ConvWinograd.Applies(g));
        var rng = new Random(g.GetHashCode());
        var x = Rand(rng, g.InputSize); var w = Rand(rng, g.WeightSize); var b = Rand(rng, g.K);
        var y = new float[g.OutputSize];
        Array.Fill(y, float.NaN);
        Conv2d.Forward(g, x, w, b, y);
        Close(ConvTests.NaiveConv(g, x, w, b), y, 1e-5, "winograd conv2d forward");
        Array.Fill(y, float.NaN);
        Conv2d.Forward(g, x, w, [], y);
        Close(ConvTests.NaiveConv(g, x, w, null), y, 1e-5, "winograd conv2d forward without bias");
    }

    /// <summary>The AVX2 kernels, called directly (on an AVX-512 machine Conv2d picks the wide ones).</summary>
    [Theory, MemberData(nameof(Geometries))]
    public unsafe void Avx2KernelsMatchDefinition(Conv2dGeometry g)
    {
        if (!Avx2Fma || g.W > 14) return; // AVX2 kernels: narrow rows, on a CPU that has them
        var rng = new Random(g.GetHashCode() + 1);
        var x = Rand(rng, g.InputSize); var w = Rand(rng, g.WeightSize); var b = Rand(rng, g.K);
        var y = new float[g.OutputSize];
        Array.Fill(y, float.NaN);
        fixed (float* px = x) fixed (float* pw = w) fixed (float* pb = b) fixed (float* py = y)
            ConvWinograd.Forward(g, px, pw, pb, py, wide: false);
        Close(ConvTests.NaiveConv(g, x, w, b), y, 1e-5, "winograd AVX2 forward");
        var dy = Rand(rng, g.OutputSize);
        var dx = new float[g.InputSize];
        Array.Fill(dx, float.NaN);
        fixed (float* pdy = dy) fixed (float* pw = w) fixed (float* pdx = dx)
            ConvWinograd.BackwardData(g, pdy, pw, pdx, wide: false);
        Close(BackwardDataReference(g, dy, w), dx, 1e-5, "winograd AVX2 backward data");
        if (!ConvWinogradWeightGrad.Applies(g)) return;
        var dw = new float[g.WeightSize];
        fixed (float* px = x) fixed (float* pdy = dy) fixed (float* pdw = dw)
            ConvWinogradWeightGrad.Run(g, px, pdy, pdw, wide: false);
        BackwardWeightReference(g, x, dy, out var r, out var mag);
        ConvImplicitTests.CloseToSum(r, mag, dw, "winograd AVX2 backward weight");
    }

    [Theory, MemberData(nameof(Geometries))]
    public void BackwardDataMatchesDefinition(Conv2dGeometry g)
    {
        var rng = new Random(g.GetHashCode() + 3);
        var dy = Rand(rng, g.OutputSize); var w = Rand(rng, g.WeightSize);
        var dx = new float[g.InputSize];
        Array.Fill(dx, float.NaN);
        Conv2d.BackwardData(g, dy, w, dx);
        Close(BackwardDataReference(g, dy, w), dx, 1e-5, "winograd conv2d backward data");
    }

    static double[] BackwardDataReference(in Conv2dGeometry g, float[] dy, float[] w)
    {
        // dx[n, c, ih, iw] = Σ over (k, i, j) with ih = oh − 1 + i, iw = ow − 1 + j of dy[n, k, oh, ow]·w[k, c, i, j]
        var r = new double[g.InputSize];
        for (int n = 0; n < g.N; n++)
            for (int c = 0; c < g.C; c++)
                for (int ih = 0; ih < g.H; ih++)
                    for (int iw = 0; iw < g.W; iw++)
                    {
                        double s = 0;
                        for (int k = 0; k < g.K; k++)
                            for (int i = 0; i < 3; i++)
                                for (int j = 0; j < 3; j++)
                                {
                                    int oh = ih + 1 - i, ow = iw + 1 - j;
                                    if (oh < 0 || oh >= g.H || ow < 0 || ow >= g.W) continue;
                                    s += (double)dy[((n * g.K + k) * g.H + oh) * g.W + ow] * w[((k * g.C + c) * 3 + i) * 3 + j];
                                }
                        r[((n * g.C + c) * g.H + ih) * g.W + iw] = s;
                    }
        return r;
    }

    [Theory, MemberData(nameof(Geometries))]
    public void BackwardWeightMatchesDefinition(Conv2dGeometry g)
    {
        bool winograd = RunsWinograd(g) && g.C % 8 == 0 && g.K % 8 == 0;
        Assert.Equal(winograd, ConvWinogradWeightGrad.Applies(g));
        var rng = new Random(g.GetHashCode() + 9);
        var x = Rand(rng, g.InputSize); var dy = Rand(rng, g.OutputSize);
        var dw = new float[g.WeightSize];
        Array.Fill(dw, float.NaN);
        Conv2d.BackwardWeight(g, x, dy, dw);
        BackwardWeightReference(g, x, dy, out var r, out var mag);
        ConvImplicitTests.CloseToSum(r, mag, dw, "winograd conv2d backward weight");
        var twice = (float[])dw.Clone();
        Conv2d.BackwardWeight(g, x, dy, twice, accumulate: true);
        for (int i = 0; i < r.Length; i++) { r[i] *= 2; mag[i] *= 2; }
        ConvImplicitTests.CloseToSum(r, mag, twice, "winograd conv2d backward weight (accumulate)");
    }

    static void BackwardWeightReference(in Conv2dGeometry g, float[] x, float[] dy, out double[] r, out double[] mag)
    {
        r = new double[g.WeightSize];
        mag = new double[g.WeightSize]; // Σ|terms|: the float rounding of long sums grows with it
        for (int n = 0; n < g.N; n++)
            for (int k = 0; k < g.K; k++)
                for (int oh = 0; oh < g.H; oh++)
                    for (int ow = 0; ow < g.W; ow++)
                    {
                        double d = dy[((n * g.K + k) * g.H + oh) * g.W + ow];
                        for (int c = 0; c < g.C; c++)
                            for (int i = 0; i < 3; i++)
                                for (int j = 0; j < 3; j++)
                                {
                                    int ih = oh - 1 + i, iw = ow - 1 + j;
                                    if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                                    double t = d * x[((n * g.C + c) * g.H + ih) * g.W + iw];
                                    r[((k * g.C + c) * 3 + i) * 3 + j] += t;
                                    mag[((k * g.C + c) * 3 + i) * 3 + j] += Math.Abs(t);
                                }
                    }
    }

    [Fact]
    public void LargeInputsStayWithinFloatRounding()
    {
        // Winograd's transforms add and subtract before multiplying: check the error stays relative to the values,
        // with inputs of magnitude 100 and a constant offset (cancellation in Bᵀ·d·B).
        var g = Conv2dGeometry.Create(2, 32, 14, 14, 32, 3, 3, padH: 1, padW: 1);
        var rng = new Random(5);
        var x = Rand(rng, g.InputSize, 100f); var w = Rand(rng, g.WeightSize);
        for (int i = 0; i < x.Length; i++) x[i] += 300f;
        var y = new float[g.OutputSize];
        Conv2d.Forward(g, x, w, [], y);
        var r = ConvTests.NaiveConv(g, x, w, null);
        double scale = 0;
        foreach (var v in r) scale = Math.Max(scale, Math.Abs(v));
        for (int i = 0; i < r.Length; i++)
            Assert.True(Math.Abs(r[i] - y[i]) <= 2e-6 * scale, $"element {i}: {y[i]} vs {r[i]} (largest |y| {scale})");
    }
}
