using NotebookCourse.Tensors;
using NotebookCourse.Training;
using Xunit;

namespace NotebookCourse.Tests.Training;

public class MetricsTests
{
    [Fact]
    public void ConfusionMatrixCountsRealClassByRow()
    {
        long[] t = [0, 0, 1, 2, 2, 2];
        long[] p = [0, 1, 1, 2, 0, 2];
        var m = Metrics.ConfusionMatrix(t, p, 3);
        int[,] expected = { { 1, 1, 0 }, { 0, 1, 0 }, { 1, 0, 2 } };
        Assert.Equal(expected, m);
    }

    [Fact]
    public void ConfusionMatrixRejectsLabelsOutsideTheClasses()
    {
        var e = Assert.Throws<ArgumentException>(() => Metrics.ConfusionMatrix([0, 3], [0, 1], 3));
        Assert.Contains("example 1", e.Message);
        Assert.Contains("target 3", e.Message);
        Assert.Throws<ArgumentException>(() => Metrics.ConfusionMatrix([0, 1], [0], 3));
    }

    [Fact]
    public void PredictionsAccuracyPerClassAndMistakesMostConfidentFirst()
    {
        var p = new Predictions([10, 11, 12, 13, 14], [0, 1, 1, 2, 2], [0, 2, 1, 0, 2], [0.9f, 0.6f, 0.8f, 0.95f, 0.5f]);
        Assert.Equal(3, p.Correct);
        Assert.Equal(0.6, p.Accuracy, 12);
        Assert.Equal(new[] { 1.0, 0.5, 0.5 }, p.PerClassAccuracy(3));
        Assert.Equal(new[] { 3, 1 }, p.Mistakes());
        Assert.Equal(new[] { 3 }, p.Mistakes(max: 1));
        Assert.True(double.IsNaN(p.PerClassAccuracy(4)[3]));
    }

    [Fact]
    public void AccuracyFromLogits()
    {
        var logits = torch.tensor(new float[,] { { 2, 1 }, { 0, 3 }, { 5, -1 }, { 0, 0.5f } });
        var y = torch.tensor(new long[] { 0, 1, 1, 0 });
        Assert.Equal(0.5, Metrics.Accuracy(logits, y), 12);
        Assert.Equal(2, Metrics.CountCorrect(logits, y));
        Assert.Throws<ArgumentException>(() => Metrics.Accuracy(logits, torch.tensor(new long[] { 0, 1 })));
    }
}
