using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// 2-D convolution over images: each of outChannels filters (inChannels/groups × kH × kW) slides over the input.
/// Args: inChannels, outChannels, kernelSize (int or (h, w)), stride = 1, padding = 0 (int, (h, w), "same" or
/// "valid"), dilation = 1, groups = 1, bias = true.
/// Shape: (N, inChannels, H, W) → (N, outChannels, OH, OW) with OH = ⌊(H + 2·pad − dil·(kH−1) − 1)/stride⌋ + 1.
/// Init (PyTorch's default): weight and bias uniform in ±1/√(inChannels/groups·kH·kW).
/// Example: <c>var conv1 = nn.Conv2d(1, 6, kernelSize: 5, padding: 2); // (64, 1, 28, 28) → (64, 6, 28, 28)</c>
/// </summary>
public sealed class Conv2d : ConvBase
{
    /// <summary>Filter size.</summary>
    public IntPair kernel_size { get; }
    /// <summary>Step between windows.</summary>
    public IntPair stride { get; }
    /// <summary>Zero padding (a size or "same"/"valid").</summary>
    public ConvPadding padding { get; }
    /// <summary>Spacing between kernel taps.</summary>
    public IntPair dilation { get; }

    /// <summary>Creates the layer with PyTorch's default initialization.</summary>
    public Conv2d(int inChannels, int outChannels, IntPair kernelSize, IntPair stride = default, ConvPadding padding = default,
        IntPair dilation = default, int groups = 1, bool bias = true)
        : base("Conv2d", inChannels, outChannels, groups, bias, [outChannels, inChannels / Math.Max(groups, 1), kernelSize.Or(0).H, kernelSize.Or(0).W])
    {
        kernel_size = kernelSize.Or(0); this.stride = stride.Or(1); this.padding = padding; this.dilation = dilation.Or(1);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        if ((x.dim() != 4 && x.dim() != 3) || x._shape[x.dim() - 3] != in_channels)
            throw new ArgumentException($"Conv2d expected input (N, {in_channels}, H, W), got {ShapeUtil.Format(x._shape)}" +
                (x.dim() == 2 ? "; reshape flat images first, e.g. x.view(-1, 1, 28, 28)" : ""));
        return torch.nn.functional.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    /// <inheritdoc/>
    public override string extra_repr() =>
        Repr(kernel_size.ToString(), stride.ToString(), padding, dilation.ToString(), dilation.H == 1 && dilation.W == 1);
}
