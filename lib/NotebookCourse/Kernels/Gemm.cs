using System.Numerics.Tensors;

namespace NotebookCourse.Kernels;

/// <summary>
/// Single-precision matrix multiply on row-major buffers: C = alpha·op(A)·op(B) + beta·C, where op(X) is X or Xᵀ.
/// A is m×k (or k×m when transposed), B is k×n (or n×k), C is m×n; lda/ldb/ldc are row strides in elements.
/// This is the one entry point every matmul, linear and convolution in the engine goes through.
/// </summary>
/// <example><code>Gemm.Sgemm(false, true, m, n, k, 1f, x, k, w, k, 0f, y, n); // y = x·wᵀ</code></example>
public static class Gemm
{
    // Measured (bench --only gemm-small): the packed kernel beats the direct loop from 8×8×8 up, except for
    // one or two rows of A (vector-matrix products), where packing B costs as much as the product itself.
    const long DirectThreshold = 256;
    // Below this many multiply-adds, waking a second core costs more than it saves.
    const long ParallelThreshold = 96L * 96 * 96;

    static int maxThreads = Environment.ProcessorCount;

    /// <summary>Upper bound on worker threads one Sgemm call may use (default: all cores). Set 1 for serial runs.</summary>
    public static int MaxThreads
    {
        get => maxThreads;
        set => maxThreads = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Gemm.MaxThreads must be at least 1.");
    }

    /// <summary>Name of the micro-kernel in use (for benchmark output), e.g. "avx512 12x32".</summary>
    public static string KernelName => GemmBlocked.KernelName;

    /// <summary>C = alpha·op(A)·op(B) + beta·C (row-major).</summary>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        => Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, maxThreads);

    /// <summary>Sgemm with an explicit thread cap; kernels that already parallelize outside pass 1.</summary>
    internal static unsafe void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        int threadCap)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) { ScaleC(m, n, beta, c, ldc); return; }

        long work = (long)m * n * k;
        if (work < DirectThreshold || m <= 2 || (n <= 2 && transB) || !GemmBlocked.Accelerated)
        {
            GemmDirect.Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        if (beta != 0f) ScaleC(m, n, beta, c, ldc);
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
        {
            var job = new GemmBlocked.Job(transA, transB, k, alpha, pa, lda, pb, ldb, pc, ldc, beta == 0f);
            int threads = work < ParallelThreshold ? 1 : Math.Min(threadCap, Environment.ProcessorCount);
            GemmParallel.Run(job, m, n, threads);
        }
    }

    static void ScaleC(int m, int n, float beta, Span<float> c, int ldc)
    {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            // beta == 0 must clear, not multiply, so NaN/Inf in an uninitialized C never leak through.
            if (beta == 0f) row.Clear(); else TensorPrimitives.Multiply(row, beta, row);
        }
    }

    static void Validate(bool transA, bool transB, int m, int n, int k, int aLen, int lda, int bLen, int ldb,
        int cLen, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"Sgemm: sizes must be non-negative, got m={m}, n={n}, k={k}.");
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        CheckOperand("A", aRows, aCols, aLen, lda, transA);
        CheckOperand("B", bRows, bCols, bLen, ldb, transB);
        CheckOperand("C", m, n, cLen, ldc, false);
    }

    static void CheckOperand(string name, int rows, int cols, int length, int ld, bool trans)
    {
        if (rows == 0 || cols == 0) return;
        if (ld < cols)
            throw new ArgumentException(
                $"Sgemm: ld{name.ToLowerInvariant()}={ld} is smaller than the row length {cols} of {name}" +
                $"{(trans ? " (stored transposed)" : "")}; the stride must be at least the number of columns.");
        long needed = (long)(rows - 1) * ld + cols;
        if (length < needed)
            throw new ArgumentException(
                $"Sgemm: {name} is {rows}×{cols} with stride {ld} and needs {needed} elements, but its buffer has {length}.");
    }
}
