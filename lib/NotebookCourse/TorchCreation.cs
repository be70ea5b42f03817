using NotebookCourse.Tensors;

namespace NotebookCourse;

/// <summary>
/// PyTorch-style entry point: <c>using static NotebookCourse.torch;</c> then <c>torch.zeros(2, 3)</c>, <c>torch.randn(64, 10)</c>.
/// One file per family (creation, random, ops, autograd).
/// </summary>
public static partial class torch
{
    /// <summary>32-bit float dtype.</summary>
    public const DType float32 = DType.float32;
    /// <summary>Alias of <see cref="float32"/>.</summary>
    public const DType @float = DType.float32;
    /// <summary>64-bit integer dtype.</summary>
    public const DType int64 = DType.int64;
    /// <summary>Alias of <see cref="int64"/>.</summary>
    public const DType @long = DType.int64;
    /// <summary>Boolean dtype.</summary>
    public const DType @bool = DType.@bool;

    private static Tensor Leaf(Tensor t, bool requiresGrad) { if (requiresGrad) t.requires_grad = true; return t; }

    private static int[] CheckShape(int[] shape, string op)
    {
        foreach (var s in shape)
            if (s < 0) throw new ArgumentException($"{op}: sizes must be non-negative, got {ShapeUtil.Format(shape)}");
        return (int[])shape.Clone();
    }

    /// <summary>A float32 tensor from flat data with the given shape (default: 1-D): <c>torch.tensor(new[] {1f, 2, 3, 4}, 2, 2)</c>.</summary>
    public static Tensor tensor(float[] data, params int[] shape) => FromFlat(data, shape, "tensor", d => new Tensor((float[])d.Clone(), new[] { d.Length }));
    /// <summary>An int64 tensor from flat data.</summary>
    public static Tensor tensor(long[] data, params int[] shape) => FromFlat(data, shape, "tensor", d => new Tensor((long[])d.Clone(), new[] { d.Length }));
    /// <summary>An int64 tensor from int data (labels, indices).</summary>
    public static Tensor tensor(int[] data, params int[] shape) { var l = new long[data.Length]; for (int i = 0; i < l.Length; i++) l[i] = data[i]; return tensor(l, shape); }
    /// <summary>A bool tensor from flat data.</summary>
    public static Tensor tensor(bool[] data, params int[] shape) => FromFlat(data, shape, "tensor", d => new Tensor((bool[])d.Clone(), new[] { d.Length }));
    /// <summary>A float32 tensor from double data (converted).</summary>
    public static Tensor tensor(double[] data, params int[] shape) { var f = new float[data.Length]; for (int i = 0; i < f.Length; i++) f[i] = (float)data[i]; return tensor(f, shape); }
    /// <summary>A float32 tensor with requires_grad set: <c>torch.tensor(new[] {1f, 2}, requires_grad: true)</c>.</summary>
    public static Tensor tensor(float[] data, int[]? shape = null, bool requires_grad = false) => Leaf(tensor(data, shape ?? new[] { data.Length }), requires_grad);
    /// <summary>A 0-dim float32 tensor.</summary>
    public static Tensor tensor(float value, bool requires_grad = false) => Leaf(new Tensor(new[] { value }, Array.Empty<int>()), requires_grad);
    /// <summary>A 0-dim int64 tensor.</summary>
    public static Tensor tensor(long value) => new(new[] { value }, Array.Empty<int>());

    /// <summary>A 2-D float32 tensor from a rectangular array.</summary>
    public static Tensor tensor(float[,] data) { var f = new float[data.Length]; Buffer.BlockCopy(data, 0, f, 0, f.Length * 4); return new Tensor(f, new[] { data.GetLength(0), data.GetLength(1) }); }
    /// <summary>A 3-D float32 tensor from a rectangular array.</summary>
    public static Tensor tensor(float[,,] data) { var f = new float[data.Length]; Buffer.BlockCopy(data, 0, f, 0, f.Length * 4); return new Tensor(f, new[] { data.GetLength(0), data.GetLength(1), data.GetLength(2) }); }
    /// <summary>A 2-D int64 tensor from a rectangular array.</summary>
    public static Tensor tensor(long[,] data) { var l = new long[data.Length]; Buffer.BlockCopy(data, 0, l, 0, l.Length * 8); return new Tensor(l, new[] { data.GetLength(0), data.GetLength(1) }); }
    /// <summary>A 2-D int64 tensor from a rectangular int array.</summary>
    public static Tensor tensor(int[,] data)
    {
        var l = new long[data.Length]; int k = 0;
        foreach (var v in data) l[k++] = v;
        return new Tensor(l, new[] { data.GetLength(0), data.GetLength(1) });
    }

