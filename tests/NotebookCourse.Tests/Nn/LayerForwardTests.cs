using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.torch;
using F = NotebookCourse.torch.nn.functional;

namespace NotebookCourse.Tests.Nn;

/// <summary>Each layer's output shape, and its forward equal to the functional form with the layer's own weights.</summary>
public class LayerForwardTests
{
    [Fact]
    public void LinearMatchesFunctionalAndHandlesLeadingDims()
    {
        manual_seed(0);
        var fc = nn.Linear(5, 3);
        var x = torch.randn(2, 4, 5);
        var y = fc.call(x);
        TensorAssert.Shape(y, 2, 4, 3);
        TensorAssert.Close(y, x.matmul(fc.weight.t()) + fc.bias!, atol: 1e-5f);
        Assert.Null(nn.Linear(5, 3, bias: false).bias);
        var ex = Assert.Throws<ArgumentException>(() => nn.Linear(784, 10).call(torch.zeros(64, 28, 28)));
        Assert.Equal("Linear expected input (*, 784), got (64, 28, 28); flatten it first, e.g. x.view(x.size(0), -1) or nn.Flatten()", ex.Message);
    }

    [Fact]
    public void ConvolutionsMatchFunctional()
    {
        manual_seed(1);
        var conv = nn.Conv2d(3, 4, kernelSize: (3, 2), stride: 2, padding: 1, dilation: (1, 2), groups: 1);
        var x = torch.randn(2, 3, 9, 8);
        var y = conv.call(x);
        TensorAssert.Shape(y, 2, 4, 5, 4);
        TensorAssert.Close(y, F.conv2d(x, conv.weight, conv.bias, stride: 2, padding: 1, dilation: (1, 2)));

        var grouped = nn.Conv2d(4, 6, 3, padding: "same", groups: 2, bias: false);
        TensorAssert.Shape(grouped.weight, 6, 2, 3, 3);
        TensorAssert.Shape(grouped.call(torch.randn(1, 4, 7, 7)), 1, 6, 7, 7);

        var c1 = nn.Conv1d(3, 5, kernelSize: 3, stride: 2, padding: 1);
        var s = torch.randn(2, 3, 11);
        TensorAssert.Shape(c1.call(s), 2, 5, 6);
        TensorAssert.Close(c1.call(s), F.conv1d(s, c1.weight, c1.bias, stride: 2, padding: 1));

        var up = nn.ConvTranspose2d(4, 2, kernelSize: 4, stride: 2, padding: 1);
        TensorAssert.Shape(up.weight, 4, 2, 4, 4);
        var z = torch.randn(2, 4, 5, 6);
        TensorAssert.Shape(up.call(z), 2, 2, 10, 12);
        TensorAssert.Close(up.call(z), F.conv_transpose2d(z, up.weight, up.bias, stride: 2, padding: 1));
    }

    [Fact]
    public void ConvErrorsTeach()
    {
        var conv = nn.Conv2d(1, 6, 5);
        Assert.Equal("Conv2d expected input (N, 1, H, W), got (64, 3, 28, 28)", Assert.Throws<ArgumentException>(() => conv.call(torch.zeros(64, 3, 28, 28))).Message);
        Assert.Contains("x.view(-1, 1, 28, 28)", Assert.Throws<ArgumentException>(() => conv.call(torch.zeros(64, 784))).Message);
        Assert.Contains("groups=4 must divide both inChannels=6", Assert.Throws<ArgumentException>(() => nn.Conv2d(6, 8, 3, groups: 4)).Message);
        Assert.Contains("transpose(1, 2)", Assert.Throws<ArgumentException>(() => nn.Conv1d(8, 4, 3).call(torch.zeros(2, 10, 8))).Message);
    }

    [Fact]
    public void PoolsMatchFunctional()
    {
        var x = torch.randn(2, 3, 9, 10);
        var mp = nn.MaxPool2d(2);
        TensorAssert.Shape(mp.call(x), 2, 3, 4, 5);
        TensorAssert.Close(mp.call(x), F.max_pool2d(x, 2));
        var mp3 = nn.MaxPool2d(3, stride: 2, padding: 1, ceilMode: true);
        TensorAssert.Close(mp3.call(x), F.max_pool2d(x, 3, 2, 1, ceil_mode: true));
        var ap = nn.AvgPool2d(3, stride: 2, padding: 1, countIncludePad: false);
        TensorAssert.Close(ap.call(x), F.avg_pool2d(x, 3, 2, 1, count_include_pad: false));
        var gap = nn.AdaptiveAvgPool2d(1);
        TensorAssert.Shape(gap.call(x), 2, 3, 1, 1);
        TensorAssert.Close(gap.call(x).flatten(1), x.mean(3).mean(2), atol: 1e-5f);
        Assert.Equal("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\nTotal: 0 parameters (0 trainable)", mp.ToString());
    }

