namespace NotebookCourse.Tests.Onnx;

/// <summary>
/// Plain, loop-by-loop C# versions of the ops the tests export, written from the ONNX operator definitions.
/// They are deliberately naive so that they are easy to check by eye; all tensors are flat row-major arrays.
/// </summary>
internal static class OnnxReference
{
    /// <summary>y = x · wᵀ + b for x (n, k), w (m, k).</summary>
    public static float[] Linear(float[] x, int n, int k, float[] w, int m, float[] b)
    {
        var y = new float[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                double s = b[j];
                for (int t = 0; t < k; t++) s += (double)x[i * k + t] * w[j * k + t];
                y[i * m + j] = (float)s;
            }
        return y;
    }

    public static float[] Relu(float[] x) => x.Select(v => Math.Max(v, 0f)).ToArray();

    /// <summary>2-D convolution, x (n, c, h, w), weight (m, c, kh, kw), stride, symmetric padding.</summary>
    public static float[] Conv2d(float[] x, int n, int c, int h, int w, float[] weight, int m, int kh, int kw, float[] bias,
                                 int stride, int pad, out int oh, out int ow)
    {
        oh = (h + 2 * pad - kh) / stride + 1;
        ow = (w + 2 * pad - kw) / stride + 1;
        var y = new float[n * m * oh * ow];
        for (int b = 0; b < n; b++)
            for (int o = 0; o < m; o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double s = bias[o];
                        for (int ci = 0; ci < c; ci++)
                            for (int u = 0; u < kh; u++)
                                for (int v = 0; v < kw; v++)
                                {
                                    int yy = i * stride - pad + u, xx = j * stride - pad + v;
                                    if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                                    s += (double)x[((b * c + ci) * h + yy) * w + xx] * weight[((o * c + ci) * kh + u) * kw + v];
                                }
                        y[((b * m + o) * oh + i) * ow + j] = (float)s;
                    }
        return y;
    }

    /// <summary>Transposed 2-D convolution, x (n, c, h, w), weight (c, m, kh, kw): each input pixel scatters a kernel.</summary>
    public static float[] ConvTranspose2d(float[] x, int n, int c, int h, int w, float[] weight, int m, int kh, int kw, float[] bias,
                                          int stride, int pad, out int oh, out int ow)
    {
        oh = (h - 1) * stride + kh - 2 * pad;
        ow = (w - 1) * stride + kw - 2 * pad;
        var y = new double[n * m * oh * ow];
        for (int b = 0; b < n; b++)
            for (int ci = 0; ci < c; ci++)
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++)
                        for (int o = 0; o < m; o++)
                            for (int u = 0; u < kh; u++)
                                for (int v = 0; v < kw; v++)
                                {
                                    int yy = i * stride - pad + u, xx = j * stride - pad + v;
                                    if (yy < 0 || yy >= oh || xx < 0 || xx >= ow) continue;
                                    y[((b * m + o) * oh + yy) * ow + xx] += (double)x[((b * c + ci) * h + i) * w + j] * weight[((ci * m + o) * kh + u) * kw + v];
                                }
        var r = new float[y.Length];
        for (int b = 0; b < n; b++)
            for (int o = 0; o < m; o++)
                for (int p = 0; p < oh * ow; p++)
                    r[(b * m + o) * oh * ow + p] = (float)(y[(b * m + o) * oh * ow + p] + bias[o]);
        return r;
    }

    /// <summary>Max pooling with a square window, no padding.</summary>
    public static float[] MaxPool2d(float[] x, int n, int c, int h, int w, int k, int stride, out int oh, out int ow)
    {
        oh = (h - k) / stride + 1;
        ow = (w - k) / stride + 1;
        var y = new float[n * c * oh * ow];
        for (int p = 0; p < n * c; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    float best = float.NegativeInfinity;
                    for (int u = 0; u < k; u++)
                        for (int v = 0; v < k; v++)
                            best = Math.Max(best, x[(p * h + i * stride + u) * w + j * stride + v]);
                    y[(p * oh + i) * ow + j] = best;
                }
        return y;
    }

    /// <summary>Inference-mode batch norm over channel axis 1 of x (n, c, spatial).</summary>
    public static float[] BatchNorm(float[] x, int n, int c, int spatial, float[] scale, float[] bias, float[] mean, float[] variance, float eps)
    {
        var y = new float[x.Length];
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int p = 0; p < spatial; p++)
                {
                    int idx = (b * c + ch) * spatial + p;
                    y[idx] = (float)((x[idx] - mean[ch]) / Math.Sqrt(variance[ch] + eps) * scale[ch] + bias[ch]);
                }
        return y;
    }

    /// <summary>Layer norm over the last dimension of x (rows, d).</summary>
    public static float[] LayerNorm(float[] x, int rows, int d, float[] gamma, float[] beta, float eps)
    {
        var y = new float[x.Length];
        for (int r = 0; r < rows; r++)
        {
            double mean = 0, var = 0;
            for (int i = 0; i < d; i++) mean += x[r * d + i];
            mean /= d;
            for (int i = 0; i < d; i++) var += (x[r * d + i] - mean) * (x[r * d + i] - mean);
            var /= d;
            for (int i = 0; i < d; i++) y[r * d + i] = (float)((x[r * d + i] - mean) / Math.Sqrt(var + eps) * gamma[i] + beta[i]);
        }
        return y;
    }

    /// <summary>Batched matrix product a (batch, n, k) · b (batch, k, m).</summary>
    public static float[] BatchedMatMul(float[] a, float[] b, int batch, int n, int k, int m)
    {
        var y = new float[batch * n * m];
        for (int p = 0; p < batch; p++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++)
                {
                    double s = 0;
                    for (int t = 0; t < k; t++) s += (double)a[(p * n + i) * k + t] * b[(p * k + t) * m + j];
                    y[(p * n + i) * m + j] = (float)s;
                }
        return y;
    }

    /// <summary>Softmax over the last dimension of x (rows, d).</summary>
    public static float[] Softmax(float[] x, int rows, int d)
    {
        var y = new float[x.Length];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int i = 0; i < d; i++) max = Math.Max(max, x[r * d + i]);
            for (int i = 0; i < d; i++) sum += Math.Exp(x[r * d + i] - max);
            for (int i = 0; i < d; i++) y[r * d + i] = (float)(Math.Exp(x[r * d + i] - max) / sum);
        }
        return y;
    }

    /// <summary>Swaps the last two axes of x (batch, r, c).</summary>
    public static float[] TransposeLast(float[] x, int batch, int r, int c)
    {
        var y = new float[x.Length];
        for (int p = 0; p < batch; p++)
            for (int i = 0; i < r; i++)
                for (int j = 0; j < c; j++)
                    y[(p * c + j) * r + i] = x[(p * r + i) * c + j];
        return y;
    }

    public static float[] Random(Random rng, int count, float scale = 1f)
    {
        var a = new float[count];
        for (int i = 0; i < count; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return a;
    }

    public static void AssertClose(float[] expected, float[] actual, float tolerance = 1e-4f)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            float d = Math.Abs(expected[i] - actual[i]);
            if (!(d <= worst)) { worst = d; at = i; }
        }
        Assert.True(worst <= tolerance, $"max abs diff {worst} at index {at} (expected {expected[Math.Max(at, 0)]}, got {actual[Math.Max(at, 0)]})");
    }
}
