using NotebookCourse.Nn;

namespace NotebookCourse;

public static partial class torch
{
    /// <summary>
    /// Layer factories, as in <c>torch.nn</c>: <c>nn.Linear(784, 10)</c>, <c>nn.Conv2d(1, 6, kernelSize: 5, padding: 2)</c>,
    /// <c>nn.Sequential(("fc1", nn.Linear(784, 100)), ("relu", nn.ReLU()))</c>. Each returns the layer class from
    /// <see cref="NotebookCourse.Nn"/>, so its settings and parameters (<c>fc.weight</c>) are typed.
    /// </summary>
    public static partial class nn
    {
        /// <summary>y = x·Wᵀ + b. See <see cref="Nn.Linear"/>.</summary>
        public static Nn.Linear Linear(int inFeatures, int outFeatures, bool bias = true) => new(inFeatures, outFeatures, bias);
        /// <summary>2-D convolution: <c>nn.Conv2d(1, 6, kernelSize: 5, padding: 2)</c>. See <see cref="Nn.Conv2d"/>.</summary>
        public static Nn.Conv2d Conv2d(int inChannels, int outChannels, IntPair kernelSize, IntPair stride = default, ConvPadding padding = default,
            IntPair dilation = default, int groups = 1, bool bias = true) => new(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias);
        /// <summary>1-D convolution over sequences. See <see cref="Nn.Conv1d"/>.</summary>
        public static Nn.Conv1d Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, ConvPadding padding = default,
            int dilation = 1, int groups = 1, bool bias = true) => new(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias);
        /// <summary>Transposed 2-D convolution (learnable upsampling). See <see cref="Nn.ConvTranspose2d"/>.</summary>
        public static Nn.ConvTranspose2d ConvTranspose2d(int inChannels, int outChannels, IntPair kernelSize, IntPair stride = default, IntPair padding = default,
            IntPair outputPadding = default, int groups = 1, bool bias = true, IntPair dilation = default) => new(inChannels, outChannels, kernelSize, stride, padding, outputPadding, groups, bias, dilation);
        /// <summary>Max pooling: <c>nn.MaxPool2d(2)</c>. See <see cref="Nn.MaxPool2d"/>.</summary>
        public static Nn.MaxPool2d MaxPool2d(IntPair kernelSize, IntPair stride = default, IntPair padding = default, IntPair dilation = default, bool ceilMode = false) =>
            new(kernelSize, stride, padding, dilation, ceilMode);
        /// <summary>Average pooling. See <see cref="Nn.AvgPool2d"/>.</summary>
        public static Nn.AvgPool2d AvgPool2d(IntPair kernelSize, IntPair stride = default, IntPair padding = default, bool ceilMode = false, bool countIncludePad = true) =>
            new(kernelSize, stride, padding, ceilMode, countIncludePad);
        /// <summary>Adaptive average pooling to a fixed grid (1 = global average). See <see cref="Nn.AdaptiveAvgPool2d"/>.</summary>
        public static Nn.AdaptiveAvgPool2d AdaptiveAvgPool2d(IntPair outputSize) => new(outputSize);
        /// <summary>Batch norm over (N, C) or (N, C, L). See <see cref="Nn.BatchNorm1d"/>.</summary>
        public static Nn.BatchNorm1d BatchNorm1d(int numFeatures, float eps = 1e-5f, float? momentum = 0.1f, bool affine = true, bool trackRunningStats = true) =>
            new(numFeatures, eps, momentum, affine, trackRunningStats);
        /// <summary>Batch norm over images (N, C, H, W). See <see cref="Nn.BatchNorm2d"/>.</summary>
        public static Nn.BatchNorm2d BatchNorm2d(int numFeatures, float eps = 1e-5f, float? momentum = 0.1f, bool affine = true, bool trackRunningStats = true) =>
            new(numFeatures, eps, momentum, affine, trackRunningStats);
        /// <summary>Layer norm over the last dim. See <see cref="Nn.LayerNorm"/>.</summary>
        public static Nn.LayerNorm LayerNorm(int normalizedShape, float eps = 1e-5f, bool elementwiseAffine = true, bool bias = true) =>
            new(normalizedShape, eps, elementwiseAffine, bias);
        /// <summary>Layer norm over the last dims. See <see cref="Nn.LayerNorm"/>.</summary>
        public static Nn.LayerNorm LayerNorm(int[] normalizedShape, float eps = 1e-5f, bool elementwiseAffine = true, bool bias = true) =>
            new(normalizedShape, eps, elementwiseAffine, bias);
        /// <summary>Group norm. See <see cref="Nn.GroupNorm"/>.</summary>
        public static Nn.GroupNorm GroupNorm(int numGroups, int numChannels, float eps = 1e-5f, bool affine = true) => new(numGroups, numChannels, eps, affine);
        /// <summary>Nearest or bilinear resizing. See <see cref="Nn.Upsample"/>.</summary>
        public static Nn.Upsample Upsample(IntPair size = default, double? scaleFactor = null, string mode = "nearest", bool? alignCorners = null) =>
            new(size, scaleFactor, mode, alignCorners);
        /// <summary>Multi-head attention. See <see cref="Nn.MultiheadAttention"/>.</summary>
        public static Nn.MultiheadAttention MultiheadAttention(int embedDim, int numHeads, float dropout = 0f, bool bias = true, bool batchFirst = false) =>
            new(embedDim, numHeads, dropout, bias, batchFirst);
        /// <summary>Lookup table of vectors. See <see cref="Nn.Embedding"/>.</summary>
        public static Nn.Embedding Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null) => new(numEmbeddings, embeddingDim, paddingIdx);
        /// <summary>Random zeroing in training. See <see cref="Nn.Dropout"/>.</summary>
        public static Nn.Dropout Dropout(float p = 0.5f) => new(p);
        /// <summary>Flattens dims startDim..endDim. See <see cref="Nn.Flatten"/>.</summary>
        public static Nn.Flatten Flatten(int startDim = 1, int endDim = -1) => new(startDim, endDim);
        /// <summary>Splits one dim into several. See <see cref="Nn.Unflatten"/>.</summary>
        public static Nn.Unflatten Unflatten(int dim, params int[] unflattenedSize) => new(dim, unflattenedSize);
        /// <summary>Returns its input. See <see cref="Nn.Identity"/>.</summary>
        public static Nn.Identity Identity() => new();

        /// <summary>max(x, 0).</summary>
        public static Nn.ReLU ReLU() => new();
        /// <summary>Leaky ReLU with a negative slope.</summary>
        public static Nn.LeakyReLU LeakyReLU(float negativeSlope = 0.01f) => new(negativeSlope);
        /// <summary>GELU ("none" or "tanh" approximation).</summary>
        public static Nn.GELU GELU(string approximate = "none") => new(approximate);
        /// <summary>x·sigmoid(x).</summary>
        public static Nn.SiLU SiLU() => new();
        /// <summary>Logistic sigmoid.</summary>
        public static Nn.Sigmoid Sigmoid() => new();
        /// <summary>tanh.</summary>
        public static Nn.Tanh Tanh() => new();
        /// <summary>Softmax along a dim.</summary>
        public static Nn.Softmax Softmax(int dim) => new(dim);
        /// <summary>Log-softmax along a dim.</summary>
        public static Nn.LogSoftmax LogSoftmax(int dim) => new(dim);

        /// <summary>Chains modules named "0", "1", …</summary>
        public static Nn.Sequential Sequential(params Module[] modules) => new(modules);
        /// <summary>Chains named modules: <c>nn.Sequential(("conv1", nn.Conv2d(1, 6, 5)), ("relu1", nn.ReLU()))</c>.</summary>
        public static Nn.Sequential Sequential(params (string name, Module module)[] modules) => new(modules);
        /// <summary>A registered list of modules.</summary>
        public static Nn.ModuleList ModuleList(params Module[] modules) => new(modules);
        /// <summary>A registered list of modules.</summary>
        public static Nn.ModuleList ModuleList(IEnumerable<Module> modules) => new(modules);
        /// <summary>Registered modules by name.</summary>
        public static Nn.ModuleDict ModuleDict(params (string name, Module module)[] modules) => new(modules);
    }
}
