using System.Numerics.Tensors;
using NotebookCourse.Autograd;

namespace NotebookCourse.Tensors;

/// <summary>sum/mean/max/min/argmax/argmin/var/std over all elements or over dims, with keepdim.</summary>
public sealed partial class Tensor
{
    /// <summary>Sizes (outer, n, inner) that view a contiguous tensor around dim <paramref name="d"/>.</summary>
    internal (int outer, int n, int inner) Around(int d)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= _shape[i];
        for (int i = d + 1; i < _shape.Length; i++) inner *= _shape[i];
        return (outer, _shape[d], inner);
    }

    private int[] KeepShape(int d)
    {
        var s = (int[])_shape.Clone(); s[d] = 1; return s;
    }

    /// <summary>Sum of all elements (a 0-dim tensor; int64 for integer and bool inputs).</summary>
    public Tensor sum() => _shape.Length == 0 ? sum(Array.Empty<int>(), false) : sum(AllDims(), false);

    /// <summary>Sum over one dim.</summary>
    public Tensor sum(int dim, bool keepdim = false) => sum(new[] { dim }, keepdim);

    /// <summary>Sum over several dims.</summary>
    [DifferentiableOp("sum")]
    public Tensor sum(int[] dim, bool keepdim = false)
    {
        var dims = NormDims(dim, "sum");
        if (dtype != DType.float32) return SumLong(dims, keepdim);
        var inShape = _shape;
        Tensor r = this;
        if (dims.Length == 0) r = contiguous_copy();
        // Reduce the highest dim first so lower dim indices stay valid.
        for (int k = dims.Length - 1; k >= 0; k--) r = r.SumDimRaw(dims[k]);
        var keepShape = r._shape;
        if (!keepdim) r = r.DropDims(dims);
        return Function.Record("sum", r, [this], g => [g.reshape(keepShape).expand(inShape)]);
    }

    private int[] AllDims() { var d = new int[_shape.Length]; for (int i = 0; i < d.Length; i++) d[i] = i; return d; }

    private int[] NormDims(int[] dim, string op)
    {
        var set = new SortedSet<int>();
        foreach (var d in dim)
            if (!set.Add(ShapeUtil.NormDim(d, _shape.Length, op))) throw new ArgumentException($"{op}: dim {d} appears twice in {ShapeUtil.Format(dim)}");
        if (_shape.Length == 0) return Array.Empty<int>();
        return set.ToArray();
    }

    private Tensor DropDims(int[] dims)
    {
        var s = new List<int>();
        for (int i = 0; i < _shape.Length; i++) if (Array.IndexOf(dims, i) < 0) s.Add(_shape[i]);
        return new Tensor(storage, s.ToArray(), ShapeUtil.ContiguousStrides(s.ToArray()), offset, dtype);
    }

    /// <summary>Sum over one dim, keepdim, no recording; result contiguous.</summary>
    private Tensor SumDimRaw(int d)
    {
        var x = SpanF();
        var (outer, n, inner) = Around(d);
        var r = Empty(DType.float32, KeepShape(d));
        var dst = r.F;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++) dst[o] = TensorPrimitives.Sum(x.Slice(o * n, n));
        }
        else
        {
            for (int o = 0; o < outer; o++)
            {
                var acc = dst.AsSpan(o * inner, inner);
                for (int k = 0; k < n; k++) TensorPrimitives.Add(acc, x.Slice((o * n + k) * inner, inner), acc);
            }
        }
        return r;
    }

    private Tensor SumLong(int[] dims, bool keepdim)
    {
        Tensor r = to(DType.int64).contiguous_copy();
        for (int k = dims.Length - 1; k >= 0; k--)
        {
            int d = dims[k];
            var x = r.L;
            var (outer, n, inner) = r.Around(d);
            var dst = new long[outer * inner];
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < inner; i++) dst[o * inner + i] += x[(o * n + j) * inner + i];
            r = new Tensor(dst, r.KeepShape(d));
        }
        return keepdim ? r : r.DropDims(dims);
    }

    /// <summary>Mean of all elements.</summary>
    public Tensor mean() { var s = @float().sum(); return s / (float)Math.Max(numel(), 1); }

    /// <summary>Mean over one dim.</summary>
    public Tensor mean(int dim, bool keepdim = false) => mean(new[] { dim }, keepdim);

    /// <summary>Mean over several dims.</summary>
    public Tensor mean(int[] dim, bool keepdim = false)
    {
        int count = 1;
        foreach (var d in NormDims(dim, "mean")) count *= _shape[d];
        return @float().sum(dim, keepdim) / (float)count;
    }

    /// <summary>Unbiased variance over all elements (correction 1, PyTorch's default); use the int[] overload for another correction.</summary>
    public Tensor var() => var(AllDims(), 1, false);

    /// <summary>Variance over one dim.</summary>
    public Tensor var(int dim, int correction = 1, bool keepdim = false) => var(new[] { dim }, correction, keepdim);

    /// <summary>Variance over several dims: Σ(x − mean)² / (N − correction).</summary>
    public Tensor var(int[] dim, int correction = 1, bool keepdim = false)
    {
        int count = 1;
        foreach (var d in NormDims(dim, "var")) count *= _shape[d];
        var x = @float();
        var centered = x - x.mean(dim, keepdim: true);
        return (centered * centered).sum(dim, keepdim) / (float)Math.Max(count - correction, 0);
    }

    /// <summary>Unbiased standard deviation over all elements.</summary>
    public Tensor std() => var().sqrt();
    /// <summary>Standard deviation over one dim.</summary>
    public Tensor std(int dim, int correction = 1, bool keepdim = false) => var(dim, correction, keepdim).sqrt();
    /// <summary>Standard deviation over several dims.</summary>
    public Tensor std(int[] dim, int correction = 1, bool keepdim = false) => var(dim, correction, keepdim).sqrt();

    /// <summary>Index of the largest element of the flattened tensor (int64 scalar).</summary>
    public Tensor argmax() => reshape(-1).ArgExtreme(0, false, true);
    /// <summary>Indices of the largest elements along <paramref name="dim"/>.</summary>
    public Tensor argmax(int dim, bool keepdim = false) => ArgExtreme(ShapeUtil.NormDim(dim, _shape.Length, "argmax"), keepdim, true);
    /// <summary>Index of the smallest element of the flattened tensor.</summary>
    public Tensor argmin() => reshape(-1).ArgExtreme(0, false, false);
    /// <summary>Indices of the smallest elements along <paramref name="dim"/>.</summary>
    public Tensor argmin(int dim, bool keepdim = false) => ArgExtreme(ShapeUtil.NormDim(dim, _shape.Length, "argmin"), keepdim, false);

    private Tensor ArgExtreme(int d, bool keepdim, bool max)
    {
        if (_shape.Length == 0) return Scalar(0L);
        if (_shape[d] == 0) throw new ArgumentException($"{(max ? "argmax" : "argmin")}: dim {d} of shape {ShapeUtil.Format(_shape)} is empty");
        var x = @float().SpanF();
        var (outer, n, inner) = Around(d);
        var dst = new long[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int baseIdx = o * n * inner + i;
                float best = x[baseIdx]; int bi = 0;
                for (int k = 1; k < n; k++)
                {
                    float v = x[baseIdx + k * inner];
                    // NaN wins (propagates like PyTorch); otherwise the first extreme wins.
                    if (float.IsNaN(best)) break;
                    if (max ? v > best || float.IsNaN(v) : v < best || float.IsNaN(v)) { best = v; bi = k; }
                }
                dst[o * inner + i] = bi;
            }
        var r = new Tensor(dst, KeepShape(d));
        return keepdim ? r : r.DropDims(new[] { d });
    }

    /// <summary>Largest element (0-dim); the gradient flows to that element.</summary>
    public Tensor max() { var flat = reshape(-1); return flat.gather(0, flat.ArgExtreme(0, true, true)).reshape(); }
    /// <summary>Smallest element (0-dim).</summary>
    public Tensor min() { var flat = reshape(-1); return flat.gather(0, flat.ArgExtreme(0, true, false)).reshape(); }

    /// <summary>Largest values along a dim and their indices: <c>var (values, indices) = x.max(1);</c></summary>
    public (Tensor values, Tensor indices) max(int dim, bool keepdim = false) => ExtremeDim(dim, keepdim, true, "max");
    /// <summary>Smallest values along a dim and their indices.</summary>
    public (Tensor values, Tensor indices) min(int dim, bool keepdim = false) => ExtremeDim(dim, keepdim, false, "min");

    private (Tensor, Tensor) ExtremeDim(int dim, bool keepdim, bool max, string op)
    {
        int d = ShapeUtil.NormDim(dim, _shape.Length, op);
        var idx = ArgExtreme(d, true, max);
        var values = gather(d, idx);
        return keepdim ? (values, idx) : (values.squeeze(d), idx.squeeze(d));
    }

    /// <summary>log Σ exp(x) over a dim, computed stably by shifting by the max.</summary>
    public Tensor logsumexp(int dim, bool keepdim = false)
    {
        var m = max(dim, keepdim: true).values.detach();
        m = m.masked_fill(m.abs().eq(float.PositiveInfinity), 0f);
        var r = (this - m).exp().sum(dim, keepdim: true).log() + m;
        return keepdim ? r : r.squeeze(dim);
    }
}
