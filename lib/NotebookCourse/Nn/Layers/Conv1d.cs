using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// 1-D convolution over sequences (text, audio): outChannels filters of size inChannels/groups × kernelSize.
/// Args: inChannels, outChannels, kernelSize, stride = 1, padding = 0 (int, "same" or "valid"), dilation = 1, groups = 1, bias = true.
/// Shape: (N, inChannels, L) → (N, outChannels, OL) with OL = ⌊(L + 2·pad − dil·(k−1) − 1)/stride⌋ + 1.
/// Init: uniform in ±1/√(inChannels/groups·kernelSize). Example: <c>nn.Conv1d(64, 128, kernelSize: 3, padding: 1)</c>.
/// </summary>
public sealed class Conv1d : ConvBase
{
    /// <summary>Filter length.</summary>
    public int kernel_size { get; }
    /// <summary>Step between windows.</summary>
    public int stride { get; }
    /// <summary>Zero padding on both ends (or "same"/"valid").</summary>
    public ConvPadding padding { get; }
    /// <summary>Spacing between taps.</summary>
    public int dilation { get; }

    /// <summary>Creates the layer with PyTorch's default initialization.</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, ConvPadding padding = default, int dilation = 1, int groups = 1, bool bias = true)
        : base("Conv1d", inChannels, outChannels, groups, bias, [outChannels, inChannels / Math.Max(groups, 1), kernelSize])
    {
        kernel_size = kernelSize; this.stride = stride; this.padding = padding; this.dilation = dilation;
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
        Repr($"({kernel_size},)", $"({stride},)", padding, $"({dilation},)", dilation == 1);
}
