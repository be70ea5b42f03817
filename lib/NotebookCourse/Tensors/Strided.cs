namespace NotebookCourse.Tensors;

/// <summary>
/// Copy kernels between strided views and contiguous buffers. The innermost dim runs as a tight loop
/// (a block copy when its stride is 1); outer dims advance an index counter, so no per-element index math.
/// </summary>
internal static class Strided
{
    /// <summary>Advances the outer-dim counter (all dims but the last) by one row; returns the new storage position.</summary>
    internal static int Next(Span<int> idx, int[] shape, int[] strides, int p)
    {
        for (int d = shape.Length - 2; d >= 0; d--)
        {
            idx[d]++; p += strides[d];
            if (idx[d] < shape[d]) return p;
            p -= strides[d] * shape[d]; idx[d] = 0;
        }
        return p;
    }

    /// <summary>Reads the strided view (src, off, shape, strides) into contiguous <paramref name="dst"/>.</summary>
    public static void Gather<T>(T[] src, int off, int[] shape, int[] strides, Span<T> dst)
    {
        int nd = shape.Length;
        if (nd == 0) { dst[0] = src[off]; return; }
        int inner = shape[nd - 1], si = strides[nd - 1];
        int total = dst.Length;
        if (total == 0) return;
        Span<int> idx = stackalloc int[nd];
        int p = off, o = 0;
        while (true)
        {
            if (si == 1) src.AsSpan(p, inner).CopyTo(dst.Slice(o, inner));
            else { int q = p; for (int j = 0; j < inner; j++, q += si) dst[o + j] = src[q]; }
            o += inner;
            if (o >= total) return;
            p = Next(idx, shape, strides, p);
        }
    }

    /// <summary>Writes contiguous <paramref name="src"/> (same element count) into the strided view.</summary>
    public static void Scatter<T>(ReadOnlySpan<T> src, T[] dst, int off, int[] shape, int[] strides)
    {
        int nd = shape.Length;
        if (nd == 0) { dst[off] = src[0]; return; }
        int inner = shape[nd - 1], si = strides[nd - 1];
        int total = src.Length;
        if (total == 0) return;
        Span<int> idx = stackalloc int[nd];
        int p = off, o = 0;
        while (true)
        {
            if (si == 1) src.Slice(o, inner).CopyTo(dst.AsSpan(p, inner));
            else { int q = p; for (int j = 0; j < inner; j++, q += si) dst[q] = src[o + j]; }
            o += inner;
            if (o >= total) return;
            p = Next(idx, shape, strides, p);
        }
    }
}
