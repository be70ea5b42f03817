using NotebookCourse.Autograd;

namespace NotebookCourse.Tensors;

/// <summary>flip: reverses the order of the elements along some dims, as a copy (PyTorch's <c>torch.flip</c>).</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// A copy with the elements in reverse order along each of <paramref name="dims"/> (negative dims count from the end;
    /// no dims = a plain copy): <c>images.flip(-1)</c> mirrors (N, C, H, W) images left to right. Differentiable.
    /// </summary>
    [DifferentiableOp("flip")]
    public Tensor flip(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        int n = _shape.Length;
        var flipped = FlipDims(dims, n);
        // Read through a reversed layout: start at the last element of each flipped dim and walk it with a negated
        // stride. The layout only feeds the gather kernel; no tensor with negative strides ever exists.
        var strides = (int[])_strides.Clone();
        int start = offset;
        for (int d = 0; d < n; d++)
            if (flipped[d] && _shape[d] > 0) { start += (_shape[d] - 1) * _strides[d]; strides[d] = -_strides[d]; }
        var r = Empty(dtype, shape);
        int count = r.numel();
        switch (dtype)
        {
            case DType.float32: Strided.Gather(F, start, _shape, strides, r.F.AsSpan(0, count)); break;
            case DType.int64: Strided.Gather(L, start, _shape, strides, r.L.AsSpan(0, count)); break;
            default: Strided.Gather(B, start, _shape, strides, r.B.AsSpan(0, count)); break;
        }
        if (dtype != DType.float32) return r;
        var normalized = Enumerable.Range(0, n).Where(d => flipped[d]).ToArray();
        return Function.Record("flip", r, [this], g => [g.flip(normalized)]);
    }

    /// <summary>Which dims to reverse, after checking that each is in range and listed once.</summary>
    private bool[] FlipDims(int[] dims, int rank)
    {
        var flipped = new bool[Math.Max(rank, 1)];
        foreach (var dim in dims)
        {
            int d = ShapeUtil.NormDim(dim, rank, "flip");
            if (flipped[d])
                throw new ArgumentException($"flip: dim {d} appears more than once in dims {ShapeUtil.Format(dims)} for a tensor of shape {ShapeUtil.Format(_shape)}; list each dim once");
            flipped[d] = true;
        }
        return flipped;
    }
}
