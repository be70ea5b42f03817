using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookCourse.Kernels;

/// <summary>
/// 3×3, stride 1, padding 1 convolution by Winograd's minimal filtering F(2×2, 3×3) on AVX-512 or AVX2, for narrow
/// images (W ≤ 14; W ≤ 30 with AVX-512) with at least 16 input and output channels: each 2×2 output tile costs 16
/// products per channel pair instead of 36. Per 4×4 input tile d: V = Bᵀ·d·B; per filter g: U = G·g·Gᵀ; M_ξ = Σ_c U_ξ[k, c]·V_ξ[c, tile] for
/// each of the 16 positions ξ (a GEMM on the SGEMM micro-kernels' register tiles); y = Aᵀ·M·A. One tile row of an
/// image (≤ 7 tiles, padded to 8 lanes) is a slot; a panel is as many slots as the tile is wide (4 with AVX-512, 2
/// with AVX2), so the transforms work on whole rows with even/odd lane permutes and masked loads/stores, never on
/// gathers.
/// The data gradient of such a convolution is one again (flipped, transposed weights), see <see cref="BackwardData"/>.
/// </summary>
internal static unsafe partial class ConvWinograd
{
    const int Xi = 16;

    /// <summary>
    /// Floats between consecutive ξ planes of the V and M buffers beyond their data: without it the 16 planes sit a
    /// power of two apart (4–16 KB) and a transform's 16 stores or loads all map to the same L1 set.
    /// </summary>
    internal const int XiPad = 16;

    /// <summary>Distance between ξ planes of rows × lanes floats.</summary>
    internal static long PlaneStride(int rows, int lanes) => (long)rows * lanes + XiPad;

    /// <summary>Test hook: false sends these shapes back to the implicit-GEMM paths.</summary>
    internal static bool Enabled = true;

    /// <summary>AVX-512: 8×32 GEMM tiles, panels of 4 slots. Otherwise AVX2+FMA: 6×16 tiles, panels of 2 slots.</summary>
    internal static bool Wide => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    static bool Supported => Wide || (Avx2.IsSupported && Fma.IsSupported && Vector256.IsHardwareAccelerated);

    /// <summary>True when this geometry runs here (see the class summary); groups and dilation are not covered.</summary>
    public static bool Applies(in Conv2dGeometry g) =>
        Enabled && Supported && g.KH == 3 && g.KW == 3 &&
        g.StrideH == 1 && g.StrideW == 1 && g.PadH == 1 && g.PadW == 1 && g.DilH == 1 && g.DilW == 1 &&
        g.Groups == 1 && (g.W <= 14 || (Wide && g.W <= 30)) && g.C >= 16 && g.K >= 16;

    /// <summary>
    /// Rows of 15–30 columns (AVX-512 only): a slot is one image row's 16 tiles, the two halves of its 32 padded columns
    /// taking the place of two narrow slots, and a panel holds 2 slots.
    /// </summary>
    internal static bool WideRows(in Conv2dGeometry g) => g.W > 14;

    /// <summary>y (N, K, H, W) = conv(x, w) + bias (bias may be null). Requires <see cref="Applies"/>.</summary>
    public static void Forward(in Conv2dGeometry g, float* x, float* w, float* bias, float* y) => Forward(g, x, w, bias, y, Wide);

    /// <summary><paramref name="wide"/> picks the AVX-512 (true) or AVX2 kernels; the caller checks the CPU has them.</summary>
    internal static void Forward(in Conv2dGeometry g, float* x, float* w, float* bias, float* y, bool wide)
    {
        using var u = TransformWeights(w, g.K, g.C, flip: false, wide ? 8 : 6);
        Run(g, x, u.Pointer, bias, y, wide);
    }

    /// <summary>dx (N, C, H, W) from dy (N, K, H, W): the same convolution of dy with w[k, c] flipped, c and k swapped.</summary>
    public static void BackwardData(in Conv2dGeometry g, float* dy, float* w, float* dx) => BackwardData(g, dy, w, dx, Wide);

