namespace NotebookCourse.Data;

/// <summary>
/// A mini-batch: the examples stacked along a new leading axis (N, then the example shape, e.g. NCHW),
/// and their labels. Phase 2 turns <see cref="Data"/> into a float32 Tensor.
/// </summary>
/// <param name="Data">Values, row-major, shape <see cref="Shape"/>.</param>
/// <param name="Shape">(N, ...example shape).</param>
/// <param name="Labels">N labels.</param>
/// <param name="Indices">Dataset indices of the N examples (useful to show which images went wrong).</param>
public sealed record Batch(float[] Data, int[] Shape, long[] Labels, int[] Indices)
{
    /// <summary>Number of examples N.</summary>
    public int Size => Labels.Length;

    /// <inheritdoc />
    public override string ToString() => $"Batch(shape ({string.Join(", ", Shape)}), {Labels.Length} labels)";
}
