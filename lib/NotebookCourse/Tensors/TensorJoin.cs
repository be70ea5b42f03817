using NotebookCourse.Autograd;

namespace NotebookCourse.Tensors;

/// <summary>cat / stack / split / chunk (split and chunk return views).</summary>
public sealed partial class Tensor
{
    /// <summary>Splits into pieces of <paramref name="split_size"/> along a dim (the last may be smaller).</summary>
    public Tensor[] split(int split_size, int dim = 0)
    {
        int d = ShapeUtil.NormDim(dim, _shape.Length, "split");
        if (split_size <= 0) throw new ArgumentException($"split: split_size must be positive, got {split_size}");
        var parts = new List<Tensor>();
        for (int s = 0; s < _shape[d]; s += split_size) parts.Add(narrow(d, s, Math.Min(split_size, _shape[d] - s)));
        return parts.ToArray();
    }

    /// <summary>Splits into pieces of the given sizes (they must add up to the dim's size).</summary>
    public Tensor[] split(int[] sizes, int dim = 0)
    {
        int d = ShapeUtil.NormDim(dim, _shape.Length, "split");
        int total = 0; foreach (var s in sizes) total += s;
        if (total != _shape[d]) throw new ArgumentException($"split: sizes {ShapeUtil.Format(sizes)} add up to {total}, but dim {d} has size {_shape[d]}");
        var parts = new Tensor[sizes.Length];
        for (int i = 0, at = 0; i < sizes.Length; at += sizes[i], i++) parts[i] = narrow(d, at, sizes[i]);
        return parts;
    }

    /// <summary>Splits into <paramref name="chunks"/> nearly equal pieces along a dim.</summary>
    public Tensor[] chunk(int chunks, int dim = 0)
    {
        if (chunks <= 0) throw new ArgumentException($"chunk: chunks must be positive, got {chunks}");
        int d = ShapeUtil.NormDim(dim, _shape.Length, "chunk");
        return split(Math.Max(1, (_shape[d] + chunks - 1) / chunks), d);
    }

    /// <summary>Concatenates along an existing dim; the other dims must match.</summary>
    [DifferentiableOp("cat")]
    internal static Tensor Cat(Tensor[] tensors, int dim)
    {
        if (tensors.Length == 0) throw new ArgumentException("cat: expects a non-empty list of tensors");
        var first = tensors[0];
        int nd = first._shape.Length;
        if (nd == 0) throw new ArgumentException("cat: zero-dim tensors cannot be concatenated; use torch.stack");
        int d = ShapeUtil.NormDim(dim, nd, "cat");
        var dtype = first.dtype;
        foreach (var t in tensors) if (t.dtype == DType.float32) dtype = DType.float32;
        int total = 0;
        for (int i = 0; i < tensors.Length; i++)
        {
            var s = tensors[i]._shape;
            bool ok = s.Length == nd;
            for (int k = 0; ok && k < nd; k++) if (k != d && s[k] != first._shape[k]) ok = false;
            if (!ok) throw new ArgumentException($"cat: tensor {i} has shape {ShapeUtil.Format(s)} but tensor 0 has {ShapeUtil.Format(first._shape)}; all dims except dim {d} must match");
            total += s[d];
        }
        var outShape = (int[])first._shape.Clone(); outShape[d] = total;
        var r = Empty(dtype, outShape);
        var inputs = new Tensor[tensors.Length];
        var sizes = new int[tensors.Length];
        for (int i = 0, at = 0; i < tensors.Length; i++)
        {
            inputs[i] = tensors[i].to(dtype);
            sizes[i] = tensors[i]._shape[d];
            using (GradMode.Disable()) r.narrow(d, at, sizes[i]).CopyRaw(inputs[i]);
            at += sizes[i];
        }
        if (dtype != DType.float32) return r;
        return Function.Record("cat", r, inputs, g =>
        {
            var grads = new Tensor?[inputs.Length];
            for (int i = 0, at = 0; i < inputs.Length; at += sizes[i], i++) grads[i] = g.narrow(d, at, sizes[i]);
            return grads;
        });
    }

    /// <summary>copy_ without the in-place guards, for filling freshly allocated outputs.</summary>
    private void CopyRaw(Tensor src)
    {
        switch (dtype)
        {
            case DType.float32: Strided.Scatter(src.SpanF(), F, offset, _shape, _strides); break;
            case DType.int64: Strided.Scatter(src.SpanL(), L, offset, _shape, _strides); break;
            default: Strided.Scatter(src.SpanB(), B, offset, _shape, _strides); break;
        }
    }

    /// <summary>Stacks equal-shaped tensors along a new dim.</summary>
    internal static Tensor Stack(Tensor[] tensors, int dim)
    {
        if (tensors.Length == 0) throw new ArgumentException("stack: expects a non-empty list of tensors");
        var s0 = tensors[0]._shape;
        for (int i = 1; i < tensors.Length; i++)
            if (!ShapeUtil.SameShape(tensors[i]._shape, s0))
                throw new ArgumentException($"stack: tensor {i} has shape {ShapeUtil.Format(tensors[i]._shape)} but tensor 0 has {ShapeUtil.Format(s0)}; all must match");
        var parts = new Tensor[tensors.Length];
        for (int i = 0; i < parts.Length; i++) parts[i] = tensors[i].unsqueeze(dim);
        return Cat(parts, dim);
    }
}