    [Fact]
    public void ActivationsFlattenAndIdentity()
    {
        var x = torch.randn(2, 3, 4);
        TensorAssert.Close(nn.ReLU().call(x), x.relu());
        TensorAssert.Close(nn.LeakyReLU(0.1f).call(x), x.leaky_relu(0.1f));
        TensorAssert.Close(nn.GELU("tanh").call(x), x.gelu("tanh"));
        TensorAssert.Close(nn.SiLU().call(x), x.silu());
        TensorAssert.Close(nn.Sigmoid().call(x), x.sigmoid());
        TensorAssert.Close(nn.Tanh().call(x), x.tanh());
        TensorAssert.Close(nn.Softmax(1).call(x).sum(1), torch.ones(2, 4), atol: 1e-6f);
        TensorAssert.Close(nn.LogSoftmax(-1).call(x), x.log_softmax(-1));
        Assert.Same(x, nn.Identity().call(x));
        TensorAssert.Shape(nn.Flatten().call(x), 2, 12);
        TensorAssert.Shape(nn.Flatten(0).call(x), 24);
        TensorAssert.Shape(nn.Unflatten(1, 1, 28, 28).call(torch.zeros(5, 784)), 5, 1, 28, 28);
        Assert.Contains("cannot be split into (2, 5)", Assert.Throws<ArgumentException>(() => nn.Unflatten(1, 2, 5).call(torch.zeros(3, 12))).Message);
        Assert.Throws<ArgumentException>(() => nn.GELU("fast"));
    }

    [Fact]
    public void DropoutDependsOnTrainingMode()
    {
        var drop = nn.Dropout(0.5f);
        var x = torch.ones(1000);
        var y = drop.call(x).ToArray<float>();
        Assert.All(y, v => Assert.True(v == 0f || v == 2f));
        int zeros = y.Count(v => v == 0f);
        Assert.InRange(zeros, 400, 600); // Binomial(1000, 0.5): ±6σ
        drop.eval();
        Assert.Equal(x.ToArray<float>(), drop.call(x).ToArray<float>());
    }

    [Fact]
    public void EmbeddingLooksUpRowsAndFreezesPadding()
    {
        manual_seed(3);
        var emb = nn.Embedding(10, 4, paddingIdx: 0);
        Assert.All(emb.weight.select(0, 0).ToArray<float>(), v => Assert.Equal(0f, v));
        var idx = torch.tensor(new long[] { 0, 3, 3, 9, 0, 1 }, 2, 3);
        var y = emb.call(idx);
        TensorAssert.Shape(y, 2, 3, 4);
        TensorAssert.Close(y.select(0, 0).select(0, 1), emb.weight.select(0, 3));
        y.sum().backward();
        var g = emb.weight.grad!;
        TensorAssert.Close(g.select(0, 0), new float[4]);           // padding row: no gradient
        TensorAssert.Close(g.select(0, 3), new[] { 2f, 2, 2, 2 });  // used twice
        TensorAssert.Close(g.select(0, 5), new float[4]);           // unused
        Assert.Contains("index 10 is out of range", Assert.Throws<ArgumentException>(() => emb.call(torch.tensor(new long[] { 10 }))).Message);
        Assert.Contains("int64", Assert.Throws<ArgumentException>(() => emb.call(torch.zeros(2))).Message);

        var vectors = torch.randn(5, 3);
        var frozen = Embedding.from_pretrained(vectors);
        Assert.False(frozen.weight.requires_grad);
        Assert.Equal(vectors.ToArray<float>(), frozen.weight.ToArray<float>());
        TensorAssert.Close(frozen.call(torch.tensor(new long[] { 4 })), vectors.narrow(0, 4, 1));
        Assert.True(Embedding.from_pretrained(vectors, freeze: false).weight.requires_grad);
    }

    [Fact]
    public void SequentialNamesTheLayerThatRejectedItsInput()
    {
        var net = nn.Sequential(("features", nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2))), ("flat", nn.Flatten()), ("fc", nn.Linear(6 * 12 * 12, 10)));
        TensorAssert.Shape(net.call(torch.zeros(2, 1, 28, 28)), 2, 10);
        var ex = Assert.Throws<ArgumentException>(() => net.call(torch.zeros(2, 1, 28, 28 + 4)));
        Assert.StartsWith("Linear expected input (*, 864), got (2, 1008)", ex.Message);
        Assert.EndsWith("\n  in Sequential layer (fc): Linear, input (2, 1008)", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => net.call(torch.zeros(2, 3, 28, 28)));
        Assert.Equal("Conv2d expected input (N, 1, H, W), got (2, 3, 28, 28)\n  in Sequential layer (0): Conv2d, input (2, 3, 28, 28)\n  in Sequential layer (features): Sequential, input (2, 3, 28, 28)", ex.Message);
    }
}
