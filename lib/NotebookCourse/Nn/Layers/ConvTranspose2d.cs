using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// Transposed 2-D convolution ("deconvolution"), the learnable upsampler of decoders and GANs.
/// Args: inChannels, outChannels, kernelSize, stride = 1, padding = 0, outputPadding = 0, groups = 1, bias = true, dilation = 1.
/// Shape: (N, inChannels, H, W) → (N, outChannels, OH, OW) with OH = (H−1)·stride − 2·pad + dil·(kH−1) + outputPadding + 1.
/// Weight (inChannels, outChannels/groups, kH, kW). Example: <c>nn.ConvTranspose2d(64, 32, kernelSize: 4, stride: 2, padding: 1) // doubles H and W</c>.
/// </summary>
public sealed class ConvTranspose2d : ConvBase
{
    /// <summary>Filter size.</summary>
    public IntPair kernel_size { get; }
    /// <summary>Upsampling step.</summary>
    public IntPair stride { get; }
    /// <summary>Rows/columns removed from each border of the output.</summary>
    public IntPair padding { get; }
    /// <summary>Extra rows/columns added on one side to pick among output sizes.</summary>
    public IntPair output_padding { get; }
    /// <summary>Spacing between kernel taps.</summary>
    public IntPair dilation { get; }

    /// <summary>Creates the layer with PyTorch's default initialization.</summary>
    public ConvTranspose2d(int inChannels, int outChannels, IntPair kernelSize, IntPair stride = default, IntPair padding = default,
        IntPair outputPadding = default, int groups = 1, bool bias = true, IntPair dilation = default)
        : base("ConvTranspose2d", inChannels, outChannels, groups, bias, [inChannels, outChannels / Math.Max(groups, 1), kernelSize.Or(0).H, kernelSize.Or(0).W])
    {
        kernel_size = kernelSize.Or(0); this.stride = stride.Or(1); this.padding = padding.Or(0); output_padding = outputPadding.Or(0); this.dilation = dilation.Or(1);
        if (output_padding.H >= Math.Max(this.stride.H, this.dilation.H) || output_padding.W >= Math.Max(this.stride.W, this.dilation.W))
            throw new ArgumentException($"ConvTranspose2d: outputPadding {output_padding} must be smaller than stride {this.stride} or dilation {this.dilation}");
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        if ((x.dim() != 4 && x.dim() != 3) || x._shape[x.dim() - 3] != in_channels)
            throw new ArgumentException($"ConvTranspose2d expected input (N, {in_channels}, H, W), got {ShapeUtil.Format(x._shape)}");
        return torch.nn.functional.conv_transpose2d(x, weight, bias, stride, padding, output_padding, groups, dilation);
    }

    /// <inheritdoc/>
    public override string extra_repr() =>
        Repr(kernel_size.ToString(), stride.ToString(), padding, dilation.ToString(), dilation.H == 1 && dilation.W == 1,
            output_padding.H != 0 || output_padding.W != 0 ? output_padding.ToString() : null);
}
