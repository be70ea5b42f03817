using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.Tests.TestUtil.GradCheck;

namespace NotebookCourse.Tests.Tensors;

/// <summary>torch.flip (values and gradients from PyTorch 1.13, dims, dtypes, errors) and torch.equal.</summary>
public class FlipEqualTests
{
    private static Tensor Arange(params int[] shape) => torch.arange(0f, ShapeUtil.Numel(shape)).view(shape);

    [Fact]
    public void FlipMatchesPyTorch()
    {
        var x = Arange(2, 3, 4);
        // torch.flip(torch.arange(24.).reshape(2, 3, 4), [0, 2])
        float[] expected = [15, 14, 13, 12, 19, 18, 17, 16, 23, 22, 21, 20, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8];
        Assert.Equal(expected, x.flip(0, 2).ToArray<float>());
        Assert.Equal(expected, torch.flip(x, -1, -3).ToArray<float>());
        Assert.Equal(expected, x.flip(2, 0).ToArray<float>());
        TensorAssert.Shape(x.flip(0, 2), 2, 3, 4);
    }

    [Fact]
    public void FlipReadsStridedInputsAndReturnsAFreshCopy()
    {
        var x = Arange(2, 3, 4);
        // torch.flip(x.transpose(0, 2), [1]) and torch.flip(x[:, 1:, :], [-1, -2])
        var t = x.transpose(0, 2).flip(1);
        TensorAssert.Shape(t, 4, 3, 2);
        Assert.Equal(new float[] { 8, 20, 4, 16, 0, 12, 9, 21, 5, 17, 1, 13, 10, 22, 6, 18, 2, 14, 11, 23, 7, 19, 3, 15 }, t.ToArray<float>());
        Assert.Equal(new float[] { 11, 10, 9, 8, 7, 6, 5, 4, 23, 22, 21, 20, 19, 18, 17, 16 }, x.narrow(1, 1, 2).flip(-1, -2).ToArray<float>());

        var f = x.flip(1);
        Assert.False(f.shares_storage_with(x));
        Assert.True(f.is_contiguous());
        f.fill_(0f);
        Assert.Equal(23f, x[1, 2, 3].item());
        Assert.True(torch.equal(x.flip(1).flip(1), x));
    }

    [Fact]
    public void FlipEdgeCases()
    {
        var x = Arange(2, 3);
        var copy = x.flip();
        Assert.True(torch.equal(copy, x));
        Assert.False(copy.shares_storage_with(x));
        Assert.Equal(3f, torch.tensor(3f).flip(0).item());
        TensorAssert.Shape(torch.zeros(0, 3).flip(0, 1), 0, 3);
        Assert.Equal(new float[] { 2, 1, 0, 5, 4, 3 }, Arange(2, 3).flip(-1).ToArray<float>());

        // Images (N, C, H, W): flip(-1) mirrors left-right, flip(-2) upside down.
        var img = Arange(1, 1, 2, 3);
        Assert.Equal(new float[] { 2, 1, 0, 5, 4, 3 }, img.flip(-1).ToArray<float>());
        Assert.Equal(new float[] { 3, 4, 5, 0, 1, 2 }, img.flip(-2).ToArray<float>());
    }

    [Fact]
    public void FlipKeepsIntegerAndBoolDtypes()
    {
        var l = torch.tensor(new long[] { 1, 2, 3, 4 }).view(2, 2).flip(0);
        Assert.Equal(DType.int64, l.dtype);
        Assert.Equal(new long[] { 3, 4, 1, 2 }, l.ToArray<long>());
        var b = torch.tensor(new[] { true, false, false }).flip(0);
        Assert.Equal(DType.@bool, b.dtype);
        Assert.Equal(new[] { false, false, true }, b.ToArray<bool>());
    }

    [Fact]
    public void FlipBadDimsExplain()
    {
        var x = Arange(2, 3, 4);
        var e = Assert.Throws<ArgumentException>(() => x.flip(3));
        Assert.Contains("flip", e.Message);
        Assert.Contains("dim 3 is out of range", e.Message);
        Assert.Contains("-3..2", e.Message);
        e = Assert.Throws<ArgumentException>(() => x.flip(0, -3));
        Assert.Contains("dim 0 appears more than once", e.Message);
        Assert.Contains("(2, 3, 4)", e.Message);
    }

    [Fact]
    public void FlipGradientMatchesPyTorch()
    {
        var x = Arange(2, 3, 4).clone().requires_grad_();
        var w = Arange(2, 3, 4) * 0.5f - 3f;
        (x.flip(1) * w).sum().backward();
        // The same expression in PyTorch: each gradient is the weight of the mirrored position.
        float[] expected = [1, 1.5f, 2, 2.5f, -1, -0.5f, 0, 0.5f, -3, -2.5f, -2, -1.5f, 7, 7.5f, 8, 8.5f, 5, 5.5f, 6, 6.5f, 3, 3.5f, 4, 4.5f];
        Assert.Equal(expected, x.grad!.ToArray<float>());
    }

    [Fact, GradCheckFor("flip")]
    public void FlipGradCheck()
    {
        Check("flip", t => t[0].flip(0, 2), Input(3, 1, 5));
        Check("flip", t => t[0].flip(-1), Input(2, 3, 4));
        Check("flip", t => t[0].transpose(0, 1).flip(0) * t[1], Input(3, 2), Input(2, 3));
        Check("flip", t => t[0].flip(), Input(4));
    }

    [Fact]
    public void EqualNeedsSameShapeAndValues()
    {
        var a = Arange(2, 3);
        Assert.True(torch.equal(a, Arange(2, 3)));
        Assert.True(a.equal(a.clone()));
        Assert.False(torch.equal(a, Arange(3, 2)));                        // same values, other shape
        Assert.False(torch.equal(a, Arange(1, 2, 3)));                     // no broadcasting
        Assert.False(torch.equal(Arange(1, 3), torch.arange(0f, 3f)));
        var b = a.clone(); b[1, 2] = torch.tensor(5.5f);
        Assert.False(torch.equal(a, b));
        Assert.True(torch.equal(a.t(), a.t().contiguous()));              // layout does not matter
        Assert.True(torch.equal(torch.zeros(0, 3), torch.zeros(0, 3)));
        Assert.False(torch.equal(torch.zeros(0, 3), torch.zeros(3, 0)));
    }

    [Fact]
    public void EqualFollowsPyTorchOnDtypesNaNAndSignedZero()
    {
        // PyTorch 1.13: equal([1, 2], [1., 2.]) and equal([True, False], [1, 0]) are True; NaN != NaN; -0 == 0.
        Assert.True(torch.equal(torch.tensor(new long[] { 1, 2 }), torch.tensor(new float[] { 1, 2 })));
        Assert.True(torch.equal(torch.tensor(new[] { true, false }), torch.tensor(new long[] { 1, 0 })));
        Assert.False(torch.equal(torch.tensor(new[] { float.NaN }), torch.tensor(new[] { float.NaN })));
        Assert.True(torch.equal(torch.tensor(new[] { 0f }), torch.tensor(new[] { -0f })));
        Assert.False(torch.equal(torch.tensor(new float[] { 1, 2 }), torch.tensor(new float[] { 1, 2.0001f })));
    }
}
