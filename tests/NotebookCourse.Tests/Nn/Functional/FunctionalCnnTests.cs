using NotebookCourse.Data;
using NotebookCourse.Tensors;
using F = NotebookCourse.torch.nn.functional;

namespace NotebookCourse.Tests.Nn.Functional;

/// <summary>The functional ops working together: a small CNN written with them overfits 64 real Fashion-MNIST images.</summary>
public class FunctionalCnnTests
{
    const string Dir = "/usr/share/datasets/fashion-mnist";

    [Fact]
    public void SmallCnnOverfitsOneBatchOfFashionMnist()
    {
        string img = Path.Combine(Dir, "t10k-images-idx3-ubyte.gz"), lab = Path.Combine(Dir, "t10k-labels-idx1-ubyte.gz");
        if (!File.Exists(img))
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "Fashion-MNIST is missing under CI (Debian package dataset-fashion-mnist)");
            return;
        }
        var ds = FashionMnist.FromFiles(img, lab, train: false);
        const int n = 64;
        var data = new float[n * 784];
        var labels = new long[n];
        for (int i = 0; i < n; i++) { var s = ds[i]; s.Data.CopyTo(data, i * 784); labels[i] = s.Label; }
        var x = torch.tensor(data, n, 1, 28, 28);
        var y = torch.tensor(labels, n);

        var gen = new torch.Generator(5);
        Tensor Param(float std, params int[] shape) => (torch.randn(shape, gen) * std).detach().requires_grad_();
        var w1 = Param(MathF.Sqrt(2f / 9), 8, 1, 3, 3); var b1 = torch.zeros([8], requires_grad: true);
        var g1 = torch.ones([8], requires_grad: true); var be1 = torch.zeros([8], requires_grad: true);
        var w2 = Param(MathF.Sqrt(2f / 72), 16, 8, 3, 3); var b2 = torch.zeros([16], requires_grad: true);
        var w3 = Param(MathF.Sqrt(1f / 784), 10, 784); var b3 = torch.zeros([10], requires_grad: true);
        Tensor[] ps = [w1, b1, g1, be1, w2, b2, w3, b3];
        var vel = ps.Select(p => torch.zeros(p.shape)).ToArray();
        var rm = torch.zeros(8); var rv = torch.ones(8);

        Tensor Forward(bool training)
        {
            var h = F.conv2d(x, w1, b1, padding: 1);                          // (64, 8, 28, 28)
            h = F.relu(F.batch_norm(h, rm, rv, g1, be1, training: training));
            h = F.max_pool2d(h, 2);                                           // (64, 8, 14, 14)
            h = F.relu(F.conv2d(h, w2, b2, stride: 2, padding: 1));           // (64, 16, 7, 7)
            return F.linear(h.flatten(1), w3, b3);                            // (64, 10)
        }

        float first = 0, last = 0;
        for (int step = 0; step < 15; step++)
        {
            var loss = F.cross_entropy(Forward(true), y);
            if (step == 0) first = loss.item();
            last = loss.item();
            foreach (var p in ps) p.grad = null;
            loss.backward();
            using (torch.no_grad())
                for (int i = 0; i < ps.Length; i++)
                {
                    vel[i].mul_(0.9f).add_(ps[i].grad!);
                    ps[i].sub_(vel[i] * 0.1f);
                }
        }
        Tensor logits;
        using (torch.no_grad()) logits = Forward(true);
        long correct = logits.argmax(1).eq(y).sum().item<long>();
        Assert.True(correct == n, $"training accuracy {correct}/{n} after 15 steps (loss {first:F3} → {last:F4})");
        Assert.True(last < 0.05f * first, $"loss only went from {first} to {last}");
    }
}
