using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookCourse.Kernels;

/// <summary>
/// Weight gradient of the <see cref="ConvWinograd"/> family by the same F(2×2, 3×3) algorithm run backwards: since
/// y = Aᵀ·[(G·g·Gᵀ) ⊙ (Bᵀ·d·B)]·A per tile, ∂L/∂g = Gᵀ·[Σ_tiles (A·dY·Aᵀ) ⊙ (Bᵀ·d·B)]·G. Per block of tile rows the
/// input tiles are transformed as in the forward pass and the 2×2 output-gradient tiles to 4×4 Z = A·dY·Aᵀ; both are
/// V is transposed (8×8 blocks) so the channels lie along a row, and S_ξ (K × C) += Z_ξ · V_ξᵀ runs on the 8×32 tile
/// of <see cref="ConvWeightGradRows"/> (AVX2: a 6×16 one), which broadcasts Z straight from rows of tiles (no
/// transpose for Z). Tiles past the image edge have dY = 0, so their Z is 0 and they add nothing.
/// C and K multiples of 8 (the transposes work on 8×8 blocks). AVX2 runs a 6×16 version of the tile; rows of 15–30
/// columns (AVX-512) reduce over single slots of 16 tiles instead of pairs of narrow slots.
/// </summary>
internal static unsafe class ConvWinogradWeightGrad
{
    const int Xi = 16;
    // Slot pairs per block: 4 pairs = 64 tiles of reduction per micro-kernel call.
    const int PairsPerBlock = 4, BlockLanes = PairsPerBlock * 16;

    /// <summary>Test hook: false sends these shapes back to the implicit weight-gradient kernels.</summary>
    internal static bool Enabled = true;

    /// <summary>A <see cref="ConvWinograd"/> geometry with channel counts that are multiples of 8.</summary>
    public static bool Applies(in Conv2dGeometry g) => Enabled && ConvWinograd.Applies(g) && g.C % 8 == 0 && g.K % 8 == 0;

    /// <summary>dw (K, C, 3, 3) += the gradient.</summary>
    public static void Run(in Conv2dGeometry g, float* x, float* dy, float* dw) => Run(g, x, dy, dw, ConvWinograd.Wide);

    /// <summary>
    /// <paramref name="wide"/>: the AVX-512 8×32 tile, else the AVX2 6×16 one (the caller checks the CPU has it).
    /// </summary>
    internal static void Run(in Conv2dGeometry g, float* x, float* dy, float* dw, bool wide)
    {
        int mr = wide ? 8 : 6, nr = wide ? 32 : 16;
        int blocks = (Units(g) + PairsPerBlock - 1) / PairsPerBlock;
        int cpad = (g.C + nr - 1) / nr * nr, kpad = (g.K + mr - 1) / mr * mr, sSize = Xi * kpad * cpad;
        int workers = KernelThreads.Count(blocks, (long)g.N * g.K * g.P * g.ColRows);
        var sums = new ConvImplicitGemm.PinnedScratch?[workers];
        var geo = g;
        nint ax = (nint)x, ady = (nint)dy;
        KernelThreads.For(blocks, workers, (w, lo, hi) =>
        {
            var s = new ConvImplicitGemm.PinnedScratch(sSize);
            new Span<float>(s.Pointer, sSize).Clear();
            sums[w] = s;
            Blocks(geo, (float*)ax, (float*)ady, s.Pointer, cpad, kpad, lo, hi, wide);
        });
        for (int w = 0; w < workers; w++)
        {
            if (sums[w] is not { } s) continue;
            OutputTransform(g, s.Pointer, cpad, kpad, dw);
            s.Dispose();
        }
    }

