using NotebookCourse.Autograd;
using NotebookCourse.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NotebookCourse.Optim;

/// <summary>Gradient clipping (the work behind <c>torch.nn.utils.clip_grad_norm_</c> and <c>clip_grad_value_</c>).</summary>
public static class GradClip
{
    /// <summary>
    /// Scales all gradients together so that their joint norm is at most <paramref name="maxNorm"/>
    /// (factor <c>max_norm / (total + 1e-6)</c>, capped at 1, as PyTorch does) and returns the norm before clipping.
    /// </summary>
    public static Tensor ClipNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2, bool errorIfNonfinite = false)
    {
        var grads = new List<Tensor>();
        foreach (var p in parameters) if (p.grad is { } g) grads.Add(g);
        if (grads.Count == 0) return torch.tensor(0f);
        if (normType <= 0 && !double.IsPositiveInfinity(normType))
            throw new ArgumentException($"clip_grad_norm_: norm_type must be positive or infinity, got {normType}");
        double total = 0;
        foreach (var g in grads)
        {
            var s = g.SpanF();
            if (double.IsPositiveInfinity(normType)) { if (s.Length > 0) total = Math.Max(total, Math.Abs(TensorPrimitives.MaxMagnitude(s))); } // Math.Max keeps NaN
            else if (normType == 2) { double n = TensorPrimitives.Norm(s); total += n * n; }
            else foreach (var v in s) total += Math.Pow(Math.Abs((double)v), normType);
        }
        if (!double.IsPositiveInfinity(normType)) total = normType == 2 ? Math.Sqrt(total) : Math.Pow(total, 1 / normType);
        if (errorIfNonfinite && !double.IsFinite(total))
            throw new InvalidOperationException($"clip_grad_norm_: the total norm of order {normType} of the gradients is {total}, so they cannot be clipped; look for the op producing NaN/Inf (torch.autograd.set_detect_anomaly) or lower the lr");
        double coef = Math.Min(maxNorm / (total + 1e-6), 1.0);
        if (coef < 1.0) foreach (var g in grads) Scale(g, (float)coef);
        return torch.tensor((float)total);
    }

    /// <summary>Clamps every gradient element into [-<paramref name="clipValue"/>, <paramref name="clipValue"/>] in place.</summary>
    public static void ClipValue(IEnumerable<Tensor> parameters, double clipValue)
    {
        if (clipValue < 0) throw new ArgumentException($"clip_grad_value_: clip_value must be >= 0, got {clipValue}");
        float c = (float)clipValue;
        foreach (var p in parameters)
        {
            if (p.grad is not { } g) continue;
            if (g.is_contiguous())
            {
                var s = g.F.AsSpan(g.offset, g.numel());
                TensorPrimitives.Clamp(s, -c, c, s);
                g.storage.Version++;
            }
            else using (GradMode.Disable()) g.clamp_(-c, c);
        }
    }

    private static void Scale(Tensor g, float coef)
    {
        if (g.is_contiguous())
        {
            var s = g.F.AsSpan(g.offset, g.numel());
            TensorPrimitives.Multiply(s, coef, s);
            g.storage.Version++;
        }
        else using (GradMode.Disable()) g.mul_(coef);
    }
}
