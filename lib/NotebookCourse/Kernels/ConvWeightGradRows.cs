using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookCourse.Kernels;

/// <summary>
/// conv2d weight gradient on AVX-512 with one transpose instead of two: per image and group,
/// dWᵀ (ColRows × Kg) += Col (ColRows × P) · dYᵀ (P × Kg). Col is im2col'd per image (shifted rows ANDed with
/// per-tap padding masks, in L2);
/// the micro-kernel broadcasts A straight from 8 Col rows, so only dY is packed (transposed, 32-channel panels).
/// One dWᵀ accumulator per worker, transposed into dW at the end.
/// </summary>
internal static unsafe class ConvWeightGradRows
{
    const int MR = 8, NR = 32, MaxBlock = 256;

    /// <summary>
    /// Measured only on the unit-stride "same" family (where it beats the chunked im2col GEMM, see Kernels/README.md),
    /// so it is used there; the loop itself is general (any stride, dilation, groups). The 32-wide tile spans output
    /// channels, so few of them waste it: 16 channels (16→16 @28²) took 3.7 ms against the im2col GEMM's 2.9.
    /// </summary>
    public static bool Applies(in Conv2dGeometry g) =>
        ConvImplicitGemm.Applies(g) && (long)g.ColRows * g.P <= 1 << 22 && (g.Kg + NR - 1) / NR * NR - g.Kg <= g.Kg / 4;

    /// <summary>dw (K, Cg, KH, KW) += the gradient.</summary>
    public static void Run(in Conv2dGeometry g, float* x, float* dy, float* dw)
    {
        int p = g.P, rowsPad = (g.ColRows + MR - 1) / MR * MR, colsPad = (g.Kg + NR - 1) / NR * NR;
        int accSize = g.Groups * rowsPad * colsPad;
        int taps = g.KH * g.KW, pVec = (p + 15) & ~15;
        // Validity of every (tap, pixel), zero past the last pixel: the same for every image and channel.
        using var maskBuf = new ConvImplicitGemm.PinnedScratch(taps * pVec);
        uint* mask = (uint*)maskBuf.Pointer;
        for (int tap = 0; tap < taps; tap++)
        {
            int dh = tap / g.KW * g.DilH - g.PadH, dwd = tap % g.KW * g.DilW - g.PadW;
            for (int q = 0; q < pVec; q++)
            {
                int ih = q / g.W + dh, iw = q % g.W + dwd;
                mask[tap * pVec + q] = q < p && (uint)ih < (uint)g.H && (uint)iw < (uint)g.W ? uint.MaxValue : 0u;
            }
        }
        nint am = (nint)mask;
        int workers = KernelThreads.Count(g.N, (long)g.N * g.K * g.P * g.ColRows);
        var accs = new ConvImplicitGemm.PinnedScratch?[workers];
        var geo = g;
        nint ax = (nint)x, ady = (nint)dy;
        KernelThreads.For(g.N, workers, (w, lo, hi) =>
        {
            var acc = new ConvImplicitGemm.PinnedScratch(accSize);
            new Span<float>(acc.Pointer, accSize).Clear();
            accs[w] = acc;
            Images(geo, (float*)ax, (float*)ady, (uint*)am, acc.Pointer, lo, hi, rowsPad, colsPad);
        });
        for (int w = 0; w < workers; w++)
        {
            if (accs[w] is not { } acc) continue;
            for (int gr = 0; gr < g.Groups; gr++)
                for (int k = 0; k < g.Kg; k++)
                {
                    float* dst = dw + (long)(gr * g.Kg + k) * g.ColRows;
                    float* src = acc.Pointer + (long)gr * rowsPad * colsPad + k;
                    for (int r = 0; r < g.ColRows; r++) dst[r] += src[(long)r * colsPad];
                }
            acc.Dispose();
        }
    }

