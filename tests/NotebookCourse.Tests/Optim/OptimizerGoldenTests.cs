using NotebookCourse.Tensors;
using System.Text.Json;
using NotebookCourse.Optim;

namespace NotebookCourse.Tests.Optim;

/// <summary>Five steps of each optimizer with PyTorch's fixed gradients land on PyTorch's parameters.</summary>
public class OptimizerGoldenTests
{
    /// <summary>Builds the optimizer the fixture's config describes (same options the Python script passed).</summary>
    internal static Optimizer Build(JsonElement cfg, Tensor[] ps)
    {
        double D(string k, double dflt) => cfg.TryGetProperty(k, out var v) ? v.GetDouble() : dflt;
        bool B(string k) => cfg.TryGetProperty(k, out var v) && v.GetBoolean();
        IEnumerable<ParamGroup> groups = [new ParamGroup(ps)];
        if (cfg.TryGetProperty("groups", out var gs))
        {
            var list = new List<ParamGroup>();
            int i = 0;
            foreach (var g in gs.EnumerateArray())
            {
                var group = new ParamGroup([ps[i++]]);
                foreach (var o in g.EnumerateObject()) group[o.Name] = o.Value.GetDouble();
                list.Add(group);
            }
            groups = list;
        }
        double lr = D("lr", double.NaN);
        return cfg.GetProperty("kind").GetString() switch
        {
            "SGD" => torch.optim.SGD(groups, lr, D("momentum", 0), D("dampening", 0), D("weight_decay", 0), B("nesterov")),
            "Adam" => torch.optim.Adam(groups, lr, (D("beta1", 0.9), D("beta2", 0.999)), D("eps", 1e-8), D("weight_decay", 0), B("amsgrad")),
            "AdamW" => torch.optim.AdamW(groups, lr, (D("beta1", 0.9), D("beta2", 0.999)), D("eps", 1e-8), D("weight_decay", 1e-2), B("amsgrad")),
            "RMSprop" => torch.optim.RMSprop(groups, lr, D("alpha", 0.99), D("eps", 1e-8), D("weight_decay", 0), D("momentum", 0), B("centered")),
            var k => throw new ArgumentException("unknown optimizer kind " + k),
        };
    }

    public static TheoryData<string> Cases()
    {
        var d = new TheoryData<string>();
        foreach (var c in OptimGolden.Root.GetProperty("optimizers").EnumerateObject()) d.Add(c.Name);
        return d;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Trajectory_matches_pytorch(string name)
    {
        var c = OptimGolden.Root.GetProperty("optimizers").GetProperty(name);
        var ps = OptimGolden.InitialParams();
        var opt = Build(c.GetProperty("config"), ps);
        var traj = c.GetProperty("trajectory");
        for (int step = 0; step < traj.GetArrayLength(); step++)
        {
            for (int i = 0; i < ps.Length; i++) ps[i].grad = OptimGolden.Grad(step, i);
            opt.step();
            for (int i = 0; i < ps.Length; i++)
                OptimGolden.AssertClose(OptimGolden.Floats(traj[step][i]), ps[i].ToArray<float>(), $"{name} step {step + 1} param {i}");
        }
    }

    [Fact]
    public void Fixture_covers_every_optimizer_and_groups()
    {
        var names = OptimGolden.Root.GetProperty("optimizers").EnumerateObject().Select(o => o.Name).ToHashSet();
        foreach (var n in new[] { "sgd_plain", "sgd_momentum", "sgd_nesterov", "sgd_weight_decay", "adam", "adamw", "rmsprop", "sgd_groups" })
            Assert.Contains(n, names);
    }
}
