using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.Tests.TestUtil.GradCheck;

namespace NotebookCourse.Tests.Autograd;

/// <summary>Finite-difference checks of elementwise ops on shapes with broadcasting, size-1 dims and odd sizes.</summary>
public class GradCheckElementwiseTests
{
    // (left shape, right shape) pairs: equal, broadcast both ways, size-1 dims, scalar.
    public static TheoryData<int[], int[]> BinaryShapes => new()
    {
        { new[] { 3, 5 }, new[] { 3, 5 } },
        { new[] { 3, 1, 5 }, new[] { 4, 5 } },
        { new[] { 1 }, new[] { 2, 3 } },
        { new[] { 7 }, new int[0] },
        { new[] { 2, 1, 3 }, new[] { 2, 4, 1 } },
    };

    [Theory, GradCheckFor("add"), MemberData(nameof(BinaryShapes))]
    public void Add(int[] a, int[] b) => Check("add", t => t[0] + t[1], Input(a), Input(b));

    [Theory, GradCheckFor("sub"), MemberData(nameof(BinaryShapes))]
    public void Sub(int[] a, int[] b) => Check("sub", t => t[0] - t[1], Input(a), Input(b));

    [Theory, GradCheckFor("mul"), MemberData(nameof(BinaryShapes))]
    public void Mul(int[] a, int[] b) => Check("mul", t => t[0] * t[1], Input(a), Input(b));

    [Theory, GradCheckFor("div"), MemberData(nameof(BinaryShapes))]
    public void Div(int[] a, int[] b) => Check("div", t => t[0] / t[1], Input(a), AwayFromZero(0.5f, 2f, b));

    [Theory, GradCheckFor("pow"), MemberData(nameof(BinaryShapes))]
    public void PowTensor(int[] a, int[] b) => Check("pow", t => t[0].pow(t[1]), Positive(0.5f, 2f, a), Input(b));

    [Theory, GradCheckFor("maximum"), MemberData(nameof(BinaryShapes))]
    public void Maximum(int[] a, int[] b) => Check("maximum", t => t[0].maximum(t[1]), Grid(0f, a), Grid(0.05f, b));

    [Theory, GradCheckFor("minimum"), MemberData(nameof(BinaryShapes))]
    public void Minimum(int[] a, int[] b) => Check("minimum", t => t[0].minimum(t[1]), Grid(0.05f, a), Grid(0f, b));

    [Fact, GradCheckFor("add", "mul", "sub", "div")]
    public void ScalarOperandsAndSharedInput() =>
        Check("mul", t => (2f - t[0]) * t[0] / 3f + 1f, Input(2, 3));

    public static TheoryData<int[]> UnaryShapes => new() { new[] { 5 }, new[] { 2, 1, 3 }, new int[0] };

    [Theory, GradCheckFor("exp"), MemberData(nameof(UnaryShapes))]
    public void Exp(int[] s) => Check("exp", t => t[0].exp(), Input(s));

    [Theory, GradCheckFor("log"), MemberData(nameof(UnaryShapes))]
    public void Log(int[] s) => Check("log", t => t[0].log(), Positive(0.5f, 3f, s));

    [Theory, GradCheckFor("sqrt"), MemberData(nameof(UnaryShapes))]
    public void Sqrt(int[] s) => Check("sqrt", t => t[0].sqrt(), Positive(0.5f, 3f, s));

    [Theory, GradCheckFor("abs"), MemberData(nameof(UnaryShapes))]
    public void Abs(int[] s) => Check("abs", t => t[0].abs(), AwayFromZero(0.1f, 2f, s));

    [Theory, GradCheckFor("neg"), MemberData(nameof(UnaryShapes))]
    public void Neg(int[] s) => Check("neg", t => -t[0], Input(s));

    [Theory, GradCheckFor("sin"), MemberData(nameof(UnaryShapes))]
    public void Sin(int[] s) => Check("sin", t => t[0].sin(), Input(s));

    [Theory, GradCheckFor("cos"), MemberData(nameof(UnaryShapes))]
    public void Cos(int[] s) => Check("cos", t => t[0].cos(), Input(s));

    [Theory, GradCheckFor("tanh"), MemberData(nameof(UnaryShapes))]
    public void Tanh(int[] s) => Check("tanh", t => t[0].tanh(), Input(s));

    [Theory, GradCheckFor("sigmoid"), MemberData(nameof(UnaryShapes))]
    public void Sigmoid(int[] s) => Check("sigmoid", t => (t[0] * 3f).sigmoid(), Input(s));

    [Theory, GradCheckFor("relu"), MemberData(nameof(UnaryShapes))]
    public void Relu(int[] s) => Check("relu", t => t[0].relu(), AwayFromZero(0.1f, 2f, s));

    [Theory, GradCheckFor("leaky_relu"), MemberData(nameof(UnaryShapes))]
    public void LeakyRelu(int[] s) => Check("leaky_relu", t => t[0].leaky_relu(0.2f), AwayFromZero(0.1f, 2f, s));

    [Theory, GradCheckFor("silu"), MemberData(nameof(UnaryShapes))]
    public void Silu(int[] s) => Check("silu", t => t[0].silu(), Input(s));

    [Theory, GradCheckFor("gelu"), MemberData(nameof(UnaryShapes))]
    public void Gelu(int[] s) => Check("gelu", t => (t[0] * 2f).gelu(), Input(s));

    [Theory, GradCheckFor("gelu_tanh"), MemberData(nameof(UnaryShapes))]
    public void GeluTanh(int[] s) => Check("gelu_tanh", t => (t[0] * 2f).gelu("tanh"), Input(s));

    [Fact, GradCheckFor("clamp")]
    public void Clamp()
    {
        // Values sit ≥ 0.1 away from the bounds ±0.5 and ±1.5, so no finite difference straddles a kink.
        var x = AwayFromZero(0.1f, 0.4f, 4, 3);
        using (torch.no_grad()) x.add_(torch.tensor(new[] { 0f, 1f, -1f }));
        Check("clamp", t => t[0].clamp(-0.5f, 0.5f), x);
    }

    [Theory, GradCheckFor("pow_scalar"), MemberData(nameof(UnaryShapes))]
    public void PowScalar(int[] s)
    {
        Check("pow_scalar", t => t[0].pow(3f), Input(s));
        Check("pow_scalar", t => t[0].pow(-1.5f), Positive(0.5f, 2f, s));
    }

    [Fact, GradCheckFor("where")]
    public void Where()
    {
        var cond = torch.rand(new[] { 3, 1 }).gt(0.5f) | torch.tensor(new[] { true, false, false }, 3, 1);
        Check("where", t => torch.where(cond, t[0], t[1]), Input(3, 4), Input(4));
    }

    [Fact, GradCheckFor("masked_fill")]
    public void MaskedFill()
    {
        var mask = torch.tensor(new[] { true, false, true, false, false }, 5);
        Check("masked_fill", t => t[0].masked_fill(mask, -2f), Input(3, 5));
    }
}
