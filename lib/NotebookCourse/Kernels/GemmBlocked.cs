using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookCourse.Kernels;

/// <summary>
/// The packed, cache-blocked SGEMM driver (Goto/BLIS loop order): for each NC-wide column block and KC-deep slice,
/// op(B) is packed into NR-wide micro-panels that stay hot in L1, op(A) into MR-tall micro-panels sized for L2, and
/// the micro-kernel sweeps the MR×NR tiles of C. Transposed operands are handled by the packing routines only.
/// </summary>
internal static unsafe class GemmBlocked
{
    /// <summary>One SGEMM call's operands; C must already be scaled by beta unless BetaZero (then the first k-block overwrites C).</summary>
    public readonly struct Job(bool transA, bool transB, int k, float alpha, float* a, int lda, float* b, int ldb,
        float* c, int ldc, bool betaZero)
    {
        public readonly bool TransA = transA, TransB = transB, BetaZero = betaZero;
        public readonly int K = k, Lda = lda, Ldb = ldb, Ldc = ldc;
        public readonly float Alpha = alpha;
        public readonly float* A = a, B = b, C = c;
    }

    static readonly bool UseAvx512 = Avx512F.IsSupported && Vector512.IsHardwareAccelerated;
    /// <summary>True when a vectorized micro-kernel exists for this CPU; otherwise Sgemm uses the direct loop.</summary>
    public static readonly bool Accelerated = UseAvx512 || (Avx2.IsSupported && Fma.IsSupported);

    // 8 rows divide the usual channel counts (32, 64, 128…) so conv GEMMs rarely hit edge tiles.
    public static readonly int MR = UseAvx512 ? 8 : 6;
    public static readonly int NR = UseAvx512 ? 32 : 16;
    // KC·NR·4 bytes of B micro-panel live in L1 (32 KB at 256×32); MC·KC·4 bytes of packed A live in L2.
    public static readonly int KC = 256;
    public static readonly int MC = UseAvx512 ? 128 : 120;
    public static readonly int NC = 4096;
    public static string KernelName => UseAvx512 ? "avx512 8x32" : Accelerated ? "avx2+fma 6x16" : "scalar";

    [ThreadStatic] static float[]? packAArray, packBArray;
    [ThreadStatic] static float* packA, packB;

    /// <summary>Computes C[i0..i1, j0..j1) += alpha·op(A)·op(B) on the calling thread.</summary>
    public static void Run(in Job job, int i0, int i1, int j0, int j1)
    {
        EnsureBuffers();
        float* pa = packA, pb = packB;
        int k = job.K;
        for (int jc = j0; jc < j1; jc += NC)
        {
            int nc = Math.Min(NC, j1 - jc);
            // Equal k-blocks (multiples of 8) instead of KC plus a thin remainder: k = 288 runs as 2×144, not
            // 256 + 32, whose short block would pay the C-tile load/store for little work.
            int kBlocks = (k + KC - 1) / KC;
            int kStep = Math.Min(KC, ((k + kBlocks - 1) / kBlocks + 7) & ~7);
            for (int pc = 0; pc < k; pc += kStep)
            {
                int kc = Math.Min(kStep, k - pc);
                GemmPacking.PackB(job, pc, kc, jc, nc, NR, pb);
                for (int ic = i0; ic < i1; ic += MC)
                {
                    int mc = Math.Min(MC, i1 - ic);
                    GemmPacking.PackA(job, ic, mc, pc, kc, MR, pa);
                    Macro(kc, mc, nc, pa, pb, job.C + (long)ic * job.Ldc + jc, job.Ldc, pc > 0 || !job.BetaZero);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Macro(int kc, int mc, int nc, float* pa, float* pb, float* c, int ldc, bool accumulate)
    {
        int mr = MR, nr = NR;
        float* edge = stackalloc float[mr * nr];
        for (int jr = 0; jr < nc; jr += nr)
        {
            int nw = Math.Min(nr, nc - jr);
            float* bp = pb + (long)jr * kc;
            for (int ir = 0; ir < mc; ir += mr)
            {
                int mh = Math.Min(mr, mc - ir);
                float* ap = pa + (long)ir * kc;
                float* ct = c + (long)ir * ldc + jr;
                if (mh == mr && nw == nr) { Tile(kc, ap, bp, ct, ldc, accumulate); continue; }
                // Edge tile: compute the full padded tile into scratch, then write only the valid part.
                Tile(kc, ap, bp, edge, nr, false);
                for (int r = 0; r < mh; r++) WriteRow(edge + r * nr, ct + (long)r * ldc, nw, accumulate);
            }
        }
    }

    // Edge tiles are common for small m (few output channels), so their copy-out is vectorized too.
    static void WriteRow(float* src, float* dst, int n, bool accumulate)
    {
        int q = 0;
        if (accumulate)
        {
            for (; q + 8 <= n; q += 8) Vector256.Store(Vector256.Load(dst + q) + Vector256.Load(src + q), dst + q);
            for (; q < n; q++) dst[q] += src[q];
        }
        else
        {
            for (; q + 8 <= n; q += 8) Vector256.Store(Vector256.Load(src + q), dst + q);
            for (; q < n; q++) dst[q] = src[q];
        }
    }

    static void Tile(int kc, float* a, float* b, float* c, int ldc, bool accumulate)
    {
        if (UseAvx512) GemmMicroKernels.Avx512_8x32(kc, a, b, c, ldc, accumulate);
        else GemmMicroKernels.Avx2_6x16(kc, a, b, c, ldc, accumulate);
    }

    static void EnsureBuffers()
    {
        if (packAArray != null) return;
        // Pinned for the thread's lifetime so the raw pointers stay valid; 64-byte aligned for full-line loads.
        packAArray = GC.AllocateUninitializedArray<float>(MC * KC + 16, pinned: true);
        packBArray = GC.AllocateUninitializedArray<float>(KC * (NC + 32) + 16, pinned: true);
        packA = Align(packAArray);
        packB = Align(packBArray);
    }

    static float* Align(float[] array)
    {
        fixed (float* p = array) return (float*)(((nint)p + 63) & ~(nint)63);
    }
}
