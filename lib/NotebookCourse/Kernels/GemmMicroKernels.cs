using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookCourse.Kernels;

// Register-tiled SGEMM micro-kernels (generated shape, one per vector width): each step loads one row of the
// B micro-panel (NR floats), broadcasts MR values of the A micro-panel and issues MR·NR/lanes independent FMAs into
// accumulators that stay in registers for the whole kc loop; C is touched once at the end.
// Callers guarantee AVX2+FMA (Avx2_*) or AVX-512F (Avx512_*).
internal static unsafe class GemmMicroKernels
{
    /// <summary>Vector256 6×16 tile: C = (accumulate ? C : 0) + Apanel·Bpanel over kc steps (packed layouts).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Avx2_6x16(int kc, float* a, float* b, float* c, int ldc, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadVector256(b + 0);
            var b1 = Avx.LoadVector256(b + 8);
            var a0 = Avx.BroadcastScalarToVector256(a + 0);
            c00 = Fma.MultiplyAdd(a0, b0, c00); c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Avx.BroadcastScalarToVector256(a + 1);
            c10 = Fma.MultiplyAdd(a1, b0, c10); c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Avx.BroadcastScalarToVector256(a + 2);
            c20 = Fma.MultiplyAdd(a2, b0, c20); c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Avx.BroadcastScalarToVector256(a + 3);
            c30 = Fma.MultiplyAdd(a3, b0, c30); c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Avx.BroadcastScalarToVector256(a + 4);
            c40 = Fma.MultiplyAdd(a4, b0, c40); c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Avx.BroadcastScalarToVector256(a + 5);
            c50 = Fma.MultiplyAdd(a5, b0, c50); c51 = Fma.MultiplyAdd(a5, b1, c51);
            a += 6; b += 16;
        }
        if (accumulate)
        {
            { float* cr = c + 0 * ldc; Avx.Store(cr + 0, Avx.LoadVector256(cr + 0) + c00); Avx.Store(cr + 8, Avx.LoadVector256(cr + 8) + c01); }
            { float* cr = c + 1 * ldc; Avx.Store(cr + 0, Avx.LoadVector256(cr + 0) + c10); Avx.Store(cr + 8, Avx.LoadVector256(cr + 8) + c11); }
            { float* cr = c + 2 * ldc; Avx.Store(cr + 0, Avx.LoadVector256(cr + 0) + c20); Avx.Store(cr + 8, Avx.LoadVector256(cr + 8) + c21); }
            { float* cr = c + 3 * ldc; Avx.Store(cr + 0, Avx.LoadVector256(cr + 0) + c30); Avx.Store(cr + 8, Avx.LoadVector256(cr + 8) + c31); }
            { float* cr = c + 4 * ldc; Avx.Store(cr + 0, Avx.LoadVector256(cr + 0) + c40); Avx.Store(cr + 8, Avx.LoadVector256(cr + 8) + c41); }
            { float* cr = c + 5 * ldc; Avx.Store(cr + 0, Avx.LoadVector256(cr + 0) + c50); Avx.Store(cr + 8, Avx.LoadVector256(cr + 8) + c51); }
        }
        else
        {
            { float* cr = c + 0 * ldc; Avx.Store(cr + 0, c00); Avx.Store(cr + 8, c01); }
            { float* cr = c + 1 * ldc; Avx.Store(cr + 0, c10); Avx.Store(cr + 8, c11); }
            { float* cr = c + 2 * ldc; Avx.Store(cr + 0, c20); Avx.Store(cr + 8, c21); }
            { float* cr = c + 3 * ldc; Avx.Store(cr + 0, c30); Avx.Store(cr + 8, c31); }
            { float* cr = c + 4 * ldc; Avx.Store(cr + 0, c40); Avx.Store(cr + 8, c41); }
            { float* cr = c + 5 * ldc; Avx.Store(cr + 0, c50); Avx.Store(cr + 8, c51); }
        }
    }

    /// <summary>Vector512 8×32 tile: C = (accumulate ? C : 0) + Apanel·Bpanel over kc steps (packed layouts).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Avx512_8x32(int kc, float* a, float* b, float* c, int ldc, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx512F.LoadVector512(b + 0);
            var b1 = Avx512F.LoadVector512(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00); c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10); c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20); c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30); c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40); c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50); c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60); c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70); c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
            a += 8; b += 32;
        }
        if (accumulate)
        {
            { float* cr = c + 0 * ldc; Avx512F.Store(cr + 0, Avx512F.LoadVector512(cr + 0) + c00); Avx512F.Store(cr + 16, Avx512F.LoadVector512(cr + 16) + c01); }
            { float* cr = c + 1 * ldc; Avx512F.Store(cr + 0, Avx512F.LoadVector512(cr + 0) + c10); Avx512F.Store(cr + 16, Avx512F.LoadVector512(cr + 16) + c11); }
            { float* cr = c + 2 * ldc; Avx512F.Store(cr + 0, Avx512F.LoadVector512(cr + 0) + c20); Avx512F.Store(cr + 16, Avx512F.LoadVector512(cr + 16) + c21); }
            { float* cr = c + 3 * ldc; Avx512F.Store(cr + 0, Avx512F.LoadVector512(cr + 0) + c30); Avx512F.Store(cr + 16, Avx512F.LoadVector512(cr + 16) + c31); }
            { float* cr = c + 4 * ldc; Avx512F.Store(cr + 0, Avx512F.LoadVector512(cr + 0) + c40); Avx512F.Store(cr + 16, Avx512F.LoadVector512(cr + 16) + c41); }
            { float* cr = c + 5 * ldc; Avx512F.Store(cr + 0, Avx512F.LoadVector512(cr + 0) + c50); Avx512F.Store(cr + 16, Avx512F.LoadVector512(cr + 16) + c51); }
            { float* cr = c + 6 * ldc; Avx512F.Store(cr + 0, Avx512F.LoadVector512(cr + 0) + c60); Avx512F.Store(cr + 16, Avx512F.LoadVector512(cr + 16) + c61); }
            { float* cr = c + 7 * ldc; Avx512F.Store(cr + 0, Avx512F.LoadVector512(cr + 0) + c70); Avx512F.Store(cr + 16, Avx512F.LoadVector512(cr + 16) + c71); }
        }
        else
        {
            { float* cr = c + 0 * ldc; Avx512F.Store(cr + 0, c00); Avx512F.Store(cr + 16, c01); }
            { float* cr = c + 1 * ldc; Avx512F.Store(cr + 0, c10); Avx512F.Store(cr + 16, c11); }
            { float* cr = c + 2 * ldc; Avx512F.Store(cr + 0, c20); Avx512F.Store(cr + 16, c21); }
            { float* cr = c + 3 * ldc; Avx512F.Store(cr + 0, c30); Avx512F.Store(cr + 16, c31); }
            { float* cr = c + 4 * ldc; Avx512F.Store(cr + 0, c40); Avx512F.Store(cr + 16, c41); }
            { float* cr = c + 5 * ldc; Avx512F.Store(cr + 0, c50); Avx512F.Store(cr + 16, c51); }
            { float* cr = c + 6 * ldc; Avx512F.Store(cr + 0, c60); Avx512F.Store(cr + 16, c61); }
            { float* cr = c + 7 * ldc; Avx512F.Store(cr + 0, c70); Avx512F.Store(cr + 16, c71); }
        }
    }
}
