using NotebookCourse.Tensors;

namespace NotebookCourse.Tests.Autograd;

/// <summary>Learning smoke test: a 2-8-1 MLP learns XOR with a hand-written SGD step (no nn module needed).</summary>
public class XorMlpTests
{
    [Fact]
    public void MlpSolvesXor()
    {
        var g = new torch.Generator(0);
        var X = torch.tensor(new float[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } });
        var y = torch.tensor(new[] { 0f, 1, 1, 0 }, 4, 1);
        var w1 = (torch.randn(new[] { 2, 8 }, g) * 0.8f).detach().requires_grad_();
        var b1 = torch.zeros(new[] { 8 }, requires_grad: true);
        var w2 = (torch.randn(new[] { 8, 1 }, g) * 0.5f).detach().requires_grad_();
        var b2 = torch.zeros(new[] { 1 }, requires_grad: true);
        var ps = new[] { w1, b1, w2, b2 };
        float lr = 0.5f, first = 0, last = 0;
        for (int step = 0; step < 2000; step++)
        {
            var h = X.matmul(w1).add(b1).tanh();
            var p = h.matmul(w2).add(b2).sigmoid();
            var loss = ((p - y) * (p - y)).mean();
            foreach (var q in ps) q.grad = null;
            loss.backward();
            using (torch.no_grad()) foreach (var q in ps) q.add_(q.grad!, alpha: -lr);
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        Assert.True(last < 0.01f && last < first / 10, $"loss went from {first} to {last}");
        Tensor pred; using (torch.no_grad()) pred = X.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sigmoid().gt(0.5f);
        Assert.Equal(new[] { false, true, true, false }, pred.ToArray<bool>());
    }
}
