using NotebookCourse.Tensors;

namespace NotebookCourse.Tests.Autograd;

/// <summary>Learning smoke test: a 2-8-1 MLP learns XOR with a hand-written SGD step (no nn module needed).</summary>
public class XorMlpTests
{
    private static readonly Tensor X = torch.tensor(new float[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } });
    private static readonly Tensor Y = torch.tensor(new[] { 0f, 1, 1, 0 }, 4, 1);

    private static Tensor Forward(Tensor[] p) => X.matmul(p[0]).add(p[1]).tanh().matmul(p[2]).add(p[3]).sigmoid();

    /// <summary>Initializes from <paramref name="seed"/>, runs plain SGD on the MSE loss, returns parameters and losses.</summary>
    private static (Tensor[] ps, float first, float last) Train(int seed, int steps, float lr = 0.5f)
    {
        var g = new torch.Generator(seed);
        var ps = new[]
        {
            (torch.randn(new[] { 2, 8 }, g) * 0.8f).detach().requires_grad_(),
            torch.zeros(new[] { 8 }, requires_grad: true),
            (torch.randn(new[] { 8, 1 }, g) * 0.5f).detach().requires_grad_(),
            torch.zeros(new[] { 1 }, requires_grad: true),
        };
        float first = 0, last = 0;
        for (int step = 0; step < steps; step++)
        {
            var p = Forward(ps);
            var loss = ((p - Y) * (p - Y)).mean();
            foreach (var q in ps) q.grad = null;
            loss.backward();
            using (torch.no_grad()) foreach (var q in ps) q.add_(q.grad!, alpha: -lr);
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        return (ps, first, last);
    }

    [Fact]
    public void MlpSolvesXor()
    {
        var (ps, first, last) = Train(seed: 0, steps: 2000);
        Assert.True(last < 0.01f && last < first / 10, $"loss went from {first} to {last}");
        Tensor pred; using (torch.no_grad()) pred = Forward(ps).gt(0.5f);
        Assert.Equal(new[] { false, true, true, false }, pred.ToArray<bool>());
    }

    [Fact]
    public void SameSeedGivesBitIdenticalParametersAfterTenSteps()
    {
        var a = Train(seed: 7, steps: 10).ps;
        var b = Train(seed: 7, steps: 10).ps;
        var c = Train(seed: 8, steps: 10).ps;
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i].ToArray<float>(), b[i].ToArray<float>());
        Assert.NotEqual(a[0].ToArray<float>(), c[0].ToArray<float>());
    }
}
