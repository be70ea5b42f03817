namespace NotebookCourse.Kernels;

/// <summary>
/// im2col / col2im for one image and one channel group. The column matrix has ColRows = Cg·KH·KW rows and
/// P = OH·OW columns: row (c·KH + i)·KW + j, column oh·OW + ow holds x[c, oh·sH − pH + i·dH, ow·sW − pW + j·dW]
/// (zero outside the image), so conv = W(K, ColRows) · col.
/// </summary>
public static class Im2Col
{
    /// <summary>Fills col (ColRows × P) from x (Cg channels of H×W).</summary>
    public static void Forward(in Conv2dGeometry g, ReadOnlySpan<float> x, Span<float> col) => Forward(g, x, col, g.P);

    /// <summary>
    /// Fills the ColRows × P block of a wider column matrix whose rows are <paramref name="ldcol"/> apart, so that
    /// several images can sit side by side (image b at column offset b·P) and share one GEMM.
    /// </summary>
    public static void Forward(in Conv2dGeometry g, ReadOnlySpan<float> x, Span<float> col, int ldcol)
    {
        int oh = g.OH, ow = g.OW, hw = g.H * g.W;
        for (int c = 0; c < g.Cg; c++)
        {
            var plane = x.Slice(c * hw, hw);
            for (int i = 0; i < g.KH; i++)
                for (int j = 0; j < g.KW; j++)
                {
                    var row = col.Slice(((c * g.KH + i) * g.KW + j) * ldcol, g.P);
                    ValidRange(j * g.DilW - g.PadW, g.StrideW, g.W, ow, out int lo, out int hi);
                    for (int y = 0; y < oh; y++)
                    {
                        var dst = row.Slice(y * ow, ow);
                        int ih = y * g.StrideH - g.PadH + i * g.DilH;
                        if ((uint)ih >= (uint)g.H || lo >= hi) { dst.Clear(); continue; }
                        dst[..lo].Clear();
                        dst[hi..].Clear();
                        int iw0 = lo * g.StrideW + j * g.DilW - g.PadW;
                        var src = plane.Slice(ih * g.W);
                        if (g.StrideW == 1) src.Slice(iw0, hi - lo).CopyTo(dst[lo..hi]);
                        else for (int q = lo, iw = iw0; q < hi; q++, iw += g.StrideW) dst[q] = src[iw];
                    }
                }
        }
    }

    /// <summary>Adds col (ColRows × P) back into dx (Cg channels of H×W): the adjoint of <see cref="Forward"/>.</summary>
    public static void BackwardAccumulate(in Conv2dGeometry g, ReadOnlySpan<float> col, Span<float> dx)
        => BackwardAccumulate(g, col, dx, g.P);

    /// <summary>col2im from a ColRows × P block whose rows are <paramref name="ldcol"/> apart.</summary>
    public static void BackwardAccumulate(in Conv2dGeometry g, ReadOnlySpan<float> col, Span<float> dx, int ldcol)
    {
        int oh = g.OH, ow = g.OW, hw = g.H * g.W;
        for (int c = 0; c < g.Cg; c++)
        {
            var plane = dx.Slice(c * hw, hw);
            for (int i = 0; i < g.KH; i++)
                for (int j = 0; j < g.KW; j++)
                {
                    var row = col.Slice(((c * g.KH + i) * g.KW + j) * ldcol, g.P);
                    ValidRange(j * g.DilW - g.PadW, g.StrideW, g.W, ow, out int lo, out int hi);
                    if (lo >= hi) continue;
                    for (int y = 0; y < oh; y++)
                    {
                        int ih = y * g.StrideH - g.PadH + i * g.DilH;
                        if ((uint)ih >= (uint)g.H) continue;
                        var src = row.Slice(y * ow, ow);
                        var dst = plane.Slice(ih * g.W);
                        int iw = lo * g.StrideW + j * g.DilW - g.PadW;
                        if (g.StrideW == 1)
                        {
                            var d = dst.Slice(iw, hi - lo);
                            System.Numerics.Tensors.TensorPrimitives.Add(d, src[lo..hi], d);
                        }
                        else for (int q = lo; q < hi; q++, iw += g.StrideW) dst[iw] += src[q];
                    }
                }
        }
    }

    /// <summary>Output columns [lo, hi) whose input column q·stride + offset lies inside [0, size).</summary>
    static void ValidRange(int offset, int stride, int size, int count, out int lo, out int hi)
    {
        // q·stride + offset ≥ 0  ⇔  q ≥ ceil(−offset / stride)
        lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        // q·stride + offset ≤ size − 1  ⇔  q ≤ floor((size − 1 − offset) / stride)
        int last = size - 1 - offset;
        hi = last < 0 ? 0 : Math.Min(count, last / stride + 1);
        if (lo > count) lo = count;
        if (hi < lo) hi = lo;
    }
}
