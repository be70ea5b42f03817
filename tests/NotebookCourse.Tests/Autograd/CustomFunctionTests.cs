using NotebookCourse.Autograd;
using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;

namespace NotebookCourse.Tests.Autograd;

/// <summary>The public Function.Record API that other parts (conv, norm, losses) use to add differentiable ops.</summary>
public class CustomFunctionTests
{
    private const string Op = "test_cube";

    static CustomFunctionTests() => OpRegistry.Register(Op);

    /// <summary>y = x³ written the way the Function docs describe.</summary>
    private static Tensor Cube(Tensor x)
    {
        Tensor y;
        using (torch.no_grad()) y = x * x * x;
        return Function.Record(Op, y, [x], g => [g * 3f * x * x], saved: [x]);
    }

    [Fact, GradCheckFor(Op)]
    public void RecordedOpIsDifferentiable()
    {
        GradCheck.Check(Op, t => Cube(t[0]), GradCheck.Input(3, 2));
        Assert.Contains(Op, OpRegistry.Names);
    }

    [Fact]
    public void NothingIsRecordedWhenNoInputNeedsGrad()
    {
        var y = Cube(torch.ones(2));
        Assert.Null(y.grad_fn);
        using (torch.no_grad()) Assert.Null(Cube(torch.ones(new[] { 2 }, requires_grad: true)).grad_fn);
    }

    [Fact]
    public void WrongGradientShapeIsReportedWithTheOpName()
    {
        OpRegistry.Register("test_bad_shape");
        var x = torch.ones(new[] { 3 }, requires_grad: true);
        Tensor y; using (torch.no_grad()) y = x * 2f;
        y = Function.Record("test_bad_shape", y, [x], g => [g.sum()]);
        var e = Assert.Throws<InvalidOperationException>(() => y.sum().backward());
        Assert.Contains("backward of 'test_bad_shape' returned a gradient of shape ()", e.Message);
    }

    [Fact]
    public void SumToReducesBroadcastGradients()
    {
        var g = torch.ones(4, 3, 5);
        TensorAssert.Shape(Function.SumTo(g, new[] { 3, 1 }), 3, 1);
        Assert.All(Function.SumTo(g, new[] { 3, 1 }).ToArray<float>(), v => Assert.Equal(20f, v));
        TensorAssert.Shape(Function.SumTo(g, new[] { 5 }), 5);
    }
}
