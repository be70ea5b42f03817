using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookCourse.Kernels;

/// <summary>
/// Implicit-im2col convolution for unit-stride "same" convolutions (OH = H, OW = W) on AVX-512. The output pixels of
/// the whole batch form one long column axis; each 32-pixel micro-panel of the GEMM's B operand (ColRows × 32) is
/// packed straight from the input with shifted loads ANDed with per-tap padding masks (fault-free masked loads at the
/// batch's two ends), and the 8×32 register tiles start from
/// the bias and are stored straight into the images' NCHW output slices. No column matrix, no gather/scatter copies.
/// The data gradient of such a convolution is again one (weights flipped and transposed per group), so
/// <see cref="BackwardData"/> runs the same loop instead of a col2im scatter.
/// </summary>
internal static unsafe class ConvImplicitGemm
{
    const int MR = 8, NR = 32;
    // B micro-panel of ColRows × 32 floats must stay cache-resident while the row tiles sweep it (≤ 288 KB).
    const int MaxColRows = 2304;
    // Reduction rows per pass over the tiles: 320 × 32 floats of B (40 KB) stay in L1 while the row tiles sweep them.
    const int MaxBlockRows = 320;

    /// <summary>Test hook: false forces the im2col path everywhere.</summary>
    internal static bool Enabled = true;

    /// <summary>True when this geometry runs here: AVX-512, stride 1, output the size of the input, ≥ 32 pixels.</summary>
    public static bool Applies(in Conv2dGeometry g) =>
        Enabled && Avx512F.IsSupported && Vector512.IsHardwareAccelerated && g.StrideH == 1 && g.StrideW == 1 &&
        g.OH == g.H && g.OW == g.W && g.P >= NR && g.ColRows <= MaxColRows && g.Cg * g.H * g.W <= int.MaxValue / 4;

    /// <summary>
    /// Data gradient too: its output channels per group (Cg) are the tile rows, so few input channels (the first
    /// layer's 1 or 3) would waste most of each 8-row tile, where the im2col path's GEMM has ColRows rows instead.
    /// </summary>
    public static bool AppliesToData(in Conv2dGeometry g) => Applies(g) && RoundUp(g.Cg) - g.Cg <= g.Cg / 4;

    /// <summary>y (N, K, H, W) = conv(x, w) + bias; bias may be null. Requires <see cref="Applies"/>.</summary>
    public static void Forward(in Conv2dGeometry g, float* x, float* w, float* bias, float* y)
    {
        int kg = g.Kg, colRows = g.ColRows, taps = g.KH * g.KW, cg = g.Cg, block = BlockChannels(g);
        using var a = PackedWeights.Create(kg, colRows, g.Groups, (gr, row, col) =>
        {
            var (c, tap) = ColumnOf(col, cg, taps, block);
            return w[(gr * kg + row) * colRows + c * taps + tap];
        });
        using var b = PaddedBias(g, bias);
        Run(g, x, a, b?.Pointer, y);
    }

    /// <summary>dx (N, C, H, W) from dy (N, K, H, W): the convolution of dy with flipped, transposed weights.</summary>
    public static void BackwardData(in Conv2dGeometry g, float* dy, float* w, float* dx)
    {
        var geo = g;
        int taps = g.KH * g.KW;
        // Stride 1 and OH = H give 2·pad = dil·(KH−1), so the flipped convolution has the same padding.
        var t2 = Conv2dGeometry.Create(g.N, g.K, g.H, g.W, g.C, g.KH, g.KW, 1, 1, g.DilH * (g.KH - 1) - g.PadH,
            g.DilW * (g.KW - 1) - g.PadW, g.DilH, g.DilW, g.Groups);
        int block = BlockChannels(t2);
        // Row c (input channel of the original conv), column (k, tap = i·KW + j) ← w[k, c, KH−1−i, KW−1−j].
        using var a = PackedWeights.Create(g.Cg, g.Kg * taps, g.Groups, (gr, c, col) =>
        {
            var (k, t) = ColumnOf(col, geo.Kg, taps, block);
            int i = t / geo.KW, j = t % geo.KW;
            return w[((gr * geo.Kg + k) * geo.Cg + c) * taps + (geo.KH - 1 - i) * geo.KW + (geo.KW - 1 - j)];
        });
        Run(t2, dy, a, null, dx);
    }

