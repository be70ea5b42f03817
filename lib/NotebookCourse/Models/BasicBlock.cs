using NotebookCourse.Nn;
using NotebookCourse.Onnx.Export;
using NotebookCourse.Tensors;

namespace NotebookCourse.Models;

/// <summary>
/// The residual block of ResNet-18/34: <c>relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))</c> with 3×3 convolutions.
/// The shortcut is the identity when shape is kept; when the block changes the number of channels or downsamples
/// (stride 2) it is a 1×1 convolution with the same stride followed by batch norm (the "projection" shortcut), so that
/// both paths have the same shape and can be added.
/// </summary>
/// <example><code>var block = new BasicBlock(16, 32, stride: 2);   // (N, 16, 28, 28) → (N, 32, 14, 14)</code></example>
public sealed class BasicBlock : Module, IOnnxExportable
{
    /// <summary>First 3×3 convolution (carries the stride).</summary>
    public Conv2d conv1 { get; }
    /// <summary>Batch norm after <see cref="conv1"/>.</summary>
    public BatchNorm2d bn1 { get; }
    /// <summary>Second 3×3 convolution (stride 1).</summary>
    public Conv2d conv2 { get; }
    /// <summary>Batch norm after <see cref="conv2"/>.</summary>
    public BatchNorm2d bn2 { get; }
    /// <summary>The projection shortcut (1×1 conv + batch norm), or null for the identity shortcut.</summary>
    public Sequential? downsample { get; }

    /// <summary>Input channels.</summary>
    public int inChannels { get; }
    /// <summary>Output channels.</summary>
    public int outChannels { get; }
    /// <summary>Stride of the first convolution and of the shortcut (2 halves the height and width).</summary>
    public int stride { get; }

    /// <summary>Creates a block; the projection shortcut is added exactly when <paramref name="stride"/> ≠ 1 or the channel count changes.</summary>
    public BasicBlock(int inChannels, int outChannels, int stride = 1)
    {
        if (inChannels <= 0 || outChannels <= 0)
            throw new ArgumentException($"BasicBlock: channel counts must be positive, got inChannels={inChannels}, outChannels={outChannels}");
        if (stride is not (1 or 2))
            throw new ArgumentException($"BasicBlock: stride must be 1 or 2, got {stride}");
        this.inChannels = inChannels; this.outChannels = outChannels; this.stride = stride;
        // No conv bias: the batch norm right after has its own shift, a bias would be redundant (as in torchvision).
        conv1 = register_module("conv1", torch.nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false));
        bn1 = register_module("bn1", torch.nn.BatchNorm2d(outChannels));
        conv2 = register_module("conv2", torch.nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false));
        bn2 = register_module("bn2", torch.nn.BatchNorm2d(outChannels));
        if (stride != 1 || inChannels != outChannels)
            downsample = register_module("downsample", torch.nn.Sequential(
                torch.nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false),
                torch.nn.BatchNorm2d(outChannels)));
    }

    /// <summary>True when the shortcut is a 1×1 projection rather than the identity.</summary>
    public bool HasProjection => downsample is not null;

    /// <summary>The residual branch F(x) alone (before the addition and the last ReLU).</summary>
    public Tensor residual(Tensor x) => bn2.call(conv2.call(bn1.call(conv1.call(x)).relu()));

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 4 || x.size(1) != inChannels)
            throw new ArgumentException($"BasicBlock expected input (N, {inChannels}, H, W), got ({string.Join(", ", x.shape)})");
        var identity = downsample is null ? x : downsample.call(x);
        return (residual(x) + identity).relu();
    }

    /// <inheritdoc />
    public ExportValue ExportOnnx(OnnxExportContext ctx, ExportValue x)
    {
        var h = ctx.Export(conv1, x);
        h = ctx.Export(bn1, h);
        h = ctx.Node("Relu", [h], h.Example.relu());
        h = ctx.Export(conv2, h);
        h = ctx.Export(bn2, h);
        var skip = downsample is null ? x : ctx.Export(downsample, x);
        var sum = ctx.Node("Add", [h, skip], h.Example + skip.Example);
        return ctx.Node("Relu", [sum], sum.Example.relu());
    }

    /// <inheritdoc />
    public override string extra_repr() => $"{inChannels}, {outChannels}, stride={stride}, shortcut={(HasProjection ? "projection" : "identity")}";
}
