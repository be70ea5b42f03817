using NotebookCourse.Autograd;

namespace NotebookCourse.Tensors;

public sealed partial class Tensor
{
    private Tensor ViewOf(int[] shape, int[] strides, int off) => new(storage, shape, strides, off, dtype);

    /// <summary>Same data with a new shape (one dim may be -1). Needs a contiguous tensor; otherwise use <see cref="reshape"/>.</summary>
    [DifferentiableOp("view")]
    public Tensor view(params int[] shape)
    {
        var s = ShapeUtil.InferShape(shape, numel(), _shape, "view");
        if (!is_contiguous())
            throw new InvalidOperationException($"view: the tensor of shape {ShapeUtil.Format(_shape)} is not contiguous (strides {ShapeUtil.Format(_strides)}, e.g. after transpose or permute), so it cannot be viewed as {ShapeUtil.Format(s)}; use .reshape(...) or .contiguous().view(...)");
        var r = ViewOf(s, ShapeUtil.ContiguousStrides(s), offset);
        var inShape = _shape;
        return Function.Record("view", r, [this], g => [g.reshape(inShape)]);
    }

    /// <summary>Same data with a new shape; a view when possible, a copy when the layout requires one.</summary>
    public Tensor reshape(params int[] shape) => is_contiguous() ? view(shape) : contiguous().view(shape);

    /// <summary>Reorders dims: <c>x.permute(0, 2, 1)</c>. Always a view.</summary>
    [DifferentiableOp("permute")]
    public Tensor permute(params int[] dims)
    {
        int n = _shape.Length;
        if (dims.Length != n)
            throw new ArgumentException($"permute: got {dims.Length} dims {ShapeUtil.Format(dims)} for a tensor with {n} dims of shape {ShapeUtil.Format(_shape)}");
        var seen = new bool[n];
        var s = new int[n]; var st = new int[n]; var inv = new int[n];
        for (int i = 0; i < n; i++)
        {
            int d = ShapeUtil.NormDim(dims[i], n, "permute");
            if (seen[d]) throw new ArgumentException($"permute: dim {d} appears twice in {ShapeUtil.Format(dims)}");
            seen[d] = true; s[i] = _shape[d]; st[i] = _strides[d]; inv[d] = i;
        }
        return Function.Record("permute", ViewOf(s, st, offset), [this], g => [g.permute(inv)]);
    }

    /// <summary>Swaps two dims (a view).</summary>
    public Tensor transpose(int dim0, int dim1)
    {
        int n = _shape.Length;
        if (n == 0) return this;
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        int a = ShapeUtil.NormDim(dim0, n, "transpose"), b = ShapeUtil.NormDim(dim1, n, "transpose");
        (p[a], p[b]) = (p[b], p[a]);
        return permute(p);
    }

    /// <summary>Transpose of a matrix (≤ 2 dims).</summary>
    public Tensor t()
    {
        if (_shape.Length > 2) throw new ArgumentException($"t: expects a tensor with ≤ 2 dims, got shape {ShapeUtil.Format(_shape)}; use .transpose(dim0, dim1) or .mT");
        return _shape.Length < 2 ? this : transpose(0, 1);
    }

    /// <summary>Transpose of a matrix (≤ 2 dims), as a property like PyTorch's <c>x.T</c>.</summary>
    public Tensor T => t();

    /// <summary>Swaps the last two dims (batched matrix transpose).</summary>
    public Tensor mT => transpose(-2, -1);

    /// <summary>Broadcasts to a larger shape without copying (size-1 dims repeat; -1 keeps a size).</summary>
    [DifferentiableOp("expand")]
    public Tensor expand(params int[] sizes)
    {
        int n = sizes.Length, lead = n - _shape.Length;
        if (lead < 0) throw new ArgumentException($"expand: target {ShapeUtil.Format(sizes)} has fewer dims than the tensor's shape {ShapeUtil.Format(_shape)}");
        var s = new int[n]; var st = new int[n];
        for (int i = 0; i < n; i++)
        {
            int src = i - lead;
            int want = sizes[i];
            if (src < 0)
            {
                if (want < 0) throw new ArgumentException($"expand: -1 is not allowed for the new leading dim {i} in {ShapeUtil.Format(sizes)}");
                s[i] = want; st[i] = 0; continue;
            }
            int have = _shape[src];
            if (want == -1 || want == have) { s[i] = have; st[i] = _strides[src]; }
            else if (have == 1) { s[i] = want; st[i] = 0; }
            else throw new ArgumentException($"expand: the tensor of shape {ShapeUtil.Format(_shape)} cannot be expanded to {ShapeUtil.Format(sizes)} (dim {i} has size {have}, only size-1 dims can grow)");
        }
        var inShape = _shape;
        return Function.Record("expand", ViewOf(s, st, offset), [this], g => [Function.SumTo(g, inShape)]);
    }

