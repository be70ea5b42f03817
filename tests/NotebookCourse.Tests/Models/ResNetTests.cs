using NotebookCourse.Models;
using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Models;

public sealed class ResNetTests
{
    [Fact]
    public void Basic_block_keeps_shape_with_identity_shortcut()
    {
        manual_seed(1);
        var block = new BasicBlock(8, 8);
        Assert.False(block.HasProjection);
        Assert.DoesNotContain(block.named_parameters(), p => p.name.StartsWith("downsample"));
        var y = block.call(randn(2, 8, 6, 6));
        TensorAssert.Shape(y, 2, 8, 6, 6);
        Assert.True(y.min().item<float>() >= 0f, "the block ends with a ReLU");
    }

    [Fact]
    public void Identity_shortcut_adds_the_input_to_the_residual_branch()
    {
        manual_seed(2);
        var block = new BasicBlock(4, 4);
        block.eval();
        var x = randn(3, 4, 5, 5);
        using (no_grad())
            TensorAssert.Close(block.call(x), (block.residual(x) + x).relu(), atol: 1e-6f);
    }

    [Fact]
    public void Projection_shortcut_appears_when_stride_or_channels_change()
    {
        manual_seed(3);
        var down = new BasicBlock(4, 8, stride: 2);
        Assert.True(down.HasProjection);
        Assert.True(new BasicBlock(4, 8).HasProjection);
        Assert.True(new BasicBlock(4, 4, stride: 2).HasProjection);
        TensorAssert.Shape(down.call(randn(2, 4, 7, 7)), 2, 8, 4, 4);   // (7 + 2 − 3) / 2 + 1 = 4
        Assert.Equal([8, 4, 1, 1], down.get_parameter("downsample.0.weight").shape);
        // Zeroing the residual branch's last BN scale and shift leaves relu(projection(x)).
        down.eval();
        using (no_grad()) { down.bn2.get_parameter("weight").zero_(); down.bn2.get_parameter("bias").zero_(); }
        var x = randn(2, 4, 7, 7);
        using (no_grad())
            TensorAssert.Close(down.call(x), down.downsample!.call(x).relu(), atol: 1e-6f);
    }

