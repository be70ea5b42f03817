using NotebookCourse.Tensors;

namespace NotebookCourse.Vision;

/// <summary>
/// Hand-designed 2-D convolution kernels from classic image processing, as (k, k) float32 tensors. They are written
/// for cross-correlation, which is what <c>conv2d</c> computes (the kernel is not flipped): <see cref="SobelX"/> is
/// positive where the image gets brighter from left to right.
/// </summary>
/// <example><code>var w = ClassicKernels.ToConvWeight(ClassicKernels.SobelX(), ClassicKernels.SobelY()); // (2, 1, 3, 3)</code></example>
public static class ClassicKernels
{
    /// <summary>Horizontal derivative (Sobel): responds to vertical edges.</summary>
    public static Tensor SobelX() => Square("SobelX", -1, 0, 1, -2, 0, 2, -1, 0, 1);

    /// <summary>Vertical derivative (Sobel): responds to horizontal edges (positive where it gets brighter downwards).</summary>
    public static Tensor SobelY() => Square("SobelY", -1, -2, -1, 0, 0, 0, 1, 2, 1);

    /// <summary>4-neighbour Laplacian: zero on flat and linear ramps, large on spots, lines and corners.</summary>
    public static Tensor Laplacian() => Square("Laplacian", 0, 1, 0, 1, -4, 1, 0, 1, 0);

    /// <summary>Sharpening: the pixel plus its difference from its 4 neighbours (weights sum to 1).</summary>
    public static Tensor Sharpen() => Square("Sharpen", 0, -1, 0, -1, 5, -1, 0, -1, 0);

    /// <summary>Emboss: a diagonal derivative plus the pixel itself, which gives a relief look.</summary>
    public static Tensor Emboss() => Square("Emboss", -2, -1, 0, -1, 1, 1, 0, 1, 2);

    /// <summary>The kernel that copies its input (1 in the centre); <paramref name="size"/> must be odd.</summary>
    public static Tensor Identity(int size = 3)
    {
        CheckOdd(size, "Identity");
        var v = new float[size * size];
        v[size * size / 2] = 1f;
        return torch.tensor(v, size, size);
    }

    /// <summary>Box blur: the mean of a size×size window (every weight 1/size²).</summary>
    public static Tensor BoxBlur(int size = 3)
    {
        CheckPositive(size, "BoxBlur");
        return torch.full([size, size], 1f / (size * size));
    }

    /// <summary>Gaussian blur: weights exp(−r²/2σ²) normalised to sum 1; <paramref name="size"/> must be odd.</summary>
    public static Tensor Gaussian(int size = 5, double sigma = 1.0)
    {
        CheckOdd(size, "Gaussian");
        if (!(sigma > 0)) throw new ArgumentException($"ClassicKernels.Gaussian: sigma must be > 0, got {sigma}");
        var v = new float[size * size];
        int c = size / 2;
        double sum = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                double w = Math.Exp(-((x - c) * (x - c) + (y - c) * (y - c)) / (2 * sigma * sigma));
                v[y * size + x] = (float)w;
                sum += w;
            }
        for (int i = 0; i < v.Length; i++) v[i] = (float)(v[i] / sum);
        return torch.tensor(v, size, size);
    }

    /// <summary>
    /// Zero-mean Gabor kernel: a cosine grating of period <paramref name="wavelength"/> pixels across the direction
    /// <paramref name="thetaDegrees"/> (0 = vertical stripes), under a Gaussian window. It responds to textures of
    /// stripes with that orientation and spacing and gives ≈ 0 on flat regions (the mean is removed).
    /// </summary>
    public static Tensor Gabor(int size = 7, double thetaDegrees = 0, double wavelength = 4, double sigma = 2)
    {
        CheckOdd(size, "Gabor");
        if (!(wavelength > 0) || !(sigma > 0))
            throw new ArgumentException($"ClassicKernels.Gabor: wavelength and sigma must be > 0, got {wavelength} and {sigma}");
        double th = thetaDegrees * Math.PI / 180, cos = Math.Cos(th), sin = Math.Sin(th);
        int c = size / 2;
        var w = new double[size * size];
        double mean = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                double u = (x - c) * cos + (y - c) * sin; // coordinate across the stripes
                double r2 = (x - c) * (x - c) + (y - c) * (y - c);
                w[y * size + x] = Math.Exp(-r2 / (2 * sigma * sigma)) * Math.Cos(2 * Math.PI * u / wavelength);
                mean += w[y * size + x];
            }
        mean /= w.Length;
        var v = new float[w.Length];
        for (int i = 0; i < v.Length; i++) v[i] = (float)(w[i] - mean);
        return torch.tensor(v, size, size);
    }

    /// <summary>Stacks (k, k) kernels into a conv2d weight (K, 1, k, k): one output channel per kernel, one input channel.</summary>
    public static Tensor ToConvWeight(params Tensor[] kernels)
    {
        if (kernels.Length == 0) throw new ArgumentException("ClassicKernels.ToConvWeight: give at least one kernel");
        var first = kernels[0].shape;
        for (int i = 0; i < kernels.Length; i++)
        {
            var s = kernels[i].shape;
            if (s.Length != 2 || !s.AsSpan().SequenceEqual(first) || first.Length != 2)
                throw new ArgumentException(
                    $"ClassicKernels.ToConvWeight: every kernel must be 2-D with the shape of the first ({string.Join(", ", first)}); " +
                    $"kernel {i} has shape ({string.Join(", ", s)})");
        }
        return torch.stack(kernels).unsqueeze(1);
    }

    private static Tensor Square(string name, params float[] v)
    {
        int k = (int)Math.Round(Math.Sqrt(v.Length));
        if (k * k != v.Length) throw new InvalidOperationException($"ClassicKernels.{name}: {v.Length} values are not a square");
        return torch.tensor(v, k, k);
    }

    private static void CheckPositive(int size, string op)
    {
        if (size < 1) throw new ArgumentException($"ClassicKernels.{op}: size must be ≥ 1, got {size}");
    }

    private static void CheckOdd(int size, string op)
    {
        CheckPositive(size, op);
        if (size % 2 == 0)
            throw new ArgumentException($"ClassicKernels.{op}: size must be odd so the kernel has a centre pixel, got {size}; use {size + 1}");
    }
}
