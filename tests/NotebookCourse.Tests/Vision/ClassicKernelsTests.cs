using NotebookCourse.Tensors;
using NotebookCourse.Vision;

namespace NotebookCourse.Tests.Vision;

public sealed class ClassicKernelsTests
{
    // Cross-correlation of a (H, W) image with a (k, k) kernel, valid positions only: the definition, written out.
    private static float[,] Correlate(float[,] img, Tensor kernel)
    {
        int k = kernel.size(0), h = img.GetLength(0) - k + 1, w = img.GetLength(1) - k + 1;
        var kv = kernel.ToArray<float>();
        var y = new float[h, w];
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++)
                for (int a = 0; a < k; a++)
                    for (int b = 0; b < k; b++)
                        y[i, j] += img[i + a, j + b] * kv[a * k + b];
        return y;
    }

    private static float[,] Image(int h, int w, Func<int, int, float> f)
    {
        var m = new float[h, w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) m[y, x] = f(y, x);
        return m;
    }

    [Fact]
    public void Sobel_kernels_see_the_edge_across_their_own_direction_only()
    {
        var vertical = Image(6, 6, (y, x) => x >= 3 ? 1f : 0f);   // dark | bright
        var horizontal = Image(6, 6, (y, x) => y >= 3 ? 1f : 0f); // dark over bright
        var gx = Correlate(vertical, ClassicKernels.SobelX());
        Assert.Equal(4f, gx[1, 1]);  // window columns 1..3 straddle the step: (1+2+1)·1
        Assert.Equal(0f, gx[1, 3]);  // all bright: flat
        Assert.Equal(0f, Correlate(vertical, ClassicKernels.SobelY())[1, 1]);
        Assert.Equal(4f, Correlate(horizontal, ClassicKernels.SobelY())[1, 2]);
        Assert.Equal(0f, Correlate(horizontal, ClassicKernels.SobelX())[1, 2]);
    }

    [Fact]
    public void Laplacian_is_zero_on_a_ramp_and_negative_on_a_bright_spot()
    {
        var ramp = Image(5, 5, (y, x) => 0.5f * x + 0.25f * y);
        foreach (var v in Correlate(ramp, ClassicKernels.Laplacian())) Assert.Equal(0f, v, 6);
        var spot = Image(3, 3, (y, x) => y == 1 && x == 1 ? 1f : 0f);
        Assert.Equal(-4f, Correlate(spot, ClassicKernels.Laplacian())[0, 0]);
    }

    [Fact]
    public void Blurs_and_sharpen_sum_to_one_so_flat_images_keep_their_value()
    {
        Assert.Equal(1f, ClassicKernels.BoxBlur(3).sum().item(), 5);
        Assert.Equal(1f, ClassicKernels.BoxBlur(4).sum().item(), 5);
        Assert.Equal(1f, ClassicKernels.Sharpen().sum().item(), 6);
        var g = ClassicKernels.Gaussian(5, 1.0);
        Assert.Equal(1f, g.sum().item(), 5);
        var v = g.ToArray<float>();
        Assert.Equal(v[12], v.Max());                  // peak in the centre
        Assert.Equal(v[0], v[24]);                     // symmetric
        Assert.Equal(MathF.Exp(-0.5f), v[13] / v[12], 5); // one pixel away: exp(−1/2σ²)
    }

    [Fact]
    public void Identity_copies_the_image()
    {
        var img = Image(4, 5, (y, x) => y * 10 + x);
        var y = Correlate(img, ClassicKernels.Identity(3));
        Assert.Equal(img[1, 1], y[0, 0]);
        Assert.Equal(img[2, 3], y[1, 2]);
    }

    [Fact]
    public void Gabor_is_zero_mean_and_prefers_stripes_of_its_orientation()
    {
        var k = ClassicKernels.Gabor(7, thetaDegrees: 0, wavelength: 4, sigma: 2);
        Assert.Equal(0f, k.sum().item(), 4);
        var verticalStripes = Image(7, 7, (y, x) => MathF.Cos(2 * MathF.PI * (x - 3) / 4));
        var horizontalStripes = Image(7, 7, (y, x) => MathF.Cos(2 * MathF.PI * (y - 3) / 4));
        float along = Correlate(verticalStripes, k)[0, 0], across = Correlate(horizontalStripes, k)[0, 0];
        Assert.True(along > 3f, $"response to matching stripes {along}");
        Assert.True(Math.Abs(across) < 0.2f * along, $"matching {along} vs rotated {across}");
        Assert.Equal(0f, Correlate(Image(7, 7, (_, _) => 0.7f), k)[0, 0], 4);
    }

    [Fact]
    public void ToConvWeight_stacks_kernels_as_output_channels()
    {
        var w = ClassicKernels.ToConvWeight(ClassicKernels.SobelX(), ClassicKernels.SobelY());
        Assert.Equal([2, 1, 3, 3], w.shape);
        Assert.Equal(ClassicKernels.SobelY().ToArray<float>(), w[1, 0].ToArray<float>());
        var ex = Assert.Throws<ArgumentException>(() => ClassicKernels.ToConvWeight(ClassicKernels.SobelX(), ClassicKernels.Gaussian(5)));
        Assert.Contains("kernel 1 has shape (5, 5)", ex.Message);
    }

    [Fact]
    public void Even_sizes_are_refused_with_a_suggestion()
    {
        var ex = Assert.Throws<ArgumentException>(() => ClassicKernels.Gaussian(4));
        Assert.Contains("use 5", ex.Message);
        Assert.Throws<ArgumentException>(() => ClassicKernels.BoxBlur(0));
    }
}
