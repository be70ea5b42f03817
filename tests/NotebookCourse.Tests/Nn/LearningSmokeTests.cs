using NotebookCourse.Data;
using NotebookCourse.Data.Hub;
using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using static NotebookCourse.torch;
using F = NotebookCourse.torch.nn.functional;

namespace NotebookCourse.Tests.Nn;

/// <summary>Modules + optimizers actually learn: XOR, overfitting real Fashion-MNIST images, and reproducible training.</summary>
[Collection("default generator")]
public class LearningSmokeTests
{
    [Fact]
    public void MlpModuleSolvesXor()
    {
        manual_seed(0);
        var x = torch.tensor(new float[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } });
        var y = torch.tensor(new[] { 0f, 1, 1, 0 }, 4, 1);
        var net = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1));
        var opt = optim.SGD(net.parameters(), lr: 0.5, momentum: 0.9);
        float first = 0, last = 0;
        for (int step = 0; step < 300; step++)
        {
            var loss = F.binary_cross_entropy_with_logits(net.call(x), y);
            opt.zero_grad();
            loss.backward();
            opt.step();
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        Assert.True(last < 0.05f, $"XOR loss went from {first} to {last}");
        using (no_grad()) Assert.Equal(new[] { false, true, true, false }, net.call(x).gt(0f).ToArray<bool>());
    }

    private static (Tensor x, Tensor y)? FashionBatch(int n)
    {
        bool present = DataManifest.Embedded["fashion-mnist"].SystemPaths.Any(d => File.Exists(Path.Combine(d, "t10k-images-idx3-ubyte.gz")));
        if (!present)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
                Assert.Fail("Fashion-MNIST files are missing under CI: the setup must install the Debian package dataset-fashion-mnist");
            return null;
        }
        var hub = new DataHub(cacheDir: Path.Combine(Path.GetTempPath(), "nc-nn-no-cache-" + Environment.ProcessId)) { AllowDownload = false };
        var ds = FashionMnist.Load(train: false, hub); // the 10,000-image split: quicker to read and verify
        var pixels = new float[n * 28 * 28];
        var labels = new long[n];
        for (int i = 0; i < n; i++) { var s = ds[i]; s.Data.CopyTo(pixels, i * 784); labels[i] = s.Label; }
        return (torch.tensor(pixels, n, 1, 28, 28), torch.tensor(labels, n));
    }

    [Fact]
    public void SmallCnnOverfitsOneBatchOfRealFashionMnist()
    {
        if (FashionBatch(64) is not var (x, y)) return;
        Assert.True(y.ToArray<long>().Distinct().Count() >= 8, "the first 64 images should cover most classes");
        manual_seed(0);
        var net = nn.Sequential(
            ("conv1", nn.Conv2d(1, 8, kernelSize: 3, padding: 1)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
            ("conv2", nn.Conv2d(8, 16, kernelSize: 3, padding: 1)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
            ("flat", nn.Flatten()), ("fc", nn.Linear(16 * 7 * 7, 10)));
        var opt = optim.Adam(net.parameters(), lr: 1e-2);
        float acc = 0, loss = 0;
        int step = 0;
        for (; step < 60; step++)
        {
            var logits = net.call(x);
            acc = logits.argmax(1).eq(y).@float().mean().item();
            if (acc == 1f) break; // measured on the current weights, before any further update
            var l = F.cross_entropy(logits, y);
            opt.zero_grad();
            l.backward();
            opt.step();
            loss = l.item();
        }
        Assert.True(acc == 1f, $"train accuracy on the batch reached {acc:P1} after {step} steps (last loss {loss})");
    }

    private static float[][] TrainTenSteps(long seed)
    {
        manual_seed(seed);
        var net = nn.Sequential(nn.Linear(6, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.3f), nn.Linear(16, 3));
        var opt = optim.AdamW(net.parameters(), lr: 1e-2);
        var g = new Generator(99); // the data stay fixed; only the model seed varies
        var x = torch.randn(new[] { 32, 6 }, g);
        var y = torch.randint(3, new[] { 32 }, g);
        for (int step = 0; step < 10; step++)
        {
            var loss = F.cross_entropy(net.call(x), y);
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
        return net.state_dict().Values.Select(t => t.ToArray<float>()).ToArray();
    }

    [Fact]
    public void SameSeedGivesIdenticalParametersAfterTenSteps()
    {
        var a = TrainTenSteps(7);
        var b = TrainTenSteps(7);
        var c = TrainTenSteps(8);
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i]);
        Assert.NotEqual(a[0], c[0]);
    }
}
