using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// 1-D convolution over sequences (text, audio): outChannels filters of size inChannels/groups × kernelSize.
/// Args: inChannels, outChannels, kernelSize, stride = 1, padding = 0 (int, "same" or "valid"), dilation = 1, groups = 1, bias = true.
/// Shape: (N, inChannels, L) → (N, outChannels, OL) with OL = ⌊(L + 2·pad − dil·(k−1) − 1)/stride⌋ + 1.
/// Init: uniform in ±1/√(inChannels/groups·kernelSize). Example: <c>nn.Conv1d(64, 128, kernelSize: 3, padding: 1)</c>.
/// </summary>
public sealed class Conv1d : Module
{
    /// <summary>Input channels.</summary>
    public int in_channels { get; }
    /// <summary>Output channels.</summary>
    public int out_channels { get; }
    /// <summary>Filter length.</summary>
    public int kernel_size { get; }
    /// <summary>Step between windows.</summary>
    public int stride { get; }
    /// <summary>Zero padding on both ends (or "same"/"valid").</summary>
    public ConvPadding padding { get; }
    /// <summary>Spacing between taps.</summary>
    public int dilation { get; }
    /// <summary>Channel groups.</summary>
    public int groups { get; }
    /// <summary>(outChannels, inChannels/groups, kernelSize) filters.</summary>
    public Tensor weight => param("weight")!;
    /// <summary>(outChannels) bias or null.</summary>
    public Tensor? bias => param("bias");

    /// <summary>Creates the layer with PyTorch's default initialization.</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, ConvPadding padding = default, int dilation = 1, int groups = 1, bool bias = true)
    {
        ConvChecks.Check("Conv1d", inChannels, outChannels, groups, 1, kernelSize);
        in_channels = inChannels; out_channels = outChannels; kernel_size = kernelSize;
        this.stride = stride; this.padding = padding; this.dilation = dilation; this.groups = groups;
        register_parameter("weight", torch.empty(outChannels, inChannels / groups, kernelSize));
        register_parameter("bias", bias ? torch.empty(outChannels) : null);
        reset_parameters();
    }

    /// <summary>Re-draws weight with kaiming_uniform_(a: √5) and bias uniform in ±1/√fan_in.</summary>
    public void reset_parameters()
    {
        torch.nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (bias != null) ConvInit.UniformFanIn(bias, weight);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        if ((x.dim() != 3 && x.dim() != 2) || x._shape[x.dim() - 2] != in_channels)
            throw new ArgumentException($"Conv1d expected input (N, {in_channels}, L), got {ShapeUtil.Format(x._shape)}" +
                (x.dim() == 3 && x._shape[2] == in_channels ? "; the channels must come before the length: x.transpose(1, 2)" : ""));
        return torch.nn.functional.conv1d(x, weight, bias, stride, padding, dilation, groups);
    }

    /// <inheritdoc/>
    public override string extra_repr() =>
        ConvChecks.Repr(in_channels, out_channels, $"({kernel_size},)", $"({stride},)", padding, $"({dilation},)", dilation == 1, groups, bias != null);
}
