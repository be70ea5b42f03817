namespace NotebookCourse.Kernels;

/// <summary>
/// group_norm over x viewed as (N, C, S): channels are split into G groups and each (sample, group) block of
/// C/G·S contiguous values is normalized with its own statistics; gamma/beta are per channel (C) and may be empty.
/// </summary>
public static class GroupNorm
{
    /// <summary>Normalizes each (n, group) block; saves mean and 1/√(var+eps) as (N, G).</summary>
    public static void Forward(int n, int c, int s, int groups, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta, float eps, Span<float> y, Span<float> saveMean, Span<float> saveInvStd)
    {
        Check("group_norm", n, c, s, groups, x.Length, y.Length, gamma, beta);
        int cg = c / groups, block = cg * s;
        for (int b = 0; b < n; b++)
            for (int g = 0; g < groups; g++)
            {
                var xs = x.Slice((b * c + g * cg) * s, block);
                float mean = (float)(VecOps.Sum(xs) / block);
                float inv = (float)(1.0 / Math.Sqrt(VecOps.SquaredDeviation(xs, mean) / block + eps));
                saveMean[b * groups + g] = mean; saveInvStd[b * groups + g] = inv;
                for (int k = 0; k < cg; k++)
                {
                    int ch = g * cg + k, o = (b * c + ch) * s;
                    float scale = inv * (gamma.IsEmpty ? 1f : gamma[ch]);
                    VecOps.Affine(x.Slice(o, s), scale, (beta.IsEmpty ? 0f : beta[ch]) - mean * scale, y.Slice(o, s));
                }
            }
    }

    /// <summary>dx (overwritten), dgamma/dbeta per channel (overwritten unless accumulate; may be empty).</summary>
    public static void Backward(int n, int c, int s, int groups, ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, Span<float> dx,
        Span<float> dgamma, Span<float> dbeta, bool accumulate = false)
    {
        Check("group_norm backward", n, c, s, groups, x.Length, dy.Length, gamma, ReadOnlySpan<float>.Empty);
        if (!accumulate) { if (!dgamma.IsEmpty) dgamma[..c].Clear(); if (!dbeta.IsEmpty) dbeta[..c].Clear(); }
        int cg = c / groups;
        double block = (double)cg * s;
        for (int b = 0; b < n; b++)
            for (int g = 0; g < groups; g++)
            {
                float mu = mean[b * groups + g], inv = invStd[b * groups + g];
                // a = Σ gamma·dy, bsum = Σ gamma·dy·x̂ over the block, from per-channel sums.
                double a = 0, bsum = 0;
                for (int k = 0; k < cg; k++)
                {
                    int ch = g * cg + k, o = (b * c + ch) * s;
                    double sumDy = VecOps.Sum(dy.Slice(o, s));
                    double sumDyXhat = inv * (VecOps.Dot(dy.Slice(o, s), x.Slice(o, s)) - mu * sumDy);
                    float gam = gamma.IsEmpty ? 1f : gamma[ch];
                    a += gam * sumDy; bsum += gam * sumDyXhat;
                    if (!dgamma.IsEmpty) dgamma[ch] += (float)sumDyXhat;
                    if (!dbeta.IsEmpty) dbeta[ch] += (float)sumDy;
                }
                // dx = inv·(gamma·dy − a/M − x̂·bsum/M), written as α·dy + β·x + γ per channel.
                float bx = (float)(-inv * inv * bsum / block);
                float cst = (float)(inv * inv * bsum * mu / block - inv * a / block);
                for (int k = 0; k < cg; k++)
                {
                    int ch = g * cg + k, o = (b * c + ch) * s;
                    VecOps.Combine(dy.Slice(o, s), inv * (gamma.IsEmpty ? 1f : gamma[ch]), x.Slice(o, s), bx, cst, dx.Slice(o, s));
                }
            }
    }

    static void Check(string op, int n, int c, int s, int groups, int xLen, int yLen, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta)
    {
        if (n < 0 || c <= 0 || s <= 0 || groups <= 0 || c % groups != 0)
            throw new ArgumentException($"{op}: input (N={n}, C={c}, spatial={s}) with {groups} groups: groups must divide C.");
        long size = (long)n * c * s;
        if (xLen < size || yLen < size)
            throw new ArgumentException($"{op}: buffers of {xLen} and {yLen} elements are too small for ({n}, {c}, {s}).");
        if ((!gamma.IsEmpty && gamma.Length < c) || (!beta.IsEmpty && beta.Length < c))
            throw new ArgumentException($"{op}: weight/bias have {gamma.Length}/{beta.Length} entries, expected {c} (one per channel).");
    }
}
