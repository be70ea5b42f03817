using NotebookCourse.Tensors;

namespace NotebookCourse.Data;

/// <summary>
/// A mini-batch: the examples stacked along a new leading axis (N, then the example shape, e.g. NCHW),
/// and their labels. <see cref="X"/> and <see cref="y"/> give the same values as engine tensors, so a training loop
/// reads <c>foreach (var (X, y) in loader)</c>.
/// </summary>
/// <param name="Data">Values, row-major, shape <see cref="Shape"/>.</param>
/// <param name="Shape">(N, ...example shape).</param>
/// <param name="Labels">N labels.</param>
/// <param name="Indices">Dataset indices of the N examples (useful to show which images went wrong).</param>
public sealed record Batch(float[] Data, int[] Shape, long[] Labels, int[] Indices)
{
    /// <summary>Number of examples N.</summary>
    public int Size => Labels.Length;

    /// <summary>
    /// The examples as a float32 tensor of shape <see cref="Shape"/> (NCHW for images). It shares memory with
    /// <see cref="Data"/> (no copy), so an in-place change of one shows in the other.
    /// </summary>
    public Tensor X => new(Data, (int[])Shape.Clone());

    /// <summary>The labels as an int64 tensor of shape (N), sharing memory with <see cref="Labels"/>.</summary>
    public Tensor y => new(Labels, [Labels.Length]);

    /// <summary>Lets a loop or an assignment take the batch apart: <c>var (X, y) = batch;</c>.</summary>
    public void Deconstruct(out Tensor X, out Tensor y)
    {
        X = this.X;
        y = this.y;
    }

    /// <summary>
    /// Stacks examples of one shape into a batch (what the loader does for every batch).
    /// </summary>
    /// <param name="samples">The examples, in batch order.</param>
    /// <param name="indices">Their dataset indices (same length as <paramref name="samples"/>).</param>
    public static Batch Collate(IReadOnlyList<Sample> samples, int[] indices) => Collate(samples, indices, "Batch.Collate");

    internal static Batch Collate(IReadOnlyList<Sample> samples, int[] indices, string op)
    {
        if (samples.Count != indices.Length)
            throw new ArgumentException($"{op}: {samples.Count} samples but {indices.Length} indices");
        int n = samples.Count;
        var labels = new long[n];
        if (n == 0) return new Batch([], [0], labels, indices);
        var shape = samples[0].Shape;
        int size = samples[0].Data.Length;
        var data = new float[(long)n * size];
        for (int i = 0; i < n; i++)
        {
            var s = samples[i];
            if (!s.Shape.AsSpan().SequenceEqual(shape))
            {
                throw new InvalidOperationException(
                    $"{op}: example {indices[i]} has shape ({string.Join(", ", s.Shape)}) but the batch started with ({string.Join(", ", shape)}); " +
                    "all examples in a batch need one shape (add a resize or crop transform)");
            }
            s.Data.AsSpan().CopyTo(data.AsSpan(i * size, size));
            labels[i] = s.Label;
        }
        return new Batch(data, [n, .. shape], labels, indices);
    }

    /// <inheritdoc />
    public override string ToString() => $"Batch(shape ({string.Join(", ", Shape)}), {Labels.Length} labels)";
}