    /// <summary><paramref name="wide"/> as in <see cref="Forward(in Conv2dGeometry, float*, float*, float*, float*, bool)"/>.</summary>
    internal static void BackwardData(in Conv2dGeometry g, float* dy, float* w, float* dx, bool wide)
    {
        var t = Conv2dGeometry.Create(g.N, g.K, g.H, g.W, g.C, 3, 3, padH: 1, padW: 1);
        using var u = TransformWeights(w, g.C, g.K, flip: true, wide ? 8 : 6);
        Run(t, dy, u.Pointer, null, dx, wide);
    }

    /// <summary>
    /// U = G·g·Gᵀ for every (k, c), G = [[1,0,0],[½,½,½],[½,−½,½],[0,0,1]], packed for MR-row tiles:
    /// u[((ξ·K̄/MR + k/MR)·C + c)·MR + k%MR] with K̄ = K rounded up to MR (zeros in the padding rows).
    /// </summary>
    /// <remarks>
    /// Without <paramref name="flip"/>, w is (kOut, cIn, 3, 3); with it, w is the forward weight (cIn, kOut, 3, 3) and
    /// the filter of (k, c) is w[c, k] rotated by 180°: the data gradient's weights.
    /// </remarks>
    static ConvImplicitGemm.PinnedScratch TransformWeights(float* w, int kOut, int cIn, bool flip, int mr)
    {
        int kpad = (kOut + mr - 1) / mr * mr, tiles = kpad / mr;
        var u = new ConvImplicitGemm.PinnedScratch(Xi * kpad * cIn);
        new Span<float>(u.Pointer, Xi * kpad * cIn).Clear();
        float* gg = stackalloc float[12];
        float* f = stackalloc float[9];
        for (int k = 0; k < kOut; k++)
            for (int c = 0; c < cIn; c++)
            {
                float* src = flip ? w + ((long)c * kOut + k) * 9 : w + ((long)k * cIn + c) * 9;
                for (int i = 0; i < 9; i++) f[i] = flip ? src[8 - i] : src[i];
                for (int j = 0; j < 3; j++)
                {
                    float a = f[j], b = f[3 + j], d = f[6 + j];
                    gg[j] = a; gg[3 + j] = 0.5f * (a + b + d); gg[6 + j] = 0.5f * (a - b + d); gg[9 + j] = d;
                }
                for (int i = 0; i < 4; i++)
                {
                    float a = gg[3 * i], b = gg[3 * i + 1], d = gg[3 * i + 2];
                    float* dst = u.Pointer + (((long)i * 4 * tiles + k / mr) * cIn + c) * mr + k % mr;
                    long xi = (long)tiles * cIn * mr;
                    dst[0] = a; dst[xi] = 0.5f * (a + b + d); dst[2 * xi] = 0.5f * (a - b + d); dst[3 * xi] = d;
                }
            }
        return u;
    }

    static void Run(Conv2dGeometry g, float* x, float* u, float* bias, float* y, bool wide)
    {
        int perPanel = wide && !WideRows(g) ? 4 : 2;
        int th = (g.H + 1) / 2, slots = g.N * th, panels = (slots + perPanel - 1) / perPanel;
        int workers = KernelThreads.Count(panels, (long)g.N * g.K * g.P * g.ColRows);
        nint ax = (nint)x, au = (nint)u, ab = (nint)bias, ay = (nint)y;
        KernelThreads.For(panels, workers, (_, lo, hi) => Panels(g, (float*)ax, (float*)au, (float*)ab, (float*)ay, lo, hi, wide));
    }

