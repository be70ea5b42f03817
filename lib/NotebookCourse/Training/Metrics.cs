using NotebookCourse.Tensors;

namespace NotebookCourse.Training;

/// <summary>Classification metrics on label arrays.</summary>
public static class Metrics
{
    /// <summary>
    /// Counts[t, p] = number of examples with true class t predicted as p. Labels must lie in [0, numClasses).
    /// </summary>
    public static int[,] ConfusionMatrix(IReadOnlyList<long> targets, IReadOnlyList<long> predicted, int numClasses)
    {
        if (numClasses <= 0) throw new ArgumentException($"ConfusionMatrix: numClasses must be positive, got {numClasses}");
        if (targets.Count != predicted.Count)
            throw new ArgumentException($"ConfusionMatrix: {targets.Count} targets but {predicted.Count} predictions; pass one prediction per example");
        var m = new int[numClasses, numClasses];
        for (int i = 0; i < targets.Count; i++)
        {
            long t = targets[i], p = predicted[i];
            if (t < 0 || t >= numClasses || p < 0 || p >= numClasses)
                throw new ArgumentException($"ConfusionMatrix: example {i} has target {t} and prediction {p}, outside [0, {numClasses}); check numClasses");
            m[t, p]++;
        }
        return m;
    }

    /// <summary>Fraction of rows of <paramref name="logits"/> (N, C) whose argmax equals <paramref name="targets"/> (N); 0 when N = 0.</summary>
    public static double Accuracy(Tensor logits, Tensor targets)
    {
        int correct = CountCorrect(logits, targets);   // also validates the shapes
        return targets.size(0) == 0 ? 0 : correct / (double)targets.size(0);
    }

    /// <summary>Number of rows of <paramref name="logits"/> (N, C) whose argmax equals <paramref name="targets"/> (N).</summary>
    public static int CountCorrect(Tensor logits, Tensor targets)
    {
        if (logits.dim() != 2 || targets.dim() != 1 || logits.size(0) != targets.size(0))
            throw new ArgumentException($"Accuracy: expects logits (N, C) and targets (N), got ({string.Join(", ", logits.shape)}) and ({string.Join(", ", targets.shape)})");
        var pred = logits.argmax(1).ToArray<long>();
        var t = targets.ToArray<long>();
        int c = 0;
        for (int i = 0; i < t.Length; i++) if (pred[i] == t[i]) c++;
        return c;
    }
}
