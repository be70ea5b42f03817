using NotebookCourse.Optim;
using NotebookCourse.Tensors;

namespace NotebookCourse.Tests.Optim;

/// <summary>state_dict round trips, zero_grad, param-group rules and error messages.</summary>
public class OptimizerStateTests
{
    private static Optimizer Make(string kind, Tensor[] ps) => kind switch
    {
        "SGD" => torch.optim.SGD(ps, lr: 0.1, momentum: 0.9, nesterov: true),
        "Adam" => torch.optim.Adam(ps, lr: 0.01, amsgrad: true),
        "AdamW" => torch.optim.AdamW(ps, lr: 0.01),
        _ => torch.optim.RMSprop(ps, lr: 0.01, momentum: 0.5, centered: true),
    };

    [Theory]
    [InlineData("SGD")]
    [InlineData("Adam")]
    [InlineData("AdamW")]
    [InlineData("RMSprop")]
    public void State_dict_round_trip_continues_identically(string kind)
    {
        var a = OptimGolden.InitialParams();
        var optA = Make(kind, a);
        void Step(Optimizer o, Tensor[] ps, int s) { for (int i = 0; i < ps.Length; i++) ps[i].grad = OptimGolden.Grad(s, i); o.step(); }
        for (int s = 0; s < 3; s++) Step(optA, a, s);
        var sd = optA.state_dict();
        Assert.Equal(3f, sd.state[0]["step"].item());

        // A fresh optimizer over copies of the current parameters, restored from the snapshot.
        var b = a.Select(p => p.detach().clone().requires_grad_()).ToArray();
        var optB = Make(kind, b);
        optB.load_state_dict(sd);
        for (int s = 3; s < 5; s++) { Step(optA, a, s); Step(optB, b, s); }
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i].ToArray<float>(), b[i].ToArray<float>());

        // The snapshot is a copy: later steps did not change it.
        Assert.Equal(3f, sd.state[0]["step"].item());
    }

    [Fact]
    public void Load_state_dict_restores_group_hyper_parameters_and_rejects_mismatches_without_change()
    {
        var ps = OptimGolden.InitialParams();
        var opt = torch.optim.Adam(ps, lr: 0.01);
        for (int i = 0; i < ps.Length; i++) ps[i].grad = OptimGolden.Grad(0, i);
        opt.step();
        var sd = opt.state_dict();
        opt.param_groups[0].lr = 0.5;
        opt.load_state_dict(sd);
        Assert.Equal(0.01, opt.param_groups[0].lr);

        var other = new[] { torch.zeros(4, 3).requires_grad_(), torch.zeros(5).requires_grad_() };
        var opt2 = torch.optim.Adam(other, lr: 0.2);
        var e = Assert.Throws<ArgumentException>(() => opt2.load_state_dict(sd));
        Assert.Contains("state.0.exp_avg", e.Message);
        Assert.Contains("(3, 4)", e.Message);
        Assert.Equal(0.2, opt2.param_groups[0].lr); // unchanged
        Assert.Equal(0, opt2.state(other[1]).step);

        var sgd = torch.optim.SGD(ps, lr: 0.1);
        Assert.Contains("saved from optimizer type Adam", Assert.Throws<ArgumentException>(() => sgd.load_state_dict(sd)).Message);
    }

    [Fact]
    public void Param_groups_take_their_own_lr_and_inherit_the_rest()
    {
        var backbone = torch.ones(3).requires_grad_();
        var head = torch.ones(2).requires_grad_();
        var opt = torch.optim.SGD([new ParamGroup([backbone], lr: 1e-4), new ParamGroup([head]) { weight_decay = 0.5 }], lr: 1e-2, momentum: 0.9);
        Assert.Equal(1e-4, opt.param_groups[0].lr);
        Assert.Equal(0.9, opt.param_groups[0].momentum);
        Assert.Equal(1e-2, opt.param_groups[1].lr);
        Assert.Equal(0.5, opt.param_groups[1].weight_decay);
        backbone.grad = torch.ones(3); head.grad = torch.ones(2);
        opt.step();
        Assert.Equal(1 - 1e-4f, backbone.ToArray<float>()[0], 7);
        Assert.Equal(1 - 1e-2f * 1.5f, head.ToArray<float>()[0], 7);
    }

    [Fact]
    public void Zero_grad_sets_none_or_zeros_and_step_skips_params_without_grad()
    {
        var a = torch.ones(2).requires_grad_();
        var b = torch.ones(2).requires_grad_();
        var opt = torch.optim.SGD([a, b], lr: 1);
        a.grad = torch.ones(2);
        opt.step();
        Assert.Equal(new float[] { 0, 0 }, a.ToArray<float>());
        Assert.Equal(new float[] { 1, 1 }, b.ToArray<float>());
        var g = a.grad;
        opt.zero_grad(set_to_none: false);
        Assert.Same(g, a.grad);
        Assert.Equal(new float[] { 0, 0 }, g!.ToArray<float>());
        opt.zero_grad();
        Assert.Null(a.grad);
    }

    [Fact]
    public void Steps_work_with_autograd_and_invalidate_saved_tensors()
    {
        var w = torch.tensor(new float[] { 2f, -1f }).requires_grad_();
        var opt = torch.optim.SGD([w], lr: 0.25);
        var loss = (w * w).sum();
        loss.backward();
        opt.step(); // w -= 0.25·2w = w/2
        Assert.Equal(new float[] { 1f, -0.5f }, w.ToArray<float>());
        Assert.True(w.requires_grad);
        Assert.True(w.is_leaf);
    }

    [Fact]
    public void Constructor_errors_name_the_problem()
    {
        var p = torch.zeros(2).requires_grad_();
        Assert.Contains("empty parameter list", Assert.Throws<ArgumentException>(() => torch.optim.Adam(Array.Empty<Tensor>())).Message);
        Assert.Contains("more than one parameter group", Assert.Throws<ArgumentException>(() =>
            torch.optim.SGD([new ParamGroup([p]), new ParamGroup([p])], lr: 0.1)).Message);
        Assert.Contains("not a leaf", Assert.Throws<ArgumentException>(() => torch.optim.SGD([p * 2], lr: 0.1)).Message);
        Assert.Contains("Nesterov", Assert.Throws<ArgumentException>(() => torch.optim.SGD([p], lr: 0.1, nesterov: true)).Message);
        Assert.Contains("betas", Assert.Throws<ArgumentException>(() => torch.optim.Adam([p], betas: (1.0, 0.9))).Message);
        Assert.Contains("learning rate", Assert.Throws<ArgumentException>(() => torch.optim.RMSprop([p], lr: -1)).Message);
    }

    [Fact]
    public void Steady_state_steps_allocate_nothing()
    {
        var ps = new[] { torch.randn(64, 32).requires_grad_(), torch.randn(32).requires_grad_() };
        foreach (var p in ps) p.grad = torch.randn(p.shape);
        foreach (var opt in new Optimizer[] { torch.optim.SGD(ps, lr: 0.1, momentum: 0.9, weight_decay: 1e-4, nesterov: true),
                                              torch.optim.AdamW(ps, amsgrad: true), torch.optim.RMSprop(ps, momentum: 0.9, centered: true, weight_decay: 0.1) })
        {
            opt.step(); opt.step(); // creates state and scratch buffers
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++) opt.step();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void ToString_lists_groups_and_options()
    {
        var opt = torch.optim.SGD([new ParamGroup([torch.zeros(2, 3).requires_grad_()], lr: 0.5), new ParamGroup([torch.zeros(4).requires_grad_()])], lr: 0.1);
        var text = opt.ToString();
        Assert.StartsWith("SGD (", text);
        Assert.Contains("Parameter Group 0 (1 tensors, 6 values)", text);
        Assert.Contains("    lr: 0.5", text);
        Assert.Contains("Parameter Group 1 (1 tensors, 4 values)", text);
        Assert.Contains("    lr: 0.1", text);
    }
}