    [Fact]
    public void Bad_input_and_stride_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new BasicBlock(4, 4).call(randn(1, 3, 5, 5)));
        Assert.Contains("(N, 4, H, W)", e.Message);
        Assert.Contains("(1, 3, 5, 5)", e.Message);
        Assert.Contains("stride", Assert.Throws<ArgumentException>(() => new BasicBlock(4, 4, stride: 3)).Message);
    }

    [Fact]
    public void Small_resnet_shapes_and_stage_resolutions()
    {
        manual_seed(4);
        var model = new ResNet(ResNetSpec.Small(numClasses: 5));
        var x = randn(2, 1, 28, 28);
        TensorAssert.Shape(model.call(x), 2, 5);
        TensorAssert.Shape(model.features.call(x), 2, 64);
        var h = model.stem.call(x);
        TensorAssert.Shape(h, 2, 16, 28, 28);
        h = model.layer(1).call(h); TensorAssert.Shape(h, 2, 16, 28, 28);
        h = model.layer(2).call(h); TensorAssert.Shape(h, 2, 32, 14, 14);
        h = model.layer(3).call(h); TensorAssert.Shape(h, 2, 64, 7, 7);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.layer(4));
        Assert.Equal(["stem", "layer1", "layer2", "layer3", "pool", "flatten"], model.features.named_children().Select(c => c.name));
    }

    [Theory]
    [InlineData(new[] { 1, 1, 1 }, new[] { 16, 32, 64 })]
    [InlineData(new[] { 2, 1, 2 }, new[] { 8, 8, 24 })]
    [InlineData(new[] { 1, 2 }, new[] { 4, 12 })]
    public void Parameter_count_matches_the_formula(int[] blocks, int[] widths)
    {
        var spec = ResNetSpec.Small(blocks, widths, numClasses: 7);
        var model = new ResNet(spec);
        Assert.Equal(spec.ParameterCount(), model.num_parameters());
        Assert.Equal(spec.BackboneParameterCount(), model.features.num_parameters());
        Assert.Equal(spec.Depth, 2 + 2 * blocks.Sum());
        int convs = model.named_modules().Count(m => m.module is Conv2d && !m.name.Contains("downsample"));
        Assert.Equal(spec.Depth - 1, convs);   // depth = main-path convs + fc
    }

    [Fact]
    public void ImageNet_specs_give_the_published_depths_and_parameter_counts()
    {
        // torchvision's parameter counts for the 1000-class ImageNet models.
        Assert.Equal(18, ResNetSpec.ResNet18.Depth);
        Assert.Equal(34, ResNetSpec.ResNet34.Depth);
        Assert.Equal(50, ResNetSpec.ResNet50.Depth);
        Assert.Equal(101, ResNetSpec.ResNet101.Depth);
        Assert.Equal(152, ResNetSpec.ResNet152.Depth);
        Assert.Equal(11_689_512, ResNetSpec.ResNet18.ParameterCount());
        Assert.Equal(21_797_672, ResNetSpec.ResNet34.ParameterCount());
        Assert.Equal(25_557_032, ResNetSpec.ResNet50.ParameterCount());
        Assert.Equal(44_549_160, ResNetSpec.ResNet101.ParameterCount());
        Assert.Equal(60_192_808, ResNetSpec.ResNet152.ParameterCount());
        Assert.Equal(2048, ResNetSpec.ResNet101.FeatureDim);
        Assert.Throws<ArgumentException>(() => new ResNet(ResNetSpec.ResNet18));
    }

    [Fact]
    public void State_dict_names_follow_the_module_tree()
    {
        var keys = new ResNet(ResNetSpec.Small(numClasses: 5)).state_dict().Keys.ToList();
        foreach (var k in new[] { "features.stem.0.weight", "features.stem.1.running_mean", "features.layer1.0.conv1.weight",
                     "features.layer1.0.bn2.bias", "features.layer2.0.downsample.0.weight", "features.layer2.0.downsample.1.running_var",
                     "features.layer3.0.conv2.weight", "fc.weight", "fc.bias" })
            Assert.Contains(k, keys);
        Assert.DoesNotContain("features.layer1.0.downsample.0.weight", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("features.stem.0.bias"));
    }

    [Fact]
    public void Gradients_reach_every_parameter()
    {
        manual_seed(5);
        var model = new ResNet(ResNetSpec.Small([1, 1], [4, 8], numClasses: 3));
        var loss = nn.functional.cross_entropy(model.call(randn(4, 1, 12, 12)), tensor(new long[] { 0, 1, 2, 1 }, 4));
        loss.backward();
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.True(p.grad is not null, $"{name} has no gradient");
            Assert.True(p.grad!.abs().sum().item<float>() > 0f, $"{name} has an all-zero gradient");
        }
    }

    [Fact]
    public void Replacing_the_head_and_freezing_the_backbone()
    {
        manual_seed(6);
        var model = new ResNet(ResNetSpec.Small([1, 1], [4, 8], numClasses: 5));
        var newHead = nn.Linear(model.FeatureDim, 3);
        model.fc = newHead;
        Assert.Same(newHead, model.fc);
        Assert.Equal([3, 8], model.state_dict()["fc.weight"].shape);
        TensorAssert.Shape(model.call(randn(2, 1, 12, 12)), 2, 3);
        model.features.requires_grad_(false);
        Assert.Equal(8 * 3 + 3, model.num_parameters(only_trainable: true));
        var before = model.features.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var opt = optim.SGD(model.parameters().Where(p => p.requires_grad), lr: 0.1);
        model.eval();   // running statistics frozen too
        var loss = nn.functional.cross_entropy(model.call(randn(4, 1, 12, 12)), tensor(new long[] { 0, 1, 2, 0 }, 4));
        loss.backward();
        opt.step();
        foreach (var (k, v) in model.features.state_dict()) TensorAssert.Close(v.to(DType.float32), before[k].to(DType.float32), atol: 0f, rtol: 0f);
        Assert.Null(model.get_parameter("features.stem.0.weight").grad);
    }

    [Fact]
    public void Overfits_a_tiny_batch()
    {
        manual_seed(7);
        var model = new ResNet(ResNetSpec.Small([1, 1], [8, 16], numClasses: 4));
        var x = randn(16, 1, 12, 12);
        var y = tensor(Enumerable.Range(0, 16).Select(i => (long)(i % 4)).ToArray(), 16);
        var opt = optim.Adam(model.parameters(), lr: 1e-2);
        float first = 0, last = 0;
        for (int step = 0; step < 60; step++)
        {
            opt.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(x), y);
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
            loss.backward();
            opt.step();
        }
        Assert.True(last < 0.05f * first, $"loss {first} → {last}");
        Assert.Equal(y.ToArray<long>(), model.call(x).argmax(1).ToArray<long>());
    }
}
