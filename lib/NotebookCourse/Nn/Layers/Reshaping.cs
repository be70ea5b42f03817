using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>Returns its input unchanged (a placeholder, e.g. to remove a layer from a pretrained model). Shape: any → same.</summary>
public sealed class Identity : Module
{
    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => x;
}

/// <summary>
/// Flattens dims startDim..endDim into one (default: everything but the batch dim), e.g. (N, 16, 5, 5) → (N, 400).
/// Args: startDim = 1, endDim = −1. Example: <c>nn.Sequential(nn.Conv2d(1, 6, 5), nn.Flatten(), nn.Linear(6 * 24 * 24, 10))</c>.
/// </summary>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module
{
    /// <summary>First flattened dim.</summary>
    public int start_dim { get; } = startDim;
    /// <summary>Last flattened dim.</summary>
    public int end_dim { get; } = endDim;
    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => x.flatten(start_dim, end_dim);
    /// <inheritdoc/>
    public override string extra_repr() => $"start_dim={start_dim}, end_dim={end_dim}";
}

/// <summary>
/// Splits dim <c>dim</c> into <c>unflattenedSize</c>, e.g. Unflatten(1, (1, 28, 28)) turns (N, 784) into (N, 1, 28, 28).
/// Shape: (…, prod(sizes), …) → (…, *sizes, …).
/// </summary>
public sealed class Unflatten(int dim, params int[] unflattenedSize) : Module
{
    /// <summary>The dim that is split.</summary>
    public int dim { get; } = dim;
    /// <summary>The sizes it is split into.</summary>
    public int[] unflattened_size { get; } = (int[])unflattenedSize.Clone();

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        int d = ShapeUtil.NormDim(dim, x.dim(), "Unflatten");
        int prod = ShapeUtil.Numel(unflattened_size);
        if (Array.IndexOf(unflattened_size, -1) < 0 && prod != x._shape[d])
            throw new ArgumentException($"Unflatten: dim {dim} of input {ShapeUtil.Format(x._shape)} has size {x._shape[d]}, which cannot be split into {ShapeUtil.Format(unflattened_size)} ({prod} elements)");
        var shape = new List<int>(x._shape[..d]);
        shape.AddRange(unflattened_size);
        shape.AddRange(x._shape[(d + 1)..]);
        return x.reshape(shape.ToArray());
    }

    /// <inheritdoc/>
    public override string extra_repr() => $"dim={dim}, unflattened_size={ShapeUtil.Format(unflattened_size)}";
}
