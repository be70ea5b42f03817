using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookCourse.Kernels;

/// <summary>
/// Packs op(A) and op(B) blocks into the contiguous micro-panel layouts the micro-kernels stream through.
/// Panels are zero-padded to full MR/NR so edge tiles run the same kernel. alpha is folded into A here.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>op(A)[ic..ic+mc, pc..pc+kc) → panels of mr rows, each stored step-major: dst[p·mr + r].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(in GemmBlocked.Job job, int ic, int mc, int pc, int kc, int mr, float* dst)
    {
        float alpha = job.Alpha;
        int lda = job.Lda;
        for (int i0 = 0; i0 < mc; i0 += mr, dst += (long)mr * kc)
        {
            int rows = Math.Min(mr, mc - i0);
            if (!job.TransA)
            {
                // Rows of A are contiguous along k: transpose 8×8 blocks, or read each row and scatter with stride mr.
                int p0 = 0;
                if (rows == 8 && mr == 8 && Avx.IsSupported)
                {
                    float* src = job.A + (long)(ic + i0) * lda + pc;
                    for (; p0 + 8 <= kc; p0 += 8) Transpose8x8.Run(src + p0, lda, dst + p0 * 8, 8, alpha);
                }
                for (int r = 0; r < rows; r++)
                {
                    float* src = job.A + (long)(ic + i0 + r) * lda + pc;
                    for (int p = p0; p < kc; p++) dst[p * mr + r] = alpha * src[p];
                }
            }
            else
            {
                // Aᵀ stored: for a fixed k index the mr values are contiguous.
                for (int p = 0; p < kc; p++)
                {
                    float* src = job.A + (long)(pc + p) * lda + ic + i0;
                    float* d = dst + p * mr;
                    for (int r = 0; r < rows; r++) d[r] = alpha * src[r];
                }
            }
            for (int r = rows; r < mr; r++)
                for (int p = 0; p < kc; p++) dst[p * mr + r] = 0f;
        }
    }

    /// <summary>op(B)[pc..pc+kc, jc..jc+nc) → panels of nr columns, each stored step-major: dst[p·nr + q].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(in GemmBlocked.Job job, int pc, int kc, int jc, int nc, int nr, float* dst)
    {
        int ldb = job.Ldb;
        for (int j0 = 0; j0 < nc; j0 += nr, dst += (long)nr * kc)
        {
            int cols = Math.Min(nr, nc - j0);
            if (!job.TransB)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = job.B + (long)(pc + p) * ldb + jc + j0;
                    float* d = dst + p * nr;
                    if (cols == nr) CopyRow(src, d, nr);
                    else
                    {
                        for (int q = 0; q < cols; q++) d[q] = src[q];
                        for (int q = cols; q < nr; q++) d[q] = 0f;
                    }
                }
            }
            else
            {
                // Bᵀ stored: each output column is a contiguous row of the buffer; transpose 8×8 blocks of them.
                int q0 = 0;
                if (Avx.IsSupported)
                    for (; q0 + 8 <= cols; q0 += 8)
                    {
                        float* src = job.B + (long)(jc + j0 + q0) * ldb + pc;
                        int p = 0;
                        for (; p + 8 <= kc; p += 8) Transpose8x8.Run(src + p, ldb, dst + p * nr + q0, nr, 1f);
                        for (int q = q0; q < q0 + 8; q++)
                        {
                            float* row = job.B + (long)(jc + j0 + q) * ldb + pc;
                            for (int pp = p; pp < kc; pp++) dst[pp * nr + q] = row[pp];
                        }
                    }
                for (int q = q0; q < cols; q++)
                {
                    float* src = job.B + (long)(jc + j0 + q) * ldb + pc;
                    for (int p = 0; p < kc; p++) dst[p * nr + q] = src[p];
                }
                for (int q = cols; q < nr; q++)
                    for (int p = 0; p < kc; p++) dst[p * nr + q] = 0f;
            }
        }
    }

    static void CopyRow(float* src, float* dst, int count)
    {
        int q = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; q + 8 <= count; q += 8) Vector256.Store(Vector256.Load(src + q), dst + q);
        for (; q < count; q++) dst[q] = src[q];
    }
}