    static void Images(in Conv2dGeometry g, float* x, float* dy, uint* mask, float* acc, int lo, int hi, int rowsPad, int colsPad)
    {
        int p = g.P, hw = g.H * g.W;
        int blocks = (p + MaxBlock - 1) / MaxBlock, blockLen = (p + blocks - 1) / blocks;
        using var colBuf = new ConvImplicitGemm.PinnedScratch(g.ColRows * p + p);
        using var bBuf = new ConvImplicitGemm.PinnedScratch(colsPad * blockLen);
        float* col = colBuf.Pointer, zeroRow = col + (long)g.ColRows * p, pb = bBuf.Pointer;
        new Span<float>(zeroRow, p).Clear();
        float** rows = stackalloc float*[MR];
        for (int n = lo; n < hi; n++)
            for (int gr = 0; gr < g.Groups; gr++)
            {
                float* xg = x + ((long)n * g.C + gr * g.Cg) * hw;
                float* dyg = dy + ((long)n * g.K + gr * g.Kg) * p;
                float* accg = acc + (long)gr * rowsPad * colsPad;
                MaskedIm2Col(g, x, xg, mask, col);
                for (int p0 = 0; p0 < p; p0 += blockLen)
                {
                    int kc = Math.Min(blockLen, p - p0);
                    var job = new GemmBlocked.Job(false, true, kc, 1f, null, 0, dyg, p, null, 0, false);
                    GemmPacking.PackB(job, p0, kc, 0, g.Kg, NR, pb);
                    for (int r0 = 0; r0 < rowsPad; r0 += MR)
                    {
                        for (int i = 0; i < MR; i++)
                            rows[i] = (r0 + i < g.ColRows ? col + (long)(r0 + i) * p : zeroRow) + p0;
                        for (int j0 = 0; j0 < colsPad; j0 += NR)
                            Tile(kc, rows, pb + (long)j0 * kc, accg + (long)r0 * colsPad + j0, colsPad);
                    }
                }
            }
    }

