using NotebookCourse.Data;

namespace NotebookCourse.Tests.Data;

public sealed class TransformTests
{
    private static Sample Img(float[] data, int c, int h, int w) => new(data, [c, h, w], 0);

    private static float[] Random(int n, int seed)
    {
        var r = new Rng(seed);
        return Enumerable.Range(0, n).Select(_ => r.NextFloat()).ToArray();
    }

    /// <summary>A 1×h×w image with a centred filled square of side s.</summary>
    private static float[] Square(int h, int w, int s, int cx, int cy)
    {
        var a = new float[h * w];
        for (int y = cy - s / 2; y < cy - s / 2 + s; y++)
            for (int x = cx - s / 2; x < cx - s / 2 + s; x++) a[y * w + x] = 1f;
        return a;
    }

    private static (double X, double Y, double Mass) Centroid(float[] a, int h, int w)
    {
        double m = 0, sx = 0, sy = 0;
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) { m += a[y * w + x]; sx += x * a[y * w + x]; sy += y * a[y * w + x]; }
        return (sx / m, sy / m, m);
    }

    [Fact]
    public void Flips_twice_are_the_identity_and_once_mirror()
    {
        var img = Random(3 * 5 * 7, 1);
        var h = ImageOps.FlipHorizontal(img, 3, 5, 7);
        Assert.Equal(img[(1 * 5 + 2) * 7 + 0], h[(1 * 5 + 2) * 7 + 6]);
        Assert.Equal(img, ImageOps.FlipHorizontal(h, 3, 5, 7));
        var v = ImageOps.FlipVertical(img, 3, 5, 7);
        Assert.Equal(img[(2 * 5 + 0) * 7 + 3], v[(2 * 5 + 4) * 7 + 3]);
        Assert.Equal(img, ImageOps.FlipVertical(v, 3, 5, 7));
        var always = new RandomHorizontalFlip(p: 1);
        Assert.Equal(img, always.Apply(always.Apply(Img(img, 3, 5, 7), new Rng(0)), new Rng(1)).Data);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(45)]
    [InlineData(90)]
    [InlineData(-17)]
    public void Rotating_a_centred_square_keeps_its_area_and_centre(double degrees)
    {
        var sq = Square(41, 41, 15, 20, 20); // odd side: centred exactly on pixel (20, 20), the rotation centre
        var r = ImageOps.Affine(sq, 1, 41, 41, degrees: degrees);
        var (x, y, mass) = Centroid(r, 41, 41);
        Assert.InRange(mass, 225 * 0.98, 225 * 1.02);   // bilinear resampling conserves area closely
        Assert.InRange(x, 19.9, 20.1);
        Assert.InRange(y, 19.9, 20.1);
        if (degrees == 45) Assert.True(r[20 * 41 + 20 + 10] > 0.5f, "a 45° square reaches further along the axes"); // corner now on the x axis
        if (degrees == 45) Assert.True(r[(20 - 9) * 41 + 20 + 9] < 0.01f, "the old corner is empty after 45°");
    }

    [Fact]
    public void Rotation_direction_is_counter_clockwise_on_screen()
    {
        // A dot right of centre moves to above the centre (smaller y) under +90°.
        var img = new float[11 * 11];
        img[5 * 11 + 9] = 1f;
        var r = ImageOps.Affine(img, 1, 11, 11, degrees: 90);
        Assert.Equal(1f, r[1 * 11 + 5], 4);
    }

    [Theory]
    [InlineData(3.0, -2.0)]
    [InlineData(0.5, 1.25)]
    public void Translation_moves_the_centroid_by_the_offset(double tx, double ty)
    {
        var sq = Square(32, 32, 8, 14, 17);
        var (x0, y0, m0) = Centroid(sq, 32, 32);
        var (x1, y1, m1) = Centroid(ImageOps.Affine(sq, 1, 32, 32, tx: tx, ty: ty), 32, 32);
        Assert.Equal(x0 + tx, x1, 3);
        Assert.Equal(y0 + ty, y1, 3);
        Assert.Equal(m0, m1, 3);
    }

    [Fact]
    public void Scaling_by_two_quadruples_the_area()
    {
        var sq = Square(40, 40, 8, 20, 20);
        var (_, _, mass) = Centroid(ImageOps.Affine(sq, 1, 40, 40, scale: 2), 40, 40);
        Assert.InRange(mass, 4 * 64 * 0.95, 4 * 64 * 1.05);
    }

    [Fact]
    public void Normalize_gives_zero_mean_unit_std_per_channel()
    {
        var img = Random(2 * 16 * 16, 5);
        for (int i = 256; i < 512; i++) img[i] = img[i] * 4 + 3;
        double[] mean = new double[2], std = new double[2];
        for (int c = 0; c < 2; c++)
        {
            var p = img.Skip(c * 256).Take(256).ToArray();
            mean[c] = p.Average();
            std[c] = Math.Sqrt(p.Select(v => (v - mean[c]) * (v - mean[c])).Average());
        }
        var n = new Normalize(mean.Select(v => (float)v).ToArray(), std.Select(v => (float)v).ToArray()).Apply(Img(img, 2, 16, 16), new Rng(0)).Data;
        for (int c = 0; c < 2; c++)
        {
            var p = n.Skip(c * 256).Take(256).ToArray();
            double m = p.Average(), s = Math.Sqrt(p.Select(v => (v - m) * (v - m)).Average());
            Assert.Equal(0, m, 4);
            Assert.Equal(1, s, 4);
        }
        Assert.Contains("3 channels", Assert.Throws<ArgumentException>(() => new Normalize([0, 0], [1, 1]).Apply(Img(new float[27], 3, 3, 3), new Rng(0))).Message);
    }

    [Fact]
    public void Random_crop_with_padding_has_the_requested_shape_and_is_a_window_of_the_padded_image()
    {
        var img = Random(28 * 28, 2).Select(v => v + 1f).ToArray(); // strictly positive: padding shows as 0
        var crop = new RandomCrop(28, padding: 4);
        for (int seed = 0; seed < 20; seed++)
        {
            var s = crop.Apply(Img(img, 1, 28, 28), new Rng(seed));
            Assert.Equal([1, 28, 28], s.Shape);
            Assert.Equal(28 * 28, s.Data.Length);
            int zeros = s.Data.Count(v => v == 0f), kept = s.Data.Count(v => v > 0);
            Assert.Equal(784, zeros + kept);
            Assert.True(kept >= 24 * 24);
        }
        Assert.Equal([1, 20, 20], new RandomCrop(20).Apply(Img(img, 1, 28, 28), new Rng(0)).Shape);
    }

    [Fact]
    public void Same_seed_same_output_different_seed_different_output()
    {
        var t = new Compose(new RandomRotation(20), new RandomTranslation(0.1), new RandomScale(0.9, 1.1),
            new RandomHorizontalFlip(), new RandomVerticalFlip(), new ColorJitter(0.3, 0.3), new RandomCrop(16, 2), new GaussianNoise(0.1));
        var img = Img(Random(3 * 16 * 16, 9), 3, 16, 16);
        Assert.Equal(t.Apply(img, new Rng(42)).Data, t.Apply(img, new Rng(42)).Data);
        Assert.NotEqual(t.Apply(img, new Rng(42)).Data, t.Apply(img, new Rng(43)).Data);
    }

    [Fact]
    public void Color_jitter_and_noise_statistics()
    {
        var img = Random(64 * 64, 4);
        double mean0 = img.Average();
        var j = new ColorJitter(contrast: 0.5).Apply(Img(img, 1, 64, 64), new Rng(1)).Data;
        Assert.Equal(mean0, j.Average(), 4); // contrast keeps the mean
        var zero = new float[100_000];
        var noisy = new GaussianNoise(0.2).Apply(new Sample(zero, [zero.Length], 0), new Rng(3)).Data;
        double m = noisy.Average(), sd = Math.Sqrt(noisy.Select(v => (v - m) * (v - m)).Average());
        Assert.InRange(m, -0.005, 0.005);
        Assert.InRange(sd, 0.197, 0.203);
    }

    [Fact]
    public void Image_transforms_reject_non_image_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new RandomRotation(10).Apply(new Sample(new float[2], [2], 0), new Rng(0)));
        Assert.Contains("RandomRotation expects an image of shape (C, H, W), got (2)", e.Message);
    }
}
