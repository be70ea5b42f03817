using NotebookCourse.Autograd;
using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;

namespace NotebookCourse.Tests.Autograd;

public class AutogradBehaviourTests
{
    [Fact]
    public void GradientsOfASmallExpression()
    {
        // y = Σ (a·b + a²) → dy/da = b + 2a, dy/db = a
        var a = torch.tensor(new[] { 1f, -2f, 3f }, requires_grad: true);
        var b = torch.tensor(new[] { 4f, 5f, 6f }, requires_grad: true);
        (a * b + a * a).sum().backward();
        Assert.Equal(new[] { 6f, 1f, 12f }, a.grad!.ToArray<float>());
        Assert.Equal(new[] { 1f, -2f, 3f }, b.grad!.ToArray<float>());
    }

    [Fact]
    public void GradientsAccumulateUntilCleared()
    {
        var w = torch.ones(new[] { 2 }, requires_grad: true);
        (w * 3f).sum().backward();
        (w * 3f).sum().backward();
        Assert.Equal(new[] { 6f, 6f }, w.grad!.ToArray<float>());
        w.grad = null;
        (w * 2f).sum().backward();
        Assert.Equal(new[] { 2f, 2f }, w.grad!.ToArray<float>());
    }

    [Fact]
    public void NoGradScopeRecordsNothingAndRestores()
    {
        var w = torch.ones(new[] { 2 }, requires_grad: true);
        Tensor y;
        using (torch.no_grad())
        {
            y = w * 2f;
            Assert.False(torch.is_grad_enabled());
        }
        Assert.True(torch.is_grad_enabled());
        Assert.False(y.requires_grad);
        Assert.Null(y.grad_fn);
        Assert.True((w * 2f).requires_grad);
        var d = (w * 2f).detach();
        Assert.False(d.requires_grad);
        Assert.True(d.is_leaf);
    }

    [Fact]
    public void RetainGradKeepsNonLeafGradients()
    {
        var x = torch.tensor(new[] { 1f, 2f }, requires_grad: true);
        var h = (x * 3f).retain_grad();
        var y = h * h;
        y.sum().backward();
        Assert.Equal(new[] { 6f, 12f }, h.grad!.ToArray<float>());   // dy/dh = 2h
        Assert.Equal(new[] { 18f, 36f }, x.grad!.ToArray<float>());
        var h2 = x * 3f; (h2 * h2).sum().backward();
        Assert.Null(h2.grad);
    }

    [Fact]
    public void BackwardOnNonScalarExplainsWhatToDo()
    {
        var x = torch.ones(new[] { 3, 4 }, requires_grad: true);
        var e = Assert.Throws<InvalidOperationException>(() => (x * 2f).backward());
        Assert.Equal("backward: output has shape (3, 4); pass a gradient of the same shape or call .sum() first", e.Message);
        (x * 2f).backward(torch.ones(3, 4));
        Assert.All(x.grad!.ToArray<float>(), v => Assert.Equal(2f, v));
        Assert.Contains("gradient has shape (4,)", Assert.Throws<ArgumentException>(() => (x * 2f).backward(torch.ones(4))).Message);
        Assert.Contains("does not require grad", Assert.Throws<InvalidOperationException>(() => torch.ones(1).backward()).Message);
    }

    [Fact]
    public void SecondBackwardThroughFreedGraphFailsUnlessRetained()
    {
        var x = torch.tensor(new[] { 2f }, requires_grad: true);
        var y = (x * x).sum();
        y.backward();
        var e = Assert.Throws<InvalidOperationException>(() => y.backward());
        Assert.Contains("retain_graph: true", e.Message);

        var x2 = torch.tensor(new[] { 2f }, requires_grad: true);
        var y2 = (x2 * x2).sum();
        y2.backward(retain_graph: true);
        y2.backward();
        Assert.Equal(8f, x2.grad!.item());
    }

    [Fact]
    public void InPlaceChangeOfASavedTensorIsDetected()
    {
        var w = torch.tensor(new[] { 1f, 2f }, requires_grad: true);
        var x = torch.tensor(new[] { 3f, 4f });
        var y = (w * x).sum();
        x.mul_(2f);
        var e = Assert.Throws<InvalidOperationException>(() => y.backward());
        Assert.Contains("saved by 'mul' was modified in place", e.Message);
    }

    [Fact]
    public void AnomalyModeNamesTheOp()
    {
        var x = torch.tensor(new[] { -1f, 2f }, requires_grad: true);
        using (torch.autograd.detect_anomaly())
        {
            var e = Assert.Throws<ArithmeticException>(() => x.log());
            Assert.Contains("forward of 'log'", e.Message);
            var z = torch.tensor(new[] { 0f, 1f }, requires_grad: true);
            var s = z.sqrt().sum();   // forward fine (0 is allowed), backward 0.5/√0 = inf
            var eb = Assert.Throws<ArithmeticException>(() => s.backward());
            Assert.Contains("backward of 'sqrt'", eb.Message);
        }
        Assert.False(torch.autograd.is_anomaly_enabled());
        Assert.True(float.IsNaN(x.log()[0].item()));   // off: NaN flows silently, as in PyTorch
    }

    [Fact]
    public void DeepGraphsDoNotOverflowTheStack()
    {
        var x = torch.tensor(new[] { 1f }, requires_grad: true);
        var y = x;
        for (int i = 0; i < 20_000; i++) y = y + 0.001f;
        y.sum().backward();
        Assert.Equal(1f, x.grad!.item());
    }

    [Fact]
    public void DiamondGraphSumsBothPaths()
    {
        var x = torch.tensor(new[] { 2f }, requires_grad: true);
        var a = x * 3f; var b = x.exp();
        var y = (a * b).sum();   // d/dx 3x·eˣ = 3eˣ + 3x·eˣ
        y.backward();
        TensorAssert.Close(x.grad!, new[] { 3f * MathF.Exp(2) * 3f }, 1e-4f, 1e-5f);
    }

    [Fact]
    public void RequiresGradRules()
    {
        Assert.Contains("only float32", Assert.Throws<InvalidOperationException>(() => torch.arange(3).requires_grad_()).Message);
        var x = torch.ones(new[] { 2 }, requires_grad: true);
        Assert.Contains("non-leaf", Assert.Throws<InvalidOperationException>(() => (x * 2f).requires_grad = false).Message);
        Assert.True(x.is_leaf);
        Assert.False((x * 2f).is_leaf);
    }

    [Fact]
    public void ToggleGradEnabledScope()
    {
        var x = torch.ones(new[] { 2 }, requires_grad: true);
        using (torch.set_grad_enabled(false)) Assert.False((x + 1f).requires_grad);
        Assert.True((x + 1f).requires_grad);
    }
}

public class InPlaceCopyTests
{
    [Fact]
    public void CopyingAGradSourceInPlaceIsRefusedInsteadOfLosingTheGradient()
    {
        var w = torch.ones(new[] { 2 }, requires_grad: true);
        var buf = torch.zeros(3, 2);
        var e = Assert.Throws<InvalidOperationException>(() => buf[0] = w * 2f);
        Assert.Contains("torch.cat/torch.stack", e.Message);
        buf[1] = (w * 2f).detach();
        Assert.Equal(new[] { 0f, 0, 2, 2, 0, 0 }, buf.ToArray<float>());
    }
}
