using System.Buffers;
using System.Numerics.Tensors;

namespace NotebookCourse.Kernels;

/// <summary>
/// layer_norm over x viewed as (M, D): each row of D contiguous values (the normalized_shape flattened) is
/// normalized with its own mean and biased variance; gamma/beta (D) may be empty for elementwise_affine = false.
/// </summary>
public static class LayerNorm
{
    /// <summary>y = (x − mean)/√(var + eps)·gamma + beta per row; saves mean and 1/√(var+eps) (M each).</summary>
    public static void Forward(int m, int d, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        float eps, Span<float> y, Span<float> saveMean, Span<float> saveInvStd)
    {
        Check("layer_norm", m, d, x.Length, y.Length, gamma, beta);
        for (int r = 0; r < m; r++)
        {
            var xs = x.Slice(r * d, d);
            var ys = y.Slice(r * d, d);
            float mean = (float)(VecOps.Sum(xs) / d);
            float inv = (float)(1.0 / Math.Sqrt(VecOps.SquaredDeviation(xs, mean) / d + eps));
            saveMean[r] = mean; saveInvStd[r] = inv;
            VecOps.Affine(xs, inv, -mean * inv, ys);
            if (!gamma.IsEmpty) TensorPrimitives.Multiply(ys, gamma[..d], ys);
            if (!beta.IsEmpty) TensorPrimitives.Add(ys, beta[..d], ys);
        }
    }

    /// <summary>
    /// dx = invStd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = gamma·dy (overwritten); dgamma += Σ dy·x̂ and
    /// dbeta += Σ dy over rows (overwritten unless accumulate; either may be empty).
    /// </summary>
    public static void Backward(int m, int d, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, Span<float> dx, Span<float> dgamma, Span<float> dbeta,
        bool accumulate = false)
    {
        Check("layer_norm backward", m, d, x.Length, dy.Length, gamma, ReadOnlySpan<float>.Empty);
        if (!accumulate) { if (!dgamma.IsEmpty) dgamma[..d].Clear(); if (!dbeta.IsEmpty) dbeta[..d].Clear(); }
        float[] scratch = ArrayPool<float>.Shared.Rent(2 * d);
        var xhat = scratch.AsSpan(0, d);
        var ghat = scratch.AsSpan(d, d);
        for (int r = 0; r < m; r++)
        {
            var xs = x.Slice(r * d, d);
            var gs = dy.Slice(r * d, d);
            float mu = mean[r], inv = invStd[r];
            VecOps.Affine(xs, inv, -mu * inv, xhat);
            if (!dgamma.IsEmpty) TensorPrimitives.MultiplyAdd(gs, xhat, dgamma[..d], dgamma[..d]);
            if (!dbeta.IsEmpty) TensorPrimitives.Add(dbeta[..d], gs, dbeta[..d]);
            if (gamma.IsEmpty) gs.CopyTo(ghat); else TensorPrimitives.Multiply(gs, gamma[..d], ghat);
            double a = VecOps.Sum(ghat), b = VecOps.Dot(ghat, xhat);
            VecOps.Combine(ghat, inv, xhat, (float)(-inv * b / d), (float)(-inv * a / d), dx.Slice(r * d, d));
        }
        ArrayPool<float>.Shared.Return(scratch);
    }

    static void Check(string op, int m, int d, int xLen, int yLen, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta)
    {
        if (m < 0 || d <= 0)
            throw new ArgumentException($"{op}: input viewed as (rows={m}, normalized size={d}) must have positive sizes.");
        if (xLen < (long)m * d || yLen < (long)m * d)
            throw new ArgumentException($"{op}: buffers of {xLen} and {yLen} elements are too small for ({m}, {d}).");
        if ((!gamma.IsEmpty && gamma.Length < d) || (!beta.IsEmpty && beta.Length < d))
            throw new ArgumentException($"{op}: weight/bias have {gamma.Length}/{beta.Length} entries, expected {d} (the normalized size).");
    }
}
