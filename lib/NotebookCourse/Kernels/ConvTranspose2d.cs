namespace NotebookCourse.Kernels;

/// <summary>
/// conv_transpose2d on NCHW buffers, expressed through the convolution it is the data-gradient of. Use
/// <see cref="Conv2dGeometry.ForTranspose"/>: x (N, inC, H, W) is that geometry's <i>output</i> side, y
/// (N, outC, OH, OW) its <i>input</i> side, and w (inC, outC/groups, KH, KW) is its weight, unchanged.
/// </summary>
/// <example><code>var g = Conv2dGeometry.ForTranspose(8, 16, 7, 7, 8, 4, 4, 2, 2, 1, 1); ConvTranspose2d.Forward(g, x, w, b, y);</code></example>
public static class ConvTranspose2d
{
    /// <summary>y = conv_transpose(x, w) + bias (bias has outC entries, may be empty). y is overwritten.</summary>
    public static void Forward(in Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w,
        ReadOnlySpan<float> bias, Span<float> y)
    {
        Conv2d.BackwardData(g, x, w, y);
        if (bias.IsEmpty) return;
        Conv2d.Check(g, "conv_transpose2d forward", bias.Length, g.C, "bias");
        int hw = g.H * g.W;
        for (int n = 0; n < g.N; n++)
            for (int c = 0; c < g.C; c++)
            {
                var plane = y.Slice((n * g.C + c) * hw, hw);
                System.Numerics.Tensors.TensorPrimitives.Add(plane, bias[c], plane);
            }
    }

    /// <summary>dx (N, inC, H, W) from dy (N, outC, OH, OW): a plain convolution. dx is overwritten.</summary>
    public static void BackwardData(in Conv2dGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx)
        => Conv2d.Forward(g, dy, w, ReadOnlySpan<float>.Empty, dx);

    /// <summary>dw (inC, outC/groups, KH, KW); overwritten unless <paramref name="accumulate"/>.</summary>
    public static void BackwardWeight(in Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        Span<float> dw, bool accumulate = false)
        => Conv2d.BackwardWeight(g, dy, x, dw, accumulate);

    /// <summary>db[c] = Σ dy[n, c, :, :] over outC channels; overwritten unless <paramref name="accumulate"/>.</summary>
    public static void BackwardBias(in Conv2dGeometry g, ReadOnlySpan<float> dy, Span<float> db, bool accumulate = false)
    {
        Conv2d.Check(g, "conv_transpose2d bias backward", dy.Length, g.InputSize, "output gradient");
        Conv2d.ChannelSums(dy, g.N, g.C, g.H * g.W, db, accumulate);
    }
}