    static void Blocks(in Conv2dGeometry g, float* x, float* dy, float* s, int cpad, int kpad, int lo, int hi, bool wide)
    {
        int mr = wide ? 8 : 6, nr = wide ? 32 : 16;
        int units = Units(g), cpanels = cpad / nr;
        bool wideRows = ConvWinograd.WideRows(g);
        long vs = ConvWinograd.PlaneStride(g.C, 16), zs = ConvWinograd.PlaneStride(g.K, BlockLanes);
        using var vPair = new ConvImplicitGemm.PinnedScratch((int)(Xi * vs));
        using var vtBuf = new ConvImplicitGemm.PinnedScratch(Xi * cpanels * BlockLanes * nr);
        using var zBuf = new ConvImplicitGemm.PinnedScratch((int)(Xi * zs) + BlockLanes);
        float* vt = vtBuf.Pointer, z = zBuf.Pointer, zeroRow = z + Xi * zs;
        new Span<float>(vt, Xi * cpanels * BlockLanes * nr).Clear(); // channel padding columns stay zero
        new Span<float>(zeroRow, BlockLanes).Clear();                 // rows past K of the last 6-row tile
        float** rows = stackalloc float*[8];
        for (int block = lo; block < hi; block++)
        {
            int first = block * PairsPerBlock, count = Math.Min(PairsPerBlock, units - first);
            for (int p = 0; p < count; p++)
            {
                // V: transposed so a step of the reduction (one tile) is a row of channels, the packed B of the tile.
                if (wideRows) ConvWinograd.InputTransformWideSlot(g, x, first + p, vPair.Pointer);
                else ConvWinograd.InputTransformAvx2(g, x, first + p, vPair.Pointer);
                for (int xi = 0; xi < Xi; xi++)
                    for (int l = 0; l < 16; l += 8)
                        for (int c = 0; c < g.C; c += 8)
                            Transpose8x8.Run(vPair.Pointer + xi * vs + c * 16 + l, 16,
                                vt + (((long)xi * cpanels + c / nr) * BlockLanes + p * 16 + l) * nr + c % nr, nr, 1f);
                // Z: rows of tiles per (ξ, k), which the tile broadcasts from directly.
                if (wideRows) DyTransformWide(g, dy, first + p, z + p * 16, BlockLanes);
                else DyTransform(g, dy, first + p, z + p * 16, BlockLanes);
            }
            int lanes = count * 16;
            for (int xi = 0; xi < Xi; xi++)
                for (int k = 0; k < kpad; k += mr)
                {
                    for (int r = 0; r < mr; r++) rows[r] = k + r < g.K ? z + xi * zs + (long)(k + r) * BlockLanes : zeroRow;
                    for (int cp = 0; cp < cpanels; cp++)
                    {
                        float* b = vt + ((long)xi * cpanels + cp) * BlockLanes * nr, c = s + ((long)xi * kpad + k) * cpad + cp * nr;
                        if (wide) ConvWeightGradRows.Tile(lanes, rows, b, c, cpad);
                        else RowsTileAvx2(lanes, rows, b, c, cpad);
                    }
                }
        }
    }

    /// <summary>16-lane units of the reduction: pairs of narrow slots, or single slots of rows wider than 14 (AVX-512).</summary>
    static int Units(in Conv2dGeometry g)
    {
        int slots = g.N * ((g.H + 1) / 2);
        return ConvWinograd.WideRows(g) ? slots : (slots + 1) / 2;
    }

