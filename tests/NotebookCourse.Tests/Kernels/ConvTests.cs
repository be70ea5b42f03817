using NotebookCourse.Kernels;
using static NotebookCourse.Tests.Kernels.KernelTestUtil;

namespace NotebookCourse.Tests.Kernels;

public class ConvTests
{
    /// <summary>Direct 7-loop convolution in double precision: the definition the kernels must match.</summary>
    internal static double[] NaiveConv(in Conv2dGeometry g, float[] x, float[] w, float[]? bias)
    {
        var y = new double[g.OutputSize];
        for (int n = 0; n < g.N; n++)
            for (int k = 0; k < g.K; k++)
            {
                int gr = k / g.Kg;
                for (int oh = 0; oh < g.OH; oh++)
                    for (int ow = 0; ow < g.OW; ow++)
                    {
                        double s = bias?[k] ?? 0;
                        for (int c = 0; c < g.Cg; c++)
                            for (int i = 0; i < g.KH; i++)
                                for (int j = 0; j < g.KW; j++)
                                {
                                    int ih = oh * g.StrideH - g.PadH + i * g.DilH, iw = ow * g.StrideW - g.PadW + j * g.DilW;
                                    if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                                    s += (double)x[((n * g.C + gr * g.Cg + c) * g.H + ih) * g.W + iw] *
                                         w[((k * g.Cg + c) * g.KH + i) * g.KW + j];
                                }
                        y[((n * g.K + k) * g.OH + oh) * g.OW + ow] = s;
                    }
            }
        return y;
    }

    public static TheoryData<Conv2dGeometry> Geometries() => new()
    {
        Conv2dGeometry.Create(2, 3, 9, 11, 5, 3, 3, padH: 1, padW: 1),
        Conv2dGeometry.Create(3, 4, 13, 10, 6, 3, 2, strideH: 2, strideW: 2, padH: 1, padW: 0),
        Conv2dGeometry.Create(2, 4, 12, 12, 6, 3, 3, padH: 2, padW: 2, dilH: 2, dilW: 2, groups: 2),
        Conv2dGeometry.Create(2, 6, 7, 9, 4, 1, 1, groups: 2),
        Conv2dGeometry.Create(4, 1, 28, 28, 8, 5, 5, padH: 2, padW: 2),
        Conv2dGeometry.Create(2, 3, 1, 17, 4, 1, 3, strideW: 2, padW: 1), // conv1d as H = 1
        Conv2dGeometry.Create(17, 16, 14, 14, 24, 3, 3, padH: 1, padW: 1), // several image chunks, in parallel
        Conv2dGeometry.Create(5, 1, 12, 12, 16, 3, 3, padH: 1, padW: 1), // tiny ColRows: transposed weight GEMM
        Conv2dGeometry.Create(9, 2, 20, 20, 32, 3, 3, padH: 1, padW: 1, groups: 2), // transposed, grouped, parallel
    };

    [Theory, MemberData(nameof(Geometries))]
    public void ForwardMatchesDirectLoops(Conv2dGeometry g)
    {
        var rng = new Random(g.GetHashCode());
        var x = Rand(rng, g.InputSize); var w = Rand(rng, g.WeightSize); var b = Rand(rng, g.K);
        var y = new float[g.OutputSize];
        Array.Fill(y, float.NaN); // forward must overwrite
        Conv2d.Forward(g, x, w, b, y);
        Close(NaiveConv(g, x, w, b), y, 1e-5, "conv2d forward");
    }

    [Theory, MemberData(nameof(Geometries))]
    public void BackwardKernelsAreAdjointsOfForward(Conv2dGeometry g)
    {
        var rng = new Random(g.GetHashCode() + 1);
        var x = Rand(rng, g.InputSize); var w = Rand(rng, g.WeightSize); var dy = Rand(rng, g.OutputSize);
        var y = new float[g.OutputSize];
        Conv2d.Forward(g, x, w, [], y);
        double lhs = Dot(y, dy);

        var dx = new float[g.InputSize]; Array.Fill(dx, float.NaN);
        Conv2d.BackwardData(g, dy, w, dx);
        SameInner(lhs, Dot(x, dx), AbsSum(y, dy) + 1, "conv2d backward data");

        // The conv is linear in w too: <conv_w(x), dy> = <w, dW>.
        var dw = new float[g.WeightSize];
        Conv2d.BackwardWeight(g, x, dy, dw);
        SameInner(lhs, Dot(w, dw), AbsSum(y, dy) + 1, "conv2d backward weight");

        // accumulate adds to what is there.
        var dw2 = (float[])dw.Clone();
        Conv2d.BackwardWeight(g, x, dy, dw2, accumulate: true);
        for (int i = 0; i < dw.Length; i++) Assert.Equal(2 * dw[i], dw2[i], 1e-4f * (1 + Math.Abs(dw[i])));

        var db = new float[g.K];
        Conv2d.BackwardBias(g, dy, db);
        var dbRef = new double[g.K];
        for (int n = 0; n < g.N; n++)
            for (int k = 0; k < g.K; k++)
                for (int p = 0; p < g.P; p++) dbRef[k] += dy[(n * g.K + k) * g.P + p];
        Close(dbRef, db, 1e-5, "conv2d backward bias");
    }