    /// <summary>Expands to the shape of <paramref name="other"/>.</summary>
    public Tensor expand_as(Tensor other) => expand(other._shape);

    /// <summary>Removes all size-1 dims.</summary>
    public Tensor squeeze()
    {
        var s = new List<int>();
        foreach (var d in _shape) if (d != 1) s.Add(d);
        return s.Count == _shape.Length ? this : reshape(s.ToArray());
    }

    /// <summary>Removes dim <paramref name="dim"/> if its size is 1 (otherwise returns the tensor unchanged, like PyTorch).</summary>
    public Tensor squeeze(int dim)
    {
        if (_shape.Length == 0) return this;
        int d = ShapeUtil.NormDim(dim, _shape.Length, "squeeze");
        if (_shape[d] != 1) return this;
        var s = new int[_shape.Length - 1];
        for (int i = 0, j = 0; i < _shape.Length; i++) if (i != d) s[j++] = _shape[i];
        return reshape(s);
    }

    /// <summary>Inserts a size-1 dim at <paramref name="dim"/> (negative counts from the end of the result).</summary>
    public Tensor unsqueeze(int dim)
    {
        int n = _shape.Length + 1;
        int d = ShapeUtil.NormDim(dim, n, "unsqueeze");
        var s = new int[n];
        for (int i = 0, j = 0; i < n; i++) s[i] = i == d ? 1 : _shape[j++];
        return reshape(s);
    }

    /// <summary>Merges dims start..end into one (<c>x.flatten(1)</c> turns (N, C, H, W) into (N, C·H·W)).</summary>
    public Tensor flatten(int start_dim = 0, int end_dim = -1)
    {
        if (_shape.Length == 0) return reshape(1);
        int a = ShapeUtil.NormDim(start_dim, _shape.Length, "flatten"), b = ShapeUtil.NormDim(end_dim, _shape.Length, "flatten");
        if (a > b) throw new ArgumentException($"flatten: start_dim {start_dim} comes after end_dim {end_dim} for shape {ShapeUtil.Format(_shape)}");
        var s = new List<int>();
        for (int i = 0; i < a; i++) s.Add(_shape[i]);
        int m = 1; for (int i = a; i <= b; i++) m *= _shape[i];
        s.Add(m);
        for (int i = b + 1; i < _shape.Length; i++) s.Add(_shape[i]);
        return reshape(s.ToArray());
    }

    /// <summary>Elements start..start+length-1 along <paramref name="dim"/> (a view).</summary>
    public Tensor narrow(int dim, int start, int length)
    {
        int d = ShapeUtil.NormDim(dim, _shape.Length, "narrow");
        if (start < 0) start += _shape[d];
        if (start < 0 || length < 0 || start + length > _shape[d])
            throw new ArgumentException($"narrow: start {start} with length {length} is out of range for dim {d} of size {_shape[d]} (shape {ShapeUtil.Format(_shape)})");
        return slice(d, start, start + length, 1);
    }

    /// <summary>Python's <c>x[..., start:end:step, ...]</c> on one dim (a view). Bounds are clamped like Python slices.</summary>
    [DifferentiableOp("slice")]
    public Tensor slice(int dim, int start, int end, int step = 1)
    {
        int d = ShapeUtil.NormDim(dim, _shape.Length, "slice");
        if (step <= 0) throw new ArgumentException($"slice: step must be positive, got {step}");
        int size = _shape[d];
        if (start < 0) start += size;
        if (end < 0) end += size;
        start = Math.Clamp(start, 0, size); end = Math.Clamp(end, start, size);
        var s = (int[])_shape.Clone(); var st = (int[])_strides.Clone();
        s[d] = (end - start + step - 1) / step;
        st[d] = _strides[d] * step;
        var r = ViewOf(s, st, offset + start * _strides[d]);
        int a = start, e = end, k = step;
        return Function.Record("slice", r, [this], g => [ScatterIntoZeros(g, z => z.slice(d, a, e, k))]);
    }

