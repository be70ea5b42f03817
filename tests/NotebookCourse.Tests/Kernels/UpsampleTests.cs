using NotebookCourse.Kernels;
using static NotebookCourse.Tests.Kernels.KernelTestUtil;

namespace NotebookCourse.Tests.Kernels;

public class UpsampleTests
{
    [Theory]
    [InlineData(4, 5, 8, 10)]
    [InlineData(5, 3, 7, 11)]
    [InlineData(6, 6, 4, 3)] // downsampling
    public void NearestCopiesFloorSourceAndBackwardIsAdjoint(int h, int w, int oh, int ow)
    {
        var rng = new Random(h + 10 * oh);
        int n = 2, c = 2;
        var x = Rand(rng, n * c * h * w);
        var y = new float[n * c * oh * ow];
        Upsample.NearestForward(n, c, h, w, oh, ow, x, y);
        for (int pl = 0; pl < n * c; pl++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    Assert.Equal(x[pl * h * w + i * h / oh * w + j * w / ow], y[pl * oh * ow + i * ow + j]);
        var dy = Rand(rng, y.Length);
        var dx = new float[x.Length];
        Upsample.NearestBackward(n, c, h, w, oh, ow, dy, dx);
        SameInner(Dot(y, dy), Dot(x, dx), AbsSum(y, dy) + 1, "upsample_nearest2d backward");
    }

    static double Source(int dst, int size, int outSize, bool align)
    {
        if (align) return outSize > 1 ? dst * (double)(size - 1) / (outSize - 1) : 0;
        return Math.Max((dst + 0.5) * size / outSize - 0.5, 0);
    }

    [Theory]
    [InlineData(4, 5, 8, 10, false)]
    [InlineData(4, 5, 8, 10, true)]
    [InlineData(5, 3, 7, 11, false)]
    [InlineData(5, 3, 7, 11, true)]
    [InlineData(6, 7, 3, 2, false)]
    [InlineData(3, 3, 1, 1, true)]
    public void BilinearMatchesDefinitionAndBackwardIsAdjoint(int h, int w, int oh, int ow, bool align)
    {
        var rng = new Random(h * 3 + ow + (align ? 1 : 0));
        int n = 2, c = 2;
        var x = Rand(rng, n * c * h * w);
        var y = new float[n * c * oh * ow];
        Upsample.BilinearForward(n, c, h, w, oh, ow, align, x, y);
        var expected = new double[y.Length];
        for (int pl = 0; pl < n * c; pl++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    double sy = Source(i, h, oh, align), sx = Source(j, w, ow, align);
                    int y0 = Math.Min((int)sy, h - 1), x0 = Math.Min((int)sx, w - 1);
                    int y1 = Math.Min(y0 + 1, h - 1), x1 = Math.Min(x0 + 1, w - 1);
                    double ly = sy - y0, lx = sx - x0;
                    double V(int a, int b) => x[pl * h * w + a * w + b];
                    expected[pl * oh * ow + i * ow + j] = (1 - ly) * ((1 - lx) * V(y0, x0) + lx * V(y0, x1)) +
                                                          ly * ((1 - lx) * V(y1, x0) + lx * V(y1, x1));
                }
        Close(expected, y, 1e-5, "upsample_bilinear2d forward");
        var dy = Rand(rng, y.Length);
        var dx = new float[x.Length];
        Upsample.BilinearBackward(n, c, h, w, oh, ow, align, dy, dx);
        SameInner(Dot(y, dy), Dot(x, dx), AbsSum(y, dy) + 1, "upsample_bilinear2d backward");
    }

    [Fact]
    public void AlignCornersKeepsCornerPixels()
    {
        var x = new float[] { 1, 2, 3, 4 };
        var y = new float[9];
        Upsample.BilinearForward(1, 1, 2, 2, 3, 3, true, x, y);
        Assert.Equal(new float[] { 1, 1.5f, 2, 2, 2.5f, 3, 3, 3.5f, 4 }, y);
    }
}
