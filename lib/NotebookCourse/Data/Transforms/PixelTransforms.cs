namespace NotebookCourse.Data;

/// <summary>Per-channel standardisation: (x − mean[c]) / std[c].</summary>
/// <example><code>new Normalize([0.2860f], [0.3530f])   // Fashion-MNIST statistics</code></example>
public sealed class Normalize : ImageTransform
{
    private readonly float[] _mean, _std;

    /// <summary>Creates the transform; one mean and one std per channel (or one for all channels).</summary>
    public Normalize(float[] mean, float[] std)
    {
        if (mean.Length != std.Length || mean.Length == 0)
            throw new ArgumentException($"Normalize: mean and std need the same, non-zero length (got {mean.Length} and {std.Length})");
        foreach (var s in std)
            if (!(s > 0)) throw new ArgumentException($"Normalize: std values must be positive, got {s}");
        _mean = mean; _std = std;
    }

    /// <inheritdoc />
    protected override (float[], int[]) Apply(float[] img, int c, int h, int w, Rng rng)
    {
        if (_mean.Length != 1 && _mean.Length != c)
            throw new ArgumentException($"Normalize: {_mean.Length} channel statistics for an image with {c} channels");
        var r = new float[img.Length];
        int plane = h * w;
        for (int ch = 0; ch < c; ch++)
        {
            float m = _mean[_mean.Length == 1 ? 0 : ch], inv = 1f / _std[_std.Length == 1 ? 0 : ch];
            for (int i = ch * plane; i < (ch + 1) * plane; i++) r[i] = (img[i] - m) * inv;
        }
        return (r, [c, h, w]);
    }

    /// <inheritdoc />
    public override string ToString() => $"Normalize(mean: [{string.Join(", ", _mean)}], std: [{string.Join(", ", _std)}])";
}

/// <summary>
/// Random brightness and contrast: brightness multiplies by b ∈ [1−brightness, 1+brightness]; contrast moves each
/// channel away from (or towards) its mean by c ∈ [1−contrast, 1+contrast].
/// </summary>
public sealed class ColorJitter(double brightness = 0, double contrast = 0) : ImageTransform
{
    /// <inheritdoc />
    protected override (float[], int[]) Apply(float[] img, int c, int h, int w, Rng rng)
    {
        float b = (float)rng.Uniform(1 - brightness, 1 + brightness), k = (float)rng.Uniform(1 - contrast, 1 + contrast);
        var r = new float[img.Length];
        int plane = h * w;
        for (int ch = 0; ch < c; ch++)
        {
            double sum = 0;
            for (int i = ch * plane; i < (ch + 1) * plane; i++) sum += img[i];
            float mean = (float)(sum / plane) * b;
            for (int i = ch * plane; i < (ch + 1) * plane; i++) r[i] = (img[i] * b - mean) * k + mean;
        }
        return (r, [c, h, w]);
    }

    /// <inheritdoc />
    public override string ToString() => $"ColorJitter(brightness: {brightness}, contrast: {contrast})";
}

/// <summary>Adds independent Gaussian noise with standard deviation <paramref name="std"/> to every value.</summary>
public sealed class GaussianNoise(double std) : ITransform
{
    /// <inheritdoc />
    public Sample Apply(Sample sample, Rng rng)
    {
        var r = new float[sample.Data.Length];
        for (int i = 0; i < r.Length; i++) r[i] = sample.Data[i] + (float)(std * rng.NextGaussian());
        return sample with { Data = r };
    }

    /// <inheritdoc />
    public override string ToString() => $"GaussianNoise(std: {std})";
}
