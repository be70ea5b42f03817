namespace NotebookCourse.Kernels;

/// <summary>
/// Shapes of a 2-D pooling window over (N, C, H, W) → (N, C, OH, OW), PyTorch semantics:
/// OH = ⌊(H + 2·pad − dil·(KH−1) − 1) / stride⌋ + 1 (⌈…⌉ in ceil mode, where a last window that would start in
/// the right padding is dropped).
/// </summary>
/// <example><code>var g = Pool2dGeometry.Create(64, 6, 28, 28, 2, 2, 2, 2);</code></example>
public readonly record struct Pool2dGeometry(int N, int C, int H, int W, int KH, int KW, int StrideH, int StrideW,
    int PadH, int PadW, int DilH, int DilW, int OH, int OW)
{
    /// <summary>Elements of the input.</summary>
    public long InputSize => (long)N * C * H * W;
    /// <summary>Elements of the output.</summary>
    public long OutputSize => (long)N * C * OH * OW;

    /// <summary>Validates the window and computes the output size.</summary>
    public static Pool2dGeometry Create(int n, int c, int h, int w, int kh, int kw, int strideH, int strideW,
        int padH = 0, int padW = 0, int dilH = 1, int dilW = 1, bool ceilMode = false)
    {
        if (n < 0 || c <= 0 || h <= 0 || w <= 0 || kh <= 0 || kw <= 0 || strideH <= 0 || strideW <= 0 || dilH <= 0 || dilW <= 0)
            throw new ArgumentException(
                $"pool2d: input ({n}, {c}, {h}, {w}), kernel {kh}×{kw}, stride ({strideH}, {strideW}) and dilation ({dilH}, {dilW}) must be positive.");
        if (padH < 0 || padW < 0 || 2 * padH > kh || 2 * padW > kw)
            throw new ArgumentException(
                $"pool2d: padding ({padH}, {padW}) must be between 0 and half the kernel size {kh}×{kw}.");
        int oh = OutSize(h, kh, strideH, padH, dilH, ceilMode), ow = OutSize(w, kw, strideW, padW, dilW, ceilMode);
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException(
                $"pool2d: input {h}×{w} is too small for kernel {kh}×{kw} with padding ({padH}, {padW}): output would be {oh}×{ow}.");
        return new Pool2dGeometry(n, c, h, w, kh, kw, strideH, strideW, padH, padW, dilH, dilW, oh, ow);
    }

    static int OutSize(int size, int k, int stride, int pad, int dil, bool ceil)
    {
        int span = size + 2 * pad - dil * (k - 1) - 1;
        if (span < 0) return 0;
        int o = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceil && (o - 1) * stride >= size + pad) o--;
        return o;
    }
}
