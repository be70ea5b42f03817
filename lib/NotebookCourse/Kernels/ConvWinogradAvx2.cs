using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookCourse.Kernels;

/// <summary>
/// The AVX2 transforms of <see cref="ConvWinograd"/>: a slot's 8 tiles are exactly one Vector256, a panel is 2 slots
/// (the 6×16 SGEMM tile). Even/odd columns come from an in-lane shuffle plus a cross-lane permute; the tile one to the
/// right is a one-lane rotation (lane 7 is the padding tile, whatever it holds is never stored).
/// </summary>
internal static unsafe partial class ConvWinograd
{
    static readonly Vector256<int> NextTile = Vector256.Create(1, 2, 3, 4, 5, 6, 7, 7);

    /// <summary>Lanes [from, to) of an 8-lane vector all-ones.</summary>
    internal static Vector256<float> LaneMask8(int from, int to)
    {
        var lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        return (Vector256.GreaterThanOrEqual(lane, Vector256.Create(from)) & Vector256.LessThan(lane, Vector256.Create(to))).AsSingle();
    }

    /// <summary>AVX2, a panel of 2 slots: v[ξ][c][16 lanes] = Bᵀ·d·B (see <see cref="InputTransform"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void InputTransformAvx2(in Conv2dGeometry g, float* x, int panel, float* v)
    {
        int th = (g.H + 1) / 2, slots = g.N * th, hw = g.H * g.W, cs = g.C;
        // A padded row is columns −1..14: lanes 1..W of 16, loaded as two halves starting one float early.
        var lowMask = LaneMask8(1, g.W + 1);
        var highMask = LaneMask8(0, g.W + 1 - 8);
        float** rows = stackalloc float*[4];
        long xi = PlaneStride(cs, 16);
        for (int s = 0; s < 2; s++)
        {
            int slot = panel * 2 + s;
            for (int i = 0; i < 4; i++)
            {
                int n = slot / th, r = slot % th * 2 - 1 + i;
                rows[i] = slot < slots && (uint)r < (uint)g.H ? x + (long)n * g.C * hw + (long)r * g.W - 1 : null;
            }
            float* dst = v + s * 8;
            for (int c = 0; c < cs; c++, dst += 16)
            {
                long off = (long)c * hw;
                Load2(rows[0], off, lowMask, highMask, out var r0l, out var r0h);
                Load2(rows[1], off, lowMask, highMask, out var r1l, out var r1h);
                Load2(rows[2], off, lowMask, highMask, out var r2l, out var r2h);
                Load2(rows[3], off, lowMask, highMask, out var r3l, out var r3h);
                Columns8(r0l - r2l, r0h - r2h, dst, xi);
                Columns8(r1l + r2l, r1h + r2h, dst + 4 * xi, xi);
                Columns8(r2l - r1l, r2h - r1h, dst + 8 * xi, xi);
                Columns8(r1l - r3l, r1h - r3h, dst + 12 * xi, xi);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Load2(float* row, long off, Vector256<float> lowMask, Vector256<float> highMask,
        out Vector256<float> low, out Vector256<float> high)
    {
        if (row == null) { low = Vector256<float>.Zero; high = Vector256<float>.Zero; return; }
        low = Avx.MaskLoad(row + off, lowMask);
        high = Avx.MaskLoad(row + off + 8, highMask);
    }

    /// <summary>Column half of the transform for one 16-column row (two halves): four ξ positions, stride apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Columns8(Vector256<float> low, Vector256<float> high, float* dst, long stride)
    {
        EvenOdd(low, high, out var e, out var o);
        var e2 = Avx2.PermuteVar8x32(e, NextTile);
        var o2 = Avx2.PermuteVar8x32(o, NextTile);
        Avx.Store(dst, e - e2);
        Avx.Store(dst + stride, o + e2);
        Avx.Store(dst + 2 * stride, e2 - o);
        Avx.Store(dst + 3 * stride, o - o2);
    }

    /// <summary>Even and odd columns of a 16-column row held as two halves: lanes t of the results are columns 2t, 2t+1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void EvenOdd(Vector256<float> low, Vector256<float> high, out Vector256<float> even, out Vector256<float> odd)
    {
        // shuffle picks (0,2 | 0,2) of each 128-bit lane from low and high; permute4x64 0xD8 puts the 64-bit pairs in order.
        even = Avx2.Permute4x64(Avx.Shuffle(low, high, 0x88).AsDouble(), 0xD8).AsSingle();
        odd = Avx2.Permute4x64(Avx.Shuffle(low, high, 0xDD).AsDouble(), 0xD8).AsSingle();
    }

    /// <summary>AVX2: y tile = Aᵀ·M·A + bias for the panel's 2 slots (see <see cref="OutputTransform"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void OutputTransformAvx2(in Conv2dGeometry g, float* m, int kpad, int panel, float* bias, float* y)
    {
        int th = (g.H + 1) / 2, slots = g.N * th, hw = g.H * g.W;
        var lowMask = LaneMask8(0, g.W);
        var highMask = LaneMask8(0, g.W - 8);
        long xs = PlaneStride(kpad, 16);
        for (int s = 0; s < 2; s++)
        {
            int slot = panel * 2 + s;
            if (slot >= slots) break;
            float* top = Row(g, y, slot, 0, th, slots), bot = Row(g, y, slot, 1, th, slots);
            for (int k = 0; k < g.K; k++)
            {
                float* p = m + (long)k * 16 + s * 8;
                var m00 = Avx.LoadVector256(p); var m01 = Avx.LoadVector256(p + xs);
                var m02 = Avx.LoadVector256(p + 2 * xs); var m03 = Avx.LoadVector256(p + 3 * xs);
                var m10 = Avx.LoadVector256(p + 4 * xs); var m11 = Avx.LoadVector256(p + 5 * xs);
                var m12 = Avx.LoadVector256(p + 6 * xs); var m13 = Avx.LoadVector256(p + 7 * xs);
                var m20 = Avx.LoadVector256(p + 8 * xs); var m21 = Avx.LoadVector256(p + 9 * xs);
                var m22 = Avx.LoadVector256(p + 10 * xs); var m23 = Avx.LoadVector256(p + 11 * xs);
                var m30 = Avx.LoadVector256(p + 12 * xs); var m31 = Avx.LoadVector256(p + 13 * xs);
                var m32 = Avx.LoadVector256(p + 14 * xs); var m33 = Avx.LoadVector256(p + 15 * xs);
                var s0 = m00 + m10 + m20; var s1 = m01 + m11 + m21; var s2 = m02 + m12 + m22; var s3 = m03 + m13 + m23;
                var t0 = m10 - m20 - m30; var t1 = m11 - m21 - m31; var t2 = m12 - m22 - m32; var t3 = m13 - m23 - m33;
                var b = Vector256.Create(bias == null ? 0f : bias[k]);
                long ko = (long)k * hw;
                StoreRow(top + ko, s0 + s1 + s2 + b, s1 - s2 - s3 + b, lowMask, highMask);
                if (bot != null) StoreRow(bot + ko, t0 + t1 + t2 + b, t1 - t2 - t3 + b, lowMask, highMask);
            }
        }
    }

    /// <summary>Interleaves (left[t], right[t]) into 16 columns and stores the first W of them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void StoreRow(float* dst, Vector256<float> left, Vector256<float> right, Vector256<float> lowMask, Vector256<float> highMask)
    {
        var lo = Avx.UnpackLow(left, right);   // l0 r0 l1 r1 | l4 r4 l5 r5
        var hi = Avx.UnpackHigh(left, right);  // l2 r2 l3 r3 | l6 r6 l7 r7
        Avx.MaskStore(dst, lowMask, Avx.Permute2x128(lo, hi, 0x20));
        Avx.MaskStore(dst + 8, highMask, Avx.Permute2x128(lo, hi, 0x31));
    }
}
