using NotebookCourse.Data;
using NotebookCourse.Nn;
using NotebookCourse.Optim;
using NotebookCourse.Runtime;
using NotebookCourse.Tensors;

namespace NotebookCourse.Training;

/// <summary>
/// The classification loop that notebook 02 writes out by hand, packaged for later notebooks: one training epoch,
/// an evaluation pass and predictions. The loss defaults to <c>nn.functional.cross_entropy</c> on logits.
/// </summary>
/// <example><code>
/// for (int epoch = 0; epoch &lt; 5; epoch++)
/// {
///     var train = Trainer.TrainEpoch(model, trainLoader, optimizer);
///     var test = Trainer.Evaluate(model, testLoader);
///     Console.WriteLine($"{epoch}: {train} | {test}");
/// }
/// </code></example>
public static class Trainer
{
    /// <summary>
    /// One pass over <paramref name="loader"/> in training mode: forward, loss, backward, optimizer step per batch.
    /// <paramref name="onStep"/> gets (step index within the epoch, batch loss) after every step, e.g. to feed a live
    /// plot. Checks for a notebook interrupt once per batch and stops with a clear error if the loss becomes NaN/∞.
    /// </summary>
    public static EpochStats TrainEpoch(Module model, IEnumerable<Batch> loader, Optimizer optimizer,
        Func<Tensor, Tensor, Tensor>? lossFn = null, Action<int, float>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(model); ArgumentNullException.ThrowIfNull(loader); ArgumentNullException.ThrowIfNull(optimizer);
        lossFn ??= DefaultLoss;
        model.train();
        var stepLosses = new List<float>();
        double lossSum = 0; int correct = 0, samples = 0, step = 0;
        foreach (var (X, y) in loader)
        {
            NotebookHost.ThrowIfCancelled();
            optimizer.zero_grad();
            var logits = model.forward(X);
            var loss = lossFn(logits, y);
            float value = loss.item<float>();
            if (!float.IsFinite(value))
                throw new InvalidOperationException($"Trainer.TrainEpoch: the loss became {value} at step {step}; lower the learning rate or normalize the inputs");
            loss.backward();
            optimizer.step();
            int n = y.size(0);
            lossSum += value * (double)n; samples += n;
            correct += CountCorrect(logits, y);
            stepLosses.Add(value);
            onStep?.Invoke(step++, value);
        }
        return new EpochStats(samples == 0 ? 0 : lossSum / samples, samples == 0 ? 0 : correct / (double)samples, samples, stepLosses);
    }

    /// <summary>
    /// Mean loss and accuracy over <paramref name="loader"/> in evaluation mode without building a graph; the model's
    /// previous train/eval mode is restored afterwards.
    /// </summary>
    public static EpochStats Evaluate(Module model, IEnumerable<Batch> loader, Func<Tensor, Tensor, Tensor>? lossFn = null)
    {
        ArgumentNullException.ThrowIfNull(model); ArgumentNullException.ThrowIfNull(loader);
        lossFn ??= DefaultLoss;
        bool wasTraining = model.training;
        model.eval();
        try
        {
            double lossSum = 0; int correct = 0, samples = 0;
            using (torch.no_grad())
            {
                foreach (var (X, y) in loader)
                {
                    NotebookHost.ThrowIfCancelled();
                    var logits = model.forward(X);
                    int n = y.size(0);
                    lossSum += lossFn(logits, y).item<float>() * (double)n;
                    correct += CountCorrect(logits, y);
                    samples += n;
                }
            }
            return new EpochStats(samples == 0 ? 0 : lossSum / samples, samples == 0 ? 0 : correct / (double)samples, samples, []);
        }
        finally { model.train(wasTraining); }
    }

    /// <summary>Predicted class and its softmax probability for every example of <paramref name="loader"/> (evaluation mode, no graph).</summary>
    public static Predictions Predict(Module model, IEnumerable<Batch> loader)
    {
        ArgumentNullException.ThrowIfNull(model); ArgumentNullException.ThrowIfNull(loader);
        bool wasTraining = model.training;
        model.eval();
        var indices = new List<int>(); var targets = new List<long>(); var predicted = new List<long>(); var confidence = new List<float>();
        try
        {
            using (torch.no_grad())
            {
                foreach (var batch in loader)
                {
                    NotebookHost.ThrowIfCancelled();
                    var logits = model.forward(batch.X);
                    if (logits.dim() != 2)
                        throw new ArgumentException($"Trainer.Predict: the model must return logits (N, C), got ({string.Join(", ", logits.shape)})");
                    var probs = logits.softmax(1);
                    var best = probs.argmax(1).ToArray<long>();
                    var p = probs.ToArray<float>();
                    int C = logits.size(1);
                    for (int i = 0; i < best.Length; i++)
                    {
                        indices.Add(batch.Indices[i]); targets.Add(batch.Labels[i]);
                        predicted.Add(best[i]); confidence.Add(p[i * C + (int)best[i]]);
                    }
                }
            }
        }
        finally { model.train(wasTraining); }
        return new Predictions(indices.ToArray(), targets.ToArray(), predicted.ToArray(), confidence.ToArray());
    }

    private static Tensor DefaultLoss(Tensor logits, Tensor y) => torch.nn.functional.cross_entropy(logits, y);

    // Accuracy only makes sense for classifier outputs (N, C) with class-index targets; other losses report 0.
    private static int CountCorrect(Tensor logits, Tensor y) =>
        logits.dim() == 2 && y.dim() == 1 && y.dtype == DType.int64 && logits.size(0) == y.size(0) ? Metrics.CountCorrect(logits, y) : 0;
}
