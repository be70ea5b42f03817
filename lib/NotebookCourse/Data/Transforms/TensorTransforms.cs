using NotebookCourse.Tensors;

namespace NotebookCourse.Data;

/// <summary>
/// Transforms applied to tensors from a notebook: one image (C, H, W) or a batch (N, C, H, W), with randomness
/// from a <see cref="torch.Generator"/> (the global one by default, so <c>torch.manual_seed</c> fixes the result)
/// or from an explicit seed. Each image of a batch gets its own random draw.
/// </summary>
/// <example><code>
/// torch.manual_seed(0);
/// var flipped = new RandomHorizontalFlip(p: 1).Apply(X);            // X: (16, 1, 28, 28)
/// var noisy = new GaussianNoise(0.1).Apply(X, seed: 7);             // same seed, same noise
/// </code></example>
public static class TensorTransforms
{
    /// <summary>
    /// Applies <paramref name="transform"/> to an image (C, H, W) or to every image of a batch (N, C, H, W).
    /// One 64-bit seed is drawn from <paramref name="generator"/> (the global generator when null).
    /// </summary>
    public static Tensor Apply(this ITransform transform, Tensor images, torch.Generator? generator = null) =>
        transform.Apply(images, (generator ?? torch.default_generator).NextUInt64());

    /// <summary>Applies <paramref name="transform"/> with randomness fixed by <paramref name="seed"/> alone.</summary>
    public static Tensor Apply(this ITransform transform, Tensor images, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(images);
        var shape = images.shape;
        if (shape.Length is not (3 or 4))
        {
            throw new ArgumentException(
                $"{transform}: expects an image (C, H, W) or a batch (N, C, H, W), got shape ({string.Join(", ", shape)}); " +
                "add the channel axis with .unsqueeze(0) (one image) or .unsqueeze(1) (a batch of H×W images)");
        }
        if (images.dtype != DType.float32)
            throw new ArgumentException($"{transform}: expects float32 pixels, got {images.dtype}; convert with .to(torch.float32)");
        var values = images.ToArray<float>();
        bool batched = shape.Length == 4;
        int n = batched ? shape[0] : 1;
        int[] imageShape = batched ? shape[1..] : shape;
        int size = values.Length / Math.Max(n, 1);
        var samples = new Sample[n];
        for (int i = 0; i < n; i++)
        {
            var one = new Sample(values.AsSpan(i * size, size).ToArray(), (int[])imageShape.Clone(), -1);
            samples[i] = transform.Apply(one, Rng.Derive(seed, i));
        }
        if (n == 0) return images.clone();
        var batch = Batch.Collate(samples, Enumerable.Range(0, n).ToArray(), transform.ToString() ?? "transform");
        return batched ? batch.X : batch.X.squeeze(0);
    }
}