    static PinnedScratch? PaddedBias(in Conv2dGeometry g, float* bias)
    {
        if (bias == null) return null;
        int kpad = RoundUp(g.Kg);
        var s = new PinnedScratch(kpad * g.Groups);
        for (int gr = 0; gr < g.Groups; gr++)
            for (int r = 0; r < kpad; r++) s.Pointer[gr * kpad + r] = r < g.Kg ? bias[gr * g.Kg + r] : 0f;
        return s;
    }

    static int RoundUp(int rows) => (rows + MR - 1) / MR * MR;

    /// <summary>Input channels per reduction block: blocks of whole channels of at most MaxBlockRows Col rows.</summary>
    static int BlockChannels(in Conv2dGeometry t)
    {
        int taps = t.KH * t.KW, blocks = (t.Cg * taps + MaxBlockRows - 1) / MaxBlockRows;
        return (t.Cg + blocks - 1) / blocks;
    }

    /// <summary>
    /// Packed column → (channel, tap). Columns run block by block; inside a block of channels tap-major, so one tap's
    /// padding mask serves a run of channels (the order both the packed panels and the direct tile read).
    /// </summary>
    static (int Channel, int Tap) ColumnOf(int col, int channels, int taps, int block)
    {
        int cb = col / (block * taps) * block, within = col - cb * taps, width = Math.Min(channels, cb + block) - cb;
        return (cb + within % width, within / width);
    }

    static void Run(Conv2dGeometry t, float* x, PackedWeights a, float* bias, float* y)
    {
        long total = (long)t.N * t.P;
        int panels = (int)((total + NR - 1) / NR);
        int workers = KernelThreads.Count(panels, (long)t.N * t.K * t.P * t.ColRows);
        using var table = ValidityTable(t);
        nint ax = (nint)x, aa = (nint)a.Pointer, ab = (nint)bias, ay = (nint)y, av = (nint)table.Pointer;
        KernelThreads.For(panels, workers, (_, lo, hi) => Panels(t, (float*)ax, (float*)aa, (float*)ab, (float*)ay, (uint*)av, lo, hi));
    }

