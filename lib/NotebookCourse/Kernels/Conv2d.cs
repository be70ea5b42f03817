using System.Numerics.Tensors;

namespace NotebookCourse.Kernels;

/// <summary>
/// conv2d on NCHW float32 buffers via im2col + <see cref="Gemm"/>. Images are processed in chunks that share one
/// wide GEMM (see <see cref="ConvChunk"/>); chunks are spread over the worker threads. Unit-stride "same"
/// convolutions on AVX-512 take the paths of <see cref="ConvImplicitGemm"/>, <see cref="ConvImplicitWeightGrad"/> and
/// <see cref="ConvWeightGradRows"/> instead (dispatch rule and measurements in Kernels/README.md).
/// Shapes follow <see cref="Conv2dGeometry"/>: x (N, C, H, W), w (K, C/groups, KH, KW), bias (K), y (N, K, OH, OW).
/// </summary>
/// <example><code>Conv2d.Forward(g, x, w, bias, y); Conv2d.BackwardData(g, dy, w, dx);</code></example>
public static unsafe class Conv2d
{
    /// <summary>y = conv(x, w) + bias (bias may be empty). y is overwritten.</summary>
    public static void Forward(in Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w,
        ReadOnlySpan<float> bias, Span<float> y)
    {
        Check(g, "conv2d forward", x.Length, g.InputSize, "input");
        Check(g, "conv2d forward", w.Length, g.WeightSize, "weight");
        Check(g, "conv2d forward", y.Length, g.OutputSize, "output");
        if (!bias.IsEmpty) Check(g, "conv2d forward", bias.Length, g.K, "bias");
        if (g.N == 0) return;
        var geo = g;
        bool hasBias = !bias.IsEmpty;
        fixed (float* px = x) fixed (float* pw = w) fixed (float* pb = bias) fixed (float* py = y)
        {
            if (ConvWinograd.Applies(g)) { ConvWinograd.Forward(g, px, pw, hasBias ? pb : null, py); return; }
            if (ConvImplicitGemm.Applies(g)) { ConvImplicitGemm.Forward(g, px, pw, hasBias ? pb : null, py); return; }
            nint ax = (nint)px, aw = (nint)pw, ab = (nint)pb, ay = (nint)py;
            ForChunks(geo, (lo, hi, gemmThreads) =>
            {
                using var chunk = ConvChunk.Rent(geo, geo.Kg);
                int ld = (hi - lo) * geo.P;
                bool single = hi - lo == 1; // one image: the GEMM writes straight into y, no scatter copy
                for (int gr = 0; gr < geo.Groups; gr++)
                {
                    for (int n = lo; n < hi; n++)
                        Im2Col.Forward(geo, InputGroup(geo, ax, n, gr), chunk.Col.AsSpan((n - lo) * geo.P), ld);
                    // Out (Kg × B·P) = W_g (Kg × ColRows) · Col (ColRows × B·P)
                    Span<float> outm = single ? OutputGroup(geo, ay, lo, gr) : chunk.Tmp;
                    Gemm.Sgemm(false, false, geo.Kg, ld, geo.ColRows, 1f, Weight(geo, aw, gr), geo.ColRows,
                        chunk.Col, ld, 0f, outm, ld, gemmThreads);
                    for (int n = lo; n < hi; n++)
                    {
                        var ys = OutputGroup(geo, ay, n, gr);
                        for (int k = 0; k < geo.Kg; k++)
                        {
                            var src = outm.Slice(k * ld + (n - lo) * geo.P, geo.P);
                            var dst = ys.Slice(k * geo.P, geo.P);
                            if (hasBias) TensorPrimitives.Add(src, ((float*)ab)[gr * geo.Kg + k], dst);
                            else if (!single) src.CopyTo(dst);
                        }
                    }
                }
            });
        }
    }

    /// <summary>dx = ∂(y·dy)/∂x: the data gradient (also conv_transpose2d's forward). dx is overwritten.</summary>
    public static void BackwardData(in Conv2dGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx)
    {
        Check(g, "conv2d backward", dy.Length, g.OutputSize, "output gradient");
        Check(g, "conv2d backward", w.Length, g.WeightSize, "weight");
        Check(g, "conv2d backward", dx.Length, g.InputSize, "input gradient");
        if (g.N == 0) return;
        var geo = g;
        fixed (float* pdy = dy) fixed (float* pw = w) fixed (float* pdx = dx)
        {
            if (ConvWinograd.Applies(g)) { ConvWinograd.BackwardData(g, pdy, pw, pdx); return; }
            if (ConvImplicitGemm.AppliesToData(g)) { ConvImplicitGemm.BackwardData(g, pdy, pw, pdx); return; }
            nint ady = (nint)pdy, aw = (nint)pw, adx = (nint)pdx;
            ForChunks(geo, (lo, hi, gemmThreads) =>
            {
                using var chunk = ConvChunk.Rent(geo, geo.Kg);
                int ld = (hi - lo) * geo.P;
                for (int gr = 0; gr < geo.Groups; gr++)
                {
                    ReadOnlySpan<float> dym = GatherOutputs(geo, ady, lo, hi, gr, chunk.Tmp);
                    // Col (ColRows × B·P) = W_gᵀ · dY (Kg × B·P)
                    Gemm.Sgemm(true, false, geo.ColRows, ld, geo.Kg, 1f, Weight(geo, aw, gr), geo.ColRows,
                        dym, ld, 0f, chunk.Col, ld, gemmThreads);
                    for (int n = lo; n < hi; n++)
                    {
                        var dxs = InputGroup(geo, adx, n, gr);
                        dxs.Clear();
                        Im2Col.BackwardAccumulateScratch(geo, chunk.Col.AsSpan((n - lo) * geo.P), dxs, ld);
                    }
                }
            });
        }
    }

