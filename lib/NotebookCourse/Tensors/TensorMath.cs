using NotebookCourse.Autograd;

namespace NotebookCourse.Tensors;

/// <summary>Elementwise math and activations (each records its backward through <see cref="UnaryOps"/>).</summary>
public sealed partial class Tensor
{
    /// <summary>eˣ elementwise.</summary>
    [DifferentiableOp("exp")] public Tensor exp() => UnaryOps.Apply(this, "exp", new UnaryOps.Exp());
    /// <summary>Natural log elementwise.</summary>
    [DifferentiableOp("log")] public Tensor log() => UnaryOps.Apply(this, "log", new UnaryOps.Log());
    /// <summary>Square root elementwise.</summary>
    [DifferentiableOp("sqrt")] public Tensor sqrt() => UnaryOps.Apply(this, "sqrt", new UnaryOps.Sqrt());
    /// <summary>Absolute value elementwise (gradient 0 at 0).</summary>
    [DifferentiableOp("abs")] public Tensor abs() => UnaryOps.Apply(this, "abs", new UnaryOps.Abs());
    /// <summary>−x elementwise (int64 stays int64).</summary>
    [DifferentiableOp("neg")] public Tensor neg() => dtype == DType.int64 ? Scalar(0L).sub(this) : UnaryOps.Apply(this, "neg", new UnaryOps.Neg());
    /// <summary>Sine elementwise.</summary>
    [DifferentiableOp("sin")] public Tensor sin() => UnaryOps.Apply(this, "sin", new UnaryOps.Sin());
    /// <summary>Cosine elementwise.</summary>
    [DifferentiableOp("cos")] public Tensor cos() => UnaryOps.Apply(this, "cos", new UnaryOps.Cos());
    /// <summary>Hyperbolic tangent elementwise.</summary>
    [DifferentiableOp("tanh")] public Tensor tanh() => UnaryOps.Apply(this, "tanh", new UnaryOps.Tanh());
    /// <summary>Logistic sigmoid 1/(1+e⁻ˣ), computed without overflow for large |x|.</summary>
    [DifferentiableOp("sigmoid")] public Tensor sigmoid() => UnaryOps.Apply(this, "sigmoid", new UnaryOps.Sigmoid());
    /// <summary>max(x, 0).</summary>
    [DifferentiableOp("relu")] public Tensor relu() => UnaryOps.Apply(this, "relu", new UnaryOps.Relu());
    /// <summary>x for x &gt; 0, slope·x otherwise.</summary>
    [DifferentiableOp("leaky_relu")] public Tensor leaky_relu(float negative_slope = 0.01f) => UnaryOps.Apply(this, "leaky_relu", new UnaryOps.LeakyRelu(negative_slope));
    /// <summary>x·sigmoid(x) (also called swish).</summary>
    [DifferentiableOp("silu")] public Tensor silu() => UnaryOps.Apply(this, "silu", new UnaryOps.Silu());

    /// <summary>GELU: exact erf form by default, or <c>approximate: "tanh"</c> for the tanh form GPT-2 uses.</summary>
    [DifferentiableOp("gelu")]
    [DifferentiableOp("gelu_tanh")]
    public Tensor gelu(string approximate = "none") => approximate switch
    {
        "none" => UnaryOps.GeluExact(this),
        "tanh" => UnaryOps.Apply(this, "gelu_tanh", new UnaryOps.GeluTanh()),
        _ => throw new ArgumentException($"gelu: approximate must be \"none\" or \"tanh\", got \"{approximate}\""),
    };

    /// <summary>Limits values to [min, max] (either bound may be omitted).</summary>
    [DifferentiableOp("clamp")]
    public Tensor clamp(float? min = null, float? max = null)
    {
        if (min is { } lo && max is { } hi && lo > hi) throw new ArgumentException($"clamp: min {lo} is greater than max {hi}");
        return UnaryOps.Apply(this, "clamp", new UnaryOps.Clamp(min ?? float.NegativeInfinity, max ?? float.PositiveInfinity));
    }

    /// <summary>x² elementwise.</summary>
    public Tensor square() => this * this;

    /// <summary>1/x elementwise.</summary>
    public Tensor reciprocal() => 1f / this;

    /// <summary>Registered name for <see cref="pow(float)"/>.</summary>
    [DifferentiableOp("pow_scalar")] private static void PowScalarName() { }
}
