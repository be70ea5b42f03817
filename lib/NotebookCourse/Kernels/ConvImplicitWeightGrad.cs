using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookCourse.Kernels;

/// <summary>
/// Weight gradient of a unit-stride "same" convolution on AVX-512 without a column matrix or transposes:
/// dW[k, r] = Σₙ Σₚ dY[n, k, p] · Col[r, p], with output pixels along the vector lanes. A register tile holds 8 output
/// channels × 3 Col rows (r = c·KH·KW + tap); Col rows are shifted input rows read with a per-tap padding mask.
/// Images go in chunks small enough that their dY rows stay in L1 while every Col row sweeps them; each worker sums
/// into a private dW, reduced at the end.
/// </summary>
internal static unsafe class ConvImplicitWeightGrad
{
    const int KT = 8, RT = 3, Chunk = 4;

    /// <summary>
    /// Where this beats the im2col GEMM (measured, see Kernels/README.md): few Col rows (first layers: 1–3 input
    /// channels × taps), where the GEMM's tiles are mostly padding. With many Col rows the 14 unaligned loads per 24
    /// FMAs here lose to the packed GEMM's 2 loads + 8 broadcasts per 16 FMAs.
    /// </summary>
    public static bool Applies(in Conv2dGeometry g) => ConvImplicitGemm.Applies(g) && g.ColRows < 64;

    /// <summary>dw (K, Cg, KH, KW) += the gradient. Requires <see cref="Applies"/>.</summary>
    public static void Run(in Conv2dGeometry g, float* x, float* dy, float* dw)
    {
        int taps = g.KH * g.KW, p = g.P, pVec = (p + 15) & ~15;
        int wsize = (int)g.WeightSize;
        // Validity of every (tap, pixel), zero past the last pixel; one extra all-zero row for padding Col rows.
        using var maskBuf = new ConvImplicitGemm.PinnedScratch((taps + 1) * pVec);
        uint* mask = (uint*)maskBuf.Pointer;
        for (int tap = 0; tap <= taps; tap++)
        {
            int dh = tap / g.KW * g.DilH - g.PadH, dwd = tap % g.KW * g.DilW - g.PadW;
            for (int q = 0; q < pVec; q++)
            {
                int ih = q / g.W + dh, iw = q % g.W + dwd;
                mask[tap * pVec + q] = tap < taps && q < p && (uint)ih < (uint)g.H && (uint)iw < (uint)g.W ? uint.MaxValue : 0u;
            }
        }
        int chunks = (g.N + Chunk - 1) / Chunk;
        int workers = KernelThreads.Count(chunks, (long)g.N * g.K * g.P * g.ColRows);
        var accs = new ConvImplicitGemm.PinnedScratch?[workers];
        var geo = g;
        nint ax = (nint)x, ady = (nint)dy, am = (nint)mask, adw = (nint)dw;
        KernelThreads.For(chunks, workers, (w, lo, hi) =>
        {
            float* acc = (float*)adw;
            if (w > 0)
            {
                var own = new ConvImplicitGemm.PinnedScratch(wsize);
                new Span<float>(own.Pointer, wsize).Clear();
                accs[w] = own;
                acc = own.Pointer;
            }
            Chunks(geo, (float*)ax, (float*)ady, (uint*)am, acc, lo * Chunk, Math.Min(geo.N, hi * Chunk));
        });
        for (int w = 1; w < workers; w++)
        {
            if (accs[w] is not { } own) continue;
            System.Numerics.Tensors.TensorPrimitives.Add(new ReadOnlySpan<float>(dw, wsize), new ReadOnlySpan<float>(own.Pointer, wsize), new Span<float>(dw, wsize));
            own.Dispose();
        }
    }

