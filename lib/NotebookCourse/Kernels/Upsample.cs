using System.Buffers;

namespace NotebookCourse.Kernels;

/// <summary>
/// Nearest and bilinear resizing of NCHW buffers (N, C, H, W) → (N, C, OH, OW) with PyTorch's source-index rules:
/// nearest takes ⌊dst·H/OH⌋; bilinear maps dst to (dst + ½)·H/OH − ½ (clamped at 0), or to dst·(H−1)/(OH−1) with
/// alignCorners.
/// </summary>
public static class Upsample
{
    /// <summary>y[.., i, j] = x[.., ⌊i·H/OH⌋, ⌊j·W/OW⌋]. y is overwritten.</summary>
    public static void NearestForward(int n, int c, int h, int w, int oh, int ow, ReadOnlySpan<float> x, Span<float> y)
    {
        Check("upsample_nearest2d", n, c, h, w, oh, ow, x.Length, y.Length);
        int[] rows = NearestIndex(h, oh), cols = NearestIndex(w, ow);
        for (long p = 0; p < (long)n * c; p++)
        {
            var xs = x.Slice((int)(p * h * w), h * w);
            var ys = y.Slice((int)(p * oh * ow), oh * ow);
            for (int i = 0; i < oh; i++)
            {
                var src = xs.Slice(rows[i] * w, w);
                var dst = ys.Slice(i * ow, ow);
                for (int j = 0; j < ow; j++) dst[j] = src[cols[j]];
            }
        }
        ArrayPool<int>.Shared.Return(rows); ArrayPool<int>.Shared.Return(cols);
    }

    /// <summary>dx = sum of dy over the output pixels that copied each input pixel. dx is overwritten.</summary>
    public static void NearestBackward(int n, int c, int h, int w, int oh, int ow, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Check("upsample_nearest2d backward", n, c, h, w, oh, ow, dx.Length, dy.Length);
        int[] rows = NearestIndex(h, oh), cols = NearestIndex(w, ow);
        dx[..(n * c * h * w)].Clear();
        for (long p = 0; p < (long)n * c; p++)
        {
            var d = dx.Slice((int)(p * h * w), h * w);
            var gy = dy.Slice((int)(p * oh * ow), oh * ow);
            for (int i = 0; i < oh; i++)
            {
                var dst = d.Slice(rows[i] * w, w);
                var src = gy.Slice(i * ow, ow);
                for (int j = 0; j < ow; j++) dst[cols[j]] += src[j];
            }
        }
        ArrayPool<int>.Shared.Return(rows); ArrayPool<int>.Shared.Return(cols);
    }

    /// <summary>Bilinear interpolation (align_corners false or true). y is overwritten.</summary>
    public static void BilinearForward(int n, int c, int h, int w, int oh, int ow, bool alignCorners,
        ReadOnlySpan<float> x, Span<float> y)
    {
        Check("upsample_bilinear2d", n, c, h, w, oh, ow, x.Length, y.Length);
        var r = Taps.Create(h, oh, alignCorners);
        var q = Taps.Create(w, ow, alignCorners);
        for (long p = 0; p < (long)n * c; p++)
        {
            var xs = x.Slice((int)(p * h * w), h * w);
            var ys = y.Slice((int)(p * oh * ow), oh * ow);
            for (int i = 0; i < oh; i++)
            {
                var top = xs.Slice(r.I0[i] * w, w);
                var bottom = xs.Slice(r.I1[i] * w, w);
                float a1 = r.L1[i], a0 = 1f - a1;
                var dst = ys.Slice(i * ow, ow);
                for (int j = 0; j < ow; j++)
                {
                    int j0 = q.I0[j], j1 = q.I1[j];
                    float b1 = q.L1[j], b0 = 1f - b1;
                    dst[j] = a0 * (b0 * top[j0] + b1 * top[j1]) + a1 * (b0 * bottom[j0] + b1 * bottom[j1]);
                }
            }
        }
        r.Return(); q.Return();
    }

