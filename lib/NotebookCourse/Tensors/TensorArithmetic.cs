using NotebookCourse.Autograd;

namespace NotebookCourse.Tensors;

/// <summary>+ − × ÷, pow, maximum/minimum with broadcasting and autograd; int64 stays int64 for + − ×.</summary>
public sealed partial class Tensor
{
    internal static Tensor Scalar(float v) => new(new[] { v }, Array.Empty<int>());
    internal static Tensor Scalar(long v) => new(new[] { v }, Array.Empty<int>());

    /// <summary>Converts both operands to a common dtype: float32 if either is float32, else int64.</summary>
    private static (Tensor, Tensor) Promote(Tensor a, Tensor b)
    {
        if (a.dtype == b.dtype && a.dtype != DType.@bool) return (a, b);
        var t = a.dtype == DType.float32 || b.dtype == DType.float32 ? DType.float32 : DType.int64;
        return (a.to(t), b.to(t));
    }

    /// <summary>Elementwise sum with broadcasting.</summary>
    [DifferentiableOp("add")]
    public Tensor add(Tensor other)
    {
        var (a, b) = Promote(this, other);
        if (a.dtype == DType.int64) return LongOp<AddL>(a, b, "add");
        var r = Elementwise.BinaryF<AddOp>(a, b, "add");
        int[] sa = a._shape, sb = b._shape;
        return Function.Record("add", r, [a, b], g => [Function.SumTo(g, sa), Function.SumTo(g, sb)]);
    }

    /// <summary>Elementwise difference with broadcasting.</summary>
    [DifferentiableOp("sub")]
    public Tensor sub(Tensor other)
    {
        var (a, b) = Promote(this, other);
        if (a.dtype == DType.int64) return LongOp<SubL>(a, b, "sub");
        var r = Elementwise.BinaryF<SubOp>(a, b, "sub");
        int[] sa = a._shape, sb = b._shape;
        return Function.Record("sub", r, [a, b], g => [Function.SumTo(g, sa), Function.SumTo(-g, sb)]);
    }

    /// <summary>Elementwise product with broadcasting.</summary>
    [DifferentiableOp("mul")]
    public Tensor mul(Tensor other)
    {
        var (a, b) = Promote(this, other);
        if (a.dtype == DType.int64) return LongOp<MulL>(a, b, "mul");
        var r = Elementwise.BinaryF<MulOp>(a, b, "mul");
        return Function.Record("mul", r, [a, b],
            g => [a.requires_grad ? Function.SumTo(g * b, a._shape) : null, b.requires_grad ? Function.SumTo(g * a, b._shape) : null],
            saved: [a, b]);
    }

    /// <summary>Elementwise true division with broadcasting (int64 inputs give float32, like PyTorch).</summary>
    [DifferentiableOp("div")]
    public Tensor div(Tensor other)
    {
        var a = to(DType.float32); var b = other.to(DType.float32);
        var r = Elementwise.BinaryF<DivOp>(a, b, "div");
        return Function.Record("div", r, [a, b],
            g => [a.requires_grad ? Function.SumTo(g / b, a._shape) : null, b.requires_grad ? Function.SumTo(-g * a / (b * b), b._shape) : null],
            saved: [a, b]);
    }

    /// <summary>Elementwise power with a tensor exponent (broadcast).</summary>
    [DifferentiableOp("pow")]
    public Tensor pow(Tensor exponent)
    {
        var a = to(DType.float32); var b = exponent.to(DType.float32);
        var r = Elementwise.BinaryF<PowOp>(a, b, "pow");
        return Function.Record("pow", r, [a, b], g =>
        [
            a.requires_grad ? Function.SumTo(g * b * a.pow(b - 1f), a._shape) : null,
            // d/db a^b = a^b·ln a; where a = 0 the limit is 0 (for b > 0), so mask the log of 0.
            b.requires_grad ? Function.SumTo(g * r * torch.where(a.gt(0f), a, Scalar(1f)).log(), b._shape) : null,
        ], saved: [a, b, r]);
    }

    /// <summary>Elementwise power with a scalar exponent.</summary>
    public Tensor pow(float exponent) => UnaryOps.Apply(this, "pow_scalar", new UnaryOps.PowS(exponent));

    /// <summary>Elementwise maximum of two tensors (the gradient goes to the larger; ties split evenly).</summary>
    [DifferentiableOp("maximum")]
    public Tensor maximum(Tensor other) => MinMax<MaxOp>(other, "maximum", true);

    /// <summary>Elementwise minimum of two tensors (the gradient goes to the smaller; ties split evenly).</summary>
    [DifferentiableOp("minimum")]
    public Tensor minimum(Tensor other) => MinMax<MinOp>(other, "minimum", false);

    private Tensor MinMax<TOp>(Tensor other, string name, bool max) where TOp : IBin<float, float, float>
    {
        var a = to(DType.float32); var b = other.to(DType.float32);
        var r = Elementwise.BinaryF<TOp>(a, b, name);
        return Function.Record(name, r, [a, b], g =>
        {
            var wa = (max ? a.gt(b) : a.lt(b)).to(DType.float32) + a.eq(b).to(DType.float32) * 0.5f;
            return [Function.SumTo(g * wa, a._shape), Function.SumTo(g * (1f - wa), b._shape)];
        }, saved: [a, b]);
    }

