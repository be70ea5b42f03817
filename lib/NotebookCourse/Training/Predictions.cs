using NotebookCourse.Tensors;

namespace NotebookCourse.Training;

/// <summary>
/// A classifier's answers on a dataset: for each example (in loader order) its dataset index, true label,
/// predicted class and the softmax probability of that prediction. Accuracy, confusion matrix and the list of
/// mistakes are computed from these arrays.
/// </summary>
/// <example><code>var p = Trainer.Predict(model, testLoader); Plot.ConfusionMatrix(p.ConfusionMatrix(10), FashionMnist.ClassNames);</code></example>
public sealed class Predictions
{
    /// <summary>Dataset index of each example.</summary>
    public int[] Indices { get; }
    /// <summary>True label of each example.</summary>
    public long[] Targets { get; }
    /// <summary>Predicted class (argmax of the logits) of each example.</summary>
    public long[] Predicted { get; }
    /// <summary>Softmax probability the model gave to its predicted class.</summary>
    public float[] Confidence { get; }

    /// <summary>Wraps parallel arrays; they must have the same length.</summary>
    public Predictions(int[] indices, long[] targets, long[] predicted, float[] confidence)
    {
        int n = targets.Length;
        if (indices.Length != n || predicted.Length != n || confidence.Length != n)
            throw new ArgumentException($"Predictions: arrays must have the same length, got indices {indices.Length}, targets {n}, predicted {predicted.Length}, confidence {confidence.Length}");
        Indices = indices; Targets = targets; Predicted = predicted; Confidence = confidence;
    }

    /// <summary>Number of examples.</summary>
    public int Count => Targets.Length;

    /// <summary>Fraction of examples whose prediction equals the label (0 for an empty set).</summary>
    public double Accuracy => Count == 0 ? 0 : Correct / (double)Count;

    /// <summary>Number of correct predictions.</summary>
    public int Correct
    {
        get { int c = 0; for (int i = 0; i < Count; i++) if (Targets[i] == Predicted[i]) c++; return c; }
    }

    /// <summary>Counts[true, predicted] over <paramref name="numClasses"/> classes; rows are the real class.</summary>
    public int[,] ConfusionMatrix(int numClasses) => Metrics.ConfusionMatrix(Targets, Predicted, numClasses);

    /// <summary>Accuracy of each class (recall): correct / examples of that class; NaN for a class with no examples.</summary>
    public double[] PerClassAccuracy(int numClasses)
    {
        var m = ConfusionMatrix(numClasses);
        var acc = new double[numClasses];
        for (int c = 0; c < numClasses; c++)
        {
            int total = 0;
            for (int p = 0; p < numClasses; p++) total += m[c, p];
            acc[c] = total == 0 ? double.NaN : m[c, c] / (double)total;
        }
        return acc;
    }

    /// <summary>Positions (into these arrays) of the mistakes, most confident first, at most <paramref name="max"/>.</summary>
    public int[] Mistakes(int max = int.MaxValue)
    {
        var wrong = new List<int>();
        for (int i = 0; i < Count; i++) if (Targets[i] != Predicted[i]) wrong.Add(i);
        return wrong.OrderByDescending(i => Confidence[i]).ThenBy(i => i).Take(Math.Max(0, max)).ToArray();
    }
}
