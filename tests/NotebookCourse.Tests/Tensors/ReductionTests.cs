using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;

namespace NotebookCourse.Tests.Tensors;

public class ReductionTests
{
    private static readonly Tensor X = torch.tensor(new float[,] { { 1, 5, 2 }, { 4, 0, 6 } });

    [Fact]
    public void SumMeanWithKeepdim()
    {
        Assert.Equal(18f, X.sum().item());
        TensorAssert.Shape(X.sum(), new int[0]);
        Assert.Equal(new[] { 5f, 5, 8 }, X.sum(0).ToArray<float>());
        TensorAssert.Shape(X.sum(1, keepdim: true), 2, 1);
        Assert.Equal(new[] { 8f / 3, 10f / 3 }, X.mean(1).ToArray<float>());
        Assert.Equal(3f, X.mean().item());
        TensorAssert.Shape(torch.ones(2, 3, 4).sum(new[] { 0, 2 }), 3);
        TensorAssert.Shape(torch.ones(2, 3, 4).mean(new[] { -1, 0 }, keepdim: true), 1, 3, 1);
        Assert.Equal(24f, torch.ones(2, 3, 4).sum().item());
        Assert.Equal(DType.int64, torch.tensor(new long[] { 1, 2 }).sum().dtype);
        Assert.Equal(2L, torch.tensor(new[] { true, false, true }).sum().item<long>());
    }

    [Fact]
    public void VarStdMatchTheDefinition()
    {
        // Unbiased (correction 1) like PyTorch's default; rows [1,5,2] and [4,0,6].
        TensorAssert.Close(X.var(1), new[] { 13f / 3, 28f / 3 }, 1e-5f);
        TensorAssert.Close(X.var(1, correction: 0), new[] { 26f / 9, 56f / 9 }, 1e-5f);
        TensorAssert.Close(X.std(), new[] { MathF.Sqrt(28f / 5) }, 1e-5f);
    }

    [Fact]
    public void MaxMinArgmaxTopk()
    {
        var (v, i) = X.max(1);
        Assert.Equal(new[] { 5f, 6 }, v.ToArray<float>());
        Assert.Equal(new long[] { 1, 2 }, i.ToArray<long>());
        var (mv, mi) = X.min(0, keepdim: true);
        TensorAssert.Shape(mv, 1, 3);
        Assert.Equal(new[] { 1f, 0, 2 }, mv.ToArray<float>());
        Assert.Equal(new long[] { 0, 1, 0 }, mi.ToArray<long>());
        Assert.Equal(6f, X.max().item());
        Assert.Equal(0f, X.min().item());
        Assert.Equal(5L, X.argmax().item<long>());
        Assert.Equal(new long[] { 0, 1 }, X.argmin(1).ToArray<long>());
        var (tv, ti) = X.topk(2, 1);
        Assert.Equal(new[] { 5f, 2, 6, 4 }, tv.ToArray<float>());
        Assert.Equal(new long[] { 1, 2, 2, 0 }, ti.ToArray<long>());
        Assert.Equal(new[] { 0f, 4, 6 }, X.topk(3, 1, largest: false).values[1].ToArray<float>());
        Assert.Equal(new long[] { 0, 1, 2 }, torch.zeros(3).topk(3).indices.ToArray<long>());
    }

    [Fact]
    public void SoftmaxIsStableAndNormalized()
    {
        var x = torch.tensor(new[] { 1000f, 1001f, 1002f });
        var s = x.softmax(0);
        TensorAssert.Close(s, new[] { 0.09003057f, 0.24472847f, 0.66524096f }, 1e-6f);
        TensorAssert.Close(x.log_softmax(0), new[] { -2.40760596f, -1.40760596f, -0.40760596f }, 1e-5f);
        var y = torch.randn(3, 4, 5).softmax(1).sum(1);
        TensorAssert.Close(y, torch.ones(3, 5), 1e-6f);
        TensorAssert.Close(X.logsumexp(1), new[] { MathF.Log(MathF.Exp(1) + MathF.Exp(5) + MathF.Exp(2)), MathF.Log(MathF.Exp(4) + 1 + MathF.Exp(6)) }, 1e-5f);
    }

    [Fact]
    public void CumsumGatherIndexSelectOneHot()
    {
        Assert.Equal(new[] { 1f, 6, 8, 4, 4, 10 }, X.cumsum(1).ToArray<float>());
        Assert.Equal(new[] { 5f, 1, 6, 6 }, X.gather(1, torch.tensor(new long[] { 1, 0, 2, 2 }, 2, 2)).ToArray<float>());
        Assert.Equal(new[] { 2f, 1, 6, 4 }, X.index_select(1, torch.tensor(new long[] { 2, 0 })).ToArray<float>());
        var emb = torch.arange(0f, 6f).view(3, 2).embedding(torch.tensor(new long[] { 2, 0, 2, 1 }, 2, 2));
        TensorAssert.Shape(emb, 2, 2, 2);
        Assert.Equal(new[] { 4f, 5, 0, 1, 4, 5, 2, 3 }, emb.ToArray<float>());
        var oh = torch.tensor(new long[] { 2, 0 }).one_hot(3);
        Assert.Equal(new long[] { 0, 0, 1, 1, 0, 0 }, oh.ToArray<long>());
        Assert.Contains("index 3 is out of range", Assert.Throws<ArgumentOutOfRangeException>(() => X.index_select(1, torch.tensor(new long[] { 3 }))).Message);
    }
}