    private static Tensor LongOp<TOp>(Tensor a, Tensor b, string name) where TOp : IBin<long, long, long>
    {
        var shape = ShapeUtil.Broadcast(a._shape, b._shape, name);
        return new Tensor(Elementwise.BinaryAny<long, long, long, TOp>(a.L, a, b.L, b, shape), shape);
    }

    /// <summary>Adds a scalar.</summary>
    public Tensor add(float v) => add(Scalar(v));
    /// <summary>Subtracts a scalar.</summary>
    public Tensor sub(float v) => sub(Scalar(v));
    /// <summary>Multiplies by a scalar.</summary>
    public Tensor mul(float v) => mul(Scalar(v));
    /// <summary>Divides by a scalar.</summary>
    public Tensor div(float v) => div(Scalar(v));

    /// <summary>Elementwise sum.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(Tensor a, float b) => a.add(Scalar(b));
    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(float a, Tensor b) => Scalar(a).add(b);
    /// <summary>Adds an integer scalar (an int64 tensor stays int64).</summary>
    public static Tensor operator +(Tensor a, long b) => a.add(Scalar(b));
    /// <summary>Elementwise difference.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    /// <summary>Subtracts a scalar.</summary>
    public static Tensor operator -(Tensor a, float b) => a.sub(Scalar(b));
    /// <summary>Scalar minus tensor.</summary>
    public static Tensor operator -(float a, Tensor b) => Scalar(a).sub(b);
    /// <summary>Subtracts an integer scalar.</summary>
    public static Tensor operator -(Tensor a, long b) => a.sub(Scalar(b));
    /// <summary>Elementwise product.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(Tensor a, float b) => a.mul(Scalar(b));
    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(float a, Tensor b) => Scalar(a).mul(b);
    /// <summary>Multiplies by an integer scalar.</summary>
    public static Tensor operator *(Tensor a, long b) => a.mul(Scalar(b));
    /// <summary>Elementwise true division.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    /// <summary>Divides by a scalar.</summary>
    public static Tensor operator /(Tensor a, float b) => a.div(Scalar(b));
    /// <summary>Scalar divided by tensor.</summary>
    public static Tensor operator /(float a, Tensor b) => Scalar(a).div(b);
    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => a.neg();

    // ---- in-place updates (bump the version counter; refused on tensors that require grad unless under no_grad) ----

    private Tensor InPlace(Tensor result, string op)
    {
        CheckInPlace(op);
        if (!ShapeUtil.SameShape(result._shape, _shape))
            throw new ArgumentException($"{op}: the result of shape {ShapeUtil.Format(result._shape)} does not fit in-place into shape {ShapeUtil.Format(_shape)}");
        using (GradMode.Disable()) return copy_(result);
    }

    private Tensor Raw(Func<Tensor> f) { using (GradMode.Disable()) return f(); }

    /// <summary>In-place add: this += other (broadcast).</summary>
    public Tensor add_(Tensor other) { CheckInPlace("add_"); return InPlace(Raw(() => this + other), "add_"); }
    /// <summary>In-place add of a scalar.</summary>
    public Tensor add_(float v) { CheckInPlace("add_"); return InPlace(Raw(() => this + v), "add_"); }
    /// <summary>In-place add of alpha·other (SGD: <c>p.add_(p.grad, alpha: -lr)</c>).</summary>
    public Tensor add_(Tensor other, float alpha) { CheckInPlace("add_"); return InPlace(Raw(() => this + other * alpha), "add_"); }
    /// <summary>In-place subtract.</summary>
    public Tensor sub_(Tensor other) { CheckInPlace("sub_"); return InPlace(Raw(() => this - other), "sub_"); }
    /// <summary>In-place subtract of a scalar.</summary>
    public Tensor sub_(float v) { CheckInPlace("sub_"); return InPlace(Raw(() => this - v), "sub_"); }
    /// <summary>In-place multiply.</summary>
    public Tensor mul_(Tensor other) { CheckInPlace("mul_"); return InPlace(Raw(() => this * other), "mul_"); }
    /// <summary>In-place multiply by a scalar.</summary>
    public Tensor mul_(float v) { CheckInPlace("mul_"); return InPlace(Raw(() => this * v), "mul_"); }
    /// <summary>In-place divide.</summary>
    public Tensor div_(Tensor other) { CheckInPlace("div_"); return InPlace(Raw(() => this / other), "div_"); }
    /// <summary>In-place divide by a scalar.</summary>
    public Tensor div_(float v) { CheckInPlace("div_"); return InPlace(Raw(() => this / v), "div_"); }
    /// <summary>In-place clamp.</summary>
    public Tensor clamp_(float? min = null, float? max = null) { CheckInPlace("clamp_"); return InPlace(Raw(() => clamp(min, max)), "clamp_"); }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public Tensor fill_(float value)
    {
        CheckInPlace("fill_");
        var src = dtype switch
        {
            DType.float32 => Scalar(value),
            DType.int64 => Scalar((long)value),
            _ => new Tensor(new[] { value != 0 }, Array.Empty<int>()),
        };
        using (GradMode.Disable()) return copy_(src);
    }

    /// <summary>Sets every element to zero.</summary>
    public Tensor zero_() => fill_(0f);
}
