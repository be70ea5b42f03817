using NotebookCourse.Autograd;
using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>One elementwise loss term: its value and its derivatives in the input and the target.</summary>
internal interface IPointwiseLoss
{
    /// <summary>loss(x, t) with element-specific extras (weights) looked up by index i.</summary>
    double Value(float x, float t, int i);
    /// <summary>(∂loss/∂x, ∂loss/∂t).</summary>
    (float dx, float dt) Grad(float x, float t, int i);
}

/// <summary>
/// Shared driver of the elementwise losses (mse, l1, bce, bce with logits, kl_div): same-shape input and target,
/// per-element loss from an <see cref="IPointwiseLoss"/> struct (so the JIT specializes it), then the reduction.
/// </summary>
internal static class PointwiseLoss
{
    public static Tensor Run<TLoss>(string op, Tensor input, Tensor target, string reduction, TLoss loss)
        where TLoss : struct, IPointwiseLoss
    {
        FunctionalUtil.RequireFloat(input, op, "input");
        FunctionalUtil.RequireFloat(target, op, "target");
        if (!ShapeUtil.SameShape(input._shape, target._shape))
            throw new ArgumentException(
                $"{op}: input {FunctionalUtil.Fmt(input)} and target {FunctionalUtil.Fmt(target)} must have the same shape; " +
                "reshape the target (e.g. y.view(-1, 1) or output.squeeze(1))");
        if (reduction is not ("none" or "mean" or "sum" or "batchmean") || (reduction == "batchmean" && op != "kl_div"))
            throw new ArgumentException($"{op}: reduction must be \"none\", \"mean\" or \"sum\"{(op == "kl_div" ? " or \"batchmean\"" : "")}, got \"{reduction}\"");
        var x = input.SpanF();
        var t = target.SpanF();
        int n = x.Length;
        Tensor result;
        if (reduction == "none")
        {
            var r = new float[n];
            for (int i = 0; i < n; i++) r[i] = (float)loss.Value(x[i], t[i], i);
            result = new Tensor(r, input.shape);
        }
        else
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += loss.Value(x[i], t[i], i);
            result = FunctionalUtil.ScalarF((float)(s / Divisor(reduction, input)));
        }
        return Function.Record(op, result, [input, target], g =>
        {
            var xs = input.SpanF();
            var ts = target.SpanF();
            bool none = reduction == "none";
            var gs = none ? g.SpanF() : default;
            float scalar = none ? 0f : (float)(g.item() / Divisor(reduction, input));
            var dx = input.requires_grad ? new float[n] : null;
            var dt = target.requires_grad ? new float[n] : null;
            for (int i = 0; i < n; i++)
            {
                var (a, b) = loss.Grad(xs[i], ts[i], i);
                float gi = none ? gs[i] : scalar;
                if (dx is not null) dx[i] = gi * a;
                if (dt is not null) dt[i] = gi * b;
            }
            return [dx is null ? null : new Tensor(dx, input.shape), dt is null ? null : new Tensor(dt, target.shape)];
        }, saved: [input, target]);
    }

    static double Divisor(string reduction, Tensor input) => reduction switch
    {
        "mean" => Math.Max(input.numel(), 1),
        "batchmean" => input.ndim == 0 ? 1 : Math.Max(input._shape[0], 1),
        _ => 1,
    };

    /// <summary>weight (or pos_weight) broadcast to the input's shape, as a flat array; null when absent.</summary>
    public static float[]? Broadcast(string op, string name, Tensor? w, Tensor input)
    {
        if (w is null) return null;
        FunctionalUtil.RequireFloat(w, op, name);
        try { ShapeUtil.Broadcast(w._shape, input._shape, op); }
        catch (ArgumentException) { throw new ArgumentException($"{op}: {name} {FunctionalUtil.Fmt(w)} does not broadcast to the input's shape {FunctionalUtil.Fmt(input)}"); }
        if (!ShapeUtil.SameShape(ShapeUtil.Broadcast(w._shape, input._shape, op), input._shape))
            throw new ArgumentException($"{op}: {name} {FunctionalUtil.Fmt(w)} must broadcast to the input's shape {FunctionalUtil.Fmt(input)}, not enlarge it");
        return w.expand_raw(input._shape, op).SpanF().ToArray();
    }
}
