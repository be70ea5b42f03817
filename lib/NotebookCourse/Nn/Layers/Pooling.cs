using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// Maximum over each window. Args: kernelSize, stride (default: kernelSize), padding = 0, dilation = 1, ceilMode = false.
/// Shape: (N, C, H, W) → (N, C, OH, OW). Example: <c>nn.MaxPool2d(2) // (64, 6, 28, 28) → (64, 6, 14, 14)</c>.
/// </summary>
public sealed class MaxPool2d(IntPair kernelSize, IntPair stride = default, IntPair padding = default, IntPair dilation = default, bool ceilMode = false) : Module
{
    /// <summary>Window size.</summary>
    public IntPair kernel_size { get; } = kernelSize;
    /// <summary>Step between windows.</summary>
    public IntPair stride { get; } = stride.Or(kernelSize);
    /// <summary>Implicit −∞ padding.</summary>
    public IntPair padding { get; } = padding.Or(0);
    /// <summary>Spacing inside a window.</summary>
    public IntPair dilation { get; } = dilation.Or(1);
    /// <summary>Round the output size up instead of down.</summary>
    public bool ceil_mode { get; } = ceilMode;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        PoolChecks.Input("MaxPool2d", x);
        return torch.nn.functional.max_pool2d(x, kernel_size, stride, padding, dilation, ceil_mode);
    }

    /// <inheritdoc/>
    public override string extra_repr() => $"kernel_size={PoolChecks.Fmt(kernel_size)}, stride={PoolChecks.Fmt(stride)}, padding={PoolChecks.Fmt(padding)}, dilation={PoolChecks.Fmt(dilation)}, ceil_mode={(ceil_mode ? "True" : "False")}";
}

/// <summary>
/// Mean over each window. Args: kernelSize, stride (default: kernelSize), padding = 0, ceilMode = false, countIncludePad = true.
/// Shape: (N, C, H, W) → (N, C, OH, OW). Example: <c>nn.AvgPool2d(2, stride: 2)</c>.
/// </summary>
public sealed class AvgPool2d(IntPair kernelSize, IntPair stride = default, IntPair padding = default, bool ceilMode = false, bool countIncludePad = true) : Module
{
    /// <summary>Window size.</summary>
    public IntPair kernel_size { get; } = kernelSize;
    /// <summary>Step between windows.</summary>
    public IntPair stride { get; } = stride.Or(kernelSize);
    /// <summary>Implicit zero padding.</summary>
    public IntPair padding { get; } = padding.Or(0);
    /// <summary>Round the output size up instead of down.</summary>
    public bool ceil_mode { get; } = ceilMode;
    /// <summary>Whether padding zeros count in the divisor.</summary>
    public bool count_include_pad { get; } = countIncludePad;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        PoolChecks.Input("AvgPool2d", x);
        return torch.nn.functional.avg_pool2d(x, kernel_size, stride, padding, ceil_mode, count_include_pad);
    }

    /// <inheritdoc/>
    public override string extra_repr() => $"kernel_size={PoolChecks.Fmt(kernel_size)}, stride={PoolChecks.Fmt(stride)}, padding={PoolChecks.Fmt(padding)}";
}

/// <summary>
/// Averages each channel into a fixed outputSize grid whatever the input size; AdaptiveAvgPool2d(1) is global average pooling.
/// Shape: (N, C, H, W) → (N, C, outH, outW). Example: <c>nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, 10))</c>.
/// </summary>
public sealed class AdaptiveAvgPool2d(IntPair outputSize) : Module
{
    /// <summary>Output grid size.</summary>
    public IntPair output_size { get; } = outputSize;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        PoolChecks.Input("AdaptiveAvgPool2d", x);
        return torch.nn.functional.adaptive_avg_pool2d(x, output_size);
    }

    /// <inheritdoc/>
    public override string extra_repr() => $"output_size={PoolChecks.Fmt(output_size)}";
}

internal static class PoolChecks
{
    public static void Input(string layer, Tensor x)
    {
        if (x.dim() != 4 && x.dim() != 3)
            throw new ArgumentException($"{layer} expected input (N, C, H, W) or (C, H, W), got {ShapeUtil.Format(x._shape)}");
    }

    /// <summary>PyTorch prints square pool sizes as one number.</summary>
    public static string Fmt(IntPair p) => p.H == p.W ? p.H.ToString() : p.ToString();
}
