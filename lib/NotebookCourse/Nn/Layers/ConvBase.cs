using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// What Conv1d, Conv2d and ConvTranspose2d share: channel counts, groups, the weight and optional bias, and
/// PyTorch's default initialization (kaiming_uniform_(a: √5) for the weight, bias uniform in ±1/√fan_in).
/// </summary>
public abstract class ConvBase : Module
{
    /// <summary>Input channels.</summary>
    public int in_channels { get; }
    /// <summary>Output channels (number of filters).</summary>
    public int out_channels { get; }
    /// <summary>Channel groups (inChannels for a depthwise conv).</summary>
    public int groups { get; }
    /// <summary>The filters (layout depends on the layer; see its summary).</summary>
    public Tensor weight => param("weight")!;
    /// <summary>(outChannels) bias, or null when built with bias: false.</summary>
    public Tensor? bias => param("bias");

    /// <summary>Checks the sizes, registers weight (of <paramref name="weightShape"/>) and bias, and initializes them.</summary>
    protected ConvBase(string layer, int inChannels, int outChannels, int groups, bool bias, int[] weightShape)
    {
        if (inChannels <= 0 || outChannels <= 0) throw new ArgumentException($"{layer}: inChannels and outChannels must be positive, got ({inChannels}, {outChannels})");
        for (int i = 2; i < weightShape.Length; i++)
            if (weightShape[i] <= 0) throw new ArgumentException($"{layer}: kernelSize must be positive, got {ShapeUtil.Format(weightShape[2..])}");
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"{layer}: groups={groups} must divide both inChannels={inChannels} and outChannels={outChannels}");
        in_channels = inChannels; out_channels = outChannels; this.groups = groups;
        register_parameter("weight", torch.empty(weightShape));
        register_parameter("bias", bias ? torch.empty(outChannels) : null);
        reset_parameters();
    }

    /// <summary>Re-draws weight with kaiming_uniform_(a: √5) (fan_in from the weight's dim 1 and kernel) and bias uniform in ±1/√fan_in.</summary>
    public void reset_parameters()
    {
        torch.nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (bias != null) ConvInit.UniformFanIn(bias, weight);
    }

    /// <summary>PyTorch's layout: "in, out, kernel_size=…, stride=…" then only the settings that differ from the defaults.</summary>
    protected string Repr(string k, string stride, ConvPadding padding, string dilation, bool unitDilation, string? outputPadding = null)
    {
        var s = $"{in_channels}, {out_channels}, kernel_size={k}, stride={stride}";
        if (padding.Mode != null) s += $", padding={padding.Mode}";
        else if (padding.Size.IsSet && (padding.Size.H != 0 || padding.Size.W != 0)) s += $", padding={padding.Size}";
        if (!unitDilation) s += $", dilation={dilation}";
        if (outputPadding != null) s += $", output_padding={outputPadding}";
        if (groups != 1) s += $", groups={groups}";
        if (bias == null) s += ", bias=False";
        return s;
    }
}
