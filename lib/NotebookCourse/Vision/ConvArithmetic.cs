namespace NotebookCourse.Vision;

/// <summary>One layer of a stack, for <see cref="ConvArithmetic.ReceptiveField"/>: kernel size, stride and dilation.</summary>
/// <param name="Kernel">Kernel size (k).</param>
/// <param name="Stride">Stride (s).</param>
/// <param name="Dilation">Dilation (d); the kernel covers d·(k−1)+1 pixels.</param>
public readonly record struct ConvLayerSpec(int Kernel, int Stride = 1, int Dilation = 1);

/// <summary>Receptive field after a layer: its size in input pixels and the input distance between neighbouring outputs.</summary>
/// <param name="Layer">1-based layer number.</param>
/// <param name="Size">How many input pixels (per side) one output of this layer sees.</param>
/// <param name="Jump">Input pixels between two neighbouring outputs of this layer (the product of the strides so far).</param>
public readonly record struct ReceptiveFieldStep(int Layer, int Size, int Jump);

/// <summary>
/// The arithmetic of 2-D convolutions, per spatial side: output size ⌊(n + 2p − d·(k−1) − 1)/s⌋ + 1, "same" padding,
/// the receptive field of a stack of layers, and parameter counts of a convolution versus a fully connected layer.
/// </summary>
/// <example><code>ConvArithmetic.OutputSize(28, kernel: 3, stride: 2, padding: 1) // 14</code></example>
public static class ConvArithmetic
{
    /// <summary>Output size along one side: ⌊(n + 2p − d·(k−1) − 1)/s⌋ + 1 (with d = 1: ⌊(n + 2p − k)/s⌋ + 1).</summary>
    public static int OutputSize(int inputSize, int kernel, int stride = 1, int padding = 0, int dilation = 1)
    {
        if (inputSize < 1 || kernel < 1 || stride < 1 || dilation < 1 || padding < 0)
            throw new ArgumentException(
                $"ConvArithmetic.OutputSize: input size {inputSize}, kernel {kernel}, stride {stride} and dilation {dilation} " +
                $"must be ≥ 1 and padding {padding} ≥ 0");
        int span = dilation * (kernel - 1) + 1;
        int padded = inputSize + 2 * padding;
        if (padded < span)
            throw new ArgumentException(
                $"ConvArithmetic.OutputSize: the kernel covers {span} pixels but the padded input has only {padded} " +
                $"({inputSize} + 2·{padding}); add padding or use a smaller kernel");
        return (padded - span) / stride + 1;
    }

    /// <summary>Padding that keeps the size at stride 1 ("same"): (k − 1)/2 for an odd kernel.</summary>
    public static int SamePadding(int kernel, int dilation = 1)
    {
        if (kernel < 1 || dilation < 1)
            throw new ArgumentException($"ConvArithmetic.SamePadding: kernel {kernel} and dilation {dilation} must be ≥ 1");
        int span = dilation * (kernel - 1) + 1;
        if (span % 2 == 0)
            throw new ArgumentException(
                $"ConvArithmetic.SamePadding: a kernel covering {span} pixels (even) cannot be centred, so no symmetric " +
                "padding keeps the size; use an odd kernel");
        return (span - 1) / 2;
    }

    /// <summary>
    /// Receptive field after each layer of a stack: r ← r + d·(k−1)·j and j ← j·s, starting from r = j = 1 (one input pixel).
    /// </summary>
    public static IReadOnlyList<ReceptiveFieldStep> ReceptiveField(IEnumerable<ConvLayerSpec> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var steps = new List<ReceptiveFieldStep>();
        int r = 1, j = 1;
        foreach (var l in layers)
        {
            if (l.Kernel < 1 || l.Stride < 1 || l.Dilation < 1)
                throw new ArgumentException(
                    $"ConvArithmetic.ReceptiveField: layer {steps.Count + 1} has kernel {l.Kernel}, stride {l.Stride}, " +
                    $"dilation {l.Dilation}; all must be ≥ 1");
            r = checked(r + l.Dilation * (l.Kernel - 1) * j);
            j = checked(j * l.Stride);
            steps.Add(new ReceptiveFieldStep(steps.Count + 1, r, j));
        }
        return steps;
    }

    /// <summary>Receptive field of <paramref name="count"/> stacked k×k layers with stride 1: 1 + count·(k − 1).</summary>
    public static int ReceptiveFieldOfStack(int count, int kernel = 3)
    {
        if (count < 0) throw new ArgumentException($"ConvArithmetic.ReceptiveFieldOfStack: count must be ≥ 0, got {count}");
        var steps = ReceptiveField(Enumerable.Repeat(new ConvLayerSpec(kernel), count));
        return steps.Count == 0 ? 1 : steps[^1].Size;
    }

    /// <summary>Weights (+ biases) of a Conv2d: outC·inC·k·k (+ outC). It does not depend on the image size.</summary>
    public static long Conv2dParameters(int inChannels, int outChannels, int kernel, bool bias = true)
    {
        if (inChannels < 1 || outChannels < 1 || kernel < 1)
            throw new ArgumentException(
                $"ConvArithmetic.Conv2dParameters: channels ({inChannels}, {outChannels}) and kernel {kernel} must be ≥ 1");
        return (long)outChannels * inChannels * kernel * kernel + (bias ? outChannels : 0);
    }

    /// <summary>Weights (+ biases) of a Linear layer: out·in (+ out).</summary>
    public static long LinearParameters(long inFeatures, long outFeatures, bool bias = true)
    {
        if (inFeatures < 1 || outFeatures < 1)
            throw new ArgumentException(
                $"ConvArithmetic.LinearParameters: features ({inFeatures}, {outFeatures}) must be ≥ 1");
        return checked(outFeatures * inFeatures + (bias ? outFeatures : 0));
    }
}
