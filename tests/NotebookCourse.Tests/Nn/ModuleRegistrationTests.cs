using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Nn;

public class ModuleRegistrationTests
{
    private static string[] Names(IEnumerable<(string name, Tensor t)> items) => items.Select(p => p.name).ToArray();

    [Fact]
    public void NestedContainersGiveDottedNamesInRegistrationOrder()
    {
        var model = nn.Sequential(
            ("features", nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 3, bias: false))),
            ("blocks", nn.ModuleList(new TwoLayerNet(3, 2, 3), new WithBuffers())),
            ("heads", nn.ModuleDict(("cls", nn.Linear(3, 5)), ("box", nn.Linear(3, 4)))));
        Assert.Equal(new[]
        {
            "features.0.weight", "features.0.bias", "features.2.weight",
            "blocks.0.fc1.weight", "blocks.0.fc1.bias", "blocks.0.fc2.weight", "blocks.0.fc2.bias", "blocks.1.scale",
            "heads.cls.weight", "heads.cls.bias", "heads.box.weight", "heads.box.bias",
        }, Names(model.named_parameters()));
        Assert.Equal(new[] { "blocks.1.stats", "blocks.1.scratch" }, Names(model.named_buffers()));
        Assert.Equal(new[] { "", "features", "features.0", "features.1", "features.2", "blocks", "blocks.0", "blocks.0.fc1", "blocks.0.fc2", "blocks.1", "heads", "heads.cls", "heads.box" },
            model.named_modules().Select(m => m.name).ToArray());
        Assert.Equal(new[] { "features", "blocks", "heads" }, model.named_children().Select(c => c.name).ToArray());
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
        Assert.Same(model.get_parameter("blocks.0.fc2.bias"), ((TwoLayerNet)model.get_submodule("blocks.0")).fc2.bias);
        Assert.Equal(3 * 4 + 3 + 9 + (6 + 2 + 6 + 3) + 1 + 20 + 16, model.num_parameters());
    }

    [Fact]
    public void SharedParametersAndModulesAreListedOnce()
    {
        var shared = nn.Linear(2, 2);
        var seq = nn.Sequential(shared, nn.ReLU(), shared);
        Assert.Equal(new[] { "0.weight", "0.bias" }, Names(seq.named_parameters()));
        Assert.Equal(3, seq.modules().Count()); // seq, shared, relu
        var x = torch.randn(3, 2);
        TestUtil.TensorAssert.Close(seq.call(x), shared.call(shared.call(x).relu()));
    }

    [Fact]
    public void RegistrationRejectsBadNamesDuplicatesAndNonLeaves()
    {
        var m = new WithBuffers();
        Assert.Contains("already has a buffer named 'stats'", Assert.Throws<ArgumentException>(() => m.register_parameter("stats", torch.zeros(1))).Message);
        Assert.Contains("must not contain '.'", Assert.Throws<ArgumentException>(() => m.register_buffer("a.b", torch.zeros(1))).Message);
        var nonLeaf = torch.ones(new[] { 2 }, requires_grad: true) * 2f;
        Assert.Contains("leaf", Assert.Throws<ArgumentException>(() => m.register_parameter("w", nonLeaf)).Message);
        Assert.Contains("int64", Assert.Throws<ArgumentException>(() => m.register_parameter("w", torch.zeros(new[] { 2 }, torch.int64))).Message);
        // Re-registering a parameter under its own name replaces it, as in PyTorch.
        var fresh = torch.zeros(1);
        m.register_parameter("scale", fresh);
        Assert.Same(fresh, m.get_parameter("scale"));
        Assert.True(fresh.requires_grad);
    }

    [Fact]
    public void TrainEvalPropagateAndZeroGradClears()
    {
        var model = nn.Sequential(new TwoLayerNet(), nn.Dropout(0.5f));
        Assert.All(model.modules(), m => Assert.True(m.training));
        model.eval();
        Assert.All(model.modules(), m => Assert.False(m.training));
        model.train();
        Assert.All(model.modules(), m => Assert.True(m.training));

        model.call(torch.randn(5, 4)).sum().backward();
        Assert.All(model.parameters(), p => Assert.NotNull(p.grad));
        model.zero_grad(set_to_none: false);
        Assert.All(model.parameters(), p => Assert.All(p.grad!.ToArray<float>(), v => Assert.Equal(0f, v)));
        model.zero_grad();
        Assert.All(model.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void RequiresGradFreezesAndApplyVisitsChildrenFirst()
    {
        var net = new TwoLayerNet();
        net.fc1.requires_grad_(false);
        Assert.False(net.fc1.weight.requires_grad);
        Assert.True(net.fc2.weight.requires_grad);
        Assert.Equal(3 * 2 + 2, net.num_parameters(only_trainable: true));

        var visited = new List<string>();
        net.apply(m => visited.Add(m.GetType().Name));
        Assert.Equal(new[] { "Linear", "Linear", "TwoLayerNet" }, visited);

        net.apply(m => { if (m is NotebookCourse.Nn.Linear l) nn.init.zeros_(l.weight); });
        Assert.All(net.fc2.weight.ToArray<float>(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ContainerIndexingAndErrors()
    {
        var seq = nn.Sequential(("a", nn.ReLU()), ("b", nn.Tanh()));
        Assert.IsType<Tanh>(seq[-1]);
        Assert.IsType<ReLU>(seq["a"]);
        Assert.Contains("index 2 is out of range", Assert.Throws<ArgumentException>(() => seq[2]).Message);
        var list = nn.ModuleList(nn.ReLU());
        Assert.Contains("has no forward", Assert.Throws<InvalidOperationException>(() => list.call(torch.zeros(1))).Message);
        var dict = nn.ModuleDict(("x", nn.ReLU()));
        Assert.Contains("keys are: x", Assert.Throws<ArgumentException>(() => dict["y"]).Message);
        Assert.Contains("no submodule 'zz'", Assert.Throws<ArgumentException>(() => seq.get_submodule("zz")).Message);
    }

    [Fact]
    public void GenericModuleTakesTupleInputAndStillRegisters()
    {
        var m = new MaskedLinear();
        var keep = torch.tensor(new[] { true, false, true, true }, 2, 2);
        var y = m.call((torch.ones(2, 3), keep));
        Assert.Equal(0f, y.ToArray<float>()[1]);
        Assert.Equal(new[] { "fc.weight", "fc.bias" }, m.state_dict().Keys);
        Assert.Contains("call it as module.call(input)", Assert.Throws<InvalidOperationException>(() => ((Module)m).call(torch.ones(2, 3))).Message);
    }
}
