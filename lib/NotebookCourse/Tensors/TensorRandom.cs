using NotebookCourse.Autograd;

namespace NotebookCourse.Tensors;

/// <summary>In-place random fills and dropout.</summary>
public sealed partial class Tensor
{
    /// <summary>Fills with normal samples in place (used by weight initialization under no_grad).</summary>
    public Tensor normal_(float mean = 0f, float std = 1f, torch.Generator? generator = null) =>
        FillRandom("normal_", tmp => (generator ?? torch.default_generator).FillNormal(tmp, mean, std));

    /// <summary>Fills with uniform samples in [from, to) in place.</summary>
    public Tensor uniform_(float from = 0f, float to = 1f, torch.Generator? generator = null) =>
        FillRandom("uniform_", tmp => (generator ?? torch.default_generator).FillUniform(tmp, from, to));

    private Tensor FillRandom(string op, Action<float[]> fill)
    {
        CheckInPlace(op);
        if (dtype != DType.float32) throw new InvalidOperationException($"{op}: needs a float32 tensor, got {dtype}");
        var tmp = new float[numel()];
        fill(tmp);
        CopyRaw(new Tensor(tmp, shape));
        storage.Version++;
        return this;
    }

    /// <summary>
    /// Inverted dropout: in training, zeroes each element with probability p and scales survivors by 1/(1−p) so the
    /// expected value is unchanged; identity when not training or p = 0.
    /// </summary>
    public Tensor dropout(float p = 0.5f, bool training = true, torch.Generator? generator = null)
    {
        if (p < 0f || p > 1f) throw new ArgumentException($"dropout: p must be in [0, 1], got {p}");
        if (!training || p == 0f) return this;
        if (p == 1f) return this * 0f;
        var mask = torch.bernoulli(torch.full(_shape, 1f - p), generator);
        return this * (mask / (1f - p));
    }
}
