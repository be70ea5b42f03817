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
        bool sameRows = IsShiftedPlane(g);
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
                        if (sameRows) { ShiftedPlane(g, plane, row, i, lo, hi, iw0); continue; }
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
    public static void BackwardAccumulate(in Conv2dGeometry g, ReadOnlySpan<float> col, Span<float> dx, int ldcol)
        => BackwardAccumulate(g, col, dx, ldcol, clobberCol: false);

    /// <summary>col2im that may overwrite padding cells of the scratch column buffer (faster for same-size convs).</summary>
    internal static void BackwardAccumulateScratch(in Conv2dGeometry g, Span<float> col, Span<float> dx, int ldcol)
        => BackwardAccumulate(g, col, dx, ldcol, clobberCol: true);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void BackwardAccumulate(in Conv2dGeometry g, ReadOnlySpan<float> col, Span<float> dx, int ldcol, bool clobberCol)
    {
        if (dx.Length < g.Cg * g.H * g.W || col.Length < (long)(g.ColRows - 1) * ldcol + g.P || ldcol < g.P)
            throw new ArgumentException(
                $"col2im: gradient has {dx.Length} elements (needs {g.Cg * g.H * g.W}), column buffer {col.Length} with stride {ldcol} (needs {(long)(g.ColRows - 1) * ldcol + g.P}).");
        int oh = g.OH, ow = g.OW, hw = g.H * g.W;
        bool sameRows = clobberCol && IsShiftedPlane(g);
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
                        if (sameRows) { AddShiftedPlane(g, row, plane, i, lo, hi, iw0); continue; }
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

    // With unit strides and OW = W, a column-matrix row is the input plane shifted by a constant offset, so the
    // valid output rows are one contiguous copy; only the few wrapped-around edge cells per row need fixing.
    static bool IsShiftedPlane(in Conv2dGeometry g) => g.StrideH == 1 && g.StrideW == 1 && g.OW == g.W;

    static void ValidRows(in Conv2dGeometry g, int i, out int y0, out int y1)
    {
        int off = i * g.DilH - g.PadH; // ih = y + off
        y0 = Math.Max(0, -off);
        y1 = Math.Min(g.OH, g.H - off);
        if (y1 < y0) y1 = y0;
    }

    static void ShiftedPlane(in Conv2dGeometry g, float* plane, float* row, int i, int lo, int hi, int iw0)
    {
        int ow = g.OW;
        ValidRows(g, i, out int y0, out int y1);
        if (lo >= hi || y0 >= y1) { Zero(row, g.OH * ow); return; }
        Zero(row, y0 * ow);
        Zero(row + y1 * ow, (g.OH - y1) * ow);
        int ih0 = y0 + i * g.DilH - g.PadH;
        Copy(plane + ih0 * g.W + iw0, row + y0 * ow + lo, (y1 - y0 - 1) * ow + (hi - lo));
        for (int y = y0; y < y1; y++)
        {
            Zero(row + y * ow, lo);
            Zero(row + y * ow + hi, ow - hi);
        }
    }

    static void AddShiftedPlane(in Conv2dGeometry g, float* row, float* plane, int i, int lo, int hi, int iw0)
    {
        int ow = g.OW;
        ValidRows(g, i, out int y0, out int y1);
        if (y0 >= y1) return;
        // The column buffer is scratch: clear its wrapped cells so the single contiguous add brings zeros there.
        for (int y = y0; y < y1; y++)
        {
            Zero(row + y * ow, lo);
            Zero(row + y * ow + hi, ow - hi);
        }
        int ih0 = y0 + i * g.DilH - g.PadH;
        AddTo(row + y0 * ow + lo, plane + ih0 * g.W + iw0, (y1 - y0 - 1) * ow + (hi - lo));
    }

    // Rows are short (often 7–28 floats): inline vector loops beat Span.CopyTo/Clear call overhead here.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Copy(float* src, float* dst, int n)
    {
        if (n < 8) { for (int i = 0; i < n; i++) dst[i] = src[i]; return; }
        int q = 0;
        for (; q + 8 <= n; q += 8) Vector256.Store(Vector256.Load(src + q), dst + q);
        // Tail: one more full vector ending at n; it rewrites a few cells with the same values.
        if (q < n) Vector256.Store(Vector256.Load(src + n - 8), dst + n - 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Zero(float* dst, int n)
    {
        if (n < 8) { for (int i = 0; i < n; i++) dst[i] = 0f; return; }
        int q = 0;
        for (; q + 8 <= n; q += 8) Vector256.Store(Vector256<float>.Zero, dst + q);
        if (q < n) Vector256.Store(Vector256<float>.Zero, dst + n - 8);
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
