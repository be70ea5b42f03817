using System.Numerics.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// The fused log_softmax + negative log-likelihood on (P, C) rows. Each row's loss is Σ_c q_c·(lse − x_c) with the
/// target distribution q: for an index y, q_c = w_c·((1−ε)·[c = y] + ε/C); for probabilities t, q_c = w_c·((1−ε)·t_c + ε/C).
/// Its gradient is ∂/∂x_c = softmax_c·Σq − q_c, so the backward needs only x and the saved log-sum-exp per row.
/// </summary>
internal sealed class SoftmaxCrossEntropy(int c, float[]? w, float eps, long[]? idx, long ignoreIndex)
{
    readonly float wsum = w is null ? c : TensorPrimitives.Sum(w);

    bool Ignored(int p) => idx is not null && idx[p] == ignoreIndex;

    /// <summary>Row losses and log-sum-exps; returns Σ w_y over non-ignored rows (the "mean" divisor for index targets).</summary>
    public double Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> t, double[] loss, float[] lse)
    {
        var tmp = new float[c];
        double denom = 0;
        for (int p = 0; p < lse.Length; p++)
        {
            var row = x.Slice(p * c, c);
            float m = TensorPrimitives.Max(row);
            if (float.IsInfinity(m)) m = 0f; // keeps ±∞ rows from turning into NaN before the log
            TensorPrimitives.Subtract(row, m, tmp);
            TensorPrimitives.Exp(tmp, tmp);
            float l = m + MathF.Log(TensorPrimitives.Sum(tmp));
            lse[p] = l;
            if (idx is not null)
            {
                if (Ignored(p)) continue;
                int y = (int)idx[p];
                float wy = w is null ? 1f : w[y];
                double v = (1 - eps) * wy * (l - row[y]);
                if (eps > 0)
                    v += eps / c * (w is null ? c * (double)l - TensorPrimitives.Sum(row) : wsum * (double)l - TensorPrimitives.Dot(w, row));
                loss[p] = v;
                denom += wy;
            }
            else
            {
                Target(t.Slice(p * c, c), tmp);
                loss[p] = TensorPrimitives.Sum(tmp) * (double)l - TensorPrimitives.Dot(tmp, row);
            }
        }
        return denom;
    }

    /// <summary>q for a probability row.</summary>
    void Target(ReadOnlySpan<float> t, Span<float> q)
    {
        TensorPrimitives.Multiply(t, 1 - eps, q);
        TensorPrimitives.Add(q, eps / c, q);
        if (w is not null) TensorPrimitives.Multiply(q, w, q);
    }

    /// <summary>dx rows = scale_p·(softmax·Σq − q).</summary>
    public float[] InputGrad(ReadOnlySpan<float> x, ReadOnlySpan<float> t, float[] lse, float[] scale)
    {
        var dx = new float[x.Length];
        var q = idx is null ? new float[c] : null;
        for (int p = 0; p < lse.Length; p++)
        {
            float sc = scale[p];
            if (sc == 0f || Ignored(p)) continue;
            var d = dx.AsSpan(p * c, c);
            TensorPrimitives.Subtract(x.Slice(p * c, c), lse[p], d);
            TensorPrimitives.Exp(d, d);
            if (idx is not null)
            {
                int y = (int)idx[p];
                float mass = (1 - eps) * (w is null ? 1f : w[y]) + eps / c * wsum;
                TensorPrimitives.Multiply(d, sc * mass, d);
                if (eps > 0)
                {
                    if (w is null) TensorPrimitives.Subtract(d, sc * eps / c, d);
                    else TensorPrimitives.MultiplyAdd(w, -sc * eps / c, d, d);
                }
                d[y] -= sc * (1 - eps) * (w is null ? 1f : w[y]);
            }
            else
            {
                Target(t.Slice(p * c, c), q);
                TensorPrimitives.Multiply(d, sc * TensorPrimitives.Sum(q), d);
                TensorPrimitives.MultiplyAdd(q, -sc, d, d);
            }
        }
        return dx;
    }

    /// <summary>Gradient in a probability target: scale_p·(1−ε)·w_c·(lse − x_c).</summary>
    public float[] TargetGrad(ReadOnlySpan<float> x, float[] lse, float[] scale)
    {
        var dt = new float[x.Length];
        for (int p = 0; p < lse.Length; p++)
        {
            var d = dt.AsSpan(p * c, c);
            TensorPrimitives.Subtract(lse[p], x.Slice(p * c, c), d);
            TensorPrimitives.Multiply(d, scale[p] * (1 - eps), d);
            if (w is not null) TensorPrimitives.Multiply(d, w, d);
        }
        return dt;
    }
}