    /// <summary>dw (K, C/groups, KH, KW) = Σₙ dy·colᵀ; overwritten unless <paramref name="accumulate"/>.</summary>
    public static void BackwardWeight(in Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        Span<float> dw, bool accumulate = false)
    {
        Check(g, "conv2d weight backward", x.Length, g.InputSize, "input");
        Check(g, "conv2d weight backward", dy.Length, g.OutputSize, "output gradient");
        Check(g, "conv2d weight backward", dw.Length, g.WeightSize, "weight gradient");
        if (!accumulate) dw[..(int)g.WeightSize].Clear();
        if (g.N == 0) return;
        fixed (float* px = x) fixed (float* pdy = dy) fixed (float* pdw = dw)
        {
            if (ConvWinogradWeightGrad.Applies(g)) ConvWinogradWeightGrad.Run(g, px, pdy, pdw);
            else if (ConvImplicitWeightGrad.Applies(g)) ConvImplicitWeightGrad.Run(g, px, pdy, pdw);
            else if (ConvWeightGradRows.Applies(g)) ConvWeightGradRows.Run(g, px, pdy, pdw);
            else ConvWeightGrad.Run(g, (nint)px, (nint)pdy, (nint)pdw);
        }
    }

    /// <summary>db[k] = Σ over batch and pixels of dy[n, k, :, :]; overwritten unless <paramref name="accumulate"/>.</summary>
    public static void BackwardBias(in Conv2dGeometry g, ReadOnlySpan<float> dy, Span<float> db, bool accumulate = false)
    {
        Check(g, "conv2d bias backward", dy.Length, g.OutputSize, "output gradient");
        Check(g, "conv2d bias backward", db.Length, g.K, "bias gradient");
        ChannelSums(dy, g.N, g.K, g.P, db, accumulate);
    }

    /// <summary>
    /// out[c] (+)= Σₙ Σₚ t[n, c, p] for an (N, C, P) buffer. Channels are split over the kernel threads; each channel
    /// adds its images in order, so the bits do not depend on the thread count.
    /// </summary>
    internal static void ChannelSums(ReadOnlySpan<float> t, int n, int c, int p, Span<float> result, bool accumulate)
    {
        if (!accumulate) result[..c].Clear();
        int workers = KernelThreads.CountForElements(c, (long)n * c * p);
        fixed (float* pt = t)
        fixed (float* pr = result)
        {
            nint at = (nint)pt, ar = (nint)pr;
            KernelThreads.For(c, workers, (_, lo, hi) =>
            {
                float* src = (float*)at, dst = (float*)ar;
                for (int k = lo; k < hi; k++)
                {
                    float acc = dst[k];
                    for (int b = 0; b < n; b++) acc += TensorPrimitives.Sum(new ReadOnlySpan<float>(src + ((long)b * c + k) * p, p));
                    dst[k] = acc;
                }
            });
        }
    }

    /// <summary>Runs body(firstImage, endImage, gemmThreads) over image chunks, in parallel when it pays.</summary>
    internal static void ForChunks(in Conv2dGeometry g, Action<int, int, int> body)
    {
        int per = ConvChunk.ImagesPerChunk(g);
        int chunks = (g.N + per - 1) / per;
        int workers = KernelThreads.Count(chunks, (long)g.N * g.K * g.P * g.ColRows);
        int gemmThreads = workers == 1 ? Gemm.MaxThreads : 1;
        int n = g.N;
        KernelThreads.For(chunks, workers, (_, lo, hi) =>
        {
            for (int c = lo; c < hi; c++) body(c * per, Math.Min(n, (c + 1) * per), gemmThreads);
        });
    }

    /// <summary>
    /// dy[lo..hi, group] as a (Kg × B·P) matrix, image b at column offset b·P: copied into dst for several images,
    /// the original buffer for one.
    /// </summary>
    internal static ReadOnlySpan<float> GatherOutputs(in Conv2dGeometry g, nint dy, int lo, int hi, int gr, Span<float> dst)
    {
        if (hi - lo == 1) return OutputGroup(g, dy, lo, gr);
        int ld = (hi - lo) * g.P;
        for (int n = lo; n < hi; n++)
        {
            var src = OutputGroup(g, dy, n, gr);
            for (int k = 0; k < g.Kg; k++) src.Slice(k * g.P, g.P).CopyTo(dst.Slice(k * ld + (n - lo) * g.P, g.P));
        }
        return dst;
    }

    internal static ReadOnlySpan<float> Weight(in Conv2dGeometry g, nint w, int gr)
        => new((float*)w + (long)gr * g.Kg * g.ColRows, g.Kg * g.ColRows);

    internal static Span<float> InputGroup(in Conv2dGeometry g, nint basePtr, int n, int gr)
        => new((float*)basePtr + ((long)n * g.C + (long)gr * g.Cg) * g.H * g.W, g.Cg * g.H * g.W);

    internal static Span<float> OutputGroup(in Conv2dGeometry g, nint basePtr, int n, int gr)
        => new((float*)basePtr + ((long)n * g.K + (long)gr * g.Kg) * g.P, g.Kg * g.P);

    internal static void Check(in Conv2dGeometry g, string op, int actual, long expected, string what)
    {
        if (actual < expected)
            throw new ArgumentException(
                $"{op}: {what} buffer has {actual} elements but geometry input ({g.N}, {g.C}, {g.H}, {g.W}), " +
                $"weight ({g.K}, {g.Cg}, {g.KH}, {g.KW}), output ({g.N}, {g.K}, {g.OH}, {g.OW}) needs {expected}.");
    }
}
