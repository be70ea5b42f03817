using NotebookCourse.Tensors;

namespace NotebookCourse.Viz;

/// <summary>Reads tensors into the plain arrays figures store, with errors that say which shape was expected.</summary>
internal static class TensorValues
{
    /// <summary>The values of a tensor with at most one dimension larger than 1 (a series), as doubles.</summary>
    public static double[] Series(Tensor t, string op)
    {
        ArgumentNullException.ThrowIfNull(t, op);
        var shape = t.shape;
        if (shape.Count(d => d > 1) > 1)
        {
            throw new ArgumentException(
                $"{op}: expects a 1-D tensor, got shape ({string.Join(", ", shape)}); " +
                "pick one row with x[i] / x.select(0, i), or flatten it with x.flatten()");
        }
        return t.ToArray<double>();
    }

    /// <summary>A 2-D tensor as a matrix of doubles.</summary>
    public static double[,] Matrix(Tensor t, string op)
    {
        ArgumentNullException.ThrowIfNull(t, op);
        var shape = t.shape;
        if (shape.Length != 2)
            throw new ArgumentException($"{op}: expects a 2-D tensor (rows, columns), got shape ({string.Join(", ", shape)})");
        var v = t.ToArray<double>();
        var m = new double[shape[0], shape[1]];
        for (int r = 0; r < shape[0]; r++)
            for (int c = 0; c < shape[1]; c++)
                m[r, c] = v[r * shape[1] + c];
        return m;
    }

    /// <summary>
    /// Splits a batch of images into one float array per image: (N, C, H, W) with C = 1 or 3, or (N, H, W).
    /// Returns the arrays and the shape of one image for <see cref="ImageGrid"/>.
    /// </summary>
    public static (List<float[]> Images, int[] Shape) ImageBatch(Tensor t, string op)
    {
        ArgumentNullException.ThrowIfNull(t, op);
        var shape = t.shape;
        bool ok = shape.Length == 3 || shape.Length == 4 && shape[1] is 1 or 3;
        if (!ok)
        {
            throw new ArgumentException(
                $"{op}: expects a batch of images (N, C, H, W) with C = 1 or 3, or (N, H, W), got shape ({string.Join(", ", shape)}); " +
                "for a single image use Plot.Image, or add the batch axis with .unsqueeze(0)");
        }
        int n = shape[0];
        int[] one = shape[1..];
        var values = t.ToArray<float>();
        int size = n == 0 ? 0 : values.Length / n;
        var images = new List<float[]>(n);
        for (int i = 0; i < n; i++) images.Add(values.AsSpan(i * size, size).ToArray());
        return (images, one);
    }
}
