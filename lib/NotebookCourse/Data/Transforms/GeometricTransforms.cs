namespace NotebookCourse.Data;

/// <summary>Mirrors the image left–right with probability <paramref name="p"/>.</summary>
public sealed class RandomHorizontalFlip(double p = 0.5) : ImageTransform
{
    /// <inheritdoc />
    protected override (float[], int[]) Apply(float[] img, int c, int h, int w, Rng rng) =>
        rng.Bernoulli(p) ? (ImageOps.FlipHorizontal(img, c, h, w), [c, h, w]) : ((float[])img.Clone(), [c, h, w]);

    /// <inheritdoc />
    public override string ToString() => $"RandomHorizontalFlip(p: {p})";
}

/// <summary>Mirrors the image top–bottom with probability <paramref name="p"/>.</summary>
public sealed class RandomVerticalFlip(double p = 0.5) : ImageTransform
{
    /// <inheritdoc />
    protected override (float[], int[]) Apply(float[] img, int c, int h, int w, Rng rng) =>
        rng.Bernoulli(p) ? (ImageOps.FlipVertical(img, c, h, w), [c, h, w]) : ((float[])img.Clone(), [c, h, w]);

    /// <inheritdoc />
    public override string ToString() => $"RandomVerticalFlip(p: {p})";
}

/// <summary>Rotates by an angle drawn uniformly from [-degrees, degrees] (bilinear, about the centre).</summary>
public sealed class RandomRotation(double degrees, float fill = 0f) : ImageTransform
{
    /// <inheritdoc />
    protected override (float[], int[]) Apply(float[] img, int c, int h, int w, Rng rng) =>
        (ImageOps.Affine(img, c, h, w, degrees: rng.Uniform(-degrees, degrees), fill: fill), [c, h, w]);

    /// <inheritdoc />
    public override string ToString() => $"RandomRotation({degrees}°)";
}

/// <summary>Shifts by up to <paramref name="maxFraction"/> of the width/height in each direction (sub-pixel, bilinear).</summary>
public sealed class RandomTranslation(double maxFraction, float fill = 0f) : ImageTransform
{
    /// <inheritdoc />
    protected override (float[], int[]) Apply(float[] img, int c, int h, int w, Rng rng)
    {
        double tx = rng.Uniform(-maxFraction, maxFraction) * w, ty = rng.Uniform(-maxFraction, maxFraction) * h;
        return (ImageOps.Affine(img, c, h, w, tx: tx, ty: ty, fill: fill), [c, h, w]);
    }

    /// <inheritdoc />
    public override string ToString() => $"RandomTranslation({maxFraction})";
}

/// <summary>Zooms about the centre by a factor drawn uniformly from [min, max].</summary>
public sealed class RandomScale(double min, double max, float fill = 0f) : ImageTransform
{
    /// <inheritdoc />
    protected override (float[], int[]) Apply(float[] img, int c, int h, int w, Rng rng) =>
        (ImageOps.Affine(img, c, h, w, scale: rng.Uniform(min, max), fill: fill), [c, h, w]);

    /// <inheritdoc />
    public override string ToString() => $"RandomScale({min}, {max})";
}

/// <summary>Pads by <paramref name="padding"/> pixels, then cuts a random <paramref name="size"/>×<paramref name="size"/> window.</summary>
public sealed class RandomCrop(int size, int padding = 0, float fill = 0f) : ImageTransform
{
    /// <inheritdoc />
    protected override (float[], int[]) Apply(float[] img, int c, int h, int w, Rng rng)
    {
        var src = padding > 0 ? ImageOps.Pad(img, c, h, w, padding, fill) : img;
        int ph = h + 2 * padding, pw = w + 2 * padding;
        if (size > ph || size > pw)
            throw new ArgumentException($"RandomCrop: crop {size}x{size} is larger than the padded image {ph}x{pw}");
        int top = rng.NextInt(ph - size + 1), left = rng.NextInt(pw - size + 1);
        return (ImageOps.Crop(src, c, ph, pw, top, left, size, size), [c, size, size]);
    }

    /// <inheritdoc />
    public override string ToString() => $"RandomCrop({size}, padding: {padding})";
}
