using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using NotebookCourse.Tensors;

namespace NotebookCourse.Optim;

/// <summary>
/// RMSprop, same update as PyTorch: <c>v = α·v + (1−α)·g²; avg = √v + eps</c> (centered: <c>√(v − ḡ²) + eps</c> with
/// ḡ the running mean of g); <c>p −= lr·g/avg</c>, or with momentum <c>buf = μ·buf + g/avg; p −= lr·buf</c>.
/// Example: <c>var opt = optim.RMSprop(model.parameters(), lr: 1e-3);</c>
/// </summary>
public sealed class RMSprop : Optimizer
{
    /// <summary>RMSprop over one group of parameters.</summary>
    public RMSprop(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weight_decay = 0, double momentum = 0, bool centered = false)
        : this(OneGroup(parameters), lr, alpha, eps, weight_decay, momentum, centered) { }

    /// <summary>RMSprop over several groups; the arguments are the defaults for options a group leaves unset.</summary>
    public RMSprop(IEnumerable<ParamGroup> groups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weight_decay = 0, double momentum = 0, bool centered = false)
        : base(groups, new() { ["lr"] = lr, ["alpha"] = alpha, ["eps"] = eps, ["weight_decay"] = weight_decay, ["momentum"] = momentum, ["centered"] = centered ? 1 : 0 })
    {
        foreach (var g in param_groups)
        {
            if (g.alpha < 0) throw new ArgumentException($"RMSprop: alpha must be >= 0, got {g.alpha}");
            if (g.momentum < 0) throw new ArgumentException($"RMSprop: momentum must be >= 0, got {g.momentum}");
            if (g.eps < 0) throw new ArgumentException($"RMSprop: eps must be >= 0, got {g.eps}");
        }
    }

    /// <inheritdoc/>
    protected override string[] BufferNames => ["square_avg", "momentum_buffer", "grad_avg"];

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, int[] shape, Span<float> p, ReadOnlySpan<float> g, ParamState state)
    {
        double alpha = group.alpha, wd = group.weight_decay, mu = group.momentum;
        int n = p.Length;
        if (wd != 0)
        {
            var t = Scratch(0, n);
            TensorPrimitives.MultiplyAdd(p, (float)wd, g, t);
            g = t;
        }
        var v = state.Zeros("square_avg", shape);
        var avg = Scratch(1, n);
        TensorPrimitives.Multiply(v, (float)alpha, v);
        TensorPrimitives.Multiply(g, g, avg);
        TensorPrimitives.MultiplyAdd(avg, (float)(1 - alpha), v, v);
        if (group.centered)
        {
            var gm = state.Zeros("grad_avg", shape);
            TensorPrimitives.Multiply(gm, (float)alpha, gm);
            TensorPrimitives.MultiplyAdd(g, (float)(1 - alpha), gm, gm);
            TensorPrimitives.Multiply(gm, gm, avg);
            TensorPrimitives.Subtract(v, avg, avg);
            TensorPrimitives.Sqrt(avg, avg);
        }
        else TensorPrimitives.Sqrt(v, avg);
        TensorPrimitives.Add(avg, (float)group.eps, avg);
        TensorPrimitives.Divide(g, avg, avg);
        if (mu > 0)
        {
            var buf = state.Zeros("momentum_buffer", shape);
            TensorPrimitives.Multiply(buf, (float)mu, buf);
            TensorPrimitives.Add(buf, avg, buf);
            TensorPrimitives.MultiplyAdd(buf, (float)-group.lr, p, p);
        }
        else TensorPrimitives.MultiplyAdd(avg, (float)-group.lr, p, p);
    }
}