    /// <summary>dx = adjoint of <see cref="BilinearForward"/> applied to dy. dx is overwritten.</summary>
    public static void BilinearBackward(int n, int c, int h, int w, int oh, int ow, bool alignCorners,
        ReadOnlySpan<float> dy, Span<float> dx)
    {
        Check("upsample_bilinear2d backward", n, c, h, w, oh, ow, dx.Length, dy.Length);
        var r = Taps.Create(h, oh, alignCorners);
        var q = Taps.Create(w, ow, alignCorners);
        dx[..(n * c * h * w)].Clear();
        for (long p = 0; p < (long)n * c; p++)
        {
            var d = dx.Slice((int)(p * h * w), h * w);
            var gy = dy.Slice((int)(p * oh * ow), oh * ow);
            for (int i = 0; i < oh; i++)
            {
                var top = d.Slice(r.I0[i] * w, w);
                var bottom = d.Slice(r.I1[i] * w, w);
                float a1 = r.L1[i], a0 = 1f - a1;
                var src = gy.Slice(i * ow, ow);
                for (int j = 0; j < ow; j++)
                {
                    int j0 = q.I0[j], j1 = q.I1[j];
                    float b1 = q.L1[j], b0 = 1f - b1, g = src[j];
                    top[j0] += a0 * b0 * g; top[j1] += a0 * b1 * g;
                    bottom[j0] += a1 * b0 * g; bottom[j1] += a1 * b1 * g;
                }
            }
        }
        r.Return(); q.Return();
    }

    static int[] NearestIndex(int size, int outSize)
    {
        var idx = ArrayPool<int>.Shared.Rent(outSize);
        // float arithmetic on purpose: PyTorch computes the scale in float, and its rounding decides ties.
        float scale = (float)size / outSize;
        for (int i = 0; i < outSize; i++) idx[i] = Math.Min((int)MathF.Floor(i * scale), size - 1);
        return idx;
    }

    /// <summary>For each output index: the two source indices and the weight of the second.</summary>
    readonly struct Taps(int[] i0, int[] i1, float[] l1)
    {
        public readonly int[] I0 = i0, I1 = i1;
        public readonly float[] L1 = l1;

        public static Taps Create(int size, int outSize, bool alignCorners)
        {
            var t = new Taps(ArrayPool<int>.Shared.Rent(outSize), ArrayPool<int>.Shared.Rent(outSize),
                ArrayPool<float>.Shared.Rent(outSize));
            float scale = alignCorners ? (outSize > 1 ? (float)(size - 1) / (outSize - 1) : 0f) : (float)size / outSize;
            for (int i = 0; i < outSize; i++)
            {
                float src = alignCorners ? scale * i : Math.Max(scale * (i + 0.5f) - 0.5f, 0f);
                int s0 = Math.Min((int)src, size - 1);
                t.I0[i] = s0;
                t.I1[i] = s0 < size - 1 ? s0 + 1 : s0;
                t.L1[i] = src - s0;
            }
            return t;
        }

        public void Return()
        {
            ArrayPool<int>.Shared.Return(I0); ArrayPool<int>.Shared.Return(I1); ArrayPool<float>.Shared.Return(L1);
        }
    }

    static void Check(string op, int n, int c, int h, int w, int oh, int ow, int inLen, int outLen)
    {
        if (n < 0 || c <= 0 || h <= 0 || w <= 0 || oh <= 0 || ow <= 0)
            throw new ArgumentException($"{op}: input ({n}, {c}, {h}, {w}) and output size ({oh}, {ow}) must be positive.");
        if (inLen < (long)n * c * h * w || outLen < (long)n * c * oh * ow)
            throw new ArgumentException(
                $"{op}: buffers of {inLen} and {outLen} elements are too small for ({n}, {c}, {h}, {w}) → ({n}, {c}, {oh}, {ow}).");
    }
}