    static void Chunks(in Conv2dGeometry g, float* x, float* dy, uint* mask, float* acc, int nLo, int nHi)
    {
        int taps = g.KH * g.KW, p = g.P, hw = g.H * g.W, pVec = (p + 15) & ~15;
        int full = p & ~15, tail = p - full;
        long xLen = (long)g.N * g.C * hw;
        int* kOff = stackalloc int[KT];
        int* rOff = stackalloc int[RT];
        uint** m = stackalloc uint*[RT];
        for (int gr = 0; gr < g.Groups; gr++)
        {
            float* dyg = dy + (long)gr * g.Kg * p;
            float* xg = x + (long)gr * g.Cg * hw;
            float* accg = acc + (long)gr * g.Kg * g.ColRows;
            for (int n0 = nLo; n0 < nHi; n0 += Chunk)
            {
                int n1 = Math.Min(nHi, n0 + Chunk);
                for (int k0 = 0; k0 < g.Kg; k0 += KT)
                {
                    int kValid = Math.Min(KT, g.Kg - k0);
                    for (int i = 0; i < KT; i++) kOff[i] = (k0 + Math.Min(i, kValid - 1)) * p;
                    for (int r0 = 0; r0 < g.ColRows; r0 += RT)
                    {
                        int rValid = Math.Min(RT, g.ColRows - r0);
                        for (int i = 0; i < RT; i++)
                        {
                            int r = r0 + i, c = r / taps, tap = r - c * taps;
                            bool real = i < rValid;
                            rOff[i] = real ? c * hw + (tap / g.KW * g.DilH - g.PadH) * g.W + (tap % g.KW * g.DilW - g.PadW) : 0;
                            m[i] = mask + (real ? tap : taps) * pVec;
                        }
                        int lo = Math.Min(rOff[0], Math.Min(rOff[1], rOff[2])), hi = Math.Max(rOff[0], Math.Max(rOff[1], rOff[2]));
                        long first = (xg - x) + (long)n0 * g.C * hw + lo, last = (xg - x) + (long)(n1 - 1) * g.C * hw + hi + pVec;
                        if (first >= 0 && last <= xLen)
                            TileInside(dyg, (long)g.K * p, xg, (long)g.C * hw, n0, n1, full, tail, kOff, rOff, m[0], m[1], m[2],
                                accg + (long)k0 * g.ColRows + r0, g.ColRows, kValid, rValid);
                        else
                            TileEdge(dyg, (long)g.K * p, xg, (long)g.C * hw, n0, n1, full, tail, kOff, rOff, m[0], m[1], m[2],
                                accg + (long)k0 * g.ColRows + r0, g.ColRows, kValid, rValid);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Add(float* dst, int rValid, Vector512<float> s0, Vector512<float> s1, Vector512<float> s2)
    {
        dst[0] += Vector512.Sum(s0);
        if (rValid > 1) dst[1] += Vector512.Sum(s1);
        if (rValid > 2) dst[2] += Vector512.Sum(s2);
    }

    // 8 output channels × 3 Col rows of dW over images [n0, n1): pixels run along the vector lanes, so neither operand
    // is transposed; the 24 lane-wise sums are reduced once per call and added to acc[k·ldAcc + r]. TileInside reads
    // x with plain loads and a mask AND (every read inside the buffer); TileEdge with fault-free masked loads.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void TileInside(float* dy, long dyImage, float* x, long xImage, int n0, int n1, int full, int tail,
        int* kOff, int* rOff, uint* m0, uint* m1, uint* m2, float* acc, int ldAcc, int kValid, int rValid)
    {
        Vector512<float> a00, a01, a02, a10, a11, a12, a20, a21, a22, a30, a31, a32, a40, a41, a42, a50, a51, a52, a60, a61, a62, a70, a71, a72;
        a00 = Vector512<float>.Zero; a01 = Vector512<float>.Zero; a02 = Vector512<float>.Zero; a10 = Vector512<float>.Zero; a11 = Vector512<float>.Zero; a12 = Vector512<float>.Zero; a20 = Vector512<float>.Zero; a21 = Vector512<float>.Zero; a22 = Vector512<float>.Zero; a30 = Vector512<float>.Zero; a31 = Vector512<float>.Zero; a32 = Vector512<float>.Zero; a40 = Vector512<float>.Zero; a41 = Vector512<float>.Zero; a42 = Vector512<float>.Zero; a50 = Vector512<float>.Zero; a51 = Vector512<float>.Zero; a52 = Vector512<float>.Zero; a60 = Vector512<float>.Zero; a61 = Vector512<float>.Zero; a62 = Vector512<float>.Zero; a70 = Vector512<float>.Zero; a71 = Vector512<float>.Zero; a72 = Vector512<float>.Zero;
        int k0 = kOff[0], k1 = kOff[1], k2 = kOff[2], k3 = kOff[3], k4 = kOff[4], k5 = kOff[5], k6 = kOff[6], k7 = kOff[7];
        int r0 = rOff[0], r1 = rOff[1], r2 = rOff[2];
        var tailMask = Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(tail)).AsSingle();
        for (int n = n0; n < n1; n++)
        {
            float* di = dy + n * dyImage, xi = x + n * xImage;
            int q = 0;
            for (; q < full; q += 16)
            {
                var x0 = (Vector512.Load(xi + r0 + q).AsUInt32() & Vector512.Load(m0 + q)).AsSingle();
                var x1 = (Vector512.Load(xi + r1 + q).AsUInt32() & Vector512.Load(m1 + q)).AsSingle();
                var x2 = (Vector512.Load(xi + r2 + q).AsUInt32() & Vector512.Load(m2 + q)).AsSingle();
                { var d = Vector512.Load(di + k0 + q); a00 = Avx512F.FusedMultiplyAdd(d, x0, a00); a01 = Avx512F.FusedMultiplyAdd(d, x1, a01); a02 = Avx512F.FusedMultiplyAdd(d, x2, a02); }
                { var d = Vector512.Load(di + k1 + q); a10 = Avx512F.FusedMultiplyAdd(d, x0, a10); a11 = Avx512F.FusedMultiplyAdd(d, x1, a11); a12 = Avx512F.FusedMultiplyAdd(d, x2, a12); }
                { var d = Vector512.Load(di + k2 + q); a20 = Avx512F.FusedMultiplyAdd(d, x0, a20); a21 = Avx512F.FusedMultiplyAdd(d, x1, a21); a22 = Avx512F.FusedMultiplyAdd(d, x2, a22); }
                { var d = Vector512.Load(di + k3 + q); a30 = Avx512F.FusedMultiplyAdd(d, x0, a30); a31 = Avx512F.FusedMultiplyAdd(d, x1, a31); a32 = Avx512F.FusedMultiplyAdd(d, x2, a32); }
                { var d = Vector512.Load(di + k4 + q); a40 = Avx512F.FusedMultiplyAdd(d, x0, a40); a41 = Avx512F.FusedMultiplyAdd(d, x1, a41); a42 = Avx512F.FusedMultiplyAdd(d, x2, a42); }
                { var d = Vector512.Load(di + k5 + q); a50 = Avx512F.FusedMultiplyAdd(d, x0, a50); a51 = Avx512F.FusedMultiplyAdd(d, x1, a51); a52 = Avx512F.FusedMultiplyAdd(d, x2, a52); }
                { var d = Vector512.Load(di + k6 + q); a60 = Avx512F.FusedMultiplyAdd(d, x0, a60); a61 = Avx512F.FusedMultiplyAdd(d, x1, a61); a62 = Avx512F.FusedMultiplyAdd(d, x2, a62); }
                { var d = Vector512.Load(di + k7 + q); a70 = Avx512F.FusedMultiplyAdd(d, x0, a70); a71 = Avx512F.FusedMultiplyAdd(d, x1, a71); a72 = Avx512F.FusedMultiplyAdd(d, x2, a72); }
            }
            if (tail > 0)
            {
                var x0 = (Vector512.Load(xi + r0 + q).AsUInt32() & Vector512.Load(m0 + q)).AsSingle();
                var x1 = (Vector512.Load(xi + r1 + q).AsUInt32() & Vector512.Load(m1 + q)).AsSingle();
                var x2 = (Vector512.Load(xi + r2 + q).AsUInt32() & Vector512.Load(m2 + q)).AsSingle();
                { var d = Avx512F.MaskLoad(di + k0 + q, tailMask, Vector512<float>.Zero); a00 = Avx512F.FusedMultiplyAdd(d, x0, a00); a01 = Avx512F.FusedMultiplyAdd(d, x1, a01); a02 = Avx512F.FusedMultiplyAdd(d, x2, a02); }
                { var d = Avx512F.MaskLoad(di + k1 + q, tailMask, Vector512<float>.Zero); a10 = Avx512F.FusedMultiplyAdd(d, x0, a10); a11 = Avx512F.FusedMultiplyAdd(d, x1, a11); a12 = Avx512F.FusedMultiplyAdd(d, x2, a12); }
                { var d = Avx512F.MaskLoad(di + k2 + q, tailMask, Vector512<float>.Zero); a20 = Avx512F.FusedMultiplyAdd(d, x0, a20); a21 = Avx512F.FusedMultiplyAdd(d, x1, a21); a22 = Avx512F.FusedMultiplyAdd(d, x2, a22); }
                { var d = Avx512F.MaskLoad(di + k3 + q, tailMask, Vector512<float>.Zero); a30 = Avx512F.FusedMultiplyAdd(d, x0, a30); a31 = Avx512F.FusedMultiplyAdd(d, x1, a31); a32 = Avx512F.FusedMultiplyAdd(d, x2, a32); }
                { var d = Avx512F.MaskLoad(di + k4 + q, tailMask, Vector512<float>.Zero); a40 = Avx512F.FusedMultiplyAdd(d, x0, a40); a41 = Avx512F.FusedMultiplyAdd(d, x1, a41); a42 = Avx512F.FusedMultiplyAdd(d, x2, a42); }
                { var d = Avx512F.MaskLoad(di + k5 + q, tailMask, Vector512<float>.Zero); a50 = Avx512F.FusedMultiplyAdd(d, x0, a50); a51 = Avx512F.FusedMultiplyAdd(d, x1, a51); a52 = Avx512F.FusedMultiplyAdd(d, x2, a52); }
                { var d = Avx512F.MaskLoad(di + k6 + q, tailMask, Vector512<float>.Zero); a60 = Avx512F.FusedMultiplyAdd(d, x0, a60); a61 = Avx512F.FusedMultiplyAdd(d, x1, a61); a62 = Avx512F.FusedMultiplyAdd(d, x2, a62); }
                { var d = Avx512F.MaskLoad(di + k7 + q, tailMask, Vector512<float>.Zero); a70 = Avx512F.FusedMultiplyAdd(d, x0, a70); a71 = Avx512F.FusedMultiplyAdd(d, x1, a71); a72 = Avx512F.FusedMultiplyAdd(d, x2, a72); }
            }
        }
        if (kValid > 0) Add(acc + 0 * ldAcc, rValid, a00, a01, a02);
        if (kValid > 1) Add(acc + 1 * ldAcc, rValid, a10, a11, a12);
        if (kValid > 2) Add(acc + 2 * ldAcc, rValid, a20, a21, a22);
        if (kValid > 3) Add(acc + 3 * ldAcc, rValid, a30, a31, a32);
        if (kValid > 4) Add(acc + 4 * ldAcc, rValid, a40, a41, a42);
        if (kValid > 5) Add(acc + 5 * ldAcc, rValid, a50, a51, a52);
        if (kValid > 6) Add(acc + 6 * ldAcc, rValid, a60, a61, a62);
        if (kValid > 7) Add(acc + 7 * ldAcc, rValid, a70, a71, a72);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void TileEdge(float* dy, long dyImage, float* x, long xImage, int n0, int n1, int full, int tail,
        int* kOff, int* rOff, uint* m0, uint* m1, uint* m2, float* acc, int ldAcc, int kValid, int rValid)
    {
        Vector512<float> a00, a01, a02, a10, a11, a12, a20, a21, a22, a30, a31, a32, a40, a41, a42, a50, a51, a52, a60, a61, a62, a70, a71, a72;
        a00 = Vector512<float>.Zero; a01 = Vector512<float>.Zero; a02 = Vector512<float>.Zero; a10 = Vector512<float>.Zero; a11 = Vector512<float>.Zero; a12 = Vector512<float>.Zero; a20 = Vector512<float>.Zero; a21 = Vector512<float>.Zero; a22 = Vector512<float>.Zero; a30 = Vector512<float>.Zero; a31 = Vector512<float>.Zero; a32 = Vector512<float>.Zero; a40 = Vector512<float>.Zero; a41 = Vector512<float>.Zero; a42 = Vector512<float>.Zero; a50 = Vector512<float>.Zero; a51 = Vector512<float>.Zero; a52 = Vector512<float>.Zero; a60 = Vector512<float>.Zero; a61 = Vector512<float>.Zero; a62 = Vector512<float>.Zero; a70 = Vector512<float>.Zero; a71 = Vector512<float>.Zero; a72 = Vector512<float>.Zero;
        int k0 = kOff[0], k1 = kOff[1], k2 = kOff[2], k3 = kOff[3], k4 = kOff[4], k5 = kOff[5], k6 = kOff[6], k7 = kOff[7];
        int r0 = rOff[0], r1 = rOff[1], r2 = rOff[2];
        var tailMask = Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(tail)).AsSingle();
        for (int n = n0; n < n1; n++)
        {
            float* di = dy + n * dyImage, xi = x + n * xImage;
            int q = 0;
            for (; q < full; q += 16)
            {
                var x0 = Avx512F.MaskLoad(xi + r0 + q, Vector512.Load(m0 + q).AsSingle(), Vector512<float>.Zero);
                var x1 = Avx512F.MaskLoad(xi + r1 + q, Vector512.Load(m1 + q).AsSingle(), Vector512<float>.Zero);
                var x2 = Avx512F.MaskLoad(xi + r2 + q, Vector512.Load(m2 + q).AsSingle(), Vector512<float>.Zero);
                { var d = Vector512.Load(di + k0 + q); a00 = Avx512F.FusedMultiplyAdd(d, x0, a00); a01 = Avx512F.FusedMultiplyAdd(d, x1, a01); a02 = Avx512F.FusedMultiplyAdd(d, x2, a02); }
                { var d = Vector512.Load(di + k1 + q); a10 = Avx512F.FusedMultiplyAdd(d, x0, a10); a11 = Avx512F.FusedMultiplyAdd(d, x1, a11); a12 = Avx512F.FusedMultiplyAdd(d, x2, a12); }
                { var d = Vector512.Load(di + k2 + q); a20 = Avx512F.FusedMultiplyAdd(d, x0, a20); a21 = Avx512F.FusedMultiplyAdd(d, x1, a21); a22 = Avx512F.FusedMultiplyAdd(d, x2, a22); }
                { var d = Vector512.Load(di + k3 + q); a30 = Avx512F.FusedMultiplyAdd(d, x0, a30); a31 = Avx512F.FusedMultiplyAdd(d, x1, a31); a32 = Avx512F.FusedMultiplyAdd(d, x2, a32); }
                { var d = Vector512.Load(di + k4 + q); a40 = Avx512F.FusedMultiplyAdd(d, x0, a40); a41 = Avx512F.FusedMultiplyAdd(d, x1, a41); a42 = Avx512F.FusedMultiplyAdd(d, x2, a42); }
                { var d = Vector512.Load(di + k5 + q); a50 = Avx512F.FusedMultiplyAdd(d, x0, a50); a51 = Avx512F.FusedMultiplyAdd(d, x1, a51); a52 = Avx512F.FusedMultiplyAdd(d, x2, a52); }
                { var d = Vector512.Load(di + k6 + q); a60 = Avx512F.FusedMultiplyAdd(d, x0, a60); a61 = Avx512F.FusedMultiplyAdd(d, x1, a61); a62 = Avx512F.FusedMultiplyAdd(d, x2, a62); }
                { var d = Vector512.Load(di + k7 + q); a70 = Avx512F.FusedMultiplyAdd(d, x0, a70); a71 = Avx512F.FusedMultiplyAdd(d, x1, a71); a72 = Avx512F.FusedMultiplyAdd(d, x2, a72); }
            }
            if (tail > 0)
            {
                var x0 = Avx512F.MaskLoad(xi + r0 + q, Vector512.Load(m0 + q).AsSingle(), Vector512<float>.Zero);
                var x1 = Avx512F.MaskLoad(xi + r1 + q, Vector512.Load(m1 + q).AsSingle(), Vector512<float>.Zero);
                var x2 = Avx512F.MaskLoad(xi + r2 + q, Vector512.Load(m2 + q).AsSingle(), Vector512<float>.Zero);
                { var d = Avx512F.MaskLoad(di + k0 + q, tailMask, Vector512<float>.Zero); a00 = Avx512F.FusedMultiplyAdd(d, x0, a00); a01 = Avx512F.FusedMultiplyAdd(d, x1, a01); a02 = Avx512F.FusedMultiplyAdd(d, x2, a02); }
                { var d = Avx512F.MaskLoad(di + k1 + q, tailMask, Vector512<float>.Zero); a10 = Avx512F.FusedMultiplyAdd(d, x0, a10); a11 = Avx512F.FusedMultiplyAdd(d, x1, a11); a12 = Avx512F.FusedMultiplyAdd(d, x2, a12); }
                { var d = Avx512F.MaskLoad(di + k2 + q, tailMask, Vector512<float>.Zero); a20 = Avx512F.FusedMultiplyAdd(d, x0, a20); a21 = Avx512F.FusedMultiplyAdd(d, x1, a21); a22 = Avx512F.FusedMultiplyAdd(d, x2, a22); }
                { var d = Avx512F.MaskLoad(di + k3 + q, tailMask, Vector512<float>.Zero); a30 = Avx512F.FusedMultiplyAdd(d, x0, a30); a31 = Avx512F.FusedMultiplyAdd(d, x1, a31); a32 = Avx512F.FusedMultiplyAdd(d, x2, a32); }
                { var d = Avx512F.MaskLoad(di + k4 + q, tailMask, Vector512<float>.Zero); a40 = Avx512F.FusedMultiplyAdd(d, x0, a40); a41 = Avx512F.FusedMultiplyAdd(d, x1, a41); a42 = Avx512F.FusedMultiplyAdd(d, x2, a42); }
                { var d = Avx512F.MaskLoad(di + k5 + q, tailMask, Vector512<float>.Zero); a50 = Avx512F.FusedMultiplyAdd(d, x0, a50); a51 = Avx512F.FusedMultiplyAdd(d, x1, a51); a52 = Avx512F.FusedMultiplyAdd(d, x2, a52); }
                { var d = Avx512F.MaskLoad(di + k6 + q, tailMask, Vector512<float>.Zero); a60 = Avx512F.FusedMultiplyAdd(d, x0, a60); a61 = Avx512F.FusedMultiplyAdd(d, x1, a61); a62 = Avx512F.FusedMultiplyAdd(d, x2, a62); }
                { var d = Avx512F.MaskLoad(di + k7 + q, tailMask, Vector512<float>.Zero); a70 = Avx512F.FusedMultiplyAdd(d, x0, a70); a71 = Avx512F.FusedMultiplyAdd(d, x1, a71); a72 = Avx512F.FusedMultiplyAdd(d, x2, a72); }
            }
        }
        if (kValid > 0) Add(acc + 0 * ldAcc, rValid, a00, a01, a02);
        if (kValid > 1) Add(acc + 1 * ldAcc, rValid, a10, a11, a12);
        if (kValid > 2) Add(acc + 2 * ldAcc, rValid, a20, a21, a22);
        if (kValid > 3) Add(acc + 3 * ldAcc, rValid, a30, a31, a32);
        if (kValid > 4) Add(acc + 4 * ldAcc, rValid, a40, a41, a42);
        if (kValid > 5) Add(acc + 5 * ldAcc, rValid, a50, a51, a52);
        if (kValid > 6) Add(acc + 6 * ldAcc, rValid, a60, a61, a62);
        if (kValid > 7) Add(acc + 7 * ldAcc, rValid, a70, a71, a72);
    }
}