    /// <summary>C (6×16) += A·B, A's 6 rows separate contiguous rows (broadcast per step), B packed 16 wide.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void RowsTileAvx2(int kc, float** rows, float* b, float* c, int ldc)
    {
        float* a0 = rows[0], a1 = rows[1], a2 = rows[2], a3 = rows[3], a4 = rows[4], a5 = rows[5];
        var c00 = Avx.LoadVector256(c); var c01 = Avx.LoadVector256(c + 8);
        var c10 = Avx.LoadVector256(c + ldc); var c11 = Avx.LoadVector256(c + ldc + 8);
        var c20 = Avx.LoadVector256(c + 2 * ldc); var c21 = Avx.LoadVector256(c + 2 * ldc + 8);
        var c30 = Avx.LoadVector256(c + 3 * ldc); var c31 = Avx.LoadVector256(c + 3 * ldc + 8);
        var c40 = Avx.LoadVector256(c + 4 * ldc); var c41 = Avx.LoadVector256(c + 4 * ldc + 8);
        var c50 = Avx.LoadVector256(c + 5 * ldc); var c51 = Avx.LoadVector256(c + 5 * ldc + 8);
        for (int t = 0; t < kc; t++, b += 16)
        {
            var b0 = Avx.LoadVector256(b); var b1 = Avx.LoadVector256(b + 8);
            var v = Vector256.Create(a0[t]); c00 = Fma.MultiplyAdd(v, b0, c00); c01 = Fma.MultiplyAdd(v, b1, c01);
            v = Vector256.Create(a1[t]); c10 = Fma.MultiplyAdd(v, b0, c10); c11 = Fma.MultiplyAdd(v, b1, c11);
            v = Vector256.Create(a2[t]); c20 = Fma.MultiplyAdd(v, b0, c20); c21 = Fma.MultiplyAdd(v, b1, c21);
            v = Vector256.Create(a3[t]); c30 = Fma.MultiplyAdd(v, b0, c30); c31 = Fma.MultiplyAdd(v, b1, c31);
            v = Vector256.Create(a4[t]); c40 = Fma.MultiplyAdd(v, b0, c40); c41 = Fma.MultiplyAdd(v, b1, c41);
            v = Vector256.Create(a5[t]); c50 = Fma.MultiplyAdd(v, b0, c50); c51 = Fma.MultiplyAdd(v, b1, c51);
        }
        Avx.Store(c, c00); Avx.Store(c + 8, c01);
        Avx.Store(c + ldc, c10); Avx.Store(c + ldc + 8, c11);
        Avx.Store(c + 2 * ldc, c20); Avx.Store(c + 2 * ldc + 8, c21);
        Avx.Store(c + 3 * ldc, c30); Avx.Store(c + 3 * ldc + 8, c31);
        Avx.Store(c + 4 * ldc, c40); Avx.Store(c + 4 * ldc + 8, c41);
        Avx.Store(c + 5 * ldc, c50); Avx.Store(c + 5 * ldc + 8, c51);
    }

