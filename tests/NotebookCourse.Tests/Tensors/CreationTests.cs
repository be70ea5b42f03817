using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;

namespace NotebookCourse.Tests.Tensors;

public class CreationTests
{
    [Fact]
    public void Factories()
    {
        TensorAssert.Shape(torch.zeros(2, 3), 2, 3);
        Assert.All(torch.ones(4).ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.All(torch.full(new[] { 2, 2 }, 7f).ToArray<float>(), v => Assert.Equal(7f, v));
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, torch.arange(5).ToArray<long>());
        Assert.Equal(new long[] { 5, 3, 1 }, torch.arange(5, 0, -2).ToArray<long>());
        Assert.Equal(new[] { 0f, 0.5f, 1f, 1.5f }, torch.arange(0f, 2f, 0.5f).ToArray<float>());
        Assert.Equal(new[] { 0f, 0.25f, 0.5f, 0.75f, 1f }, torch.linspace(0f, 1f, 5).ToArray<float>());
        Assert.Equal(new[] { 1f, 0, 0, 0, 1, 0 }, torch.eye(2, 3).ToArray<float>());
        Assert.Equal(DType.int64, torch.zeros_like(torch.arange(3)).dtype);
        TensorAssert.Shape(torch.ones_like(torch.zeros(3, 1)), 3, 1);
        Assert.Equal(new[] { 3f, 4 }, torch.tensor(new[] { 1f, 2, 3, 4 }, 2, -1)[1].ToArray<float>());
        TensorAssert.Shape(torch.tensor(new[] { 1f, 2, 3, 4, 5, 6 }, 2, -1), 2, 3);
        TensorAssert.Shape(torch.tensor(new float[,,] { { { 1 }, { 2 } } }), 1, 2, 1);
        Assert.Equal(new long[] { 1, 2, 3, 4 }, torch.tensor(new[,] { { 1, 2 }, { 3, 4 } }).ToArray<long>());
        Assert.Contains("6 values do not fill shape (4, 2)", Assert.Throws<ArgumentException>(() => torch.tensor(new float[6], 4, 2)).Message);
        Assert.Contains("sizes must be non-negative", Assert.Throws<ArgumentException>(() => torch.zeros(2, -1)).Message);
    }

    [Fact]
    public void ArraysAreCopiedNotAliased()
    {
        var data = new[] { 1f, 2f };
        var t = torch.tensor(data);
        data[0] = 9f;
        Assert.Equal(1f, t[0].item());
    }
}
