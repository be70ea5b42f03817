using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.torch;
using F = NotebookCourse.torch.nn.functional;

namespace NotebookCourse.Tests.Nn;

/// <summary>Normalization, upsampling and attention layers: modes, buffers, shapes and teaching errors.</summary>
public class NormLayerTests
{
    [Fact]
    public void BatchNormUsesBatchStatsInTrainingAndRunningStatsInEval()
    {
        var bn = nn.BatchNorm1d(3);
        Assert.Equal(new[] { "weight", "bias" }, bn.named_parameters().Select(p => p.name));
        Assert.Equal(new[] { "running_mean", "running_var", "num_batches_tracked" }, bn.state_dict().Keys.Where(k => k.StartsWith("running") || k.StartsWith("num")));
        var x = torch.randn(16, 3) * 3f + 5f;
        var y = bn.call(x);
        TensorAssert.Close(y.mean(0), new float[3], atol: 1e-5f);  // normalized with this batch's statistics
        TensorAssert.Close(bn.running_mean!, x.mean(0) * 0.1f, atol: 1e-5f);
        TensorAssert.Close(bn.running_var!, x.var(0) * 0.1f + 0.9f, atol: 1e-4f); // unbiased batch variance
        Assert.Equal(1L, bn.num_batches_tracked!.item<long>());

        bn.eval();
        var one = x.narrow(0, 0, 1);
        var expected = (one - bn.running_mean!) / (bn.running_var! + 1e-5f).sqrt();
        TensorAssert.Close(bn.call(one), expected, atol: 1e-5f);
        Assert.Equal(1L, bn.num_batches_tracked!.item<long>()); // eval does not count batches

        bn.train();
        Assert.Contains("more than 1 value per channel", Assert.Throws<ArgumentException>(() => bn.call(one)).Message);
        Assert.Contains("use nn.BatchNorm2d", Assert.Throws<ArgumentException>(() => bn.call(torch.zeros(2, 3, 4, 4))).Message);
    }

    [Fact]
    public void BatchNormCumulativeMomentumAndNoTracking()
    {
        var bn = nn.BatchNorm2d(2, momentum: null);
        var a = torch.randn(4, 2, 3, 3); var b = torch.randn(4, 2, 3, 3) + 2f;
        bn.call(a); bn.call(b);
        TensorAssert.Close(bn.running_mean!, (a.mean(new[] { 0, 2, 3 }) + b.mean(new[] { 0, 2, 3 })) * 0.5f, atol: 1e-5f);

        var free = nn.BatchNorm2d(2, affine: false, trackRunningStats: false);
        Assert.Empty(free.state_dict());
        free.eval(); // without running statistics eval still normalizes by the batch
        TensorAssert.Close(free.call(b).mean(new[] { 0, 2, 3 }), new float[2], atol: 1e-5f);
        Assert.Contains("BatchNorm2d expected input (N, 2, H, W), got (4, 3, 3, 3)", Assert.Throws<ArgumentException>(() => free.call(torch.zeros(4, 3, 3, 3))).Message);
        Assert.Equal("BatchNorm2d(2, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)\nTotal: 0 parameters (0 trainable)", free.ToString());
    }

    [Fact]
    public void LayerAndGroupNormMatchFunctional()
    {
        var ln = nn.LayerNorm(6);
        nn.init.normal_(ln.weight!); nn.init.normal_(ln.bias!);
        var x = torch.randn(2, 5, 6);
        TensorAssert.Close(ln.call(x), F.layer_norm(x, new[] { 6 }, ln.weight, ln.bias));
        Assert.Equal("LayerNorm expected input (*, 6), got (2, 6, 5)", Assert.Throws<ArgumentException>(() => ln.call(torch.zeros(2, 6, 5))).Message);
        Assert.Null(nn.LayerNorm(6, elementwiseAffine: false).weight);

        var gn = nn.GroupNorm(3, 6);
        var z = torch.randn(2, 6, 4);
        TensorAssert.Close(gn.call(z), F.group_norm(z, 3, gn.weight, gn.bias));
        Assert.Contains("must be positive and divide numChannels=6", Assert.Throws<ArgumentException>(() => nn.GroupNorm(4, 6)).Message);
    }

    [Fact]
    public void UpsampleMatchesInterpolate()
    {
        var x = torch.randn(1, 2, 3, 4);
        TensorAssert.Shape(nn.Upsample(scaleFactor: 2).call(x), 1, 2, 6, 8);
        var bil = nn.Upsample(size: (5, 7), mode: "bilinear", alignCorners: true);
        TensorAssert.Close(bil.call(x), F.interpolate(x, (5, 7), mode: "bilinear", align_corners: true));
        Assert.Contains("exactly one of size and scaleFactor", Assert.Throws<ArgumentException>(() => nn.Upsample()).Message);
        Assert.Equal("Upsample(scale_factor=2, mode='nearest')", nn.Upsample(scaleFactor: 2).extra_repr() is var r ? "Upsample(" + r + ")" : "");
    }

    [Fact]
    public void MultiheadAttentionShapesMasksAndErrors()
    {
        manual_seed(2);
        var mha = nn.MultiheadAttention(12, 3, batchFirst: true);
        Assert.Equal(new[] { "in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias" }, mha.state_dict().Keys);
        var x = torch.randn(2, 5, 12);
        TensorAssert.Shape(mha.call(x), 2, 5, 12);
        var (y, w) = mha.forward(x, x, x, isCausal: true);
        TensorAssert.Close(w!.sum(-1), torch.ones(2, 5), atol: 1e-5f);
        Assert.Equal(0f, w.select(1, 0).narrow(1, 1, 4).abs().sum().item()); // query 0 sees only key 0

        var pad = torch.tensor(new[] { false, false, false, true, true, false, false, false, false, false }, 2, 5);
        var (_, wp) = mha.forward(x, x, x, keyPaddingMask: pad);
        Assert.Equal(0f, wp!.select(0, 0).narrow(1, 3, 2).abs().sum().item()); // padded keys get no weight

        // Unbatched (L, E) input gives the same as a batch of one.
        var x1 = x.select(0, 1);
        var (u, uw) = mha.forward(x1, x1, x1);
        TensorAssert.Shape(uw!, 5, 5);
        TensorAssert.Close(u, mha.call(x).select(0, 1), atol: 1e-5f);

        Assert.Contains("must be positive and divide embedDim=12", Assert.Throws<ArgumentException>(() => nn.MultiheadAttention(12, 5)).Message);
        Assert.Contains("expected query (N, L, 12), got (2, 5, 10)", Assert.Throws<ArgumentException>(() => mha.call(torch.zeros(2, 5, 10))).Message);
        Assert.Contains("keyPaddingMask must be bool (N, S) = (2, 5)", Assert.Throws<ArgumentException>(() => mha.forward(x, x, x, keyPaddingMask: torch.zeros(2, 4))).Message);
        Assert.Contains("attnMask must be (L, S) = (5, 5)", Assert.Throws<ArgumentException>(() => mha.forward(x, x, x, attnMask: torch.zeros(4, 4))).Message);
    }
}
