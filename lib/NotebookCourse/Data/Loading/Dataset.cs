using NotebookCourse.Tensors;

namespace NotebookCourse.Data;

/// <summary>
/// One example: its values (row-major, e.g. CHW for images), their shape, and an integer label.
/// <c>var (x, label) = train[0];</c> gives the values as a float32 tensor and the label as a number.
/// </summary>
/// <param name="Data">Values, row-major.</param>
/// <param name="Shape">Shape of one example, e.g. (1, 28, 28).</param>
/// <param name="Label">Class index (or -1 when the dataset has no labels).</param>
public readonly record struct Sample(float[] Data, int[] Shape, long Label)
{
    /// <summary>The values as a float32 tensor of shape <see cref="Shape"/>, sharing memory with <see cref="Data"/>.</summary>
    public Tensor x => new(Data, (int[])Shape.Clone());

    /// <summary>Takes the example apart into a tensor and its label: <c>var (x, label) = sample;</c>.</summary>
    public void Deconstruct(out Tensor x, out long label)
    {
        x = this.x;
        label = Label;
    }
}

/// <summary>
/// A map-style dataset in the PyTorch sense: a length and random access by index. Implementations must be safe to
/// call from a background thread (the loader prefetches), which holds for read-only in-memory data.
/// </summary>
public abstract class Dataset
{
    /// <summary>Number of examples.</summary>
    public abstract int Count { get; }

    /// <summary>The example at <paramref name="index"/> (0 ≤ index &lt; Count).</summary>
    public abstract Sample Get(int index);

    /// <summary>Same as <see cref="Get"/>.</summary>
    public Sample this[int index] => Get(index);

    /// <summary>A view of the first <paramref name="n"/> examples (or fewer when the dataset is smaller).</summary>
    public Dataset Take(int n) => new SubsetDataset(this, Enumerable.Range(0, Math.Min(Math.Max(n, 0), Count)).ToArray());

    /// <summary>A view of the given indices, in that order.</summary>
    public Dataset Subset(IReadOnlyList<int> indices) => new SubsetDataset(this, indices.ToArray());

    /// <summary>
    /// All examples stacked into one batch (use <see cref="Take"/> or <see cref="Subset"/> first for a part):
    /// <c>var (X, y) = train.Take(16).ToBatch();</c> gives X (16, 1, 28, 28) float32 and y (16) int64.
    /// An optional transform draws its randomness from <c>Rng.Derive(seed, index)</c>.
    /// </summary>
    public Batch ToBatch(ITransform? transform = null, ulong seed = 0)
    {
        var samples = new Sample[Count];
        var indices = new int[Count];
        for (int i = 0; i < samples.Length; i++)
        {
            indices[i] = i;
            samples[i] = transform is null ? Get(i) : transform.Apply(Get(i), Rng.Derive(seed, i));
        }
        return Batch.Collate(samples, indices, $"{GetType().Name}.ToBatch");
    }

    /// <summary>Throws a clear error when <paramref name="index"/> is out of range.</summary>
    protected void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"{GetType().Name}: index {index} is out of range for {Count} examples");
    }
}

/// <summary>A dataset over in-memory arrays: <c>n</c> examples of one shape stored back to back.</summary>
/// <example><code>var ds = new ArrayDataset(points, [2], labels);  // points.Length == 2 * labels.Length</code></example>
public sealed class ArrayDataset : Dataset
{
    private readonly float[] _data;
    private readonly int[] _shape;
    private readonly long[] _labels;
    private readonly int _size;

    /// <summary>Wraps <paramref name="data"/> (n × prod(shape) values) and n labels.</summary>
    public ArrayDataset(float[] data, int[] sampleShape, long[] labels)
    {
        _size = 1;
        foreach (var d in sampleShape) _size *= d;
        if (_size <= 0) throw new ArgumentException($"ArrayDataset: sample shape ({string.Join(", ", sampleShape)}) must have positive dimensions");
        if (data.Length != (long)_size * labels.Length)
            throw new ArgumentException($"ArrayDataset: {labels.Length} labels × shape ({string.Join(", ", sampleShape)}) needs {(long)_size * labels.Length} values, got {data.Length}");
        _data = data; _shape = sampleShape; _labels = labels;
    }

    /// <inheritdoc />
    public override int Count => _labels.Length;

    /// <inheritdoc />
    public override Sample Get(int index)
    {
        CheckIndex(index);
        return new Sample(_data.AsSpan(index * _size, _size).ToArray(), (int[])_shape.Clone(), _labels[index]);
    }
}

internal sealed class SubsetDataset(Dataset inner, int[] indices) : Dataset
{
    public override int Count => indices.Length;

    public override Sample Get(int index)
    {
        CheckIndex(index);
        return inner.Get(indices[index]);
    }
}
