using NotebookCourse.Autograd;

namespace NotebookCourse.Tensors;

/// <summary>Comparisons (→ bool, never differentiable), logical ops, dtype conversion, where and masked_fill.</summary>
public sealed partial class Tensor
{
    private Tensor Compare<TF, TL>(Tensor other, string name) where TF : IBin<float, float, bool> where TL : IBin<long, long, bool>
    {
        if (OpTrace.Current != null) return OpTrace.Untraced(name, () => Compare<TF, TL>(other, name), this, other);
        var shape = ShapeUtil.Broadcast(_shape, other._shape, name);
        if (dtype == DType.float32 || other.dtype == DType.float32)
        {
            var a = to(DType.float32); var b = other.to(DType.float32);
            return new Tensor(Elementwise.BinaryAny<float, float, bool, TF>(a.F, a, b.F, b, shape), shape);
        }
        var la = to(DType.int64); var lb = other.to(DType.int64);
        return new Tensor(Elementwise.BinaryAny<long, long, bool, TL>(la.L, la, lb.L, lb, shape), shape);
    }

    /// <summary>Elementwise ==, as a bool tensor.</summary>
    public Tensor eq(Tensor other) => Compare<EqF, EqL>(other, "eq");
    /// <summary>Elementwise !=.</summary>
    public Tensor ne(Tensor other) => Compare<NeF, NeL>(other, "ne");
    /// <summary>Elementwise &lt;.</summary>
    public Tensor lt(Tensor other) => Compare<LtF, LtL>(other, "lt");
    /// <summary>Elementwise ≤.</summary>
    public Tensor le(Tensor other) => Compare<LeF, LeL>(other, "le");
    /// <summary>Elementwise &gt;.</summary>
    public Tensor gt(Tensor other) => Compare<GtF, GtL>(other, "gt");
    /// <summary>Elementwise ≥.</summary>
    public Tensor ge(Tensor other) => Compare<GeF, GeL>(other, "ge");
    /// <summary>Elementwise == scalar.</summary>
    public Tensor eq(float v) => eq(ScalarLike(v));
    /// <summary>Elementwise != scalar.</summary>
    public Tensor ne(float v) => ne(ScalarLike(v));
    /// <summary>Elementwise &lt; scalar.</summary>
    public Tensor lt(float v) => lt(ScalarLike(v));
    /// <summary>Elementwise ≤ scalar.</summary>
    public Tensor le(float v) => le(ScalarLike(v));
    /// <summary>Elementwise &gt; scalar.</summary>
    public Tensor gt(float v) => gt(ScalarLike(v));
    /// <summary>Elementwise ≥ scalar.</summary>
    public Tensor ge(float v) => ge(ScalarLike(v));

    private Tensor ScalarLike(float v) => dtype == DType.float32 || v != MathF.Floor(v) ? Scalar(v) : Scalar((long)v);

    /// <summary>Elementwise &lt; (bool result).</summary>
    public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
    /// <summary>Elementwise &gt; (bool result).</summary>
    public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
    /// <summary>Elementwise ≤ (bool result).</summary>
    public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
    /// <summary>Elementwise ≥ (bool result).</summary>
    public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
    /// <summary>Elementwise &lt; scalar.</summary>
    public static Tensor operator <(Tensor a, float b) => a.lt(b);
    /// <summary>Elementwise &gt; scalar.</summary>
    public static Tensor operator >(Tensor a, float b) => a.gt(b);
    /// <summary>Elementwise ≤ scalar.</summary>
    public static Tensor operator <=(Tensor a, float b) => a.le(b);
    /// <summary>Elementwise ≥ scalar.</summary>
    public static Tensor operator >=(Tensor a, float b) => a.ge(b);

    private Tensor Logical<TOp>(Tensor other, string name) where TOp : IBin<bool, bool, bool>
    {
        var a = to(DType.@bool); var b = other.to(DType.@bool);
        var shape = ShapeUtil.Broadcast(a._shape, b._shape, name);
        return new Tensor(Elementwise.BinaryAny<bool, bool, bool, TOp>(a.B, a, b.B, b, shape), shape);
    }

    /// <summary>Elementwise AND of bool tensors.</summary>
    public Tensor logical_and(Tensor other) => Logical<AndB>(other, "logical_and");
    /// <summary>Elementwise OR of bool tensors.</summary>
    public Tensor logical_or(Tensor other) => Logical<OrB>(other, "logical_or");
    /// <summary>Elementwise XOR of bool tensors.</summary>
    public Tensor logical_xor(Tensor other) => Logical<XorB>(other, "logical_xor");
    /// <summary>Elementwise NOT.</summary>
    public Tensor logical_not()
    {
        if (OpTrace.Current != null) return OpTrace.Untraced("logical_not", logical_not, this);
        var s = to(DType.@bool).SpanB(); var r = new bool[s.Length];
        for (int i = 0; i < r.Length; i++) r[i] = !s[i];
        return new Tensor(r, shape);
    }
    /// <summary>Elementwise AND.</summary>
    public static Tensor operator &(Tensor a, Tensor b) => a.logical_and(b);
    /// <summary>Elementwise OR.</summary>
    public static Tensor operator |(Tensor a, Tensor b) => a.logical_or(b);
    /// <summary>Elementwise NOT.</summary>
    public static Tensor operator !(Tensor a) => a.logical_not();

