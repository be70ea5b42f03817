namespace NotebookCourse.Data;

/// <summary>
/// A per-example transform. Random transforms draw only from the <see cref="Rng"/> they are given, so the same
/// generator state gives the same output (the loader derives one generator per example and epoch).
/// </summary>
public interface ITransform
{
    /// <summary>Returns the transformed example (the input is not modified).</summary>
    Sample Apply(Sample sample, Rng rng);
}

/// <summary>Applies transforms in order.</summary>
/// <example><code>new Compose(new RandomCrop(28, padding: 2), new RandomHorizontalFlip(), new Normalize([0.286f], [0.353f]))</code></example>
public sealed class Compose(params ITransform[] transforms) : ITransform
{
    /// <summary>The transforms, in order.</summary>
    public IReadOnlyList<ITransform> Transforms { get; } = transforms;

    /// <inheritdoc />
    public Sample Apply(Sample sample, Rng rng)
    {
        foreach (var t in Transforms) sample = t.Apply(sample, rng);
        return sample;
    }

    /// <inheritdoc />
    public override string ToString() => $"Compose({string.Join(", ", Transforms)})";
}

/// <summary>Base for transforms of CHW images: checks the shape once and hands over the dimensions.</summary>
public abstract class ImageTransform : ITransform
{
    /// <inheritdoc />
    public Sample Apply(Sample sample, Rng rng)
    {
        if (sample.Shape.Length != 3)
            throw new ArgumentException($"{GetType().Name} expects an image of shape (C, H, W), got ({string.Join(", ", sample.Shape)})");
        var (data, shape) = Apply(sample.Data, sample.Shape[0], sample.Shape[1], sample.Shape[2], rng);
        return sample with { Data = data, Shape = shape };
    }

    /// <summary>Transforms a C×H×W image; returns new values and their shape.</summary>
    protected abstract (float[] Data, int[] Shape) Apply(float[] image, int c, int h, int w, Rng rng);
}