    /// <summary>The sub-tensor at <paramref name="index"/> along <paramref name="dim"/>, with that dim removed (a view).</summary>
    [DifferentiableOp("select")]
    public Tensor select(int dim, int index)
    {
        int d = ShapeUtil.NormDim(dim, _shape.Length, "select");
        int size = _shape[d];
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size)
            throw new ArgumentOutOfRangeException(null, $"select: index {index} is out of range for dim {d} of size {size} (shape {ShapeUtil.Format(_shape)})");
        var s = new int[_shape.Length - 1]; var st = new int[_shape.Length - 1];
        for (int a = 0, b = 0; a < _shape.Length; a++) if (a != d) { s[b] = _shape[a]; st[b] = _strides[a]; b++; }
        var r = ViewOf(s, st, offset + i * _strides[d]);
        return Function.Record("select", r, [this], g => [ScatterIntoZeros(g, z => z.select(d, i))]);
    }

    /// <summary>Backward of a strided view: a zero tensor of the input's shape with g written into the same view of it.</summary>
    private Tensor ScatterIntoZeros(Tensor g, Func<Tensor, Tensor> sameView)
    {
        var z = torch.zeros(_shape);
        sameView(z).copy_(g);
        return z;
    }

    /// <summary>A contiguous tensor with the same values: this tensor when already contiguous, else a copy.</summary>
    public Tensor contiguous() => is_contiguous() ? this : clone();

    /// <summary>A copy with its own storage; gradients flow back to the original.</summary>
    [DifferentiableOp("clone")]
    public Tensor clone() => Function.Record("clone", contiguous_copy(), [this], g => [g]);

    /// <summary>Raw contiguous copy, never recorded.</summary>
    internal Tensor contiguous_copy()
    {
        var r = dtype == DType.float32 ? Uninitialized((int[])_shape.Clone()) : Empty(dtype, (int[])_shape.Clone());
        switch (dtype)
        {
            case DType.float32: SpanF().CopyTo(r.F); break;
            case DType.int64: SpanL().CopyTo(r.L); break;
            default: SpanB().CopyTo(r.B); break;
        }
        return r;
    }

    /// <summary>Copies <paramref name="src"/> (broadcast, dtype converted) into this tensor's elements, in place.</summary>
    public Tensor copy_(Tensor src)
    {
        CheckInPlace("copy_");
        if (src.requires_grad && GradMode.IsEnabled)
            throw new InvalidOperationException($"copy_: the source of shape {ShapeUtil.Format(src._shape)} requires grad, but in-place copies (including x[i] = y) are not recorded, so its gradient would be lost; build the tensor with torch.cat/torch.stack, or copy inside torch.no_grad() (or from .detach()) if no gradient is wanted");
        var b = src.expand_raw(_shape, "copy_");
        var conv = b.dtype == dtype ? b : b.to(dtype);
        switch (dtype)
        {
            case DType.float32: Strided.Scatter(conv.SpanF(), F, offset, _shape, _strides); break;
            case DType.int64: Strided.Scatter(conv.SpanL(), L, offset, _shape, _strides); break;
            default: Strided.Scatter(conv.SpanB(), B, offset, _shape, _strides); break;
        }
        storage.Version++;
        return this;
    }

    /// <summary>Broadcast view with no graph recording (for kernels and in-place ops).</summary>
    internal Tensor expand_raw(int[] target, string op)
    {
        if (ShapeUtil.SameShape(_shape, target)) return this;
        var outShape = ShapeUtil.Broadcast(_shape, target, op);
        if (!ShapeUtil.SameShape(outShape, target))
            throw new ArgumentException($"{op}: a tensor of shape {ShapeUtil.Format(_shape)} cannot be broadcast to {ShapeUtil.Format(target)}");
        return ViewOf(target, ShapeUtil.BroadcastStrides(_shape, _strides, target), offset);
    }

    /// <summary>In-place ops would corrupt autograd on tensors that require grad; they are allowed under no_grad (e.g. SGD steps).</summary>
    internal void CheckInPlace(string op)
    {
        if (_requiresGrad && GradMode.IsEnabled)
            throw new InvalidOperationException($"{op}: in-place change of a tensor that requires grad (shape {ShapeUtil.Format(_shape)}); do it inside `using (torch.no_grad()) {{ ... }}` (e.g. an optimizer step) or use the out-of-place form");
    }
}