    static void Panels(in Conv2dGeometry g, float* x, float* u, float* bias, float* y, int lo, int hi, bool wide)
    {
        int mr = wide ? 8 : 6, nr = wide ? 32 : 16;
        int kpad = (g.K + mr - 1) / mr * mr, tiles = kpad / mr;
        long vs = PlaneStride(g.C, nr), ms = PlaneStride(kpad, nr);
        using var vBuf = new ConvImplicitGemm.PinnedScratch((int)(Xi * vs));
        using var mBuf = new ConvImplicitGemm.PinnedScratch((int)(Xi * ms));
        float* v = vBuf.Pointer, m = mBuf.Pointer;
        for (int panel = lo; panel < hi; panel++)
        {
            if (wide) InputTransform(g, x, panel, v); else InputTransformAvx2(g, x, panel, v);
            for (int xi = 0; xi < Xi; xi++)
                for (int t = 0; t < tiles; t++)
                {
                    float* a = u + ((long)xi * tiles + t) * g.C * mr, b = v + xi * vs;
                    float* c = m + xi * ms + (long)t * mr * nr;
                    if (wide) GemmMicroKernels.Avx512_8x32(g.C, a, b, c, nr, accumulate: false);
                    else GemmMicroKernels.Avx2_6x16(g.C, a, b, c, nr, accumulate: false);
                }
            if (wide) OutputTransform(g, m, kpad, panel, bias, y); else OutputTransformAvx2(g, m, kpad, panel, bias, y);
        }
    }

