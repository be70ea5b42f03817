using System.Numerics.Tensors;
using NotebookCourse.Autograd;

namespace NotebookCourse.Tensors;

/// <summary>softmax and log_softmax along a dim, computed with the max shift so large logits do not overflow.</summary>
public sealed partial class Tensor
{
    /// <summary>exp(x) / Σ exp(x) along <paramref name="dim"/>.</summary>
    [DifferentiableOp("softmax")]
    public Tensor softmax(int dim)
    {
        int d = ShapeUtil.NormDim(dim, _shape.Length, "softmax");
        var x = @float();
        var y = x.SoftmaxRaw(d, log: false);
        return Function.Record("softmax", y, [x], g =>
        {
            // dx = y ⊙ (g − Σ g⊙y)
            var gy = g * y;
            return [gy - y * gy.sum(d, keepdim: true)];
        }, saved: [y]);
    }

    /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed directly (more accurate than softmax().log()).</summary>
    [DifferentiableOp("log_softmax")]
    public Tensor log_softmax(int dim)
    {
        int d = ShapeUtil.NormDim(dim, _shape.Length, "log_softmax");
        var x = @float();
        var y = x.SoftmaxRaw(d, log: true);
        return Function.Record("log_softmax", y, [x], g => [g - y.exp() * g.sum(d, keepdim: true)], saved: [y]);
    }

    private Tensor SoftmaxRaw(int d, bool log)
    {
        if (_shape.Length == 0) return log ? torch.zeros() : torch.ones();
        var x = SpanF();
        var (outer, n, inner) = Around(d);
        var r = Uninitialized(shape);
        var dst = r.F;
        if (inner == 1)
        {
            var tmp = log ? new float[n] : Array.Empty<float>();
            for (int o = 0; o < outer; o++)
            {
                var row = x.Slice(o * n, n); var outRow = dst.AsSpan(o * n, n);
                float m = TensorPrimitives.Max(row);
                if (float.IsNegativeInfinity(m)) m = 0; // an all −∞ row gives NaN like PyTorch, not an exception
                TensorPrimitives.Subtract(row, m, outRow);
                if (log)
                {
                    TensorPrimitives.Exp(outRow, tmp);
                    float lse = MathF.Log(TensorPrimitives.Sum(tmp));
                    TensorPrimitives.Subtract(outRow, lse, outRow);
                }
                else
                {
                    TensorPrimitives.Exp(outRow, outRow);
                    TensorPrimitives.Divide(outRow, TensorPrimitives.Sum(outRow), outRow);
                }
            }
            return r;
        }
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int b = o * n * inner + i;
                float m = float.NegativeInfinity;
                for (int k = 0; k < n; k++) m = MathF.Max(m, x[b + k * inner]);
                if (float.IsNegativeInfinity(m)) m = 0;
                float s = 0;
                for (int k = 0; k < n; k++) s += MathF.Exp(x[b + k * inner] - m);
                if (log) { float lse = MathF.Log(s); for (int k = 0; k < n; k++) dst[b + k * inner] = x[b + k * inner] - m - lse; }
                else for (int k = 0; k < n; k++) dst[b + k * inner] = MathF.Exp(x[b + k * inner] - m) / s;
            }
        return r;
    }
}
