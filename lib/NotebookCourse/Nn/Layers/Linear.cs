using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// Affine map y = x·Wᵀ + b applied to the last dim.
/// Args: inFeatures, outFeatures, bias (default true).
/// Shape: (*, inFeatures) → (*, outFeatures); weight (outFeatures, inFeatures), bias (outFeatures).
/// Init (PyTorch's default): W and b uniform in ±1/√inFeatures.
/// Example: <c>var fc = nn.Linear(784, 10); var logits = fc.call(x.view(-1, 784));</c>
/// </summary>
public sealed class Linear : Module
{
    /// <summary>Size of each input sample.</summary>
    public int in_features { get; }
    /// <summary>Size of each output sample.</summary>
    public int out_features { get; }
    /// <summary>(outFeatures, inFeatures) weight.</summary>
    public Tensor weight => param("weight")!;
    /// <summary>(outFeatures) bias, or null when built with bias: false.</summary>
    public Tensor? bias => param("bias");

    /// <summary>Creates the layer with PyTorch's default initialization.</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentException($"Linear: inFeatures and outFeatures must be positive, got ({inFeatures}, {outFeatures})");
        in_features = inFeatures; out_features = outFeatures;
        register_parameter("weight", torch.empty(outFeatures, inFeatures));
        register_parameter("bias", bias ? torch.empty(outFeatures) : null);
        reset_parameters();
    }

    /// <summary>Re-draws W with kaiming_uniform_(a: √5) (bound 1/√fan_in) and b uniform in ±1/√fan_in.</summary>
    public void reset_parameters()
    {
        torch.nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (bias != null) ConvInit.UniformFanIn(bias, weight);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        if (x.dim() == 0 || x.size(-1) != in_features)
            throw new ArgumentException($"Linear expected input (*, {in_features}), got {ShapeUtil.Format(x._shape)}" +
                (x.dim() > 2 && x.numel() % in_features == 0 && x._shape[0] > 0 && x.numel() / x._shape[0] == in_features ? "; flatten it first, e.g. x.view(x.size(0), -1) or nn.Flatten()" : ""));
        return torch.nn.functional.linear(x, weight, bias);
    }

    /// <inheritdoc/>
    public override string extra_repr() => $"in_features={in_features}, out_features={out_features}, bias={(bias != null ? "True" : "False")}";
}

/// <summary>PyTorch's default bias initialization for Linear and Conv layers.</summary>
internal static class ConvInit
{
    /// <summary>Fills <paramref name="bias"/> uniformly in ±1/√fan_in of <paramref name="weight"/>.</summary>
    public static void UniformFanIn(Tensor bias, Tensor weight)
    {
        int fanIn = torch.nn.init.calculate_fan_in_and_fan_out(weight).fan_in;
        float bound = fanIn > 0 ? 1f / MathF.Sqrt(fanIn) : 0f;
        torch.nn.init.uniform_(bias, -bound, bound);
    }
}
