using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace NotebookCourse.Kernels;

/// <summary>Unpacked SGEMM for small problems (and CPUs without AVX2+FMA): row axpys or dot products.</summary>
internal static class GemmDirect
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var crow = c.Slice(i * ldc, n);
            if (beta == 0f) crow.Clear(); else if (beta != 1f) TensorPrimitives.Multiply(crow, beta, crow);
            if (!transB)
            {
                // C[i,:] += alpha·A[i,p]·B[p,:]: contiguous rows of B, vectorized axpy.
                for (int p = 0; p < k; p++)
                {
                    float av = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
                    if (av == 0f) continue;
                    TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), av, crow, crow);
                }
            }
            else if (!transA)
            {
                // C[i,j] += alpha·dot(A[i,:], B[j,:]): both rows contiguous.
                var arow = a.Slice(i * lda, k);
                for (int j = 0; j < n; j++) crow[j] += alpha * TensorPrimitives.Dot(arow, b.Slice(j * ldb, k));
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    float s = 0f;
                    for (int p = 0; p < k; p++) s += a[p * lda + i] * b[j * ldb + p];
                    crow[j] += alpha * s;
                }
            }
        }
    }
}
