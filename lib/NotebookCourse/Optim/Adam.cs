using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using NotebookCourse.Tensors;

namespace NotebookCourse.Optim;

/// <summary>
/// Adam (Kingma and Ba), same update as PyTorch: running averages m and v of the gradient and its square,
/// bias-corrected, <c>p −= lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + eps)</c>. weight_decay adds wd·p to the gradient
/// (L2 penalty); <see cref="AdamW"/> decays the weights directly instead. amsgrad uses the running maximum of v.
/// Example: <c>var opt = optim.Adam(model.parameters(), lr: 1e-3);</c>
/// </summary>
public class Adam : Optimizer
{
    private readonly bool _decoupled;

    /// <summary>Adam over one group of parameters.</summary>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false)
        : this(OneGroup(parameters), lr, betas, eps, weight_decay, amsgrad) { }

    /// <summary>Adam over several groups; the arguments are the defaults for options a group leaves unset.</summary>
    public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false)
        : this(groups, lr, betas, eps, weight_decay, amsgrad, decoupled: false) { }

    private protected Adam(IEnumerable<ParamGroup> groups, double lr, (double, double)? betas, double eps, double weight_decay, bool amsgrad, bool decoupled)
        : base(groups, Defaults(lr, betas ?? (0.9, 0.999), eps, weight_decay, amsgrad))
    {
        _decoupled = decoupled;
        foreach (var g in param_groups)
        {
            var (b1, b2) = g.betas;
            if (b1 < 0 || b1 >= 1 || b2 < 0 || b2 >= 1)
                throw new ArgumentException($"{GetType().Name}: betas must lie in [0, 1), got ({b1}, {b2})");
            if (g.eps < 0) throw new ArgumentException($"{GetType().Name}: eps must be >= 0, got {g.eps}");
            if (g.weight_decay < 0) throw new ArgumentException($"{GetType().Name}: weight_decay must be >= 0, got {g.weight_decay}");
        }
    }

    private static Dictionary<string, double> Defaults(double lr, (double, double) betas, double eps, double wd, bool amsgrad) =>
        new() { ["lr"] = lr, ["beta1"] = betas.Item1, ["beta2"] = betas.Item2, ["eps"] = eps, ["weight_decay"] = wd, ["amsgrad"] = amsgrad ? 1 : 0 };

    /// <inheritdoc/>
    protected override string[] BufferNames => ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"];

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, int[] shape, Span<float> p, ReadOnlySpan<float> g, ParamState state)
    {
        double lr = group.lr, wd = group.weight_decay, b1 = group["beta1"], b2 = group["beta2"];
        int n = p.Length;
        if (wd != 0)
        {
            if (_decoupled) TensorPrimitives.Multiply(p, (float)(1 - lr * wd), p);
            else
            {
                var t = Scratch(0, n);
                TensorPrimitives.MultiplyAdd(p, (float)wd, g, t); // g + wd·p
                g = t;
            }
        }
        var m = state.Zeros("exp_avg", shape);
        var v = state.Zeros("exp_avg_sq", shape);
        var work = Scratch(1, n);
        TensorPrimitives.Multiply(m, (float)b1, m);
        TensorPrimitives.MultiplyAdd(g, (float)(1 - b1), m, m);
        TensorPrimitives.Multiply(v, (float)b2, v);
        TensorPrimitives.Multiply(g, g, work);
        TensorPrimitives.MultiplyAdd(work, (float)(1 - b2), v, v);

        // Scalars in double as PyTorch computes them in Python, then used as float32.
        double step = state.step;
        double stepSize = lr / (1 - Math.Pow(b1, step));
        double bc2Sqrt = Math.Sqrt(1 - Math.Pow(b2, step));
        ReadOnlySpan<float> second = v;
        if (group.amsgrad)
        {
            var vmax = state.Zeros("max_exp_avg_sq", shape);
            TensorPrimitives.Max(vmax, v, vmax);
            second = vmax;
        }
        TensorPrimitives.Sqrt(second, work);
        TensorPrimitives.Divide(work, (float)bc2Sqrt, work);
        TensorPrimitives.Add(work, (float)group.eps, work);
        TensorPrimitives.Divide(m, work, work);
        TensorPrimitives.MultiplyAdd(work, (float)-stepSize, p, p);
    }
}

/// <summary>
/// AdamW (Loshchilov and Hutter): Adam with decoupled weight decay, <c>p ← p·(1 − lr·wd)</c> before the Adam step,
/// so decay does not pass through the adaptive scaling. Default weight_decay 0.01 as in PyTorch.
/// Example: <c>var opt = optim.AdamW(model.parameters(), lr: 1e-3, weight_decay: 0.05);</c>
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>AdamW over one group of parameters.</summary>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8, double weight_decay = 1e-2, bool amsgrad = false)
        : base(OneGroup(parameters), lr, betas, eps, weight_decay, amsgrad, decoupled: true) { }

    /// <summary>AdamW over several groups; the arguments are the defaults for options a group leaves unset.</summary>
    public AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8, double weight_decay = 1e-2, bool amsgrad = false)
        : base(groups, lr, betas, eps, weight_decay, amsgrad, decoupled: true) { }
}
