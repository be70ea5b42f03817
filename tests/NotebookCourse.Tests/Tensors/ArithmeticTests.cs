using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;

namespace NotebookCourse.Tests.Tensors;

public class ArithmeticTests
{
    [Fact]
    public void BroadcastingShapesAndValues()
    {
        var a = torch.arange(0f, 3f).view(3, 1);
        var b = torch.arange(0f, 4f) * 10f;
        var c = a + b;
        TensorAssert.Shape(c, 3, 4);
        Assert.Equal(new[] { 0f, 10, 20, 30, 1, 11, 21, 31, 2, 12, 22, 32 }, c.ToArray<float>());
        TensorAssert.Shape(torch.ones(2, 1, 5) * torch.ones(3, 1), 2, 3, 5);
        TensorAssert.Close((torch.ones(3) * 2f - 1f) / 4f, new[] { 0.25f, 0.25f, 0.25f });
        TensorAssert.Close(1f / torch.tensor(new[] { 2f, 4f }), new[] { 0.5f, 0.25f });
    }

    [Fact]
    public void BroadcastErrorNamesOpAndShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => torch.ones(3, 4) + torch.ones(5));
        Assert.Contains("add: shapes (3, 4) and (5,) cannot be broadcast", e.Message);
        Assert.Contains("mul: shapes", Assert.Throws<ArgumentException>(() => torch.ones(2, 3) * torch.ones(3, 2)).Message);
    }

    [Fact]
    public void NonContiguousOperandsUseTheGeneralPath()
    {
        var x = torch.arange(0f, 6f).view(2, 3);
        var r = x.t() + x.t() * 2f;
        Assert.Equal(new[] { 0f, 9, 3, 12, 6, 15 }, r.ToArray<float>());
    }

    [Fact]
    public void Int64ArithmeticAndPromotion()
    {
        var i = torch.tensor(new long[] { 1, 2, 3 });
        Assert.Equal(DType.int64, (i + i * 2L).dtype);
        Assert.Equal(new long[] { 3, 6, 9 }, (i + i * 2L).ToArray<long>());
        Assert.Equal(DType.float32, (i + 0.5f).dtype);
        Assert.Equal(DType.float32, (i / 2L).dtype);
        Assert.Equal(new[] { 0.5f, 1f, 1.5f }, (i / 2L).ToArray<float>());
        Assert.Equal(new long[] { -1, -2, -3 }, (-i).ToArray<long>());
    }

    [Fact]
    public void UnaryMathAndActivations()
    {
        var x = torch.tensor(new[] { -2f, -0.5f, 0f, 1f, 3f });
        TensorAssert.Close(x.relu(), new[] { 0f, 0, 0, 1, 3 });
        TensorAssert.Close(x.leaky_relu(0.1f), new[] { -0.2f, -0.05f, 0, 1, 3 });
        TensorAssert.Close(x.abs(), new[] { 2f, 0.5f, 0, 1, 3 });
        TensorAssert.Close(x.clamp(-1f, 2f), new[] { -1f, -0.5f, 0, 1, 2 });
        TensorAssert.Close(x.clamp(min: 0f), new[] { 0f, 0, 0, 1, 3 });
        TensorAssert.Close(x.sigmoid(), x.ToArray<float>().Select(v => 1f / (1f + MathF.Exp(-v))).ToArray(), 1e-6f);
        TensorAssert.Close(x.silu(), x.ToArray<float>().Select(v => v / (1f + MathF.Exp(-v))).ToArray(), 1e-6f);
        // Reference values of GELU (exact erf form and tanh form) at -2, -0.5, 0, 1, 3.
        TensorAssert.Close(x.gelu(), new[] { -0.04550026f, -0.15426877f, 0f, 0.84134475f, 2.99595031f }, 1e-6f);
        TensorAssert.Close(x.gelu("tanh"), new[] { -0.04540231f, -0.15428599f, 0f, 0.84119199f, 2.99636261f }, 1e-6f);
        TensorAssert.Close(torch.tensor(new[] { 1000f, -1000f }).sigmoid(), new[] { 1f, 0f });
        TensorAssert.Close(x.pow(2f), new[] { 4f, 0.25f, 0, 1, 9 });
        TensorAssert.Close(torch.tensor(new[] { 4f, 9f }).sqrt(), new[] { 2f, 3f });
    }

    [Fact]
    public void ComparisonsWhereMaskedFill()
    {
        var x = torch.tensor(new[] { 1f, 2f, 3f });
        Assert.Equal(new[] { false, true, false }, x.eq(2f).ToArray<bool>());
        Assert.Equal(new[] { true, false, true }, x.ne(2f).ToArray<bool>());
        Assert.Equal(new[] { true, true, false }, (x <= 2f).ToArray<bool>());
        Assert.Equal(new[] { false, false, true }, (x > torch.tensor(new[] { 2f })).ToArray<bool>());
        Assert.Equal(new[] { 1f, 0f, 3f }, torch.where(x.ne(2f), x, 0f).ToArray<float>());
        Assert.Equal(new[] { 1f, -1f, 3f }, x.masked_fill(x.eq(2f), -1f).ToArray<float>());
        Assert.Equal(new[] { 2f, 2f, 3f }, x.maximum(torch.tensor(3f) - x).ToArray<float>());
        Assert.Equal(new[] { true, false, false }, (x.lt(2f) & x.gt(0f)).ToArray<bool>());
        Assert.Contains("mask must be a bool tensor", Assert.Throws<ArgumentException>(() => x.masked_fill(x, 0f)).Message);
    }

    [Fact]
    public void InPlaceOpsBumpVersionAndRefuseGradTensors()
    {
        var w = torch.ones(new[] { 3 }, requires_grad: true);
        var e = Assert.Throws<InvalidOperationException>(() => w.add_(1f));
        Assert.Contains("torch.no_grad()", e.Message);
        using (torch.no_grad()) w.add_(torch.ones(3), alpha: -0.5f);
        Assert.Equal(new[] { 0.5f, 0.5f, 0.5f }, w.ToArray<float>());
        var z = torch.zeros(2, 2); z.fill_(3f).mul_(2f).sub_(1f).div_(5f);
        Assert.Equal(new[] { 1f, 1, 1, 1 }, z.ToArray<float>());
    }
}
