using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NotebookCourse.Kernels;

/// <summary>
/// im2col / col2im for one image and one channel group. The column matrix has ColRows = Cg·KH·KW rows and
/// P = OH·OW columns: row (c·KH + i)·KW + j, column oh·OW + ow holds x[c, oh·sH − pH + i·dH, ow·sW − pW + j·dW]
/// (zero outside the image), so conv = W(K, ColRows) · col.
/// </summary>
public static unsafe class Im2Col
{
    /// <summary>Fills col (ColRows × P) from x (Cg channels of H×W).</summary>
    public static void Forward(in Conv2dGeometry g, ReadOnlySpan<float> x, Span<float> col) => Forward(g, x, col, g.P);

    /// <summary>
    /// Fills the ColRows × P block of a wider column matrix whose rows are <paramref name="ldcol"/> apart, so that
    /// several images can sit side by side (image b at column offset b·P) and share one GEMM.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(in Conv2dGeometry g, ReadOnlySpan<float> x, Span<float> col, int ldcol)
    {
        if (x.Length < g.Cg * g.H * g.W || col.Length < (long)(g.ColRows - 1) * ldcol + g.P || ldcol < g.P)
            throw new ArgumentException(
                $"im2col: input has {x.Length} elements (needs {g.Cg * g.H * g.W}), column buffer {col.Length} with stride {ldcol} (needs {(long)(g.ColRows - 1) * ldcol + g.P}).");
        int oh = g.OH, ow = g.OW, hw = g.H * g.W;
        fixed (float* px = x) fixed (float* pc = col)
        {
            for (int c = 0; c < g.Cg; c++)
            {
                float* plane = px + (long)c * hw;
                for (int i = 0; i < g.KH; i++)
                    for (int j = 0; j < g.KW; j++)
                    {
                        float* row = pc + (long)((c * g.KH + i) * g.KW + j) * ldcol;
                        ValidRange(j * g.DilW - g.PadW, g.StrideW, g.W, ow, out int lo, out int hi);
                        int iw0 = lo * g.StrideW + j * g.DilW - g.PadW;
                        for (int y = 0; y < oh; y++)
                        {
                            float* dst = row + y * ow;
                            int ih = y * g.StrideH - g.PadH + i * g.DilH;
                            if ((uint)ih >= (uint)g.H || lo >= hi) { Zero(dst, ow); continue; }
                            Zero(dst, lo);
                            Zero(dst + hi, ow - hi);
                            float* src = plane + ih * g.W + iw0;
                            if (g.StrideW == 1) Copy(src, dst + lo, hi - lo);
                            else for (int q = lo, s = 0; q < hi; q++, s += g.StrideW) dst[q] = src[s];
                        }
                    }
            }
        }
    }

    /// <summary>Adds col (ColRows × P) back into dx (Cg channels of H×W): the adjoint of <see cref="Forward"/>.</summary>
    public static void BackwardAccumulate(in Conv2dGeometry g, ReadOnlySpan<float> col, Span<float> dx)
        => BackwardAccumulate(g, col, dx, g.P);

    /// <summary>col2im from a ColRows × P block whose rows are <paramref name="ldcol"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardAccumulate(in Conv2dGeometry g, ReadOnlySpan<float> col, Span<float> dx, int ldcol)
    {
        if (dx.Length < g.Cg * g.H * g.W || col.Length < (long)(g.ColRows - 1) * ldcol + g.P || ldcol < g.P)
            throw new ArgumentException(
                $"col2im: gradient has {dx.Length} elements (needs {g.Cg * g.H * g.W}), column buffer {col.Length} with stride {ldcol} (needs {(long)(g.ColRows - 1) * ldcol + g.P}).");
        int oh = g.OH, ow = g.OW, hw = g.H * g.W;
        fixed (float* pd = dx) fixed (float* pc = col)
        {
            for (int c = 0; c < g.Cg; c++)
            {
                float* plane = pd + (long)c * hw;
                for (int i = 0; i < g.KH; i++)
                    for (int j = 0; j < g.KW; j++)
                    {
                        float* row = pc + (long)((c * g.KH + i) * g.KW + j) * ldcol;
                        ValidRange(j * g.DilW - g.PadW, g.StrideW, g.W, ow, out int lo, out int hi);
                        if (lo >= hi) continue;
                        int iw0 = lo * g.StrideW + j * g.DilW - g.PadW;
                        for (int y = 0; y < oh; y++)
                        {
                            int ih = y * g.StrideH - g.PadH + i * g.DilH;
                            if ((uint)ih >= (uint)g.H) continue;
                            float* src = row + y * ow;
                            float* dst = plane + ih * g.W + iw0;
                            if (g.StrideW == 1) AddTo(src + lo, dst, hi - lo);
                            else for (int q = lo, s = 0; q < hi; q++, s += g.StrideW) dst[s] += src[q];
                        }
                    }
            }
        }
    }

    // Rows are short (often 7–28 floats): inline vector loops beat Span.CopyTo/Clear call overhead here.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Copy(float* src, float* dst, int n)
    {
        int q = 0;
        for (; q + 8 <= n; q += 8) Vector256.Store(Vector256.Load(src + q), dst + q);
        for (; q < n; q++) dst[q] = src[q];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Zero(float* dst, int n)
    {
        int q = 0;
        for (; q + 8 <= n; q += 8) Vector256.Store(Vector256<float>.Zero, dst + q);
        for (; q < n; q++) dst[q] = 0f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void AddTo(float* src, float* dst, int n)
    {
        int q = 0;
        for (; q + 8 <= n; q += 8) Vector256.Store(Vector256.Load(dst + q) + Vector256.Load(src + q), dst + q);
        for (; q < n; q++) dst[q] += src[q];
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
