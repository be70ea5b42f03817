using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;

namespace NotebookCourse.Tests.Tensors;

public class ViewTests
{
    private static Tensor Arange(params int[] shape) => torch.arange(0f, ShapeUtil.Numel(shape)).view(shape);

    [Fact]
    public void ViewsShareStorage()
    {
        var x = Arange(2, 3);
        foreach (var v in new[] { x.view(3, 2), x.t(), x.select(0, 1), x.narrow(1, 1, 2), x.unsqueeze(0), x.expand(4, 2, 3), x[.., 1..], x.flatten() })
            Assert.True(v.shares_storage_with(x));
        x.t()[2, 1] = torch.tensor(100f);   // x[1, 2]
        Assert.Equal(100f, x[1, 2].item());
        x.select(1, 0).fill_(-1f);
        Assert.Equal(new[] { -1f, 1, 2, -1, 4, 100 }, x.ToArray<float>());
    }

    [Fact]
    public void TransposeIsNotContiguousAndViewExplains()
    {
        var x = Arange(2, 3).t();
        Assert.False(x.is_contiguous());
        var e = Assert.Throws<InvalidOperationException>(() => x.view(6));
        Assert.Contains("not contiguous", e.Message);
        Assert.Contains(".reshape", e.Message);
        Assert.Equal(new[] { 0f, 3, 1, 4, 2, 5 }, x.reshape(6).ToArray<float>());
        Assert.False(x.reshape(6).shares_storage_with(x));
        Assert.True(x.contiguous().is_contiguous());
    }

    [Fact]
    public void PermuteSliceSelectValues()
    {
        var x = Arange(2, 3, 4);
        var p = x.permute(2, 0, 1);
        TensorAssert.Shape(p, 4, 2, 3);
        Assert.Equal(x[1, 2, 3].item(), p[3, 1, 2].item());
        Assert.Equal(new[] { 1f, 3, 13, 15 }, x.select(1, 0).slice(1, 1, 4, 2).ToArray<float>());
        Assert.Equal(new[] { 20f, 21, 22, 23 }, x[^1, ^1].ToArray<float>());
        TensorAssert.Shape(x[.., 1], 2, 4);
        TensorAssert.Shape(x.slice(2, -3, 100), 2, 3, 3);   // Python-style clamping
    }

    [Fact]
    public void SqueezeUnsqueezeFlattenExpand()
    {
        var x = Arange(3, 1, 2);
        TensorAssert.Shape(x.squeeze(), 3, 2);
        TensorAssert.Shape(x.squeeze(0), 3, 1, 2);
        TensorAssert.Shape(x.unsqueeze(-1), 3, 1, 2, 1);
        TensorAssert.Shape(x.flatten(), 6);
        TensorAssert.Shape(x.flatten(1), 3, 2);
        var e = x.expand(2, 3, 4, 2);
        TensorAssert.Shape(e, 2, 3, 4, 2);
        Assert.Equal(0, e.stride()[0]);
        Assert.Equal(5f, e[1, 2, 3, 1].item());
        Assert.Contains("cannot be expanded", Assert.Throws<ArgumentException>(() => x.expand(3, 2, 3)).Message);
    }

    [Fact]
    public void CatStackSplitChunk()
    {
        var a = Arange(2, 3); var b = Arange(2, 1) + 10f;
        var c = torch.cat(new[] { a, b }, 1);
        Assert.Equal(new[] { 0f, 1, 2, 10, 3, 4, 5, 11 }, c.ToArray<float>());
        TensorAssert.Shape(torch.stack(new[] { a, a }, 1), 2, 2, 3);
        var parts = Arange(7).split(3);
        Assert.Equal(new[] { 3, 3, 1 }, parts.Select(p => p.numel()));
        Assert.Equal(new[] { 2, 2, 2 }, Arange(6).chunk(3).Select(p => p.numel()));
        Assert.Equal(new[] { 1, 4 }, Arange(5).split(new[] { 1, 4 }).Select(p => p.numel()));
        Assert.Contains("tensor 1 has shape (3, 1)", Assert.Throws<ArgumentException>(() => torch.cat(new[] { a, Arange(3, 1) }, 1)).Message);
    }

    [Fact]
    public void CloneDetachAndConversions()
    {
        var x = torch.tensor(new float[,] { { 1.5f, -2 }, { 3, 4 } });
        var y = x.clone(); y[0, 0] = torch.tensor(0f);
        Assert.Equal(1.5f, x[0, 0].item());
        Assert.True(x.detach().shares_storage_with(x));
        Assert.Equal(new long[] { 1, -2, 3, 4 }, x.@long().ToArray<long>());
        Assert.Equal(new[] { 1.5, -2, 3, 4 }, x.ToArray<double>());
        Assert.Equal(DType.@bool, x.gt(0f).dtype);
        Assert.Equal(3L, x[1, 0].item<long>());
        Assert.Contains("only one-element tensors", Assert.Throws<InvalidOperationException>(() => x.item()).Message);
    }

    [Fact]
    public void IndexErrorsNameTheDim()
    {
        var x = Arange(2, 3);
        Assert.Contains("index 5 is out of range for dim 1 of size 3", Assert.Throws<ArgumentOutOfRangeException>(() => x.select(1, 5)).Message);
        Assert.Contains("dim 2 is out of range", Assert.Throws<ArgumentException>(() => x.sum(2)).Message);
    }
}
