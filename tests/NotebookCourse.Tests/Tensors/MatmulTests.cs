using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;

namespace NotebookCourse.Tests.Tensors;

public class MatmulTests
{
    /// <summary>Naive reference product on one (m, k) @ (k, n) pair, in double.</summary>
    private static float[] Reference(float[] a, float[] b, int m, int k, int n)
    {
        var c = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double)a[i * k + p] * b[p * n + j];
                c[i * n + j] = (float)s;
            }
        return c;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 7)]
    [InlineData(17, 9, 33)]
    public void MatchesReference(int m, int k, int n)
    {
        var a = torch.randn(m, k); var b = torch.randn(k, n);
        TensorAssert.Close(a.matmul(b), Reference(a.ToArray<float>(), b.ToArray<float>(), m, k, n), 1e-4f, 1e-4f);
        // Transposed views are read in place; the result must not change.
        TensorAssert.Close(a.t().contiguous().t().matmul(b.t().contiguous().t()), a.matmul(b), 1e-5f, 1e-5f);
    }

    [Fact]
    public void ShapesFollowPyTorchRules()
    {
        TensorAssert.Shape(torch.ones(4).matmul(torch.ones(4)), new int[0]);
        TensorAssert.Shape(torch.ones(3, 4).matmul(torch.ones(4)), 3);
        TensorAssert.Shape(torch.ones(4).matmul(torch.ones(4, 5)), 5);
        TensorAssert.Shape(torch.ones(2, 1, 3, 4).matmul(torch.ones(5, 4, 6)), 2, 5, 3, 6);
        TensorAssert.Shape(torch.ones(7, 3, 4).bmm(torch.ones(7, 4, 2)), 7, 3, 2);
        Assert.Equal(4f, torch.ones(4).matmul(torch.ones(4)).item());
    }

    [Fact]
    public void BroadcastBatchMatchesPerBatchProducts()
    {
        var a = torch.randn(2, 1, 3, 4); var b = torch.randn(5, 4, 2);
        var c = a.matmul(b);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 5; j++)
                TensorAssert.Close(c[i, j], a[i, 0].mm(b[j]), 1e-5f, 1e-5f);
    }

    [Fact]
    public void ErrorsNameBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => torch.ones(64, 100).matmul(torch.ones(200, 10)));
        Assert.StartsWith("matmul: shapes (64, 100) and (200, 10) cannot be multiplied", e.Message);
        Assert.Contains("mm: expects two 2-D", Assert.Throws<ArgumentException>(() => torch.ones(2, 3, 4).mm(torch.ones(4, 2))).Message);
        Assert.Contains("bmm: expects", Assert.Throws<ArgumentException>(() => torch.ones(2, 3, 4).bmm(torch.ones(3, 4, 2))).Message);
        Assert.Contains("matmul: shapes", Assert.Throws<ArgumentException>(() => torch.ones(2, 3, 4).matmul(torch.ones(3, 4, 2))).Message);
    }
}