    /// <summary>
    /// z[ξ][k][16 lanes] (rows <paramref name="stride"/> apart) = A·dY·Aᵀ for the 2 slots of pair <paramref name="pair"/>,
    /// A = [[1,0],[1,1],[1,−1],[0,−1]]:
    /// rows (a, b) of A·dY become (a, a+b, a−b, −b).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void DyTransform(in Conv2dGeometry g, float* dy, int pair, float* z, int stride)
    {
        int th = (g.H + 1) / 2, slots = g.N * th, hw = g.H * g.W;
        var lowMask = ConvWinograd.LaneMask8(0, g.W);
        var highMask = ConvWinograd.LaneMask8(0, g.W - 8);
        long xs = ConvWinograd.PlaneStride(g.K, stride);
        for (int s = 0; s < 2; s++)
        {
            int slot = pair * 2 + s;
            float* top = null, bot = null;
            if (slot < slots)
            {
                int n = slot / th, r = slot % th * 2;
                top = dy + (long)n * g.K * hw + (long)r * g.W;
                if (r + 1 < g.H) bot = top + g.W;
            }
            float* dst = z + s * 8;
            for (int k = 0; k < g.K; k++, dst += stride)
            {
                long off = (long)k * hw;
                EvenOdd(top, off, lowMask, highMask, out var a, out var b);   // dY row 0: columns 2t, 2t+1
                EvenOdd(bot, off, lowMask, highMask, out var c, out var d);   // dY row 1
                Row(a, b, dst, xs);
                Row(a + c, b + d, dst + 4 * xs, xs);
                Row(a - c, b - d, dst + 8 * xs, xs);
                Row(-c, -d, dst + 12 * xs, xs);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Row(Vector256<float> p, Vector256<float> q, float* dst, long stride)
    {
        Avx.Store(dst, p);
        Avx.Store(dst + stride, p + q);
        Avx.Store(dst + 2 * stride, p - q);
        Avx.Store(dst + 3 * stride, -q);
    }

    /// <summary>Even and odd columns (0..15, masked to the row) of a row; zeros for a missing row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void EvenOdd(float* row, long off, Vector256<float> lowMask, Vector256<float> highMask,
        out Vector256<float> even, out Vector256<float> odd)
    {
        if (row == null) { even = Vector256<float>.Zero; odd = Vector256<float>.Zero; return; }
        ConvWinograd.EvenOdd(Avx.MaskLoad(row + off, lowMask), Avx.MaskLoad(row + off + 8, highMask), out even, out odd);
    }

    /// <summary>AVX-512, one slot of a wide-row geometry: z[ξ][k][16 lanes] as <see cref="DyTransform"/> does for a pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void DyTransformWide(in Conv2dGeometry g, float* dy, int slot, float* z, int stride)
    {
        int th = (g.H + 1) / 2, slots = g.N * th, hw = g.H * g.W;
        var lowMask = ConvWinograd.LaneMask(0, Math.Min(g.W, 16));
        var highMask = ConvWinograd.LaneMask(0, g.W - 16);
        long xs = ConvWinograd.PlaneStride(g.K, stride);
        float* top = null, bot = null;
        if (slot < slots)
        {
            int n = slot / th, r = slot % th * 2;
            top = dy + (long)n * g.K * hw + (long)r * g.W;
            if (r + 1 < g.H) bot = top + g.W;
        }
        float* dst = z;
        for (int k = 0; k < g.K; k++, dst += stride)
        {
            long off = (long)k * hw;
            EvenOdd16(top, off, lowMask, highMask, out var a, out var b);
            EvenOdd16(bot, off, lowMask, highMask, out var c, out var d);
            Row16(a, b, dst, xs);
            Row16(a + c, b + d, dst + 4 * xs, xs);
            Row16(a - c, b - d, dst + 8 * xs, xs);
            Row16(-c, -d, dst + 12 * xs, xs);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Row16(Vector512<float> p, Vector512<float> q, float* dst, long stride)
    {
        Vector512.Store(p, dst);
        Vector512.Store(p + q, dst + stride);
        Vector512.Store(p - q, dst + 2 * stride);
        Vector512.Store(-q, dst + 3 * stride);
    }

    /// <summary>Even and odd columns (0..31, masked to the row) of a wide row; zeros for a missing row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void EvenOdd16(float* row, long off, Vector512<float> lowMask, Vector512<float> highMask,
        out Vector512<float> even, out Vector512<float> odd)
    {
        if (row == null) { even = Vector512<float>.Zero; odd = Vector512<float>.Zero; return; }
        var low = Avx512F.MaskLoad(row + off, lowMask, Vector512<float>.Zero);
        var high = Avx512F.MaskLoad(row + off + 16, highMask, Vector512<float>.Zero);
        even = Avx512F.PermuteVar16x32x2(low, ConvWinograd.Even, high);
        odd = Avx512F.PermuteVar16x32x2(low, ConvWinograd.Odd, high);
    }

    /// <summary>dw[k, c] += Gᵀ·S[k, c]·G, Gᵀ = [[1,½,½,0],[0,½,−½,0],[0,½,½,1]].</summary>
    static void OutputTransform(in Conv2dGeometry g, float* s, int cpad, int kpad, float* dw)
    {
        long xs = (long)kpad * cpad;
        float* m = stackalloc float[16];
        float* t = stackalloc float[12];
        for (int k = 0; k < g.K; k++)
            for (int c = 0; c < g.C; c++)
            {
                for (int xi = 0; xi < Xi; xi++) m[xi] = s[xi * xs + (long)k * cpad + c];
                for (int j = 0; j < 4; j++)
                {
                    float a = m[j], b = m[4 + j], d = m[8 + j], e = m[12 + j];
                    t[j] = a + 0.5f * (b + d); t[4 + j] = 0.5f * (b - d); t[8 + j] = 0.5f * (b + d) + e;
                }
                float* o = dw + ((long)k * g.C + c) * 9;
                for (int i = 0; i < 3; i++)
                {
                    float a = t[4 * i], b = t[4 * i + 1], d = t[4 * i + 2], e = t[4 * i + 3];
                    o[3 * i] += a + 0.5f * (b + d); o[3 * i + 1] += 0.5f * (b - d); o[3 * i + 2] += 0.5f * (b + d) + e;
                }
            }
    }
}
