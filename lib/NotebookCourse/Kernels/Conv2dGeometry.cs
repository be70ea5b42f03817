namespace NotebookCourse.Kernels;

/// <summary>
/// Shapes of one 2-D convolution (NCHW): input (N, C, H, W), weight (K, C/groups, KH, KW), output (N, K, OH, OW)
/// with OH = (H + 2·padH − dilH·(KH−1) − 1) / strideH + 1 (same for W). Conv1d is the case H = KH = 1.
/// </summary>
/// <example><code>var g = Conv2dGeometry.Create(64, 1, 28, 28, 32, 3, 3, padH: 1, padW: 1);</code></example>
public readonly record struct Conv2dGeometry(int N, int C, int H, int W, int K, int KH, int KW,
    int StrideH, int StrideW, int PadH, int PadW, int DilH, int DilW, int Groups, int OH, int OW)
{
    /// <summary>Input channels per group.</summary>
    public int Cg => C / Groups;
    /// <summary>Output channels per group.</summary>
    public int Kg => K / Groups;
    /// <summary>Rows of the im2col matrix of one group: Cg·KH·KW.</summary>
    public int ColRows => Cg * KH * KW;
    /// <summary>Output pixels per image: OH·OW.</summary>
    public int P => OH * OW;
    /// <summary>Elements of the input tensor.</summary>
    public long InputSize => (long)N * C * H * W;
    /// <summary>Elements of the output tensor.</summary>
    public long OutputSize => (long)N * K * OH * OW;
    /// <summary>Elements of the weight tensor.</summary>
    public long WeightSize => (long)K * Cg * KH * KW;

    /// <summary>Validates the hyper-parameters and computes the output size.</summary>
    public static Conv2dGeometry Create(int n, int c, int h, int w, int k, int kh, int kw, int strideH = 1,
        int strideW = 1, int padH = 0, int padW = 0, int dilH = 1, int dilW = 1, int groups = 1)
    {
        if (n < 0 || c <= 0 || h <= 0 || w <= 0 || k <= 0 || kh <= 0 || kw <= 0)
            throw new ArgumentException(
                $"conv2d: sizes must be positive, got input ({n}, {c}, {h}, {w}), {k} output channels, kernel {kh}×{kw}.");
        if (strideH <= 0 || strideW <= 0 || dilH <= 0 || dilW <= 0 || padH < 0 || padW < 0)
            throw new ArgumentException(
                $"conv2d: stride ({strideH}, {strideW}) and dilation ({dilH}, {dilW}) must be ≥ 1 and padding ({padH}, {padW}) ≥ 0.");
        if (groups <= 0 || c % groups != 0 || k % groups != 0)
            throw new ArgumentException(
                $"conv2d: groups={groups} must divide both input channels {c} and output channels {k}.");
        int oh = (h + 2 * padH - dilH * (kh - 1) - 1) / strideH + 1;
        int ow = (w + 2 * padW - dilW * (kw - 1) - 1) / strideW + 1;
        if (h + 2 * padH < dilH * (kh - 1) + 1 || w + 2 * padW < dilW * (kw - 1) + 1)
            throw new ArgumentException(
                $"conv2d: input {h}×{w} with padding ({padH}, {padW}) is smaller than the dilated kernel " +
                $"{dilH * (kh - 1) + 1}×{dilW * (kw - 1) + 1}; pad more or use a smaller kernel.");
        return new Conv2dGeometry(n, c, h, w, k, kh, kw, strideH, strideW, padH, padW, dilH, dilW, groups, oh, ow);
    }

    /// <summary>
    /// The convolution whose data-gradient is conv_transpose2d: the transposed conv maps (N, inC, H, W) to
    /// (N, outC, OH, OW) with OH = (H−1)·stride − 2·pad + dil·(KH−1) + outputPadding + 1 and weight
    /// (inC, outC/groups, KH, KW). In the returned geometry the transposed output is the conv <i>input</i>
    /// (C = outC) and the transposed input is the conv <i>output</i> (K = inC).
    /// </summary>
    public static Conv2dGeometry ForTranspose(int n, int inC, int h, int w, int outC, int kh, int kw,
        int strideH = 1, int strideW = 1, int padH = 0, int padW = 0, int outPadH = 0, int outPadW = 0,
        int dilH = 1, int dilW = 1, int groups = 1)
    {
        if (outPadH < 0 || outPadW < 0 || (outPadH >= strideH && outPadH >= dilH) || (outPadW >= strideW && outPadW >= dilW))
            throw new ArgumentException(
                $"conv_transpose2d: output_padding ({outPadH}, {outPadW}) must be smaller than stride ({strideH}, {strideW}) or dilation ({dilH}, {dilW}).");
        int oh = (h - 1) * strideH - 2 * padH + dilH * (kh - 1) + outPadH + 1;
        int ow = (w - 1) * strideW - 2 * padW + dilW * (kw - 1) + outPadW + 1;
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException(
                $"conv_transpose2d: input {h}×{w} with padding ({padH}, {padW}) gives a non-positive output {oh}×{ow}.");
        // With output_padding ≥ stride (allowed when below dilation) the forward formula would give one more row;
        // the transposed input fixes the conv's output size instead.
        return Create(n, outC, oh, ow, inC, kh, kw, strideH, strideW, padH, padW, dilH, dilW, groups) with { OH = h, OW = w };
    }
}