    [Fact]
    public void BackwardWeightMatchesFiniteDifferences()
    {
        var g = Conv2dGeometry.Create(2, 4, 6, 7, 4, 3, 3, strideH: 2, padH: 1, padW: 1, dilW: 2, groups: 2);
        var rng = new Random(3);
        var x = Rand(rng, g.InputSize); var w = Rand(rng, g.WeightSize); var dy = Rand(rng, g.OutputSize);
        var dw = new float[g.WeightSize];
        Conv2d.BackwardWeight(g, x, dy, dw);
        for (int idx = 0; idx < w.Length; idx += 5)
        {
            double Loss(float delta)
            {
                var wp = (float[])w.Clone(); wp[idx] += delta;
                var yd = NaiveConv(g, x, wp, null);
                double s = 0;
                for (int i = 0; i < yd.Length; i++) s += yd[i] * dy[i];
                return s;
            }
            double fd = (Loss(1e-2f) - Loss(-1e-2f)) / 2e-2;
            Assert.True(Math.Abs(fd - dw[idx]) < 1e-3 * (1 + Math.Abs(fd)), $"dw[{idx}] = {dw[idx]}, finite difference {fd}");
        }
    }

    [Theory]
    [InlineData(2, 4, 5, 6, 3, 3, 3, 2, 1, 1, 1, 1, 1)]
    [InlineData(1, 4, 4, 3, 6, 4, 4, 2, 1, 0, 0, 1, 2)]
    [InlineData(2, 2, 3, 3, 2, 3, 3, 1, 0, 1, 1, 2, 1)] // output_padding ≥ stride, allowed because < dilation
    public void TransposeMatchesScatterDefinition(int n, int inC, int h, int w, int outC, int kh, int kw,
        int stride, int pad, int outPadH, int outPadW, int dil, int groups)
    {
        var g = Conv2dGeometry.ForTranspose(n, inC, h, w, outC, kh, kw, stride, stride, pad, pad, outPadH, outPadW,
            dil, dil, groups);
        var rng = new Random(inC * 31 + outC);
        var x = Rand(rng, (long)n * inC * h * w); var wt = Rand(rng, g.WeightSize); var b = Rand(rng, outC);
        var y = new float[g.InputSize];
        ConvTranspose2d.Forward(g, x, wt, b, y);

        // Definition: every input pixel scatters weight·value into the output window it maps to.
        int oh = g.H, ow = g.W, cinG = inC / groups, coutG = outC / groups;
        var r = new double[y.Length];
        for (int b0 = 0; b0 < n; b0++)
            for (int co = 0; co < outC; co++)
                for (int p = 0; p < oh * ow; p++) r[(b0 * outC + co) * oh * ow + p] = b[co];
        for (int b0 = 0; b0 < n; b0++)
            for (int ci = 0; ci < inC; ci++)
                for (int iy = 0; iy < h; iy++)
                    for (int ix = 0; ix < w; ix++)
                        for (int co = 0; co < coutG; co++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++)
                                {
                                    int oy = iy * stride - pad + i * dil, ox = ix * stride - pad + j * dil;
                                    if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
                                    int c = ci / cinG * coutG + co;
                                    r[((b0 * outC + c) * oh + oy) * ow + ox] +=
                                        (double)x[((b0 * inC + ci) * h + iy) * w + ix] * wt[((ci * coutG + co) * kh + i) * kw + j];
                                }
        Close(r, y, 1e-5, "conv_transpose2d forward");

        // Its backward data is a plain convolution: adjoint identity.
        var dy = Rand(rng, y.Length);
        var dx = new float[x.Length];
        ConvTranspose2d.BackwardData(g, dy, wt, dx);
        var y0 = new float[y.Length];
        ConvTranspose2d.Forward(g, x, wt, [], y0);
        SameInner(Dot(y0, dy), Dot(x, dx), AbsSum(y0, dy) + 1, "conv_transpose2d backward data");
        var dw = new float[wt.Length];
        ConvTranspose2d.BackwardWeight(g, x, dy, dw);
        SameInner(Dot(y0, dy), Dot(wt, dw), AbsSum(y0, dy) + 1, "conv_transpose2d backward weight");
    }

    [Fact]
    public void BadGeometryNamesTheValues()
    {
        var ex = Assert.Throws<ArgumentException>(() => Conv2dGeometry.Create(1, 3, 8, 8, 4, 3, 3, groups: 2));
        Assert.Contains("groups=2", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Conv2dGeometry.Create(1, 1, 2, 2, 1, 5, 5));
        Assert.Contains("smaller than the dilated kernel", ex.Message);
    }
}
