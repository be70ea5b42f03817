using System.Numerics.Tensors;

namespace NotebookCourse.Kernels;

/// <summary>max_pool2d and avg_pool2d on NCHW buffers, shapes per <see cref="Pool2dGeometry"/>.</summary>
public static class Pooling
{
    /// <summary>
    /// y[n,c,oh,ow] = max over the window; indices gets the argmax as a flat offset h·W + w inside the (H, W) plane
    /// (PyTorch's convention), which <see cref="MaxPoolBackward"/> needs. Padding counts as −∞.
    /// </summary>
    public static void MaxPoolForward(in Pool2dGeometry g, ReadOnlySpan<float> x, Span<float> y, Span<int> indices)
    {
        Check(g, "max_pool2d", x.Length, y.Length);
        if (indices.Length < g.OutputSize)
            throw new ArgumentException($"max_pool2d: indices buffer has {indices.Length} elements, needs {g.OutputSize}.");
        if (Pooling2x2.Applies(g)) { Pooling2x2.MaxForward(g, x, y, indices); return; }
        int hw = g.H * g.W, ohw = g.OH * g.OW;
        for (long plane = 0; plane < (long)g.N * g.C; plane++)
        {
            var xs = x.Slice((int)(plane * hw), hw);
            var ys = y.Slice((int)(plane * ohw), ohw);
            var ids = indices.Slice((int)(plane * ohw), ohw);
            for (int oh = 0; oh < g.OH; oh++)
                for (int ow = 0; ow < g.OW; ow++)
                {
                    float best = float.NegativeInfinity;
                    int arg = -1;
                    int h0 = oh * g.StrideH - g.PadH, w0 = ow * g.StrideW - g.PadW;
                    for (int i = 0; i < g.KH; i++)
                    {
                        int ih = h0 + i * g.DilH;
                        if ((uint)ih >= (uint)g.H) continue;
                        for (int j = 0; j < g.KW; j++)
                        {
                            int iw = w0 + j * g.DilW;
                            if ((uint)iw >= (uint)g.W) continue;
                            float v = xs[ih * g.W + iw];
                            // NaN propagates like PyTorch: once seen it wins.
                            if (v > best || float.IsNaN(v) || arg < 0) { best = v; arg = ih * g.W + iw; if (float.IsNaN(v)) goto done; }
                        }
                    }
                done:
                    ys[oh * g.OW + ow] = best;
                    ids[oh * g.OW + ow] = arg;
                }
        }
    }

    /// <summary>dx = scatter-add of dy into the argmax positions. dx is overwritten.</summary>
    public static void MaxPoolBackward(in Pool2dGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<int> indices, Span<float> dx)
    {
        Check(g, "max_pool2d backward", dx.Length, dy.Length);
        if (Pooling2x2.TryMaxBackward(g, dy, indices, dx)) return;
        dx[..(int)g.InputSize].Clear();
        int hw = g.H * g.W, ohw = g.OH * g.OW;
        for (long plane = 0; plane < (long)g.N * g.C; plane++)
        {
            var d = dx.Slice((int)(plane * hw), hw);
            int o = (int)(plane * ohw);
            for (int q = 0; q < ohw; q++) d[indices[o + q]] += dy[o + q];
        }
    }

    /// <summary>
    /// y = window mean. countIncludePad (PyTorch's default) divides by the window clipped to the padded input;
    /// otherwise by the number of real input pixels in it.
    /// </summary>
    public static void AvgPoolForward(in Pool2dGeometry g, ReadOnlySpan<float> x, Span<float> y, bool countIncludePad = true)
    {
        Check(g, "avg_pool2d", x.Length, y.Length);
        RequireNoDilation(g);
        int hw = g.H * g.W, ohw = g.OH * g.OW;
        for (long plane = 0; plane < (long)g.N * g.C; plane++)
        {
            var xs = x.Slice((int)(plane * hw), hw);
            var ys = y.Slice((int)(plane * ohw), ohw);
            for (int oh = 0; oh < g.OH; oh++)
                for (int ow = 0; ow < g.OW; ow++)
                {
                    Window(g, oh, ow, countIncludePad, out int h0, out int h1, out int w0, out int w1, out float inv);
                    float s = 0f;
                    for (int ih = h0; ih < h1; ih++) s += TensorPrimitives.Sum(xs.Slice(ih * g.W + w0, w1 - w0));
                    ys[oh * g.OW + ow] = s * inv;
                }
        }
    }

    /// <summary>dx[window] += dy / divisor: the adjoint of <see cref="AvgPoolForward"/>. dx is overwritten.</summary>
    public static void AvgPoolBackward(in Pool2dGeometry g, ReadOnlySpan<float> dy, Span<float> dx, bool countIncludePad = true)
    {
        Check(g, "avg_pool2d backward", dx.Length, dy.Length);
        RequireNoDilation(g);
        dx[..(int)g.InputSize].Clear();
        int hw = g.H * g.W, ohw = g.OH * g.OW;
        for (long plane = 0; plane < (long)g.N * g.C; plane++)
        {
            var d = dx.Slice((int)(plane * hw), hw);
            var gy = dy.Slice((int)(plane * ohw), ohw);
            for (int oh = 0; oh < g.OH; oh++)
                for (int ow = 0; ow < g.OW; ow++)
                {
                    Window(g, oh, ow, countIncludePad, out int h0, out int h1, out int w0, out int w1, out float inv);
                    float v = gy[oh * g.OW + ow] * inv;
                    for (int ih = h0; ih < h1; ih++)
                    {
                        var row = d.Slice(ih * g.W + w0, w1 - w0);
                        TensorPrimitives.Add(row, v, row);
                    }
                }
        }
    }

    static void Window(in Pool2dGeometry g, int oh, int ow, bool includePad, out int h0, out int h1, out int w0,
        out int w1, out float inv)
    {
        h0 = oh * g.StrideH - g.PadH; w0 = ow * g.StrideW - g.PadW;
        h1 = Math.Min(h0 + g.KH, g.H + g.PadH); w1 = Math.Min(w0 + g.KW, g.W + g.PadW);
        int padded = (h1 - h0) * (w1 - w0);
        h0 = Math.Max(h0, 0); w0 = Math.Max(w0, 0); h1 = Math.Min(h1, g.H); w1 = Math.Min(w1, g.W);
        int count = includePad ? padded : (h1 - h0) * (w1 - w0);
        inv = 1f / count;
    }

    static void RequireNoDilation(in Pool2dGeometry g)
    {
        if (g.DilH != 1 || g.DilW != 1)
            throw new ArgumentException($"avg_pool2d: dilation ({g.DilH}, {g.DilW}) is not supported; use 1.");
    }

    static void Check(in Pool2dGeometry g, string op, int inLen, int outLen)
    {
        if (inLen < g.InputSize || outLen < g.OutputSize)
            throw new ArgumentException(
                $"{op}: buffers of {inLen} and {outLen} elements are too small for input ({g.N}, {g.C}, {g.H}, {g.W}) " +
                $"and output ({g.N}, {g.C}, {g.OH}, {g.OW}).");
    }
}
