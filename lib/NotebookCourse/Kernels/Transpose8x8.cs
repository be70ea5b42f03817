using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookCourse.Kernels;

/// <summary>AVX 8×8 float transpose, the building block of the packing routines that must transpose.</summary>
internal static unsafe class Transpose8x8
{
    /// <summary>dst[t·ldd + r] = scale·src[r·lds + t] for r, t in 0..8. Requires AVX.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(float* src, long lds, float* dst, long ldd, float scale)
    {
        var r0 = Avx.LoadVector256(src); var r1 = Avx.LoadVector256(src + lds);
        var r2 = Avx.LoadVector256(src + 2 * lds); var r3 = Avx.LoadVector256(src + 3 * lds);
        var r4 = Avx.LoadVector256(src + 4 * lds); var r5 = Avx.LoadVector256(src + 5 * lds);
        var r6 = Avx.LoadVector256(src + 6 * lds); var r7 = Avx.LoadVector256(src + 7 * lds);
        // Interleave pairs of rows, then pairs of pairs, then swap 128-bit halves.
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        var s = Vector256.Create(scale);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20) * s);
        Avx.Store(dst + ldd, Avx.Permute2x128(u1, u5, 0x20) * s);
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20) * s);
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20) * s);
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31) * s);
        Avx.Store(dst + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31) * s);
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31) * s);
        Avx.Store(dst + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31) * s);
    }
}
