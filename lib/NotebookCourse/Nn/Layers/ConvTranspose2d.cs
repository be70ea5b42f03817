using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// Transposed 2-D convolution ("deconvolution"), the learnable upsampler of decoders and GANs.
/// Args: inChannels, outChannels, kernelSize, stride = 1, padding = 0, outputPadding = 0, groups = 1, bias = true, dilation = 1.
/// Shape: (N, inChannels, H, W) → (N, outChannels, OH, OW) with OH = (H−1)·stride − 2·pad + dil·(kH−1) + outputPadding + 1.
/// Weight (inChannels, outChannels/groups, kH, kW). Example: <c>nn.ConvTranspose2d(64, 32, kernelSize: 4, stride: 2, padding: 1) // doubles H and W</c>.
/// </summary>
public sealed class ConvTranspose2d : Module
{
    /// <summary>Input channels.</summary>
    public int in_channels { get; }
    /// <summary>Output channels.</summary>
    public int out_channels { get; }
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
    /// <summary>Channel groups.</summary>
    public int groups { get; }
    /// <summary>(inChannels, outChannels/groups, kH, kW) filters.</summary>
    public Tensor weight => param("weight")!;
    /// <summary>(outChannels) bias or null.</summary>
    public Tensor? bias => param("bias");

    /// <summary>Creates the layer with PyTorch's default initialization.</summary>
    public ConvTranspose2d(int inChannels, int outChannels, IntPair kernelSize, IntPair stride = default, IntPair padding = default,
        IntPair outputPadding = default, int groups = 1, bool bias = true, IntPair dilation = default)
    {
        var k = kernelSize.Or(0);
        ConvChecks.Check("ConvTranspose2d", inChannels, outChannels, groups, k.H, k.W);
        in_channels = inChannels; out_channels = outChannels; kernel_size = k;
        this.stride = stride.Or(1); this.padding = padding.Or(0); output_padding = outputPadding.Or(0); dilation = dilation.Or(1); this.dilation = dilation; this.groups = groups;
        if (output_padding.H >= Math.Max(this.stride.H, this.dilation.H) || output_padding.W >= Math.Max(this.stride.W, this.dilation.W))
            throw new ArgumentException($"ConvTranspose2d: outputPadding {output_padding} must be smaller than stride {this.stride} or dilation {this.dilation}");
        register_parameter("weight", torch.empty(inChannels, outChannels / groups, k.H, k.W));
        register_parameter("bias", bias ? torch.empty(outChannels) : null);
        reset_parameters();
    }

    /// <summary>Re-draws weight with kaiming_uniform_(a: √5) (fan_in from the weight's dim 1, as PyTorch) and bias uniform in ±1/√fan_in.</summary>
    public void reset_parameters()
    {
        torch.nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (bias != null) ConvInit.UniformFanIn(bias, weight);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        if ((x.dim() != 4 && x.dim() != 3) || x._shape[x.dim() - 3] != in_channels)
            throw new ArgumentException($"ConvTranspose2d expected input (N, {in_channels}, H, W), got {ShapeUtil.Format(x._shape)}");
        return torch.nn.functional.conv_transpose2d(x, weight, bias, stride, padding, output_padding, groups, dilation);
    }

    /// <inheritdoc/>
    public override string extra_repr()
    {
        var s = ConvChecks.Repr(in_channels, out_channels, kernel_size.ToString(), stride.ToString(), padding, dilation.ToString(), dilation.H == 1 && dilation.W == 1, groups, bias != null);
        return output_padding.H != 0 || output_padding.W != 0 ? s.Replace(", stride=" + stride, ", stride=" + stride + ", output_padding=" + output_padding) : s;
    }
}
