using NotebookCourse.Nn;
using NotebookCourse.Optim;
using NotebookCourse.Serialization;
using NotebookCourse.Tensors;
using NotebookCourse.Tests.Nn;

namespace NotebookCourse.Tests.Serialization;

/// <summary>model.save/load, torch.save/load and training checkpoints (model + optimizer + scheduler + epoch).</summary>
public sealed class ModuleCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("st-mod-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static float[][] Values(Module m) => m.parameters().Select(p => p.ToArray<float>()).ToArray();

    private static void TrainStep(Module model, Optimizer opt, int seed)
    {
        var g = new torch.Generator(seed);
        var x = torch.randn([8, 4], generator: g);
        var y = torch.randn([8, 2], generator: g);
        opt.zero_grad();
        var d = model.call(x) - y;
        (d * d).mean().backward();
        opt.step();
    }

    [Fact]
    public void Module_save_and_load_round_trip()
    {
        torch.manual_seed(1);
        var a = new TwoLayerNet();
        var b = new TwoLayerNet();
        var path = Path.Combine(_dir, "net.safetensors");
        a.save(path);
        Assert.NotEqual(Values(a)[0], Values(b)[0]);
        var r = b.load(path);
        Assert.Empty(r.missing_keys);
        Assert.Equal(Values(a), Values(b));
        Assert.Equal(new[] { "fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight" }, torch.load(path).Keys.Order(StringComparer.Ordinal));

        var c = new TwoLayerNet();
        torch.save(a, path);
        c.load_state_dict(torch.load(path));
        Assert.Equal(Values(a), Values(c));
    }

    [Fact]
    public void Failed_module_loads_name_file_and_key_and_change_nothing()
    {
        var path = Path.Combine(_dir, "net.safetensors");
        new TwoLayerNet(4, 5, 2).save(path);
        var m = new TwoLayerNet();
        var before = Values(m);

        var e = Assert.Throws<ArgumentException>(() => m.load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("fc1.weight", e.Message);
        Assert.Equal(before, Values(m));

        var sd = new TwoLayerNet().state_dict();
        sd.Remove("fc2.bias");
        Safetensors.Save(sd, path);
        e = Assert.Throws<ArgumentException>(() => m.load(path));
        Assert.Contains("fc2.bias", e.Message);
        Assert.Equal(before, Values(m));
        var r = m.load(path, strict: false);
        Assert.Equal(["fc2.bias"], r.missing_keys);
        Assert.Equal(before[3], Values(m)[3]);
        Assert.NotEqual(before[0], Values(m)[0]);

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);
        var before2 = Values(m);
        Assert.Throws<SafetensorsException>(() => m.load(path));
        Assert.Equal(before2, Values(m));
    }

    [Fact]
    public void Checkpoint_resumes_training_exactly()
    {
        torch.manual_seed(3);
        var model = new TwoLayerNet();
        var opt = torch.optim.Adam(model.parameters(), lr: 0.05);
        var sched = torch.optim.lr_scheduler.StepLR(opt, step_size: 2, gamma: 0.5);
        for (int s = 0; s < 3; s++) { TrainStep(model, opt, s); sched.step(); }
        var path = Path.Combine(_dir, "run.safetensors");
        Checkpoint.Save(path, model, opt, epoch: 3, sched, new Dictionary<string, string> { ["note"] = "test" });
        Assert.Equal("test", Safetensors.Read(path).metadata["note"]);

        var model2 = new TwoLayerNet();
        var opt2 = torch.optim.Adam(model2.parameters(), lr: 0.9);
        var sched2 = torch.optim.lr_scheduler.StepLR(opt2, step_size: 2, gamma: 0.5);
        Assert.Equal(3, Checkpoint.Load(path, model2, opt2, sched2));
        Assert.Equal(sched.get_last_lr(), sched2.get_last_lr());
        Assert.Equal(opt.param_groups[0].lr, opt2.param_groups[0].lr);
        for (int s = 3; s < 6; s++)
        {
            TrainStep(model, opt, s); sched.step();
            TrainStep(model2, opt2, s); sched2.step();
        }
        Assert.Equal(Values(model), Values(model2));
        Assert.Equal(sched.get_last_lr(), sched2.get_last_lr());
    }

    [Fact]
    public void Checkpoint_that_does_not_fit_changes_nothing()
    {
        var model = new TwoLayerNet();
        var opt = torch.optim.Adam(model.parameters());
        TrainStep(model, opt, 0);
        var path = Path.Combine(_dir, "run.safetensors");
        Checkpoint.Save(path, model, opt, epoch: 1);

        // Wrong optimizer type: refused before the model is touched.
        var other = new TwoLayerNet();
        var sgd = torch.optim.SGD(other.parameters(), lr: 0.1, momentum: 0.9);
        var before = Values(other);
        var e = Assert.Throws<ArgumentException>(() => Checkpoint.Load(path, other, sgd));
        Assert.Contains(path, e.Message);
        Assert.Equal(before, Values(other));

        // Model of another size: the optimizer state does not fit its parameters.
        var wide = new TwoLayerNet(4, 6, 2);
        e = Assert.Throws<ArgumentException>(() => Checkpoint.Load(path, wide, torch.optim.Adam(wide.parameters())));
        Assert.Contains("state.0.exp_avg", e.Message);

        // Same shapes under other names: the optimizer state fits and is loaded first, the model refuses, and the
        // optimizer is put back as it was.
        var renamed = new RenamedNet();
        var adam = torch.optim.Adam(renamed.parameters(), lr: 0.3);
        var before2 = Values(renamed);
        e = Assert.Throws<ArgumentException>(() => Checkpoint.Load(path, renamed, adam));
        Assert.Contains("fc1.weight", e.Message);
        Assert.Equal(0.3, adam.param_groups[0].lr);
        Assert.Empty(adam.state_dict().state);
        Assert.Equal(before2, Values(renamed));

        // Asking for a scheduler that was not saved.
        var sched = torch.optim.lr_scheduler.StepLR(opt, 1);
        var se = Assert.Throws<SafetensorsException>(() => Checkpoint.Load(path, model, opt, sched));
        Assert.Contains("no scheduler state", se.Message);
    }
}

/// <summary>TwoLayerNet's shapes under different names.</summary>
internal sealed class RenamedNet : Module
{
    public RenamedNet()
    {
        register_module("first", torch.nn.Linear(4, 3));
        register_module("second", torch.nn.Linear(3, 2));
    }
}
