using NotebookCourse.Data;
using NotebookCourse.Tensors;
using NotebookCourse.Training;
using Xunit;

namespace NotebookCourse.Tests.Training;

public class TrainerTests
{
    // Two Gaussian-ish blobs in 2-D, separable by the sign of x0 + x1, drawn from a fixed generator.
    private static ArrayDataset Blobs(int n, long seed)
    {
        var g = new torch.Generator(seed);
        var pts = torch.randn(new[] { n, 2 }, g).ToArray<float>();
        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % 2;
            float shift = labels[i] == 1 ? 2f : -2f;
            pts[2 * i] += shift; pts[2 * i + 1] += shift;
        }
        return new ArrayDataset(pts, [2], labels);
    }

    [Fact]
    public void TrainEpochLearnsSeparableBlobsAndReportsEveryStep()
    {
        torch.manual_seed(0);
        var data = Blobs(200, 1);
        var loader = new DataLoader(data, batchSize: 32, shuffle: true, seed: 3);
        var model = torch.nn.Linear(2, 2);
        var opt = torch.optim.SGD(model.parameters(), lr: 0.2);
        var before = Trainer.Evaluate(model, new DataLoader(data, 50));
        var steps = new List<(int, float)>();
        EpochStats last = null!;
        for (int e = 0; e < 5; e++) last = Trainer.TrainEpoch(model, loader, opt, onStep: (s, l) => steps.Add((s, l)));
        var after = Trainer.Evaluate(model, new DataLoader(data, 50));

        Assert.Equal(200, last.Samples);
        Assert.Equal(loader.Count, last.StepLosses.Count);            // 7 batches, the last one of 8 examples
        Assert.Equal(5 * loader.Count, steps.Count);
        Assert.Equal(Enumerable.Range(0, loader.Count), steps.Skip(4 * loader.Count).Select(s => s.Item1));
        Assert.True(after.Loss < 0.5 * before.Loss, $"loss {before.Loss} -> {after.Loss}");
        Assert.True(after.Accuracy >= 0.95, $"accuracy {after.Accuracy}");
    }

    [Fact]
    public void TrainEpochTakesExactlyOneSgdStepPerBatch()
    {
        torch.manual_seed(4);
        var data = Blobs(8, 2);
        var model = torch.nn.Linear(2, 3);
        var w0 = model.weight.detach().clone();
        var b0 = model.bias!.detach().clone();
        var (X, y) = data.ToBatch();
        // Reference gradient computed by hand on copies of the parameters.
        var w = w0.clone().requires_grad_(); var b = b0.clone().requires_grad_();
        var refLoss = torch.nn.functional.cross_entropy(X.matmul(w.t()) + b, y);
        refLoss.backward();

        var stats = Trainer.TrainEpoch(model, new DataLoader(data, batchSize: 8), torch.optim.SGD(model.parameters(), lr: 0.5));

        Assert.Single(stats.StepLosses);
        Assert.Equal(refLoss.item<float>(), stats.StepLosses[0], 5);
        Assert.True(torch.allclose(model.weight.detach(), w0 - w.grad! * 0.5f, atol: 1e-6f));
        Assert.True(torch.allclose(model.bias!.detach(), b0 - b.grad! * 0.5f, atol: 1e-6f));
    }

    [Fact]
    public void EvaluateWeightsBatchesBySizeLeavesWeightsAndRestoresMode()
    {
        torch.manual_seed(5);
        var data = Blobs(37, 6);                                      // 37 = 3 batches of 16, 16 and 5
        var model = torch.nn.Linear(2, 2);
        var w0 = model.weight.detach().clone();
        var (X, y) = data.ToBatch();
        float expectedLoss = torch.nn.functional.cross_entropy(model.forward(X), y).item<float>();
        double expectedAcc = Metrics.Accuracy(model.forward(X), y);

        model.train();
        var stats = Trainer.Evaluate(model, new DataLoader(data, batchSize: 16));

        Assert.Equal(37, stats.Samples);
        Assert.Equal(expectedLoss, stats.Loss, 5);
        Assert.Equal(expectedAcc, stats.Accuracy, 10);
        Assert.Empty(stats.StepLosses);
        Assert.True(model.training);
        Assert.Equal(w0.ToArray<float>(), model.weight.detach().ToArray<float>());
        model.eval();
        Trainer.Evaluate(model, new DataLoader(data, batchSize: 16));
        Assert.False(model.training);
    }

    [Fact]
    public void PredictFollowsLoaderOrderWithSoftmaxConfidence()
    {
        torch.manual_seed(7);
        var data = Blobs(20, 8);
        var model = torch.nn.Linear(2, 3);
        var loader = new DataLoader(data, batchSize: 6, shuffle: true, seed: 9);
        var order = loader.Order(0);

        var p = Trainer.Predict(model, loader);

        Assert.Equal(order, p.Indices);
        var (X, y) = data.ToBatch();
        var probs = model.forward(X).softmax(1).ToArray<float>();
        var labels = y.ToArray<long>();
        for (int i = 0; i < p.Count; i++)
        {
            int idx = p.Indices[i];
            var row = probs.Skip(3 * idx).Take(3).ToArray();
            int best = Array.IndexOf(row, row.Max());
            Assert.Equal(best, p.Predicted[i]);
            Assert.Equal(row[best], p.Confidence[i], 5);
            Assert.Equal(labels[idx], p.Targets[i]);
        }
    }

    [Fact]
    public void NonFiniteLossStopsWithAnExplanation()
    {
        var data = new ArrayDataset([float.NaN, 1f, 0f, 1f], [2], [0, 1]);
        var model = torch.nn.Linear(2, 2);
        var e = Assert.Throws<InvalidOperationException>(() =>
            Trainer.TrainEpoch(model, new DataLoader(data, 2), torch.optim.SGD(model.parameters(), lr: 0.1)));
        Assert.Contains("NaN", e.Message);
        Assert.Contains("step 0", e.Message);
    }
}
