using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;
using F = NotebookCourse.torch.nn.functional;

namespace NotebookCourse.Tests.Nn.Functional;

/// <summary>Shapes, options and error messages of nn.functional beyond the gradient and golden checks.</summary>
public class FunctionalBehaviourTests
{
    static Tensor R(params int[] shape) => torch.randn(shape, new torch.Generator(7));

    [Fact]
    public void Conv2dShapeErrorNamesExpectedAndActualShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => F.conv2d(torch.zeros(64, 3, 28, 28), torch.zeros(6, 1, 5, 5)));
        Assert.Equal("conv2d expected input (N, 1, H, W) for a weight of shape (6, 1, 5, 5), got (64, 3, 28, 28)", e.Message);
        var g = Assert.Throws<ArgumentException>(() => F.conv2d(torch.zeros(2, 4, 5, 5), torch.zeros(6, 1, 3, 3), groups: 2));
        Assert.Contains("(N, 2, H, W)", g.Message);
        Assert.Contains("groups=2", g.Message);
    }

    [Fact]
    public void LinearShapeErrorNamesBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => F.linear(torch.zeros(64, 100), torch.zeros(10, 200)));
        Assert.Contains("(64, 100)", e.Message);
        Assert.Contains("(10, 200)", e.Message);
    }

    [Fact]
    public void LinearKeepsLeadingDims()
    {
        var x = R(2, 3, 4); var w = R(5, 4); var b = R(5);
        var y = F.linear(x, w, b);
        TensorAssert.Shape(y, 2, 3, 5);
        TensorAssert.Close(y, x.matmul(w.t()) + b, 1e-5f, 1e-5f);
        TensorAssert.Close(F.linear(x.transpose(0, 1), w), x.transpose(0, 1).matmul(w.t()), 1e-5f, 1e-5f);
    }

    [Fact]
    public void UnbatchedConvMatchesBatched()
    {
        var x = R(3, 6, 5); var w = R(4, 3, 3, 3);
        TensorAssert.Close(F.conv2d(x, w, padding: 1), F.conv2d(x.unsqueeze(0), w, padding: 1).squeeze(0), 0f, 0f);
        var y = F.conv2d(x.unsqueeze(0), w, padding: "same");
        TensorAssert.Shape(y, 1, 4, 6, 5);
        Assert.Contains("even kernel", Assert.Throws<ArgumentException>(() => F.conv2d(x, R(4, 3, 2, 2), padding: "same")).Message);
    }

    [Fact]
    public void ConvTransposeUndoesStrideTwoShape()
    {
        var z = R(2, 8, 7, 7);
        var y = F.conv_transpose2d(z, R(8, 4, 4, 4), stride: 2, padding: 1);
        TensorAssert.Shape(y, 2, 4, 14, 14);
    }

    [Fact]
    public void MaxPoolReturnsIndicesOfTheMaxima()
    {
        var x = torch.tensor(new float[] { 1, 5, 2, 0, 3, 4, 9, 1, 0, 2, 8, 7, 6, 1, 3, 2 }, 1, 1, 4, 4);
        var (y, idx) = F.max_pool2d_with_indices(x, 2);
        TensorAssert.Close(y, [5, 9, 6, 8], 0f, 0f);
        Assert.Equal(new long[] { 1, 6, 12, 10 }, idx.ToArray<long>());
        Assert.Equal(DType.int64, idx.dtype);
    }

    [Fact]
    public void NearestUpsampleRepeatsPixels()
    {
        var x = torch.tensor(new float[] { 1, 2, 3, 4 }, 1, 1, 2, 2);
        TensorAssert.Close(F.interpolate(x, scale_factor: 2), [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4], 0f, 0f);
        Assert.Throws<ArgumentException>(() => F.interpolate(x, size: 3, scale_factor: 2));
    }

    [Fact]
    public void CrossEntropyIsStableForHugeLogitsAndMatchesNll()
    {
        var x = torch.tensor(new float[] { 1e4f, 0f, -1e4f, 5f, 5f, 5f }, 2, 3);
        var y = torch.tensor(new long[] { 1, 2 }, 2);
        float l = F.cross_entropy(x, y).item();
        Assert.Equal((1e4f + MathF.Log(3f)) / 2f, l, 1e-3f);
        var z = R(5, 7); var t = torch.tensor(new long[] { 0, 6, 3, 3, 1 }, 5);
        TensorAssert.Close(F.cross_entropy(z, t), F.nll_loss(z.log_softmax(1), t), 1e-6f, 1e-6f);
    }

    [Fact]
    public void CrossEntropyRejectsLabelsOutsideTheClasses()
    {
        var e = Assert.Throws<ArgumentException>(() => F.cross_entropy(torch.zeros(2, 10), torch.tensor(new long[] { 3, 10 }, 2)));
        Assert.Contains("target 10", e.Message);
        Assert.Contains("[0, 10)", e.Message);
        Assert.Throws<ArgumentException>(() => F.cross_entropy(torch.zeros(2, 10), torch.tensor(new long[] { 3, 1, 2 }, 3)));
    }

    [Fact]
    public void CrossEntropyWithEveryTargetIgnoredIsNaNLikePyTorch()
        => Assert.True(float.IsNaN(F.cross_entropy(R(2, 3), torch.tensor(new long[] { -100, -100 }, 2)).item()));

    [Fact]
    public void BatchNormUpdatesTheGivenRunningBuffersInPlace()
    {
        var x = R(8, 2) * 3f + 1f;
        var rm = torch.zeros(2); var rv = torch.ones(2);
        F.batch_norm(x, rm, rv, training: true, momentum: 0.5f);
        var mean = x.mean(0); var var = x.var(0);
        TensorAssert.Close(rm, mean * 0.5f, 1e-5f, 1e-5f);
        TensorAssert.Close(rv, var * 0.5f + 0.5f, 1e-5f, 1e-5f);
        // eval uses the running statistics, not the batch's
        var y = F.batch_norm(x, rm, rv);
        TensorAssert.Close(y, (x - rm) / (rv + 1e-5f).sqrt(), 1e-5f, 1e-5f);
        Assert.Contains("running_mean", Assert.Throws<ArgumentException>(() => F.batch_norm(x, null, null)).Message);
    }

    [Fact]
    public void DropoutIsIdentityInEvalAndReproducibleWithAGenerator()
    {
        var x = torch.ones([4, 50], requires_grad: true);
        Assert.Same(x, F.dropout(x, 0.3f, training: false));
        var a = F.dropout(x, 0.5f, generator: new torch.Generator(1));
        var b = F.dropout(x, 0.5f, generator: new torch.Generator(1));
        TensorAssert.Close(a, b, 0f, 0f);
        var v = a.ToArray<float>();
        Assert.All(v, e => Assert.True(e == 0f || e == 2f));
        Assert.InRange(v.Count(e => e == 0f), 60, 140);
        a.sum().backward();
        TensorAssert.Close(x.grad!, v, 0f, 0f);
    }

    [Fact]
    public void CausalAttentionFirstQuerySeesOnlyTheFirstKey()
    {
        var q = R(1, 4, 3); var k = R(1, 4, 3) * 2f; var v = R(1, 4, 2);
        var y = F.scaled_dot_product_attention(q, k, v, is_causal: true);
        TensorAssert.Close(y.select(1, 0), v.select(1, 0), 1e-6f, 1e-6f);
        // a bool mask that allows only key 2 copies value row 2
        var only2 = torch.tensor(new[] { false, false, true, false }, 1, 4);
        TensorAssert.Close(F.scaled_dot_product_attention(q, k, v, only2).select(1, 3), v.select(1, 2), 1e-6f, 1e-6f);
    }

    [Fact]
    public void PadAddsAndCrops()
    {
        var x = torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        TensorAssert.Close(F.pad(x, [1, 2]), [0, 1, 2, 0, 0, 0, 3, 4, 0, 0], 0f, 0f);
        var p = F.pad(x, [0, -1, 1, 0], value: 9f);
        TensorAssert.Shape(p, 3, 1);
        TensorAssert.Close(p, [9, 1, 3], 0f, 0f);
    }

    [Fact]
    public void LossesCheckShapesAndRanges()
    {
        Assert.Contains("same shape", Assert.Throws<ArgumentException>(() => F.mse_loss(torch.zeros(4, 1), torch.zeros(4))).Message);
        Assert.Contains("sigmoid", Assert.Throws<ArgumentException>(() => F.binary_cross_entropy(torch.full([2], 1.5f), torch.zeros(2))).Message);
        Assert.Contains("reduction", Assert.Throws<ArgumentException>(() => F.l1_loss(torch.zeros(2), torch.zeros(2), "avg")).Message);
        // stable for logits far beyond exp's range
        float l = F.binary_cross_entropy_with_logits(torch.tensor(new[] { 200f, -200f }), torch.tensor(new[] { 0f, 1f })).item();
        Assert.Equal(200f, l, 1e-3f);
    }

    [Fact]
    public void NothingIsRecordedUnderNoGrad()
    {
        var w = R(3, 2, 3, 3).requires_grad_();
        using (torch.no_grad()) Assert.False(F.conv2d(R(1, 2, 5, 5), w).requires_grad);
        Assert.True(F.conv2d(R(1, 2, 5, 5), w).requires_grad);
    }

    [Fact]
    public void ActivationSpellingsMatchTheTensorMethods()
    {
        var x = R(3, 4);
        TensorAssert.Close(F.relu(x), x.relu(), 0f, 0f);
        TensorAssert.Close(F.leaky_relu(x, 0.2f), x.leaky_relu(0.2f), 0f, 0f);
        TensorAssert.Close(F.gelu(x, "tanh"), x.gelu("tanh"), 0f, 0f);
        TensorAssert.Close(F.log_softmax(x, 1), x.log_softmax(1), 0f, 0f);
        TensorAssert.Close(F.softmax(x, 0), x.softmax(0), 0f, 0f);
    }

    [Fact]
    public void LinearOnAnEmptyBatchGivesAnEmptyResult()
    {
        var y = F.linear(torch.zeros(0, 5), R(3, 5), R(3));
        TensorAssert.Shape(y, 0, 3);
    }
}
