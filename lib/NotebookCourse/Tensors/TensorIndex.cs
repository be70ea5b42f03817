namespace NotebookCourse.Tensors;

/// <summary>One entry of a tensor indexer: an integer (selects and drops the dim) or a range (slices, keeps the dim).</summary>
public readonly struct TensorIndex
{
    internal readonly int Index;
    internal readonly Range? Slice;
    private TensorIndex(int i) { Index = i; Slice = null; }
    private TensorIndex(Range r) { Index = 0; Slice = r; }

    /// <summary>An integer index (negative counts from the end).</summary>
    public static implicit operator TensorIndex(int i) => new(i);
    /// <summary>An index from the end such as <c>^1</c> (the last element).</summary>
    public static implicit operator TensorIndex(Index i) =>
        !i.IsFromEnd ? new(i.Value) : i.Value > 0 ? new(-i.Value) : throw new ArgumentOutOfRangeException(null, "index: ^0 points past the end; the last element is ^1");
    /// <summary>A range such as <c>..</c>, <c>1..3</c> or <c>^2..</c>.</summary>
    public static implicit operator TensorIndex(Range r) => new(r);
}

public sealed partial class Tensor
{
    /// <summary>
    /// NumPy-style indexing returning a view: <c>x[0]</c>, <c>x[.., 1]</c>, <c>x[1..3, ^1]</c>. Assigning copies into the view:
    /// <c>x[0] = torch.zeros(4)</c> (inside no_grad when x requires grad).
    /// </summary>
    public Tensor this[params TensorIndex[] indices]
    {
        get => Index(indices);
        set => Index(indices).copy_(value);
    }

    private Tensor Index(TensorIndex[] indices)
    {
        if (indices.Length > _shape.Length)
            throw new ArgumentOutOfRangeException(null, $"index: {indices.Length} indices for a tensor with {_shape.Length} dims of shape {ShapeUtil.Format(_shape)}");
        Tensor r = this;
        int d = 0;
        foreach (var ix in indices)
        {
            if (ix.Slice is { } rg)
            {
                var (start, length) = rg.GetOffsetAndLength(r._shape[d]);
                r = r.slice(d, start, start + length);
                d++;
            }
            else r = r.select(d, ix.Index);
        }
        return r;
    }
}
