using System.Text.Json;
using NotebookCourse.Optim;
using NotebookCourse.Tensors;

namespace NotebookCourse.Tests.Optim;

/// <summary>Learning-rate (and momentum) sequences of every scheduler equal PyTorch's for two groups.</summary>
public class SchedulerGoldenTests
{
    private static Optimizer TwoGroups(bool adam)
    {
        var ps = OptimGolden.InitialParams();
        ParamGroup[] groups = [new ParamGroup([ps[0]], lr: 0.1), new ParamGroup([ps[1]], lr: 0.01)];
        return adam ? torch.optim.Adam(groups, lr: 0.1) : torch.optim.SGD(groups, lr: 0.1, momentum: 0.9);
    }

    private static LRScheduler Make(string name, Optimizer o) => name switch
    {
        "StepLR" => torch.optim.lr_scheduler.StepLR(o, step_size: 3, gamma: 0.5),
        "MultiStepLR" => torch.optim.lr_scheduler.MultiStepLR(o, [2, 5, 9], gamma: 0.3),
        "LambdaLR" => torch.optim.lr_scheduler.LambdaLR(o, e => Math.Pow(0.95, e)),
        "LinearLR" => torch.optim.lr_scheduler.LinearLR(o, start_factor: 0.1, end_factor: 1.0, total_iters: 4),
        "CosineAnnealingLR" => torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max: 10, eta_min: 0.001),
        "OneCycleLR_sgd" => new OneCycleLR(o, [0.5, 0.05], total_steps: 20),
        "OneCycleLR_adam_linear" => torch.optim.lr_scheduler.OneCycleLR(o, max_lr: 0.3, total_steps: 16, pct_start: 0.25, anneal_strategy: "linear"),
        "OneCycleLR_three_phase" => torch.optim.lr_scheduler.OneCycleLR(o, max_lr: 0.4, total_steps: 15, three_phase: true),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> Cases()
    {
        var d = new TheoryData<string>();
        foreach (var c in OptimGolden.Root.GetProperty("schedulers").EnumerateObject()) d.Add(c.Name);
        return d;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lr_sequence_matches_pytorch(string name)
    {
        var c = OptimGolden.Root.GetProperty("schedulers").GetProperty(name);
        bool adam = name.Contains("adam");
        var opt = TwoGroups(adam);
        var sched = Make(name, opt);
        var lrs = c.GetProperty("lrs");
        var moms = c.GetProperty("momentum");
        for (int t = 0; t < lrs.GetArrayLength(); t++)
        {
            if (t > 0) { opt.step(); sched.step(); }
            OptimGolden.AssertClose(OptimGolden.Doubles(lrs[t]), sched.get_last_lr(), $"{name} lr at step {t}");
            Assert.Equal(sched.get_last_lr(), opt.param_groups.Select(g => g.lr).ToArray());
            if (moms.GetArrayLength() > 0)
                OptimGolden.AssertClose(OptimGolden.Doubles(moms[t]), opt.param_groups.Select(g => adam ? g.betas.Item1 : g.momentum).ToArray(), $"{name} momentum at step {t}");
        }
    }

    [Fact]
    public void OneCycle_refuses_to_step_past_total_steps()
    {
        var opt = TwoGroups(adam: false);
        var sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr: 0.1, total_steps: 3);
        sched.step(); sched.step(); sched.step();
        var e = Assert.Throws<InvalidOperationException>(() => sched.step());
        Assert.Contains("total_steps is 3", e.Message);
    }

    [Fact]
    public void Scheduler_state_dict_resumes_the_same_sequence()
    {
        var a = TwoGroups(adam: false);
        var sa = torch.optim.lr_scheduler.CosineAnnealingLR(a, T_max: 10);
        for (int i = 0; i < 4; i++) sa.step();
        var saved = sa.state_dict();

        var b = TwoGroups(adam: false);
        var sb = torch.optim.lr_scheduler.CosineAnnealingLR(b, T_max: 10);
        sb.load_state_dict(saved);
        Assert.Equal(4, sb.last_epoch);
        for (int i = 0; i < 3; i++) { sa.step(); sb.step(); Assert.Equal(sa.get_last_lr(), sb.get_last_lr()); }
    }

    [Fact]
    public void Bad_arguments_name_the_scheduler_and_value()
    {
        var opt = TwoGroups(adam: false);
        Assert.Contains("step_size must be a positive", Assert.Throws<ArgumentException>(() => torch.optim.lr_scheduler.StepLR(opt, 0)).Message);
        Assert.Contains("got 3 max_lr values for 2", Assert.Throws<ArgumentException>(() => new OneCycleLR(opt, [0.1, 0.1, 0.1], 10)).Message);
        var plain = torch.optim.SGD([torch.zeros(2).requires_grad_()], lr: 0.1);
        Assert.Contains("total_iters must be positive", Assert.Throws<ArgumentException>(() => torch.optim.lr_scheduler.LinearLR(plain, total_iters: 0)).Message);
    }
}
