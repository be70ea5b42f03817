using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using NotebookCourse.Tensors;

namespace NotebookCourse.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, same
/// update as PyTorch: <c>d = g + wd·p; buf = μ·buf + (1−τ)·d (buf = d on the first step); d = nesterov ? d + μ·buf : buf; p −= lr·d</c>.
/// Example: <c>var opt = optim.SGD(model.parameters(), lr: 0.1, momentum: 0.9);</c>
/// </summary>
public sealed class SGD : Optimizer
{
    /// <summary>SGD over one group of parameters.</summary>
    public SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
        : this(OneGroup(parameters), lr, momentum, dampening, weight_decay, nesterov) { }

    /// <summary>SGD over several groups; the arguments are the defaults for options a group leaves unset.</summary>
    public SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
        : base(groups, Defaults(lr, momentum, dampening, weight_decay, nesterov))
    {
        foreach (var g in param_groups)
        {
            if (g.momentum < 0) throw new ArgumentException($"SGD: momentum must be >= 0, got {g.momentum}");
            if (g.weight_decay < 0) throw new ArgumentException($"SGD: weight_decay must be >= 0, got {g.weight_decay}");
            if (g.nesterov && (g.momentum <= 0 || g.dampening != 0))
                throw new ArgumentException($"SGD: Nesterov momentum needs momentum > 0 and dampening = 0, got momentum {g.momentum}, dampening {g.dampening}");
        }
    }

    private static Dictionary<string, double> Defaults(double lr, double momentum, double dampening, double wd, bool nesterov) =>
        new() { ["lr"] = lr, ["momentum"] = momentum, ["dampening"] = dampening, ["weight_decay"] = wd, ["nesterov"] = nesterov ? 1 : 0 };

    /// <inheritdoc/>
    protected override string[] BufferNames => ["momentum_buffer"];

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, int[] shape, Span<float> p, ReadOnlySpan<float> g, ParamState state)
    {
        float wd = (float)group.weight_decay, mu = (float)group.momentum;
        ReadOnlySpan<float> d = g;
        if (wd != 0)
        {
            var t = Scratch(0, p.Length);
            TensorPrimitives.MultiplyAdd(p, wd, g, t); // g + wd·p
            d = t;
        }
        if (mu != 0)
        {
            if (!state.TryGet("momentum_buffer", out var buf))
            {
                buf = state.Zeros("momentum_buffer", shape);
                d.CopyTo(buf);
            }
            else
            {
                TensorPrimitives.Multiply(buf, mu, buf);
                TensorPrimitives.MultiplyAdd(d, (float)(1 - group.dampening), buf, buf);
            }
            if (group.nesterov)
            {
                var t = Scratch(0, p.Length); // may alias d: elementwise, so reading and writing the same index is safe
                TensorPrimitives.MultiplyAdd(buf, mu, d, t);
                d = t;
            }
            else d = buf;
        }
        TensorPrimitives.MultiplyAdd(d, (float)-group.lr, p, p);
    }
}