    /// <summary>
    /// Per tap, all-ones where output pixel p reads inside the image, as rows of 32 zeros + P entries + 32 zeros: the
    /// same for every image and channel, so a panel's masks are two plain loads per tap.
    /// </summary>
    static PinnedScratch ValidityTable(in Conv2dGeometry t)
    {
        int taps = t.KH * t.KW, len = t.P + 2 * NR;
        var table = new PinnedScratch(taps * len);
        uint* v = (uint*)table.Pointer;
        new Span<uint>(v, taps * len).Clear();
        for (int tap = 0; tap < taps; tap++)
        {
            int dh = tap / t.KW * t.DilH - t.PadH, dw = tap % t.KW * t.DilW - t.PadW;
            uint* row = v + (long)tap * len + NR;
            for (int oh = 0; oh < t.OH; oh++)
            {
                if ((uint)(oh + dh) >= (uint)t.H) continue;
                for (int ow = 0; ow < t.OW; ow++)
                    if ((uint)(ow + dw) < (uint)t.W) row[oh * t.OW + ow] = uint.MaxValue;
            }
        }
        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Panels(in Conv2dGeometry t, float* x, float* pa, float* bias, float* y, uint* valid, int lo, int hi)
    {
        int taps = t.KH * t.KW, colRows = t.ColRows, p = t.P, hw = t.H * t.W;
        int kpad = RoundUp(t.Kg);
        long total = (long)t.N * p, xLen = (long)t.N * t.C * hw;
        using var bBuf = new PinnedScratch(colRows * NR);
        float* pb = bBuf.Pointer;
        using var scratchBuf = new PinnedScratch(kpad * NR);
        float* scratch = scratchBuf.Pointer;
        int chanPerBlock = BlockChannels(t);
        float* zeros = stackalloc float[MR];
        for (int r = 0; r < MR; r++) zeros[r] = 0f;
        int* doff = stackalloc int[taps];
        int minOff = 0, maxOff = 0;
        for (int tap = 0; tap < taps; tap++)
        {
            doff[tap] = (tap / t.KW * t.DilH - t.PadH) * t.W + (tap % t.KW * t.DilW - t.PadW);
            minOff = Math.Min(minOff, doff[tap]); maxOff = Math.Max(maxOff, doff[tap]);
        }
        int validLen = p + 2 * NR;
        int* noOffset = stackalloc int[1];
        noOffset[0] = 0;
        uint* allValid = stackalloc uint[NR];
        for (int q = 0; q < NR; q++) allValid[q] = uint.MaxValue;
        for (int gr = 0; gr < t.Groups; gr++)
        {
            float* pag = pa + (long)gr * kpad * colRows;
            float* bg = bias == null ? null : bias + gr * kpad;
            for (int panel = lo; panel < hi; panel++)
            {
                long j0 = (long)panel * NR;
                int n0 = (int)(j0 / p), p0 = (int)(j0 % p);
                int lanes = (int)Math.Min(NR, total - j0);
                int qs = Math.Min(lanes, p - p0); // lanes [0, qs) are image n0 from pixel p0, [qs, lanes) image n0+1 from 0

                long img0 = ((long)n0 * t.C + gr * t.Cg) * hw + p0;
                long img1 = ((long)(n0 + 1) * t.C + gr * t.Cg) * hw - qs;
                bool two = qs < lanes, direct = qs == NR;
                long out0 = ((long)n0 * t.K + gr * t.Kg) * p + p0;
                long out1 = ((long)(n0 + 1) * t.K + gr * t.Kg) * p;
                // One image, every shifted read inside x: the tiles read the input themselves, no packed panel.
                if (direct && img0 + minOff >= 0 && img0 + (long)(t.Cg - 1) * hw + maxOff + NR <= xLen)
                {
                    for (int it = 0; it < kpad; it += MR)
                    {
                        bool full = it + MR <= t.Kg;
                        float* c = full ? y + out0 + (long)it * p : scratch + it * NR;
                        TileDirect(t.Cg, taps, chanPerBlock, hw, pag + (long)it * colRows, x + img0, doff,
                            valid + NR + p0, validLen, bg == null ? zeros : bg + it, c, full ? p : NR);
                    }
                    for (int r = t.Kg / MR * MR; r < t.Kg; r++) Copy(scratch + r * NR, y + out0 + (long)r * p, NR);
                    continue;
                }
                // Reduction in blocks of whole input channels so the B micro-panel stays in L1.
                for (int cb = 0; cb < t.Cg; cb += chanPerBlock)
                {
                    int ce = Math.Min(t.Cg, cb + chanPerBlock), kc = (ce - cb) * taps;
                    bool first = cb == 0;
                    for (int tap = 0; tap < taps; tap++)
                    {
                        // Lane q of the first image reads validity[p0 + q] (zeros past P end that segment); lane q of
                        // the second reads validity[q − qs] (zeros before 0 start it).
                        uint* vrow = valid + (long)tap * validLen + NR;
                        var m0Lo = Vector512.Load(vrow + p0).AsSingle();
                        var m0Hi = Vector512.Load(vrow + p0 + 16).AsSingle();
                        float* src0 = x + img0 + (long)cb * hw + doff[tap];
                        float* dst = pb + tap * (ce - cb) * NR;
                        // Plain loads and a mask AND when every read of the block stays inside x (all but the
                        // batch's first and last pixels): cheaper than masked loads.
                        long first0 = img0 + (long)cb * hw + doff[tap], last0 = first0 + (long)(ce - 1 - cb) * hw + NR;
                        if (!two && first0 >= 0 && last0 <= xLen)
                        {
                            var a0 = m0Lo.AsUInt32(); var a1 = m0Hi.AsUInt32();
                            for (int c = cb; c < ce; c++, src0 += hw, dst += NR)
                            {
                                Avx512F.Store(dst, (Vector512.Load(src0).AsUInt32() & a0).AsSingle());
                                Avx512F.Store(dst + 16, (Vector512.Load(src0 + 16).AsUInt32() & a1).AsSingle());
                            }
                        }
                        else if (!two)
                        {
                            for (int c = cb; c < ce; c++, src0 += hw, dst += NR)
                            {
                                Avx512F.Store(dst, Avx512F.MaskLoad(src0, m0Lo, Vector512<float>.Zero));
                                Avx512F.Store(dst + 16, Avx512F.MaskLoad(src0 + 16, m0Hi, Vector512<float>.Zero));
                            }
                        }
                        else
                        {
                            var m1Lo = Vector512.Load(vrow - qs).AsSingle();
                            var m1Hi = Vector512.Load(vrow - qs + 16).AsSingle();
                            float* src1 = x + img1 + (long)cb * hw + doff[tap];
                            for (int c = cb; c < ce; c++, src0 += hw, src1 += hw, dst += NR)
                            {
                                var lo0 = Avx512F.MaskLoad(src0, m0Lo, Vector512<float>.Zero) | Avx512F.MaskLoad(src1, m1Lo, Vector512<float>.Zero);
                                var hi0 = Avx512F.MaskLoad(src0 + 16, m0Hi, Vector512<float>.Zero) | Avx512F.MaskLoad(src1 + 16, m1Hi, Vector512<float>.Zero);
                                Avx512F.Store(dst, lo0);
                                Avx512F.Store(dst + 16, hi0);
                            }
                        }
                    }

                    // Row tiles of output channels: full tiles inside one image accumulate straight in y, the rest
                    // in a per-panel scratch that is copied out after the last block.
                    for (int it = 0; it < kpad; it += MR)
                    {
                        float* ap = pag + (long)it * colRows + (long)cb * taps * MR;
                        float* b8 = bg == null ? zeros : bg + it;
                        bool full = direct && it + MR <= t.Kg;
                        float* c = full ? y + out0 + (long)it * p : scratch + it * NR;
                        // The packed panel is a "plane" of kc rows 32 apart, one tap, nothing masked.
                        TileDirect(kc, 1, kc, NR, ap, pb, noOffset, allValid, 0, first ? b8 : null, c, full ? p : NR);
                    }
                }
                if (direct && t.Kg % MR == 0) continue;
                for (int r = direct ? t.Kg / MR * MR : 0; r < t.Kg; r++)
                {
                    Copy(scratch + r * NR, y + out0 + (long)r * p, qs);
                    if (two) Copy(scratch + r * NR + qs, y + out1 + (long)r * p, lanes - qs);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Copy(float* src, float* dst, int n)
    {
        int q = 0;
        for (; q + 16 <= n; q += 16) Vector512.Store(Vector512.Load(src + q), dst + q);
        for (; q < n; q++) dst[q] = src[q];
    }

    /// <summary>
    /// 8×32 tile C[r, :] = init[r] + Σ over (channel, tap) of A·(shifted input row ANDed with the tap's padding mask),
    /// reading the input planes directly (a[] in <see cref="ColumnOf"/> order); init is the bias row or, when
    /// <paramref name="bias"/> is null, what C already holds (a later reduction block). A packed panel is the case of one
    /// tap, rows 32 floats apart and an all-ones mask.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void TileDirect(int cg, int taps, int block, int hw, float* a, float* x, int* doff, uint* valid,
        int validLen, float* bias, float* c, int ldc)
    {
        Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (bias != null)
        {
            c00 = Vector512.Create(bias[0]); c01 = c00; c10 = Vector512.Create(bias[1]); c11 = c10;
            c20 = Vector512.Create(bias[2]); c21 = c20; c30 = Vector512.Create(bias[3]); c31 = c30;
            c40 = Vector512.Create(bias[4]); c41 = c40; c50 = Vector512.Create(bias[5]); c51 = c50;
            c60 = Vector512.Create(bias[6]); c61 = c60; c70 = Vector512.Create(bias[7]); c71 = c70;
        }
        else
        {
            float* r = c;
            c00 = Avx512F.LoadVector512(r); c01 = Avx512F.LoadVector512(r + 16); r += ldc;
            c10 = Avx512F.LoadVector512(r); c11 = Avx512F.LoadVector512(r + 16); r += ldc;
            c20 = Avx512F.LoadVector512(r); c21 = Avx512F.LoadVector512(r + 16); r += ldc;
            c30 = Avx512F.LoadVector512(r); c31 = Avx512F.LoadVector512(r + 16); r += ldc;
            c40 = Avx512F.LoadVector512(r); c41 = Avx512F.LoadVector512(r + 16); r += ldc;
            c50 = Avx512F.LoadVector512(r); c51 = Avx512F.LoadVector512(r + 16); r += ldc;
            c60 = Avx512F.LoadVector512(r); c61 = Avx512F.LoadVector512(r + 16); r += ldc;
            c70 = Avx512F.LoadVector512(r); c71 = Avx512F.LoadVector512(r + 16);
        }
        for (int cb = 0; cb < cg; cb += block)
        {
            int width = Math.Min(cg, cb + block) - cb;
            for (int tap = 0; tap < taps; tap++)
            {
                uint* v = valid + (long)tap * validLen;
                var m0 = Vector512.Load(v); var m1 = Vector512.Load(v + 16);
                float* s = x + (long)cb * hw + doff[tap];
                for (int ch = 0; ch < width; ch++, s += hw, a += MR)
                {
                    var b0 = (Vector512.Load((uint*)s) & m0).AsSingle();
                    var b1 = (Vector512.Load((uint*)s + 16) & m1).AsSingle();
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
                }
            }
        }
        Avx512F.Store(c, c00); Avx512F.Store(c + 16, c01); c += ldc;
        Avx512F.Store(c, c10); Avx512F.Store(c + 16, c11); c += ldc;
        Avx512F.Store(c, c20); Avx512F.Store(c + 16, c21); c += ldc;
        Avx512F.Store(c, c30); Avx512F.Store(c + 16, c31); c += ldc;
        Avx512F.Store(c, c40); Avx512F.Store(c + 16, c41); c += ldc;
        Avx512F.Store(c, c50); Avx512F.Store(c + 16, c51); c += ldc;
        Avx512F.Store(c, c60); Avx512F.Store(c + 16, c61); c += ldc;
        Avx512F.Store(c, c70); Avx512F.Store(c + 16, c71);
    }

    /// <summary>Weights of every group packed once per call as MR-row panels, step-major: dst[col·MR + r].</summary>
    sealed class PackedWeights : IDisposable
    {
        readonly PinnedScratch buf;
        public float* Pointer => buf.Pointer;
        PackedWeights(int floats) => buf = new PinnedScratch(floats);

        public static PackedWeights Create(int rows, int cols, int groups, Func<int, int, int, float> value)
        {
            int kpad = RoundUp(rows);
            var pw = new PackedWeights(kpad * cols * groups);
            for (int gr = 0; gr < groups; gr++)
            {
                float* dst = pw.Pointer + (long)gr * kpad * cols;
                for (int r = 0; r < kpad; r++)
                {
                    float* panel = dst + (long)(r / MR) * MR * cols + r % MR;
                    for (int col = 0; col < cols; col++) panel[col * MR] = r < rows ? value(gr, r, col) : 0f;
                }
            }
            return pw;
        }

        public void Dispose() => buf.Dispose();
    }

    /// <summary>A pooled float buffer pinned for the call, 64-byte aligned.</summary>
    internal sealed class PinnedScratch : IDisposable
    {
        readonly float[] array;
        readonly System.Runtime.InteropServices.GCHandle handle;
        public readonly float* Pointer;

        public PinnedScratch(int floats)
        {
            array = ArrayPool<float>.Shared.Rent(floats + 16);
            handle = System.Runtime.InteropServices.GCHandle.Alloc(array, System.Runtime.InteropServices.GCHandleType.Pinned);
            Pointer = (float*)((handle.AddrOfPinnedObject() + 63) & ~(nint)63);
        }

        public void Dispose()
        {
            handle.Free();
            ArrayPool<float>.Shared.Return(array);
        }
    }
}