    /// <summary>Converts to another dtype (returns this tensor when it already has it). float→int truncates toward zero.</summary>
    public Tensor to(DType target)
    {
        if (target == dtype) return this;
        if (OpTrace.Current != null) return OpTrace.Untraced("to_" + target, () => to(target), this);
        int n = numel();
        var shp = shape;
        switch (target)
        {
            case DType.float32:
            {
                var r = new float[n];
                if (dtype == DType.int64) { var s = SpanL(); for (int i = 0; i < n; i++) r[i] = s[i]; }
                else { var s = SpanB(); for (int i = 0; i < n; i++) r[i] = s[i] ? 1f : 0f; }
                return new Tensor(r, shp);
            }
            case DType.int64:
            {
                var r = new long[n];
                if (dtype == DType.float32) { var s = SpanF(); for (int i = 0; i < n; i++) r[i] = (long)s[i]; }
                else { var s = SpanB(); for (int i = 0; i < n; i++) r[i] = s[i] ? 1 : 0; }
                return new Tensor(r, shp);
            }
            default:
            {
                var r = new bool[n];
                if (dtype == DType.float32) { var s = SpanF(); for (int i = 0; i < n; i++) r[i] = s[i] != 0; }
                else { var s = SpanL(); for (int i = 0; i < n; i++) r[i] = s[i] != 0; }
                return new Tensor(r, shp);
            }
        }
    }

    /// <summary>Converts to float32 (PyTorch's <c>x.float()</c>).</summary>
    public Tensor @float() => to(DType.float32);
    /// <summary>Converts to int64 (PyTorch's <c>x.long()</c>).</summary>
    public Tensor @long() => to(DType.int64);
    /// <summary>Converts to bool (PyTorch's <c>x.bool()</c>).</summary>
    public Tensor @bool() => to(DType.@bool);

    /// <summary>Replaces elements where <paramref name="mask"/> is true by <paramref name="value"/> (mask broadcasts).</summary>
    [DifferentiableOp("masked_fill")]
    public Tensor masked_fill(Tensor mask, float value)
    {
        if (mask.dtype != DType.@bool)
            throw new ArgumentException($"masked_fill: mask must be a bool tensor, got {mask.dtype}; build it with a comparison such as x.eq(0)");
        var shp = ShapeUtil.Broadcast(_shape, mask._shape, "masked_fill");
        if (!ShapeUtil.SameShape(shp, _shape))
            throw new ArgumentException($"masked_fill: mask of shape {ShapeUtil.Format(mask._shape)} does not broadcast to the tensor's shape {ShapeUtil.Format(_shape)}");
        if (dtype != DType.float32)
        {
            var r0 = to(DType.float32).masked_fill(mask, value).to(dtype);
            return r0;
        }
        var m = mask.expand_raw(_shape, "masked_fill").SpanB();
        var x = SpanF();
        var d = new float[x.Length];
        for (int i = 0; i < d.Length; i++) d[i] = m[i] ? value : x[i];
        var r = new Tensor(d, shape);
        if (OpTrace.Current != null) OpTrace.Pending = (mask, value); // neither is a recorded input
        return Function.Record("masked_fill", r, [this], g => [g.masked_fill(mask, 0f)]);
    }

    /// <summary>In-place masked_fill.</summary>
    public Tensor masked_fill_(Tensor mask, float value)
    {
        CheckInPlace("masked_fill_");
        Tensor r; using (GradMode.Disable()) r = masked_fill(mask, value);
        using (GradMode.Disable()) return copy_(r);
    }
}

public sealed partial class Tensor
{
    /// <summary>True (0-dim bool) when any element is non-zero.</summary>
    public Tensor any() { var s = to(DType.@bool).SpanB(); bool r = false; foreach (var v in s) if (v) { r = true; break; } return new Tensor(new[] { r }, Array.Empty<int>()); }

    /// <summary>
    /// True when both tensors have the same shape and equal values (PyTorch's <c>torch.equal</c>): no broadcasting,
    /// values compared after the usual dtype promotion, and NaN never equals NaN. For a tolerance use <c>torch.allclose</c>.
    /// </summary>
    public bool equal(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!ShapeUtil.SameShape(_shape, other._shape)) return false;
        using (GradMode.Disable()) return eq(other).all().item<bool>();
    }

    /// <summary>True (0-dim bool) when every element is non-zero.</summary>
    public Tensor all() { var s = to(DType.@bool).SpanB(); bool r = true; foreach (var v in s) if (!v) { r = false; break; } return new Tensor(new[] { r }, Array.Empty<int>()); }
}
