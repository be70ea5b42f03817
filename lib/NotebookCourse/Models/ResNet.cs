using NotebookCourse.Nn;
using NotebookCourse.Onnx.Export;
using NotebookCourse.Tensors;

namespace NotebookCourse.Models;

/// <summary>
/// A small ResNet for 1×28×28 images built from <see cref="BasicBlock"/>s: a 3×3 stem (conv, batch norm, ReLU), one
/// stage per entry of <see cref="ResNetSpec.Blocks"/> (the first keeps 28×28, each later one halves the side with a
/// stride-2 first block), global average pooling and a linear head <see cref="fc"/>. Everything before the head is
/// <see cref="features"/> (the backbone), a <see cref="Sequential"/> with children "stem", "layer1", "layer2", …,
/// "pool", "flatten", so transfer learning reads like PyTorch: replace <c>model.fc</c>, freeze
/// <c>model.features</c> or one stage, give each group its own learning rate.
/// State-dict keys: <c>features.stem.0.weight</c>, <c>features.layer2.0.downsample.0.weight</c>, <c>fc.weight</c>, ….
/// </summary>
/// <example><code>
/// var model = new ResNet(ResNetSpec.Small(numClasses: 5));      // stages 16/32/64, one block each
/// model.fc = nn.Linear(model.FeatureDim, 10);                     // a new head: 10 classes
/// model.features.requires_grad_(false);                          // freeze the backbone
/// </code></example>
public sealed class ResNet : Module, IOnnxExportable
{
    /// <summary>The architecture this model was built from.</summary>
    public ResNetSpec spec { get; }

    /// <summary>The backbone: stem, stages, global average pooling and flatten; outputs (N, <see cref="FeatureDim"/>).</summary>
    public Sequential features { get; }

    /// <summary>The classifier head (a <see cref="Linear"/> by default); assigning replaces the registered module.</summary>
    public Module fc
    {
        get => get_submodule("fc");
        set => register_module("fc", value ?? throw new ArgumentNullException(nameof(value), "ResNet.fc: the head cannot be null; use nn.Identity() to output the features"));
    }

    /// <summary>Builds the model; only basic blocks and 3×3 stems are supported (the ImageNet specs are for tables).</summary>
    public ResNet(ResNetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Block != ResNetBlock.Basic || spec.StemKernel != 3)
            throw new ArgumentException($"ResNet: only basic blocks with a 3×3 stem are implemented, '{spec.Name}' has {spec.Block} blocks and a {spec.StemKernel}×{spec.StemKernel} stem; use ResNetSpec.Small(...) (ImageNet specs only describe sizes)");
        _ = spec.Depth; // validates the stage lists
        this.spec = spec;
        var stem = torch.nn.Sequential(
            torch.nn.Conv2d(spec.InChannels, spec.Widths[0], 3, padding: 1, bias: false),
            torch.nn.BatchNorm2d(spec.Widths[0]),
            torch.nn.ReLU());
        var parts = new List<(string, Module)> { ("stem", stem) };
        int cin = spec.Widths[0];
        for (int s = 0; s < spec.Blocks.Length; s++)
        {
            var blocks = new List<Module>();
            for (int b = 0; b < spec.Blocks[s]; b++)
            {
                blocks.Add(new BasicBlock(cin, spec.Widths[s], stride: b == 0 && s > 0 ? 2 : 1));
                cin = spec.Widths[s];
            }
            parts.Add(($"layer{s + 1}", new Sequential(blocks.ToArray())));
        }
        parts.Add(("pool", torch.nn.AdaptiveAvgPool2d(1)));
        parts.Add(("flatten", torch.nn.Flatten()));
        features = register_module("features", new Sequential(parts.ToArray()));
        register_module("fc", torch.nn.Linear(cin, spec.NumClasses));
    }

    /// <summary>Length of the feature vector the head receives (channels of the last stage).</summary>
    public int FeatureDim => spec.FeatureDim;

    /// <summary>Number of stages ("layer1", "layer2", …).</summary>
    public int NumStages => spec.Blocks.Length;

    /// <summary>The stem (conv 3×3, batch norm, ReLU); its output are the first feature maps.</summary>
    public Sequential stem => (Sequential)features["stem"];

    /// <summary>Stage <paramref name="i"/> counted from 1 like its name, e.g. <c>layer(3)</c> is "layer3".</summary>
    public Sequential layer(int i) =>
        i >= 1 && i <= NumStages ? (Sequential)features[$"layer{i}"]
        : throw new ArgumentOutOfRangeException(nameof(i), $"ResNet.layer: stages are numbered 1..{NumStages}, got {i}");

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 4 || x.size(1) != spec.InChannels)
            throw new ArgumentException($"ResNet expected input (N, {spec.InChannels}, H, W), got ({string.Join(", ", x.shape)})");
        return fc.call(features.call(x));       // (N, C, H, W) → (N, FeatureDim) → (N, classes)
    }

    /// <inheritdoc />
    public ExportValue ExportOnnx(OnnxExportContext ctx, ExportValue x) => ctx.Export(fc, ctx.Export(features, x));
}
