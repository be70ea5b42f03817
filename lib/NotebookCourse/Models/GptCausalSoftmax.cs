using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using NotebookCourse.Autograd;
using NotebookCourse.Tensors;

namespace NotebookCourse.Models;

/// <summary>
/// The attention weights of a causal GPT layer in one pass: softmax(scale·scores) where query row i of scores
/// (…, T, S) may see keys 0…S−T+i (the T queries are the last T of the S positions, so a prefill has S = T and a
/// cached decode step T = 1 sees all S keys); later keys get weight exactly 0. Fusing scale, mask and softmax (and
/// their backward) avoids four full passes over the (B, heads, T, S) scores and the mask tensor itself.
/// </summary>
internal static class GptCausalSoftmax
{
    [DifferentiableOp("gpt_causal_softmax")]
    public static Tensor Apply(Tensor scores, float scale)
    {
        if (scores.dtype != DType.float32 || scores.dim() < 2 || scores.size(-2) > scores.size(-1))
            throw new ArgumentException($"gpt_causal_softmax: expects float32 scores (…, T, S) with T ≤ S, got {scores.dtype} {ShapeUtil.Format(scores._shape)}");
        int t = scores.size(-2), s = scores.size(-1), rows = scores.numel() / Math.Max(s, 1), past = s - t;
        var (xa, xo) = Elementwise.Dense(scores);
        int workers = Kernels.KernelThreads.CountForElements(rows, (long)rows * s);
        var y = Tensor.Uninitialized(scores._shape);
        var ya = y.F;
        // rows are independent: split them over the kernel threads (same bits at any thread count)
        Kernels.KernelThreads.For(rows, workers, (_, lo, hi) =>
        {
            var xs = xa.AsSpan(xo); var ys = ya.AsSpan();
            for (int r = lo; r < hi; r++)
            {
                int n = past + r % t + 1; // keys this query may see
                var row = ys.Slice(r * s, s);
                var seen = row[..n];
                TensorPrimitives.Multiply(xs.Slice(r * s, n), scale, seen);
                TensorPrimitives.Subtract(seen, TensorPrimitives.Max(seen), seen);
                TensorPrimitives.Exp(seen, seen);
                TensorPrimitives.Divide(seen, TensorPrimitives.Sum(seen), seen);
                row[n..].Clear();
            }
        });
        return Function.Record("gpt_causal_softmax", y, [scores], g =>
        {
            // d scores = scale · y ⊙ (g − Σ_j g_j y_j) on the visible keys; masked keys have y = 0 and get 0.
            var (ga, go) = Elementwise.Dense(g);
            var dx = Tensor.Uninitialized(scores._shape);
            var da = dx.F;
            Kernels.KernelThreads.For(rows, workers, (_, lo, hi) =>
            {
                var gs = ga.AsSpan(go); var yv = ya.AsSpan(); var ds = da.AsSpan();
                for (int r = lo; r < hi; r++)
                {
                    int n = past + r % t + 1;
                    var yr = yv.Slice(r * s, n); var gr = gs.Slice(r * s, n);
                    var dr = ds.Slice(r * s, s);
                    float dot = TensorPrimitives.Dot(gr, yr);
                    TensorPrimitives.Subtract(gr, dot, dr[..n]);
                    TensorPrimitives.Multiply(dr[..n], yr, dr[..n]);
                    TensorPrimitives.Multiply(dr[..n], scale, dr[..n]);
                    dr[n..].Clear();
                }
            });
            return [dx];
        }, saved: [y]);
    }
}
