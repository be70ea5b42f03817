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
public sealed class Conv2d : Module
{
    /// <summary>Input channels.</summary>
    public int in_channels { get; }
    /// <summary>Output channels (number of filters).</summary>
    public int out_channels { get; }
    /// <summary>Filter size.</summary>
    public IntPair kernel_size { get; }
    /// <summary>Step between windows.</summary>
    public IntPair stride { get; }
    /// <summary>Zero padding (a size or "same"/"valid").</summary>
    public ConvPadding padding { get; }
    /// <summary>Spacing between kernel taps.</summary>
    public IntPair dilation { get; }
    /// <summary>Channel groups (inChannels for a depthwise conv).</summary>
    public int groups { get; }
    /// <summary>(outChannels, inChannels/groups, kH, kW) filters.</summary>
    public Tensor weight => param("weight")!;
    /// <summary>(outChannels) bias or null.</summary>
    public Tensor? bias => param("bias");

    /// <summary>Creates the layer with PyTorch's default initialization.</summary>
    public Conv2d(int inChannels, int outChannels, IntPair kernelSize, IntPair stride = default, ConvPadding padding = default,
        IntPair dilation = default, int groups = 1, bool bias = true)
    {
        var k = kernelSize.Or(0);
        ConvChecks.Check("Conv2d", inChannels, outChannels, groups, k.H, k.W);
        in_channels = inChannels; out_channels = outChannels; kernel_size = k;
        this.stride = stride.Or(1); this.padding = padding; this.dilation = dilation.Or(1); this.groups = groups;
        register_parameter("weight", torch.empty(outChannels, inChannels / groups, k.H, k.W));
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
        if ((x.dim() != 4 && x.dim() != 3) || x._shape[x.dim() - 3] != in_channels)
            throw new ArgumentException($"Conv2d expected input (N, {in_channels}, H, W), got {ShapeUtil.Format(x._shape)}" +
                (x.dim() == 2 ? "; reshape flat images first, e.g. x.view(-1, 1, 28, 28)" : ""));
        return torch.nn.functional.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    /// <inheritdoc/>
    public override string extra_repr() =>
        ConvChecks.Repr(in_channels, out_channels, kernel_size.ToString(), stride.ToString(), padding, dilation.ToString(), dilation.H == 1 && dilation.W == 1, groups, bias != null);
}

/// <summary>Checks and printing shared by the convolution layers.</summary>
internal static class ConvChecks
{
    public static void Check(string layer, int inC, int outC, int groups, int kh, int kw)
    {
        if (inC <= 0 || outC <= 0) throw new ArgumentException($"{layer}: inChannels and outChannels must be positive, got ({inC}, {outC})");
        if (kh <= 0 || kw <= 0) throw new ArgumentException($"{layer}: kernelSize must be positive, got ({kh}, {kw})");
        if (groups <= 0 || inC % groups != 0 || outC % groups != 0)
            throw new ArgumentException($"{layer}: groups={groups} must divide both inChannels={inC} and outChannels={outC}");
    }

    public static string Repr(int inC, int outC, string k, string stride, ConvPadding padding, string dilation, bool unitDilation, int groups, bool bias)
    {
        var s = $"{inC}, {outC}, kernel_size={k}, stride={stride}";
        if (padding.Mode != null) s += $", padding={padding.Mode}";
        else if (padding.Size.IsSet && (padding.Size.H != 0 || padding.Size.W != 0)) s += $", padding={padding.Size}";
        if (!unitDilation) s += $", dilation={dilation}";
        if (groups != 1) s += $", groups={groups}";
        if (!bias) s += ", bias=False";
        return s;
    }
}
