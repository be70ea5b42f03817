namespace NotebookCourse.Models;

/// <summary>The two residual block designs of the ResNet paper.</summary>
public enum ResNetBlock
{
    /// <summary>Two 3×3 convolutions (ResNet-18/34 and the course's small ResNet).</summary>
    Basic,
    /// <summary>1×1 (reduce) → 3×3 → 1×1 (expand ×4) convolutions (ResNet-50/101/152).</summary>
    Bottleneck,
}

/// <summary>
/// A ResNet described by its "layers per stage": block design, blocks and width of each stage, stem and head. Pure
/// arithmetic (nothing is allocated), so the course's small ResNet and ImageNet's ResNet-18/101 can be compared in
/// one table: <see cref="Depth"/> counts the weight layers (convolutions on the main path + the final linear layer, the
/// number in the name) and <see cref="ParameterCount"/> gives the trainable scalars of torchvision's layout.
/// </summary>
/// <example><code>ResNetSpec.ResNet101.Depth == 101; ResNetSpec.ResNet18.ParameterCount() == 11_689_512;</code></example>
/// <param name="Name">A display name.</param>
/// <param name="Block">Block design.</param>
/// <param name="Blocks">Blocks in each stage, e.g. (2, 2, 2, 2) for ResNet-18.</param>
/// <param name="Widths">Channels of each stage's 3×3 convolutions; a bottleneck stage outputs 4× as many.</param>
/// <param name="StemKernel">Kernel size of the first convolution (7 on ImageNet, 3 for 28×28 images).</param>
/// <param name="InChannels">Image channels (3 for RGB, 1 for Fashion-MNIST).</param>
/// <param name="NumClasses">Outputs of the classifier head.</param>
/// <param name="InputSize">Side of the square input image the model is meant for (only descriptive).</param>
public sealed record ResNetSpec(string Name, ResNetBlock Block, int[] Blocks, int[] Widths, int StemKernel, int InChannels,
    int NumClasses, int InputSize)
{
    /// <summary>ImageNet ResNet-18: basic blocks (2, 2, 2, 2), widths 64–512, 1000 classes.</summary>
    public static ResNetSpec ResNet18 { get; } = new("ResNet-18", ResNetBlock.Basic, [2, 2, 2, 2], [64, 128, 256, 512], 7, 3, 1000, 224);
    /// <summary>ImageNet ResNet-34: basic blocks (3, 4, 6, 3).</summary>
    public static ResNetSpec ResNet34 { get; } = new("ResNet-34", ResNetBlock.Basic, [3, 4, 6, 3], [64, 128, 256, 512], 7, 3, 1000, 224);
    /// <summary>ImageNet ResNet-50: bottleneck blocks (3, 4, 6, 3).</summary>
    public static ResNetSpec ResNet50 { get; } = new("ResNet-50", ResNetBlock.Bottleneck, [3, 4, 6, 3], [64, 128, 256, 512], 7, 3, 1000, 224);
    /// <summary>ImageNet ResNet-101: bottleneck blocks (3, 4, 23, 3).</summary>
    public static ResNetSpec ResNet101 { get; } = new("ResNet-101", ResNetBlock.Bottleneck, [3, 4, 23, 3], [64, 128, 256, 512], 7, 3, 1000, 224);
    /// <summary>ImageNet ResNet-152: bottleneck blocks (3, 8, 36, 3).</summary>
    public static ResNetSpec ResNet152 { get; } = new("ResNet-152", ResNetBlock.Bottleneck, [3, 8, 36, 3], [64, 128, 256, 512], 7, 3, 1000, 224);

    /// <summary>The course's small ResNet for 1×28×28 images (see <see cref="ResNet"/>).</summary>
    public static ResNetSpec Small(int[]? blocks = null, int[]? widths = null, int numClasses = 10) =>
        new("ResNet pequeña", ResNetBlock.Basic, blocks ?? [1, 1, 1], widths ?? [16, 32, 64], 3, 1, numClasses, 28);

    /// <summary>Convolutions on the main path of one block (2 basic, 3 bottleneck).</summary>
    public int ConvsPerBlock => Block == ResNetBlock.Basic ? 2 : 3;

    /// <summary>Output channels of a stage (width × 4 for bottleneck blocks).</summary>
    public int StageOutChannels(int stage) => Widths[stage] * (Block == ResNetBlock.Basic ? 1 : 4);

    /// <summary>Channels entering the head (the length of the feature vector after global average pooling).</summary>
    public int FeatureDim => StageOutChannels(Widths.Length - 1);

    /// <summary>Weight layers counted as in the paper: stem conv + convs on the main path of every block + the fc layer.</summary>
    public int Depth
    {
        get
        {
            Validate();
            return 1 + ConvsPerBlock * Blocks.Sum() + 1;
        }
    }

    /// <summary>Trainable parameters (conv weights without bias, batch-norm γ and β, fc weight and bias).</summary>
    public long ParameterCount()
    {
        Validate();
        int stemOut = Widths[0];
        long n = Conv(InChannels, stemOut, StemKernel) + Bn(stemOut);
        int cin = stemOut;
        for (int s = 0; s < Blocks.Length; s++)
            for (int b = 0; b < Blocks[s]; b++)
            {
                // The first block of every stage but the first downsamples (stride 2), as in the paper.
                bool downsample = b == 0 && s > 0;
                n += BlockParameters(cin, s, downsample);
                cin = StageOutChannels(s);
            }
        return n + (long)cin * NumClasses + NumClasses;
    }

    /// <summary>Trainable parameters of the stem and all stages (everything but the fc head).</summary>
    public long BackboneParameterCount() => ParameterCount() - ((long)FeatureDim * NumClasses + NumClasses);

    private long BlockParameters(int cin, int stage, bool downsample)
    {
        int w = Widths[stage], cout = StageOutChannels(stage);
        long n = Block == ResNetBlock.Basic
            ? Conv(cin, w, 3) + Bn(w) + Conv(w, w, 3) + Bn(w)
            : Conv(cin, w, 1) + Bn(w) + Conv(w, w, 3) + Bn(w) + Conv(w, cout, 1) + Bn(cout);
        if (downsample || cin != cout) n += Conv(cin, cout, 1) + Bn(cout);
        return n;
    }

    private static long Conv(int cin, int cout, int k) => (long)cin * cout * k * k;
    private static long Bn(int c) => 2L * c;

    private void Validate()
    {
        if (Blocks.Length == 0 || Blocks.Length != Widths.Length)
            throw new ArgumentException($"ResNetSpec '{Name}': Blocks ({Blocks.Length} stages) and Widths ({Widths.Length} stages) must have the same, non-zero length");
        if (Blocks.Any(b => b < 1) || Widths.Any(w => w < 1))
            throw new ArgumentException($"ResNetSpec '{Name}': every stage needs ≥ 1 block and ≥ 1 channel, got blocks ({string.Join(", ", Blocks)}), widths ({string.Join(", ", Widths)})");
    }
}