    // Lane indices of the two-source permute (0–15 first operand, 16–31 second): even/odd columns of two rows side by
    // side, and the same shifted by one tile (lane 7 of each half is the padding tile, so what it picks is unused).
    internal static readonly Vector512<int> Even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    internal static readonly Vector512<int> Odd = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    static readonly Vector512<int> Even2 = Vector512.Create(2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 31);
    static readonly Vector512<int> Odd2 = Vector512.Create(3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 31);
    // Output rows: tile columns (y0[t], y1[t]) interleaved, first half's 8 tiles then the second half's.
    static readonly Vector512<int> LowPairs = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    static readonly Vector512<int> HighPairs = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);

    /// <summary>Lanes [from, to) all-ones.</summary>
    internal static Vector512<float> LaneMask(int from, int to)
    {
        var lane = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        return (Vector512.GreaterThanOrEqual(lane, Vector512.Create(from)) & Vector512.LessThan(lane, Vector512.Create(to))).AsSingle();
    }

    /// <summary>AVX-512, a panel of 4 slots: v[ξ][c][32 lanes] = Bᵀ·d·B of the panel's tiles, Bᵀ = [[1,0,−1,0],[0,1,1,0],[0,−1,1,0],[0,1,0,−1]].</summary>
    static void InputTransform(in Conv2dGeometry g, float* x, int panel, float* v)
    {
        // Narrow rows: the two 16-column rows side by side are two slots'. Wide rows: the two halves of one row.
        bool wideRows = WideRows(g);
        var (maskA, maskB) = RowMasks(g);
        float** rows = stackalloc float*[8];
        for (int half = 0; half < 2; half++)
        {
            if (wideRows) WideSlotRows(g, x, panel * 2 + half, rows);
            else
            {
                SlotRows(g, x, panel * 4 + half * 2, rows, 0);
                SlotRows(g, x, panel * 4 + half * 2 + 1, rows + 4, 0);
            }
            TransformRows(g, rows, maskA, maskB, v + half * 16, 32, PlaneStride(g.C, 32));
        }
    }

    /// <summary>
    /// AVX-512, one slot of a wide-row geometry (the weight gradient's unit): v[ξ][c][16 lanes], ξ planes
    /// <see cref="PlaneStride"/>(C, 16) apart; one half of <see cref="InputTransform"/>'s work.
    /// </summary>
    internal static void InputTransformWideSlot(in Conv2dGeometry g, float* x, int slot, float* v)
    {
        var (maskA, maskB) = RowMasks(g);
        float** rows = stackalloc float*[8];
        WideSlotRows(g, x, slot, rows);
        TransformRows(g, rows, maskA, maskB, v, 16, PlaneStride(g.C, 16));
    }

    /// <summary>
    /// Masks of the two 16-lane row loads. Lane 0 is column −1 (padding), so the loads start one float early:
    /// narrow rows take lanes 1..W of each; wide rows columns 0..14 from the first, 15..W−1 from the second.
    /// </summary>
    static (Vector512<float> A, Vector512<float> B) RowMasks(in Conv2dGeometry g) =>
        WideRows(g) ? (LaneMask(1, 16), LaneMask(0, g.W - 15)) : (LaneMask(1, g.W + 1), LaneMask(1, g.W + 1));

    /// <summary>rows[0..4): channel-0 addresses (one float early) of the 4 input rows of a slot's tiles, plus
    /// <paramref name="shift"/> floats; null past the batch or outside the image.</summary>
    static void SlotRows(in Conv2dGeometry g, float* x, int slot, float** rows, int shift)
    {
        int th = (g.H + 1) / 2, hw = g.H * g.W;
        for (int i = 0; i < 4; i++)
        {
            int n = slot / th, r = slot % th * 2 - 1 + i;
            rows[i] = slot < g.N * th && (uint)r < (uint)g.H ? x + (long)n * g.C * hw + (long)r * g.W - 1 + shift : null;
        }
    }

    /// <summary>A wide slot's rows: its first 16 columns in rows[0..4), the next 16 in rows[4..8).</summary>
    static void WideSlotRows(in Conv2dGeometry g, float* x, int slot, float** rows)
    {
        SlotRows(g, x, slot, rows, 0);
        SlotRows(g, x, slot, rows + 4, 16);
    }

    /// <summary>
    /// Bᵀ·d·B for every channel of 16 lanes of tiles whose 4 input rows are rows[0..4) (first 16 columns) and
    /// rows[4..8) (second 16): dst[ξ·<paramref name="xi"/> + c·<paramref name="channelStride"/> + lane].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void TransformRows(in Conv2dGeometry g, float** rows, Vector512<float> maskA, Vector512<float> maskB,
        float* dst, int channelStride, long xi)
    {
        int hw = g.H * g.W;
        float* ra0 = rows[0], ra1 = rows[1], ra2 = rows[2], ra3 = rows[3];
        float* rb0 = rows[4], rb1 = rows[5], rb2 = rows[6], rb3 = rows[7];
        for (int c = 0; c < g.C; c++, dst += channelStride)
        {
            long off = (long)c * hw;
            var a0 = Load(ra0, off, maskA); var a1 = Load(ra1, off, maskA);
            var a2 = Load(ra2, off, maskA); var a3 = Load(ra3, off, maskA);
            var b0 = Load(rb0, off, maskB); var b1 = Load(rb1, off, maskB);
            var b2 = Load(rb2, off, maskB); var b3 = Load(rb3, off, maskB);
            // Rows of Bᵀ·d give ξ = 4i .. 4i+3.
            Columns(a0 - a2, b0 - b2, dst, xi);
            Columns(a1 + a2, b1 + b2, dst + 4 * xi, xi);
            Columns(a2 - a1, b2 - b1, dst + 8 * xi, xi);
            Columns(a1 - a3, b1 - b3, dst + 12 * xi, xi);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Load(float* row, long off, Vector512<float> mask) =>
        row == null ? Vector512<float>.Zero : Avx512F.MaskLoad(row + off, mask, Vector512<float>.Zero);

    /// <summary>The column half of the transform for one row pair of two slots: four ξ positions, stride apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Columns(Vector512<float> ta, Vector512<float> tb, float* dst, long stride)
    {
        var e = Avx512F.PermuteVar16x32x2(ta, Even, tb);
        var o = Avx512F.PermuteVar16x32x2(ta, Odd, tb);
        var e2 = Avx512F.PermuteVar16x32x2(ta, Even2, tb);
        var o2 = Avx512F.PermuteVar16x32x2(ta, Odd2, tb);
        Vector512.Store(e - e2, dst);
        Vector512.Store(o + e2, dst + stride);
        Vector512.Store(e2 - o, dst + 2 * stride);
        Vector512.Store(o - o2, dst + 3 * stride);
    }

    /// <summary>AVX-512: y tile = Aᵀ·M·A + bias, Aᵀ = [[1,1,1,0],[0,1,−1,−1]], stored row by row into NCHW with masked stores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void OutputTransform(in Conv2dGeometry g, float* m, int kpad, int panel, float* bias, float* y)
    {
        int th = (g.H + 1) / 2, slots = g.N * th, hw = g.H * g.W;
        // Tiles 0–7 of a half go to row A, 8–15 to row B: two narrow slots' rows, or columns 0–15 and 16–31 of one.
        bool wideRows = WideRows(g);
        var maskA = wideRows ? LaneMask(0, Math.Min(g.W, 16)) : LaneMask(0, g.W);
        var maskB = wideRows ? LaneMask(0, g.W - 16) : maskA;
        long xiStride = PlaneStride(kpad, 32);
        for (int half = 0; half < 2; half++)
        {
            int slotA = wideRows ? panel * 2 + half : panel * 4 + half * 2, slotB = wideRows ? slotA : slotA + 1;
            if (slotA >= slots) break;
            // Output row pointers (top and bottom row of each slot's tiles); null where the row does not exist.
            float* topA = Row(g, y, slotA, 0, th, slots), botA = Row(g, y, slotA, 1, th, slots);
            float* topB = Row(g, y, slotB, 0, th, slots), botB = Row(g, y, slotB, 1, th, slots);
            if (wideRows)
            {
                if (topB != null) topB += 16;
                if (botB != null) botB += 16;
            }
            for (int k = 0; k < g.K; k++)
            {
                float* p = m + (long)k * 32 + half * 16;
                var m00 = Vector512.Load(p); var m01 = Vector512.Load(p + xiStride);
                var m02 = Vector512.Load(p + 2 * xiStride); var m03 = Vector512.Load(p + 3 * xiStride);
                var m10 = Vector512.Load(p + 4 * xiStride); var m11 = Vector512.Load(p + 5 * xiStride);
                var m12 = Vector512.Load(p + 6 * xiStride); var m13 = Vector512.Load(p + 7 * xiStride);
                var m20 = Vector512.Load(p + 8 * xiStride); var m21 = Vector512.Load(p + 9 * xiStride);
                var m22 = Vector512.Load(p + 10 * xiStride); var m23 = Vector512.Load(p + 11 * xiStride);
                var m30 = Vector512.Load(p + 12 * xiStride); var m31 = Vector512.Load(p + 13 * xiStride);
                var m32 = Vector512.Load(p + 14 * xiStride); var m33 = Vector512.Load(p + 15 * xiStride);
                // Rows of Aᵀ·M, then columns.
                var s0 = m00 + m10 + m20; var s1 = m01 + m11 + m21; var s2 = m02 + m12 + m22; var s3 = m03 + m13 + m23;
                var t0 = m10 - m20 - m30; var t1 = m11 - m21 - m31; var t2 = m12 - m22 - m32; var t3 = m13 - m23 - m33;
                var b = Vector512.Create(bias == null ? 0f : bias[k]);
                var y00 = s0 + s1 + s2 + b; var y01 = s1 - s2 - s3 + b;
                var y10 = t0 + t1 + t2 + b; var y11 = t1 - t2 - t3 + b;
                long ko = (long)k * hw;
                if (topA != null) Avx512F.MaskStore(topA + ko, maskA, Avx512F.PermuteVar16x32x2(y00, LowPairs, y01));
                if (botA != null) Avx512F.MaskStore(botA + ko, maskA, Avx512F.PermuteVar16x32x2(y10, LowPairs, y11));
                if (topB != null) Avx512F.MaskStore(topB + ko, maskB, Avx512F.PermuteVar16x32x2(y00, HighPairs, y01));
                if (botB != null) Avx512F.MaskStore(botB + ko, maskB, Avx512F.PermuteVar16x32x2(y10, HighPairs, y11));
            }
        }
    }

    /// <summary>Channel-0 address of output row 2·ty + dr of a slot, or null past the batch or the last image row.</summary>
    static float* Row(in Conv2dGeometry g, float* y, int slot, int dr, int th, int slots)
    {
        if (slot >= slots) return null;
        int n = slot / th, r = slot % th * 2 + dr;
        return r < g.H ? y + (long)n * g.K * g.H * g.W + (long)r * g.W : null;
    }
}