    /// <summary>
    /// im2col of one image and group for a unit-stride "same" convolution: each Col row is the input plane shifted by
    /// the tap's offset, ANDed with the tap's validity mask, 16 pixels at a time (no per-row edge fix-ups).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void MaskedIm2Col(in Conv2dGeometry g, float* x, float* xg, uint* mask, float* col)
    {
        int taps = g.KH * g.KW, p = g.P, hw = g.H * g.W, pVec = (p + 15) & ~15, full = p & ~15;
        long xLen = (long)g.N * g.C * hw;
        var tailMask = Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
            Vector512.Create(p - full)).AsUInt32();
        for (int tap = 0; tap < taps; tap++)
        {
            int off = (tap / g.KW * g.DilH - g.PadH) * g.W + (tap % g.KW * g.DilW - g.PadW);
            uint* m = mask + tap * pVec;
            for (int c = 0; c < g.Cg; c++)
            {
                float* src = xg + (long)c * hw + off;
                float* dst = col + (long)(c * taps + tap) * p;
                long at = src - x;
                if (at >= 0 && at + pVec <= xLen)
                {
                    int q = 0;
                    for (; q < full; q += 16)
                        Vector512.Store((Vector512.Load(src + q).AsUInt32() & Vector512.Load(m + q)).AsSingle(), dst + q);
                    if (q < p)
                        Avx512F.MaskStore(dst + q, tailMask.AsSingle(), (Vector512.Load(src + q).AsUInt32() & Vector512.Load(m + q)).AsSingle());
                }
                else
                {
                    for (int q = 0; q < p; q += 16)
                    {
                        var v = Avx512F.MaskLoad(src + q, Vector512.Load(m + q).AsSingle(), Vector512<float>.Zero);
                        if (q + 16 <= p) Vector512.Store(v, dst + q);
                        else Avx512F.MaskStore(dst + q, tailMask.AsSingle(), v);
                    }
                }
            }
        }
    }

    /// <summary>C (8×32) += A·B where A's 8 rows are separate contiguous rows (broadcast per step) and B is packed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Tile(int kc, float** rows, float* b, float* c, int ldc)
    {
        float* a0 = rows[0], a1 = rows[1], a2 = rows[2], a3 = rows[3], a4 = rows[4], a5 = rows[5], a6 = rows[6], a7 = rows[7];
        float* r = c;
        var c00 = Avx512F.LoadVector512(r); var c01 = Avx512F.LoadVector512(r + 16); r += ldc;
        var c10 = Avx512F.LoadVector512(r); var c11 = Avx512F.LoadVector512(r + 16); r += ldc;
        var c20 = Avx512F.LoadVector512(r); var c21 = Avx512F.LoadVector512(r + 16); r += ldc;
        var c30 = Avx512F.LoadVector512(r); var c31 = Avx512F.LoadVector512(r + 16); r += ldc;
        var c40 = Avx512F.LoadVector512(r); var c41 = Avx512F.LoadVector512(r + 16); r += ldc;
        var c50 = Avx512F.LoadVector512(r); var c51 = Avx512F.LoadVector512(r + 16); r += ldc;
        var c60 = Avx512F.LoadVector512(r); var c61 = Avx512F.LoadVector512(r + 16); r += ldc;
        var c70 = Avx512F.LoadVector512(r); var c71 = Avx512F.LoadVector512(r + 16);
        for (int s = 0; s < kc; s++)
        {
            var b0 = Avx512F.LoadVector512(b);
            var b1 = Avx512F.LoadVector512(b + 16);
            var v = Vector512.Create(a0[s]);
            c00 = Avx512F.FusedMultiplyAdd(v, b0, c00); c01 = Avx512F.FusedMultiplyAdd(v, b1, c01);
            v = Vector512.Create(a1[s]);
            c10 = Avx512F.FusedMultiplyAdd(v, b0, c10); c11 = Avx512F.FusedMultiplyAdd(v, b1, c11);
            v = Vector512.Create(a2[s]);
            c20 = Avx512F.FusedMultiplyAdd(v, b0, c20); c21 = Avx512F.FusedMultiplyAdd(v, b1, c21);
            v = Vector512.Create(a3[s]);
            c30 = Avx512F.FusedMultiplyAdd(v, b0, c30); c31 = Avx512F.FusedMultiplyAdd(v, b1, c31);
            v = Vector512.Create(a4[s]);
            c40 = Avx512F.FusedMultiplyAdd(v, b0, c40); c41 = Avx512F.FusedMultiplyAdd(v, b1, c41);
            v = Vector512.Create(a5[s]);
            c50 = Avx512F.FusedMultiplyAdd(v, b0, c50); c51 = Avx512F.FusedMultiplyAdd(v, b1, c51);
            v = Vector512.Create(a6[s]);
            c60 = Avx512F.FusedMultiplyAdd(v, b0, c60); c61 = Avx512F.FusedMultiplyAdd(v, b1, c61);
            v = Vector512.Create(a7[s]);
            c70 = Avx512F.FusedMultiplyAdd(v, b0, c70); c71 = Avx512F.FusedMultiplyAdd(v, b1, c71);
            b += NR;
        }
        r = c;
        Avx512F.Store(r, c00); Avx512F.Store(r + 16, c01); r += ldc;
        Avx512F.Store(r, c10); Avx512F.Store(r + 16, c11); r += ldc;
        Avx512F.Store(r, c20); Avx512F.Store(r + 16, c21); r += ldc;
        Avx512F.Store(r, c30); Avx512F.Store(r + 16, c31); r += ldc;
        Avx512F.Store(r, c40); Avx512F.Store(r + 16, c41); r += ldc;
        Avx512F.Store(r, c50); Avx512F.Store(r + 16, c51); r += ldc;
        Avx512F.Store(r, c60); Avx512F.Store(r + 16, c61); r += ldc;
        Avx512F.Store(r, c70); Avx512F.Store(r + 16, c71);
    }
}
