namespace NotebookCourse.Kernels;

/// <summary>
/// batch_norm over x viewed as (N, C, S) with S the product of spatial sizes (S = 1 for BatchNorm1d on (N, C)).
/// Statistics are per channel over N·S values; gamma/beta (C) may be empty for affine = false.
/// </summary>
/// <example><code>BatchNorm.ForwardTraining(64, 6, 784, x, gamma, beta, y, mean, invStd, runMean, runVar, 0.1f, 1e-5f);</code></example>
public static class BatchNorm
{
    /// <summary>
    /// Training mode: normalizes with the batch mean and biased variance, stores mean and 1/√(var+eps) per channel
    /// for the backward pass, and (when runningMean is non-empty) updates running = (1−momentum)·running +
    /// momentum·batch, using the unbiased variance for runningVar as PyTorch does.
    /// </summary>
    public static void ForwardTraining(int n, int c, int s, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta, Span<float> y, Span<float> saveMean, Span<float> saveInvStd,
        Span<float> runningMean, Span<float> runningVar, float momentum, float eps)
    {
        Check("batch_norm", n, c, s, x.Length, y.Length, gamma, beta);
        long count = (long)n * s;
        if (count <= 1)
            throw new ArgumentException(
                $"batch_norm: training needs more than one value per channel, got input ({n}, {c}, {s}); use eval mode or a larger batch.");
        for (int ch = 0; ch < c; ch++)
        {
            double sum = 0;
            for (int b = 0; b < n; b++) sum += VecOps.Sum(x.Slice((b * c + ch) * s, s));
            float mean = (float)(sum / count);
            double sq = 0;
            for (int b = 0; b < n; b++) sq += VecOps.SquaredDeviation(x.Slice((b * c + ch) * s, s), mean);
            double var = sq / count;
            float invStd = (float)(1.0 / Math.Sqrt(var + eps));
            saveMean[ch] = mean;
            saveInvStd[ch] = invStd;
            if (!runningMean.IsEmpty)
            {
                runningMean[ch] = (1 - momentum) * runningMean[ch] + momentum * mean;
                runningVar[ch] = (1 - momentum) * runningVar[ch] + momentum * (float)(sq / (count - 1));
            }
            Normalize(n, c, s, ch, x, y, mean, invStd, gamma, beta);
        }
    }

    /// <summary>Eval mode: y = (x − runningMean)/√(runningVar + eps)·gamma + beta.</summary>
    public static void ForwardEval(int n, int c, int s, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps, Span<float> y)
    {
        Check("batch_norm", n, c, s, x.Length, y.Length, gamma, beta);
        for (int ch = 0; ch < c; ch++)
            Normalize(n, c, s, ch, x, y, runningMean[ch], 1f / MathF.Sqrt(runningVar[ch] + eps), gamma, beta);
    }

    static void Normalize(int n, int c, int s, int ch, ReadOnlySpan<float> x, Span<float> y, float mean, float invStd,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta)
    {
        float scale = invStd * (gamma.IsEmpty ? 1f : gamma[ch]);
        float shift = (beta.IsEmpty ? 0f : beta[ch]) - mean * scale;
        for (int b = 0; b < n; b++)
        {
            int o = (b * c + ch) * s;
            VecOps.Affine(x.Slice(o, s), scale, shift, y.Slice(o, s));
        }
    }

    /// <summary>
    /// Backward. With training = true, mean/invStd are the saved batch statistics and the gradient flows through
    /// them; with training = false they are the running statistics (mean, 1/√(var+eps)), treated as constants.
    /// dx is overwritten; dgamma/dbeta (may be empty) are overwritten unless accumulate.
    /// </summary>
    public static void Backward(int n, int c, int s, bool training, ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, Span<float> dx,
        Span<float> dgamma, Span<float> dbeta, bool accumulate = false)
    {
        Check("batch_norm backward", n, c, s, x.Length, dy.Length, gamma, ReadOnlySpan<float>.Empty);
        long count = (long)n * s;
        for (int ch = 0; ch < c; ch++)
        {
            double sumDy = 0, dotDyX = 0;
            for (int b = 0; b < n; b++)
            {
                int o = (b * c + ch) * s;
                sumDy += VecOps.Sum(dy.Slice(o, s));
                dotDyX += VecOps.Dot(dy.Slice(o, s), x.Slice(o, s));
            }
            float m = mean[ch], r = invStd[ch];
            // Σ dy·x̂ with x̂ = (x − mean)·invStd
            double sumDyXhat = r * (dotDyX - m * sumDy);
            if (!dgamma.IsEmpty) dgamma[ch] = (accumulate ? dgamma[ch] : 0f) + (float)sumDyXhat;
            if (!dbeta.IsEmpty) dbeta[ch] = (accumulate ? dbeta[ch] : 0f) + (float)sumDy;
            float a = r * (gamma.IsEmpty ? 1f : gamma[ch]);
            float bx = 0f, cst = 0f;
            if (training)
            {
                // dx = a·(dy − Σdy/M − x̂·Σdy·x̂/M) = a·dy + bx·x + cst
                bx = (float)(-a * r * sumDyXhat / count);
                cst = (float)(-bx * m - a * sumDy / count);
            }
            for (int b = 0; b < n; b++)
            {
                int o = (b * c + ch) * s;
                VecOps.Combine(dy.Slice(o, s), a, x.Slice(o, s), bx, cst, dx.Slice(o, s));
            }
        }
    }

    static void Check(string op, int n, int c, int s, int xLen, int yLen, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta)
    {
        if (n < 0 || c <= 0 || s <= 0)
            throw new ArgumentException($"{op}: input (N={n}, C={c}, spatial={s}) must have positive sizes.");
        long size = (long)n * c * s;
        if (xLen < size || yLen < size)
            throw new ArgumentException($"{op}: buffers of {xLen} and {yLen} elements are too small for ({n}, {c}, {s}).");
        if ((!gamma.IsEmpty && gamma.Length < c) || (!beta.IsEmpty && beta.Length < c))
            throw new ArgumentException($"{op}: weight/bias have {gamma.Length}/{beta.Length} entries, expected {c} (one per channel).");
    }
}
