namespace NotebookCourse.Kernels;

/// <summary>
/// adaptive_avg_pool2d on NCHW buffers: (N, C, H, W) → (N, C, OH, OW), output cell i averages input rows
/// ⌊i·H/OH⌋ … ⌈(i+1)·H/OH⌉ − 1 (and the same for columns), like PyTorch.
/// </summary>
public static class AdaptivePool
{
    /// <summary>y = mean of each adaptive window. y is overwritten.</summary>
    public static void AvgForward(int n, int c, int h, int w, int oh, int ow, ReadOnlySpan<float> x, Span<float> y)
    {
        Check(n, c, h, w, oh, ow, x.Length, y.Length);
        for (long plane = 0; plane < (long)n * c; plane++)
        {
            var xs = x.Slice((int)(plane * h * w), h * w);
            var ys = y.Slice((int)(plane * oh * ow), oh * ow);
            for (int i = 0; i < oh; i++)
            {
                int h0 = i * h / oh, h1 = ((i + 1) * h + oh - 1) / oh;
                for (int j = 0; j < ow; j++)
                {
                    int w0 = j * w / ow, w1 = ((j + 1) * w + ow - 1) / ow;
                    float s = 0f;
                    for (int ih = h0; ih < h1; ih++)
                        s += System.Numerics.Tensors.TensorPrimitives.Sum(xs.Slice(ih * w + w0, w1 - w0));
                    ys[i * ow + j] = s / ((h1 - h0) * (w1 - w0));
                }
            }
        }
    }

    /// <summary>dx = each dy spread evenly over its window (windows may overlap). dx is overwritten.</summary>
    public static void AvgBackward(int n, int c, int h, int w, int oh, int ow, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Check(n, c, h, w, oh, ow, dx.Length, dy.Length);
        dx[..(n * c * h * w)].Clear();
        for (long plane = 0; plane < (long)n * c; plane++)
        {
            var d = dx.Slice((int)(plane * h * w), h * w);
            var gy = dy.Slice((int)(plane * oh * ow), oh * ow);
            for (int i = 0; i < oh; i++)
            {
                int h0 = i * h / oh, h1 = ((i + 1) * h + oh - 1) / oh;
                for (int j = 0; j < ow; j++)
                {
                    int w0 = j * w / ow, w1 = ((j + 1) * w + ow - 1) / ow;
                    float v = gy[i * ow + j] / ((h1 - h0) * (w1 - w0));
                    for (int ih = h0; ih < h1; ih++)
                    {
                        var row = d.Slice(ih * w + w0, w1 - w0);
                        System.Numerics.Tensors.TensorPrimitives.Add(row, v, row);
                    }
                }
            }
        }
    }

    static void Check(int n, int c, int h, int w, int oh, int ow, int inLen, int outLen)
    {
        if (n < 0 || c <= 0 || h <= 0 || w <= 0 || oh <= 0 || ow <= 0)
            throw new ArgumentException($"adaptive_avg_pool2d: input ({n}, {c}, {h}, {w}) and output size ({oh}, {ow}) must be positive.");
        if (inLen < (long)n * c * h * w || outLen < (long)n * c * oh * ow)
            throw new ArgumentException(
                $"adaptive_avg_pool2d: buffers of {inLen} and {outLen} elements are too small for ({n}, {c}, {h}, {w}) → ({n}, {c}, {oh}, {ow}).");
    }
}
