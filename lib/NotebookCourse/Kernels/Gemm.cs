namespace NotebookCourse.Kernels;

/// <summary>
/// Single-precision matrix multiply on row-major buffers: C = alpha·op(A)·op(B) + beta·C, where op(X) is X or Xᵀ.
/// A is m×k (or k×m when transposed), B is k×n (or n×k), C is m×n; lda/ldb/ldc are row strides in elements.
/// This is the one entry point every matmul, linear and convolution in the engine goes through.
/// </summary>
public static class Gemm
{
    /// <summary>C = alpha·op(A)·op(B) + beta·C (row-major).</summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        // Reference implementation; the performance issue replaces the body with a packed, blocked kernel.
        for (int i = 0; i < m; i++)
        {
            var crow = c.Slice(i * ldc, n);
            if (beta == 0f) crow.Clear(); else if (beta != 1f) for (int j = 0; j < n; j++) crow[j] *= beta;
            for (int p = 0; p < k; p++)
            {
                float av = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
                if (av == 0f) continue;
                if (!transB)
                {
                    var brow = b.Slice(p * ldb, n);
                    for (int j = 0; j < n; j++) crow[j] += av * brow[j];
                }
                else
                {
                    for (int j = 0; j < n; j++) crow[j] += av * b[j * ldb + p];
                }
            }
        }
    }
}
