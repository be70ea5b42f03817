using System.Buffers;
using System.Numerics.Tensors;

namespace NotebookCourse.Kernels;

/// <summary>
/// conv2d weight gradient: dW_g += dY_g (Kg × B·P) · Col_gᵀ (B·P × ColRows) per image chunk, one private
/// accumulator per extra worker, reduced at the end. When ColRows is tiny (first layers: 1 channel × 3×3) the
/// transposed product Col · dYᵀ keeps the wide side on the micro-kernel's NR columns.
/// </summary>
internal static unsafe class ConvWeightGrad
{
    public static void Run(in Conv2dGeometry g, nint x, nint dy, nint dw)
    {
        var geo = g;
        int wsize = (int)g.WeightSize;
        int per = ConvChunk.ImagesPerChunk(g);
        int chunks = (g.N + per - 1) / per;
        int workers = KernelThreads.Count(chunks, (long)g.N * g.K * g.P * g.ColRows);
        int gemmThreads = workers == 1 ? Gemm.MaxThreads : 1;
        bool transposed = g.ColRows < 32 && g.Kg > g.ColRows;
        var partials = new float[]?[workers];
        int n = g.N;
        KernelThreads.For(chunks, workers, (t, lo, hi) =>
        {
            // Worker 0 adds straight into dw; others into a private buffer (or all into a transposed one).
            float[]? own = t == 0 && !transposed ? null : ArrayPool<float>.Shared.Rent(wsize);
            Span<float> acc = own == null ? new Span<float>((float*)dw, wsize) : own.AsSpan(0, wsize);
            if (own != null) acc.Clear();
            using var chunk = ConvChunk.Rent(geo, geo.Kg);
            for (int c = lo; c < hi; c++)
            {
                int n0 = c * per, n1 = Math.Min(n, (c + 1) * per), ld = (n1 - n0) * geo.P;
                for (int gr = 0; gr < geo.Groups; gr++)
                {
                    for (int b = n0; b < n1; b++)
                        Im2Col.Forward(geo, Conv2d.InputGroup(geo, x, b, gr), chunk.Col.AsSpan((b - n0) * geo.P), ld);
                    var dym = Conv2d.GatherOutputs(geo, dy, n0, n1, gr, chunk.Tmp);
                    int off = gr * geo.Kg * geo.ColRows;
                    if (!transposed)
                        Gemm.Sgemm(false, true, geo.Kg, geo.ColRows, ld, 1f, dym, ld, chunk.Col, ld, 1f,
                            acc.Slice(off), geo.ColRows, gemmThreads);
                    else // acc holds dW_gᵀ (ColRows × Kg) per group
                        Gemm.Sgemm(false, true, geo.ColRows, geo.Kg, ld, 1f, chunk.Col, ld, dym, ld, 1f,
                            acc.Slice(off), geo.Kg, gemmThreads);
                }
            }
            partials[t] = own;
        });
        var dst = new Span<float>((float*)dw, wsize);
        for (int t = 0; t < workers; t++)
        {
            if (partials[t] is not { } p) continue;
            if (!transposed) TensorPrimitives.Add(dst, p.AsSpan(0, wsize), dst);
            else
                for (int gr = 0; gr < geo.Groups; gr++)
                {
                    int off = gr * geo.Kg * geo.ColRows;
                    for (int r = 0; r < geo.ColRows; r++)
                        for (int k = 0; k < geo.Kg; k++) dst[off + k * geo.ColRows + r] += p[off + r * geo.Kg + k];
                }
            ArrayPool<float>.Shared.Return(p);
        }
    }
}
