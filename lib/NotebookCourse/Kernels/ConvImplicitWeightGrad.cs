using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookCourse.Kernels;

/// <summary>
/// Weight gradient of a unit-stride "same" convolution on AVX-512 without a column matrix: per image and group,
/// dWᵀ (ColRows × Kg) += Col (ColRows × P) · dYᵀ (P × Kg). Col's 8-row micro-panels are packed straight from the
/// input (shifted rows, padding masked, 8×8 transposes) and dY's from its NCHW rows; the tall side (ColRows) runs
/// along the tile rows so each packed dY element feeds ColRows multiply-adds. One accumulator per worker, reduced
/// and transposed into dW at the end.
/// </summary>
internal static unsafe class ConvImplicitWeightGrad
{
    const int MR = 8, NR = 32, MaxBlock = 256;

    /// <summary>dw (K, Cg, KH, KW) += the gradient. Requires <see cref="ConvImplicitGemm.Applies"/>.</summary>
    public static void Run(in Conv2dGeometry g, float* x, float* dy, float* dw)
    {
        int taps = g.KH * g.KW, p = g.P, pPad = (p + 7) & ~7;
        int rowsPad = (g.ColRows + MR - 1) / MR * MR, colsPad = (g.Kg + NR - 1) / NR * NR;
        int accSize = g.Groups * rowsPad * colsPad;
        // Validity of every (tap, pixel): the same for every image and channel of a "same" convolution.
        using var maskBuf = new ConvImplicitGemm.PinnedScratch(taps * pPad);
        uint* mask = (uint*)maskBuf.Pointer;
        for (int tap = 0; tap < taps; tap++)
        {
            int dh = tap / g.KW * g.DilH - g.PadH, dwd = tap % g.KW * g.DilW - g.PadW;
            for (int q = 0; q < pPad; q++)
            {
                int ih = q / g.W + dh, iw = q % g.W + dwd;
                mask[tap * pPad + q] = q < p && (uint)ih < (uint)g.H && (uint)iw < (uint)g.W ? uint.MaxValue : 0u;
            }
        }
        int blocks = (p + MaxBlock - 1) / MaxBlock;
        int blockLen = ((p + blocks - 1) / blocks + 7) & ~7;
        int workers = KernelThreads.Count(g.N, (long)g.N * g.K * g.P * g.ColRows);
        var accs = new ConvImplicitGemm.PinnedScratch?[workers];
        var geo = g;
        nint ax = (nint)x, ady = (nint)dy, am = (nint)mask;
        KernelThreads.For(g.N, workers, (w, lo, hi) =>
        {
            var acc = new ConvImplicitGemm.PinnedScratch(accSize);
            new Span<float>(acc.Pointer, accSize).Clear();
            accs[w] = acc;
            Images(geo, (float*)ax, (float*)ady, (uint*)am, acc.Pointer, lo, hi, blockLen, rowsPad, colsPad);
        });
        // dW[k, r] += Σ_workers acc[r, k]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Images(in Conv2dGeometry g, float* x, float* dy, uint* mask, float* acc, int lo, int hi,
        int blockLen, int rowsPad, int colsPad)
    {
        int taps = g.KH * g.KW, p = g.P, hw = g.H * g.W, pPad = (p + 7) & ~7;
        long xLen = (long)g.N * g.C * hw;
        using var aBuf = new ConvImplicitGemm.PinnedScratch(rowsPad * blockLen);
        using var bBuf = new ConvImplicitGemm.PinnedScratch(colsPad * blockLen);
        float* pa = aBuf.Pointer, pb = bBuf.Pointer;
        float* rows8 = stackalloc float[64 + 16];
        rows8 = (float*)(((nint)rows8 + 63) & ~(nint)63);
        float* zeros = stackalloc float[MR];
        for (int r = 0; r < MR; r++) zeros[r] = 0f;
        int* doff = stackalloc int[taps];
        for (int tap = 0; tap < taps; tap++)
            doff[tap] = (tap / g.KW * g.DilH - g.PadH) * g.W + (tap % g.KW * g.DilW - g.PadW);
        // Source offset and mask row of every Col row r = c·taps + tap (no divisions in the packing loop).
        int* rowSrc = stackalloc int[g.ColRows], rowMask = stackalloc int[g.ColRows];
        for (int r = 0; r < g.ColRows; r++)
        {
            rowSrc[r] = r / taps * hw + doff[r % taps];
            rowMask[r] = r % taps * pPad;
        }

        for (int n = lo; n < hi; n++)
            for (int gr = 0; gr < g.Groups; gr++)
            {
                float* xg = x + ((long)n * g.C + gr * g.Cg) * hw;
                float* dyg = dy + ((long)n * g.K + gr * g.Kg) * p;
                float* accg = acc + (long)gr * rowsPad * colsPad;
                for (int p0 = 0; p0 < p; p0 += blockLen)
                {
                    int kc = Math.Min(blockLen, p - p0), kcA = (kc + 7) & ~7;
                    // A: Col rows r = c·taps + tap, pixels p0.., as MR-row panels (step-major) via 8×8 transposes.
                    for (int r0 = 0; r0 < (ConvImplicitGemm.Experiment == 4 ? 0 : rowsPad); r0 += MR)
                    {
                        float* dst = pa + (long)r0 * kcA;
                        for (int q = 0; q < kcA; q += 8)
                        {
                            for (int rr = 0; rr < MR; rr++)
                            {
                                int r = r0 + rr;
                                Vector256<float> v = Vector256<float>.Zero;
                                if (r < g.ColRows)
                                {
                                    float* src = xg + rowSrc[r] + p0 + q;
                                    var m = Vector256.Load(mask + rowMask[r] + p0 + q);
                                    long at = src - x;
                                    v = at >= 0 && at + 8 <= xLen
                                        ? (Vector256.Load(src).AsUInt32() & m).AsSingle()
                                        : Avx.MaskLoad(src, m.AsSingle());
                                }
                                Vector256.Store(v, rows8 + rr * 8);
                            }
                            Transpose8x8.Run(rows8, 8, dst + q * MR, MR, 1f);
                        }
                    }
                    // B: dYᵀ for pixels p0.. (rows of dY are contiguous along pixels: the transposed packing).
                    var job = new GemmBlocked.Job(false, true, kc, 1f, null, 0, dyg, p, null, 0, false);
                    if (ConvImplicitGemm.Experiment != 5) GemmPacking.PackB(job, p0, kc, 0, g.Kg, NR, pb);
                    for (int r0 = 0; r0 < (ConvImplicitGemm.Experiment == 3 ? 0 : rowsPad); r0 += MR)
                        for (int j0 = 0; j0 < colsPad; j0 += NR)
                            ConvImplicitGemm.Tile(kc, pa + (long)r0 * kcA, pb + (long)j0 * kc, null,
                                accg + (long)r0 * colsPad + j0, colsPad);
                }
            }
    }
}