    private static Tensor FromFlat<T>(T[] data, int[] shape, string op, Func<T[], Tensor> make)
    {
        if (shape.Length > 0)
        {
            if (Array.IndexOf(shape, -1) < 0 && ShapeUtil.Numel(shape) != data.Length)
                throw new ArgumentException($"{op}: {data.Length} values do not fill shape {ShapeUtil.Format(shape)} ({ShapeUtil.Numel(shape)} elements)");
            var s = ShapeUtil.InferShape(shape, data.Length, new[] { data.Length }, op);
            return make(data).view(s);
        }
        return make(data);
    }

    /// <summary>Uninitialized tensor (here: zero-filled, since .NET arrays always are).</summary>
    public static Tensor empty(params int[] shape) => zeros(shape);
    /// <summary>Zero-filled tensor.</summary>
    public static Tensor zeros(params int[] shape) => Tensor.Empty(DType.float32, CheckShape(shape, "zeros"));
    /// <summary>Zero-filled tensor of a given dtype.</summary>
    public static Tensor zeros(int[] shape, DType dtype = DType.float32, bool requires_grad = false) => Leaf(Tensor.Empty(dtype, CheckShape(shape, "zeros")), requires_grad);
    /// <summary>Tensor of ones.</summary>
    public static Tensor ones(params int[] shape) => full(shape, 1f);
    /// <summary>Tensor of ones of a given dtype.</summary>
    public static Tensor ones(int[] shape, DType dtype = DType.float32, bool requires_grad = false) => full(shape, 1f, dtype, requires_grad);
    /// <summary>Tensor filled with <paramref name="value"/>.</summary>
    public static Tensor full(int[] shape, float value, DType dtype = DType.float32, bool requires_grad = false)
    {
        var t = Tensor.Empty(dtype, CheckShape(shape, "full"));
        if (value != 0) using (no_grad()) t.fill_(value);
        return Leaf(t, requires_grad);
    }

    /// <summary>Zeros with the shape (and dtype) of <paramref name="like"/>.</summary>
    public static Tensor zeros_like(Tensor like, DType? dtype = null) => zeros(like.shape, dtype ?? like.dtype);
    /// <summary>Ones with the shape (and dtype) of <paramref name="like"/>.</summary>
    public static Tensor ones_like(Tensor like, DType? dtype = null) => ones(like.shape, dtype ?? like.dtype);
    /// <summary>A constant with the shape (and dtype) of <paramref name="like"/>.</summary>
    public static Tensor full_like(Tensor like, float value, DType? dtype = null) => full(like.shape, value, dtype ?? like.dtype);
    /// <summary>Same as <see cref="zeros_like"/>.</summary>
    public static Tensor empty_like(Tensor like, DType? dtype = null) => zeros_like(like, dtype);

    /// <summary>0, 1, …, end−1 as int64.</summary>
    public static Tensor arange(long end) => arange(0, end, 1);
    /// <summary>start, start+step, … (&lt; end) as int64.</summary>
    public static Tensor arange(long start, long end, long step = 1)
    {
        if (step == 0) throw new ArgumentException("arange: step must be non-zero");
        long n = Math.Max(0, (end - start + step + (step > 0 ? -1 : 1)) / step);
        var d = new long[n];
        for (long i = 0; i < n; i++) d[i] = start + i * step;
        return new Tensor(d, new[] { (int)n });
    }
    /// <summary>start, start+step, … (&lt; end) as float32.</summary>
    public static Tensor arange(float start, float end, float step = 1f)
    {
        if (step == 0) throw new ArgumentException("arange: step must be non-zero");
        int n = (int)Math.Max(0, Math.Ceiling((end - (double)start) / step));
        var d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float)(start + (double)i * step);
        return new Tensor(d, new[] { n });
    }

    /// <summary><paramref name="steps"/> evenly spaced float32 values from start to end inclusive.</summary>
    public static Tensor linspace(float start, float end, int steps)
    {
        if (steps < 0) throw new ArgumentException($"linspace: steps must be non-negative, got {steps}");
        var d = new float[steps];
        double w = steps > 1 ? ((double)end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) d[i] = (float)(start + i * w);
        if (steps > 1) d[^1] = end;
        return new Tensor(d, new[] { steps });
    }

    /// <summary>Identity matrix (n × m, default square).</summary>
    public static Tensor eye(int n, int m = -1)
    {
        if (m < 0) m = n;
        var t = zeros(n, m);
        var f = t.F;
        for (int i = 0; i < Math.Min(n, m); i++) f[i * m + i] = 1f;
        return t;
    }
}
