using NotebookCourse.Tensors;

namespace NotebookCourse.Tests.Autograd;

/// <summary>
/// The backward engine hands gradients it made to leaves without copying and recycles consumed ones through the
/// BufferPool. These tests use tensors above the pool's minimum size and check that no gradient aliases another
/// tensor and that later passes (which reuse the recycled buffers) cannot change earlier results.
/// </summary>
public class GradientBufferTests
{
    static Tensor Leaf(int seed, params int[] shape)
    {
        torch.manual_seed(seed);
        return torch.randn(shape).requires_grad_();
    }

    const string SharedGradOp = "test_shared_grad_add";

    static GradientBufferTests() => NotebookCourse.Autograd.OpRegistry.Register(SharedGradOp);

    [Fact]
    public void OneFreshGradientReturnedForTwoInputsIsNotHandedToBoth()
    {
        // A custom add whose backward makes one new tensor and returns it for both inputs: legal, so the engine
        // must not give the same buffer to two leaves.
        var a = Leaf(1, 64, 128); var b = Leaf(2, 64, 128);
        Tensor y;
        using (torch.no_grad()) y = a + b;
        y = NotebookCourse.Autograd.Function.Record(SharedGradOp, y, [a, b], g => { var t = g * 1f; return [t, t]; });
        (y * 3f).sum().backward();
        Assert.False(a.grad!.shares_storage_with(b.grad!));
        a.grad.F[0] = 42f;
        Assert.Equal(3f, b.grad.ToArray<float>()[0]);
        Assert.All(a.grad.ToArray<float>().Skip(1), v => Assert.Equal(3f, v));
    }

    [Fact]
    public void LaterPassesDoNotOverwriteEarlierGradients()
    {
        BufferPool.Clear();
        var x = Leaf(3, 64, 256); var w = Leaf(4, 256, 256);
        var h = torch.matmul(x, w).relu();
        h.retain_grad();
        (h * h).sum().backward();
        var gx = x.grad!.ToArray<float>(); var gw = w.grad!.ToArray<float>(); var gh = h.grad!.ToArray<float>();
        Assert.True(BufferPool.HeldBytes > 0, "backward should have recycled the consumed intermediate gradients");

        // Same shapes again on other leaves: these passes rent the recycled buffers.
        for (int k = 0; k < 3; k++)
        {
            var x2 = Leaf(10 + k, 64, 256); var w2 = Leaf(20 + k, 256, 256);
            var h2 = torch.matmul(x2, w2).relu();
            (h2 * h2 * 3f).sum().backward();
        }
        Assert.Equal(gx, x.grad.ToArray<float>());
        Assert.Equal(gw, w.grad.ToArray<float>());
        Assert.Equal(gh, h.grad.ToArray<float>());
        // And the values are right: d/dh Σ h² = 2h, and x.grad = (2h ⊙ [h > 0]) · wᵀ.
        var hv = h.detach().ToArray<float>();
        for (int i = 0; i < hv.Length; i++) Assert.Equal(2 * hv[i], gh[i]);
        var expected = torch.matmul(h.detach() * 2f, w.detach().t()).ToArray<float>();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], gx[i], 1e-3f * (1 + Math.Abs(expected[i])));
    }

    [Fact]
    public void FanOutGradientsAreSummedCorrectly()
    {
        var x = Leaf(5, 100, 100);
        var h = x.tanh();
        // h feeds three consumers; their gradients meet in one pending buffer.
        (h * 2f + h * 3f + h.relu()).sum().backward();
        var xv = x.detach().ToArray<float>(); var g = x.grad!.ToArray<float>();
        for (int i = 0; i < xv.Length; i++)
        {
            float t = MathF.Tanh(xv[i]);
            float dh = 5f + (t > 0 ? 1f : 0f);
            Assert.Equal(dh * (1 - t * t), g[i], 1e-5f);
        }
    }

    [Fact]
    public void RetainGraphBackwardTwiceDoublesTheGradient()
    {
        var x = Leaf(6, 80, 80); var w = Leaf(7, 80, 80);
        var loss = torch.matmul(x, w).sigmoid().sum();
        loss.backward(retain_graph: true);
        var once = w.grad!.ToArray<float>();
        loss.backward();
        var twice = w.grad.ToArray<float>();
        for (int i = 0; i < once.Length; i++) Assert.Equal(2 * once[i], twice[i], 1e-5f * (1 + Math.Abs(twice[i])));
    }

    [Fact]
    public void AViewOfAConsumedGradientPassedOnIsNotRecycled()
    {
        // reshape's backward returns a view of its incoming gradient and passes it to matmul's node; recycling that
        // buffer early would let matmul's backward write its dx GEMM into the very gradient it is reading.
        var x = Leaf(8, 64, 128); var w = Leaf(9, 128, 128);
        var h = torch.matmul(x, w);
        (h.reshape(128, 64).tanh() * 2f).sum().backward();
        var dh = (1f - h.detach().tanh() * h.detach().tanh()) * 2f;
        var expectX = torch.matmul(dh, w.detach().t()).ToArray<float>();
        var expectW = torch.matmul(x.detach().t(), dh).ToArray<float>();
        var gx = x.grad!.ToArray<float>(); var gw = w.grad!.ToArray<float>();
        for (int i = 0; i < gx.Length; i++) Assert.Equal(expectX[i], gx[i], 1e-3f * (1 + Math.Abs(expectX[i])));
        for (int i = 0; i < gw.Length; i++) Assert.Equal(expectW[i], gw[i], 1e-3f * (1 + Math.Abs(expectW[i])));
    }
}
