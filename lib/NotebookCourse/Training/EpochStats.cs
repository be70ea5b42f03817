namespace NotebookCourse.Training;

/// <summary>
/// What one pass over a loader measured: mean loss and accuracy over all examples (weighted by batch size),
/// the number of examples, and the loss of every optimisation step (empty for an evaluation pass).
/// </summary>
public sealed record EpochStats(double Loss, double Accuracy, int Samples, IReadOnlyList<float> StepLosses)
{
    /// <inheritdoc/>
    public override string ToString() => $"pérdida {Loss:F4}, exactitud {Accuracy:P2} ({Samples} ejemplos)";
}
