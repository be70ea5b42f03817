using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.Tests.TestUtil.GradCheck;

namespace NotebookCourse.Tests.Autograd;

/// <summary>Binary ops on seeded random broadcast shape pairs, on top of the hand-picked cases.</summary>
public class GradCheckRandomShapeTests
{
    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5, 6, 7, 8 };

    [Theory, GradCheckFor("add", "sub", "mul", "div", "maximum", "where"), MemberData(nameof(Seeds))]
    public void BinaryOpsOnRandomBroadcastShapes(int seed)
    {
        var (a, b) = RandomBroadcastPair(seed);
        Check("add", t => t[0] + t[1], Input(a), Input(b));
        Check("sub", t => t[0] - t[1], Input(a), Input(b));
        Check("mul", t => t[0] * t[1], Input(a), Input(b));
        Check("div", t => t[0] / t[1], Input(a), AwayFromZero(0.5f, 2f, b));
        Check("maximum", t => t[0].maximum(t[1]), Grid(0f, a), Grid(0.05f, b));
        Check("where", t => torch.where(t[0].detach().gt(0f), t[0], t[1]), AwayFromZero(0.1f, 1f, a), Input(b));
    }

    [Fact, GradCheckFor("mul")]
    public void DropoutWithAFixedGeneratorIsAMaskedScale() =>
        Check("mul", t => t[0].dropout(0.4f, true, new torch.Generator(3)), Input(4, 5));
}
