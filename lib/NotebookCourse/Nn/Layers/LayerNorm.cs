using System.Globalization;
using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// Normalizes each sample over its last dims (normalizedShape) to mean 0 and variance 1, then scales by weight and
/// shifts by bias (both of shape normalizedShape); independent of the batch, so it is the norm of transformers.
/// Args: normalizedShape, eps = 1e-5, elementwiseAffine = true, bias = true.
/// Shape: (*, normalizedShape) → same. Example: <c>var ln = nn.LayerNorm(512); var y = ln.call(h); // h: (B, T, 512)</c>.
/// </summary>
public sealed class LayerNorm : Module
{
    /// <summary>The trailing dims that are normalized.</summary>
    public int[] normalized_shape { get; }
    /// <summary>Added to the variance for stability.</summary>
    public float eps { get; }
    /// <summary>Whether weight (and bias) are learned.</summary>
    public bool elementwise_affine { get; }
    /// <summary>Scale (normalizedShape), or null.</summary>
    public Tensor? weight => param("weight");
    /// <summary>Shift (normalizedShape), or null.</summary>
    public Tensor? bias => param("bias");

    /// <summary>Creates the layer with weight 1 and bias 0.</summary>
    public LayerNorm(int[] normalizedShape, float eps = 1e-5f, bool elementwiseAffine = true, bool bias = true)
    {
        if (normalizedShape.Length == 0 || normalizedShape.Any(d => d <= 0))
            throw new ArgumentException($"LayerNorm: normalizedShape must be non-empty and positive, got {ShapeUtil.Format(normalizedShape)}");
        normalized_shape = (int[])normalizedShape.Clone(); this.eps = eps; elementwise_affine = elementwiseAffine;
        register_parameter("weight", elementwiseAffine ? torch.ones(normalized_shape) : null);
        register_parameter("bias", elementwiseAffine && bias ? torch.zeros(normalized_shape) : null);
    }

    /// <summary>Normalizes over the last dim of size <paramref name="normalizedShape"/>.</summary>
    public LayerNorm(int normalizedShape, float eps = 1e-5f, bool elementwiseAffine = true, bool bias = true)
        : this(new[] { normalizedShape }, eps, elementwiseAffine, bias) { }

    /// <summary>weight = 1, bias = 0.</summary>
    public void reset_parameters()
    {
        if (weight != null) torch.nn.init.ones_(weight);
        if (bias != null) torch.nn.init.zeros_(bias);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        int k = normalized_shape.Length;
        if (x.dim() < k || !x._shape.AsSpan(x.dim() - k).SequenceEqual(normalized_shape))
            throw new ArgumentException($"LayerNorm expected input (*, {ShapeUtil.Format(normalized_shape)[1..^1].TrimEnd(',')}), got {ShapeUtil.Format(x._shape)}");
        return torch.nn.functional.layer_norm(x, normalized_shape, weight, bias, eps);
    }

    /// <inheritdoc/>
    public override string extra_repr() =>
        $"{ShapeUtil.Format(normalized_shape)}, eps={eps.ToString(CultureInfo.InvariantCulture).Replace('E', 'e')}, elementwise_affine={(elementwise_affine ? "True" : "False")}";
}

/// <summary>
/// Splits the C channels into numGroups groups and normalizes each (sample, group) on its own, then applies a
/// per-channel scale and shift; independent of the batch size (good for small batches).
/// Args: numGroups (must divide numChannels), numChannels, eps = 1e-5, affine = true.
/// Shape: (N, C, *) → same. Example: <c>nn.GroupNorm(8, 64)</c>.
/// </summary>
public sealed class GroupNorm : Module
{
    /// <summary>Number of channel groups.</summary>
    public int num_groups { get; }
    /// <summary>Channels C.</summary>
    public int num_channels { get; }
    /// <summary>Added to the variance for stability.</summary>
    public float eps { get; }
    /// <summary>Whether the per-channel weight and bias are learned.</summary>
    public bool affine { get; }
    /// <summary>(C) scale, or null.</summary>
    public Tensor? weight => param("weight");
    /// <summary>(C) shift, or null.</summary>
    public Tensor? bias => param("bias");

    /// <summary>Creates the layer with weight 1 and bias 0.</summary>
    public GroupNorm(int numGroups, int numChannels, float eps = 1e-5f, bool affine = true)
    {
        if (numGroups <= 0 || numChannels <= 0 || numChannels % numGroups != 0)
            throw new ArgumentException($"GroupNorm: numGroups={numGroups} must be positive and divide numChannels={numChannels}");
        num_groups = numGroups; num_channels = numChannels; this.eps = eps; this.affine = affine;
        register_parameter("weight", affine ? torch.ones(numChannels) : null);
        register_parameter("bias", affine ? torch.zeros(numChannels) : null);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        if (x.dim() < 2 || x._shape[1] != num_channels)
            throw new ArgumentException($"GroupNorm expected input (N, {num_channels}, *), got {ShapeUtil.Format(x._shape)}");
        return torch.nn.functional.group_norm(x, num_groups, weight, bias, eps);
    }

    /// <inheritdoc/>
    public override string extra_repr() => $"{num_groups}, {num_channels}, eps={eps.ToString(CultureInfo.InvariantCulture).Replace('E', 'e')}, affine={(affine ? "True" : "False")}";
}
