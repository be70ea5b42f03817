using System.Buffers;
using System.Numerics.Tensors;

namespace NotebookCourse.Kernels;

/// <summary>
/// conv2d on NCHW float32 buffers via im2col + <see cref="Gemm"/>, parallel over the batch.
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
        fixed (float* px = x) fixed (float* pw = w) fixed (float* pb = bias) fixed (float* py = y)
        {
            nint ax = (nint)px, aw = (nint)pw, ab = (nint)pb, ay = (nint)py;
            bool hasBias = !bias.IsEmpty;
            int workers = KernelThreads.Count(geo.N, (long)geo.N * geo.K * geo.P * geo.ColRows);
            int gemmThreads = workers == 1 ? Gemm.MaxThreads : 1;
            KernelThreads.For(geo.N, workers, (_, lo, hi) =>
            {
                bool direct = IsPointwise(geo);
                float[]? colArr = direct ? null : ArrayPool<float>.Shared.Rent(geo.ColRows * geo.P);
                var wt = new ReadOnlySpan<float>((float*)aw, (int)geo.WeightSize);
                for (int n = lo; n < hi; n++)
                    for (int gr = 0; gr < geo.Groups; gr++)
                    {
                        var xs = InputGroup(geo, ax, n, gr);
                        var ys = OutputGroup(geo, ay, n, gr);
                        ReadOnlySpan<float> col = xs;
                        if (!direct) { Im2Col.Forward(geo, xs, colArr); col = colArr; }
                        Gemm.Sgemm(false, false, geo.Kg, geo.P, geo.ColRows, 1f, wt.Slice(gr * geo.Kg * geo.ColRows),
                            geo.ColRows, col, geo.P, 0f, ys, geo.P, gemmThreads);
                        if (hasBias)
                            for (int k = 0; k < geo.Kg; k++)
                            {
                                var row = ys.Slice(k * geo.P, geo.P);
                                TensorPrimitives.Add(row, ((float*)ab)[gr * geo.Kg + k], row);
                            }
                    }
                if (colArr != null) ArrayPool<float>.Shared.Return(colArr);
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
            nint ady = (nint)pdy, aw = (nint)pw, adx = (nint)pdx;
            int workers = KernelThreads.Count(geo.N, (long)geo.N * geo.K * geo.P * geo.ColRows);
            int gemmThreads = workers == 1 ? Gemm.MaxThreads : 1;
            KernelThreads.For(geo.N, workers, (_, lo, hi) =>
            {
                bool direct = IsPointwise(geo);
                float[]? colArr = direct ? null : ArrayPool<float>.Shared.Rent(geo.ColRows * geo.P);
                var wt = new ReadOnlySpan<float>((float*)aw, (int)geo.WeightSize);
                for (int n = lo; n < hi; n++)
                    for (int gr = 0; gr < geo.Groups; gr++)
                    {
                        var dxs = InputGroup(geo, adx, n, gr);
                        var dys = OutputGroup(geo, ady, n, gr);
                        Span<float> col = direct ? dxs : colArr;
                        // col = W_gᵀ · dy_g  (ColRows × P)
                        Gemm.Sgemm(true, false, geo.ColRows, geo.P, geo.Kg, 1f, wt.Slice(gr * geo.Kg * geo.ColRows),
                            geo.ColRows, dys, geo.P, 0f, col, geo.P, gemmThreads);
                        if (!direct) { dxs.Clear(); Im2Col.BackwardAccumulate(geo, col, dxs); }
                    }
                if (colArr != null) ArrayPool<float>.Shared.Return(colArr);
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
        if (!accumulate) dw.Clear();
        if (g.N == 0) return;
        var geo = g;
        int wsize = (int)g.WeightSize;
        int workers = KernelThreads.Count(geo.N, (long)geo.N * geo.K * geo.P * geo.ColRows);
        // Each extra worker sums into a private partial; they are reduced into dw at the end.
        var partials = new float[]?[workers];
        fixed (float* px = x) fixed (float* pdy = dy) fixed (float* pdw = dw)
        {
            nint ax = (nint)px, ady = (nint)pdy, adw = (nint)pdw;
            int gemmThreads = workers == 1 ? Gemm.MaxThreads : 1;
            KernelThreads.For(geo.N, workers, (t, lo, hi) =>
            {
                Span<float> acc;
                if (t == 0) acc = new Span<float>((float*)adw, wsize);
                else { partials[t] = ArrayPool<float>.Shared.Rent(wsize); acc = partials[t].AsSpan(0, wsize); acc.Clear(); }
                bool direct = IsPointwise(geo);
                float[]? colArr = direct ? null : ArrayPool<float>.Shared.Rent(geo.ColRows * geo.P);
                for (int n = lo; n < hi; n++)
                    for (int gr = 0; gr < geo.Groups; gr++)
                    {
                        ReadOnlySpan<float> col = InputGroup(geo, ax, n, gr);
                        if (!direct) { Im2Col.Forward(geo, col, colArr); col = colArr; }
                        // dW_g (Kg × ColRows) += dy_g (Kg × P) · colᵀ (P × ColRows)
                        Gemm.Sgemm(false, true, geo.Kg, geo.ColRows, geo.P, 1f, OutputGroup(geo, ady, n, gr), geo.P,
                            col, geo.P, 1f, acc.Slice(gr * geo.Kg * geo.ColRows), geo.ColRows, gemmThreads);
                    }
                if (colArr != null) ArrayPool<float>.Shared.Return(colArr);
            });
        }
        for (int t = 1; t < workers; t++)
        {
            if (partials[t] is not { } p) continue;
            TensorPrimitives.Add(dw, p.AsSpan(0, wsize), dw);
            ArrayPool<float>.Shared.Return(p);
        }
    }

    /// <summary>db[k] = Σ over batch and pixels of dy[n, k, :, :]; overwritten unless <paramref name="accumulate"/>.</summary>
    public static void BackwardBias(in Conv2dGeometry g, ReadOnlySpan<float> dy, Span<float> db, bool accumulate = false)
    {
        Check(g, "conv2d bias backward", dy.Length, g.OutputSize, "output gradient");
        Check(g, "conv2d bias backward", db.Length, g.K, "bias gradient");
        ChannelSums(dy, g.N, g.K, g.P, db, accumulate);
    }

    /// <summary>out[c] (+)= Σₙ Σₚ t[n, c, p] for an (N, C, P) buffer.</summary>
    internal static void ChannelSums(ReadOnlySpan<float> t, int n, int c, int p, Span<float> result, bool accumulate)
    {
        if (!accumulate) result[..c].Clear();
        for (int b = 0; b < n; b++)
            for (int k = 0; k < c; k++)
                result[k] += TensorPrimitives.Sum(t.Slice((b * c + k) * p, p));
    }

    static bool IsPointwise(in Conv2dGeometry g)
        => g.KH == 1 && g.KW == 1 && g.StrideH == 1 && g.StrideW == 1 && g.PadH == 0 && g.PadW == 0;

    static Span<float> InputGroup(in Conv2dGeometry g, nint basePtr, int n, int gr)
    {
        int size = g.Cg * g.H * g.W;
        return new Span<float>((float*)basePtr + ((long)n * g.C + (long)gr * g.Cg) * g.H * g.W, size);
    }

    static Span<float> OutputGroup(in Conv2dGeometry g, nint basePtr, int n, int gr)
    {
        int size = g.Kg * g.P;
        return new Span<float>((float*)basePtr + ((long)n * g.K + (long)gr * g.Kg) * g.P, size);
    }

    internal static void Check(in Conv2dGeometry g, string op, int actual, long expected, string what)
    {
        if (actual < expected)
            throw new ArgumentException(
                $"{op}: {what} buffer has {actual} elements but geometry input ({g.N}, {g.C}, {g.H}, {g.W}), " +
                $"weight ({g.K}, {g.Cg}, {g.KH}, {g.KW}), output ({g.N}, {g.K}, {g.OH}, {g.OW}) needs {expected}.");
    }
}
