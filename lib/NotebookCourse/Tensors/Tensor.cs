using NotebookCourse.Autograd;
using NotebookCourse.Runtime;

namespace NotebookCourse.Tensors;

/// <summary>
/// An n-dimensional array of float32, int64 or bool with PyTorch semantics: a view (shape, strides, offset) over a
/// flat storage, broadcasting elementwise ops, and reverse-mode autograd.
/// Example: <c>var x = torch.randn(3, 4, requires_grad: true); var y = (x * x).sum(); y.backward(); // x.grad == 2x</c>
/// </summary>
public sealed partial class Tensor : IRichDisplay
{
    internal readonly Storage storage;
    internal readonly int[] _shape;
    internal readonly int[] _strides;
    internal readonly int offset;
    private bool _requiresGrad;

    /// <summary>Element type.</summary>
    public DType dtype { get; }

    internal Tensor(Storage storage, int[] shape, int[] strides, int offset, DType dtype)
    {
        this.storage = storage; _shape = shape; _strides = strides; this.offset = offset; this.dtype = dtype;
    }

    internal Tensor(float[] data, int[] shape) : this(new Storage(data), shape, ShapeUtil.ContiguousStrides(shape), 0, DType.float32) { }
    internal Tensor(long[] data, int[] shape) : this(new Storage(data), shape, ShapeUtil.ContiguousStrides(shape), 0, DType.int64) { }
    internal Tensor(bool[] data, int[] shape) : this(new Storage(data), shape, ShapeUtil.ContiguousStrides(shape), 0, DType.@bool) { }

    /// <summary>A new zero-filled contiguous tensor.</summary>
    internal static Tensor Empty(DType dtype, int[] shape) =>
        new(Storage.Allocate(dtype, ShapeUtil.Numel(shape)), shape, ShapeUtil.ContiguousStrides(shape), 0, dtype);

    /// <summary>A new float32 tensor whose contents are garbage: only for kernels that overwrite every element (skips zeroing).</summary>
    internal static Tensor Uninitialized(int[] shape) =>
        new(Storage.Fresh(BufferPool.RentUninitialized(ShapeUtil.Numel(shape))), shape, ShapeUtil.ContiguousStrides(shape), 0, DType.float32);

    /// <summary>The sizes of each dim (a copy; safe to modify).</summary>
    public int[] shape => (int[])_shape.Clone();

    /// <summary>Same as <see cref="shape"/> (PyTorch's <c>x.size()</c>).</summary>
    public int[] size() => shape;

    /// <summary>Size of one dim; negative dims count from the end.</summary>
    public int size(int dim) => _shape[ShapeUtil.NormDim(dim, _shape.Length, "size")];

    /// <summary>Element steps between neighbours along each dim.</summary>
    public int[] stride() => (int[])_strides.Clone();

    /// <summary>Start of this view inside its storage.</summary>
    public int storage_offset() => offset;

    /// <summary>Number of dims.</summary>
    public int dim() => _shape.Length;

    /// <summary>Number of dims (same as <see cref="dim"/>).</summary>
    public int ndim => _shape.Length;

    /// <summary>Total number of elements.</summary>
    public int numel() => ShapeUtil.Numel(_shape);

    /// <summary>True when elements are laid out row-major without gaps (size-1 dims ignored).</summary>
    public bool is_contiguous()
    {
        int expected = 1;
        for (int i = _shape.Length - 1; i >= 0; i--)
        {
            if (_shape[i] == 1) continue;
            if (_strides[i] != expected) return false;
            expected *= _shape[i];
        }
        return true;
    }

    /// <summary>True when both tensors are views of the same storage.</summary>
    public bool shares_storage_with(Tensor other) => ReferenceEquals(storage, other.storage);

    // ---- autograd state ----

    /// <summary>Whether operations on this tensor are recorded for backward. Only floating tensors can require grad.</summary>
    public bool requires_grad
    {
        get => _requiresGrad;
        set
        {
            if (value == _requiresGrad) return;
            if (grad_fn != null && !value)
                throw new InvalidOperationException($"requires_grad: cannot turn off grad on a non-leaf tensor (made by '{grad_fn.Name}'); use .detach() to get a tensor without history");
            if (value && dtype != DType.float32)
                throw new InvalidOperationException($"requires_grad: only float32 tensors can require grad, this one is {dtype}; convert with .@float() first");
            _requiresGrad = value;
        }
    }

    internal void SetRequiresGradUnchecked(bool v) => _requiresGrad = v;

    /// <summary>Sets <see cref="requires_grad"/> in place and returns this tensor (chainable).</summary>
    public Tensor requires_grad_(bool requiresGrad = true) { requires_grad = requiresGrad; return this; }

    /// <summary>Accumulated gradient after <see cref="backward"/> (leaves, and non-leaves after <see cref="retain_grad"/>).</summary>
    public Tensor? grad { get; set; }

    /// <summary>The recorded op that produced this tensor (null for leaves).</summary>
    public Node? grad_fn { get; internal set; }

    /// <summary>True for tensors created by the user rather than by a recorded op.</summary>
    public bool is_leaf => grad_fn == null;

    internal bool retainsGrad;

    /// <summary>Asks backward to keep this non-leaf tensor's gradient in <see cref="grad"/>.</summary>
    public Tensor retain_grad()
    {
        if (!_requiresGrad) throw new InvalidOperationException("retain_grad: this tensor does not require grad, so it will never receive one");
        retainsGrad = true;
        if (grad_fn != null) grad_fn.RetainTarget = this;
        return this;
    }

    /// <summary>Computes gradients of this tensor w.r.t. graph leaves; a non-scalar needs <paramref name="gradient"/> of its shape.</summary>
    public void backward(Tensor? gradient = null, bool retain_graph = false) => BackwardEngine.Run(this, gradient, retain_graph);

    /// <summary>A tensor sharing the same data but cut from the graph (no grad_fn, requires_grad false).</summary>
    public Tensor detach() => new(storage, _shape, _strides, offset, dtype);

    /// <summary>Cuts this tensor from the graph in place.</summary>
    public Tensor detach_() { grad_fn = null; _requiresGrad = false; return this; }

    // ---- raw data access for kernels ----

    internal float[] F => storage.F ?? throw DTypeError("float32");
    internal long[] L => storage.L ?? throw DTypeError("int64");
    internal bool[] B => storage.B ?? throw DTypeError("bool");

    private InvalidOperationException DTypeError(string wanted) =>
        new($"expected a {wanted} tensor, got {dtype} of shape {ShapeUtil.Format(_shape)}; convert with .to(torch.{wanted})");

    /// <summary>The elements in row-major order: the storage itself when contiguous, a copy otherwise.</summary>
    internal ReadOnlySpan<float> SpanF() => RowMajor(F);
    internal ReadOnlySpan<long> SpanL() => RowMajor(L);
    internal ReadOnlySpan<bool> SpanB() => RowMajor(B);

    private ReadOnlySpan<T> RowMajor<T>(T[] data)
    {
        int n = numel();
        if (is_contiguous()) return data.AsSpan(offset, n);
        var dst = new T[n];
        Strided.Gather(data, offset, _shape, _strides, dst);
        return dst;
    }

    /// <summary>The elements in row-major order as a new .NET array of <typeparamref name="T"/> (float, long, int, bool, double).</summary>
    public T[] ToArray<T>()
    {
        int n = numel();
        var r = new T[n];
        if (typeof(T) == typeof(float) && dtype == DType.float32) { SpanF().CopyTo((float[])(object)r); return r; }
        if (typeof(T) == typeof(long) && dtype == DType.int64) { SpanL().CopyTo((long[])(object)r); return r; }
        if (typeof(T) == typeof(bool) && dtype == DType.@bool) { SpanB().CopyTo((bool[])(object)r); return r; }
        var d = AsDoubles();
        for (int i = 0; i < n; i++) r[i] = ConvertScalar<T>(d[i]);
        return r;
    }

    /// <summary>Same as <see cref="ToArray{T}"/>.</summary>
    public T[] data<T>() => ToArray<T>();

    internal double[] AsDoubles()
    {
        int n = numel();
        var d = new double[n];
        switch (dtype)
        {
            case DType.float32: { var s = SpanF(); for (int i = 0; i < n; i++) d[i] = s[i]; break; }
            case DType.int64: { var s = SpanL(); for (int i = 0; i < n; i++) d[i] = s[i]; break; }
            default: { var s = SpanB(); for (int i = 0; i < n; i++) d[i] = s[i] ? 1 : 0; break; }
        }
        return d;
    }

    private static T ConvertScalar<T>(double v)
    {
        if (typeof(T) == typeof(float)) return (T)(object)(float)v;
        if (typeof(T) == typeof(double)) return (T)(object)v;
        if (typeof(T) == typeof(long)) return (T)(object)(long)v;
        if (typeof(T) == typeof(int)) return (T)(object)(int)v;
        if (typeof(T) == typeof(bool)) return (T)(object)(v != 0);
        throw new ArgumentException($"ToArray/item: element type {typeof(T).Name} is not supported; use float, double, long, int or bool");
    }

    /// <summary>The single value of a one-element tensor, converted to <typeparamref name="T"/>.</summary>
    public T item<T>()
    {
        if (numel() != 1)
            throw new InvalidOperationException($"item: only one-element tensors can be converted to a scalar, this one has shape {ShapeUtil.Format(_shape)} ({numel()} elements); reduce it first (e.g. .sum() or .mean())");
        return ToArray<T>()[0];
    }

    /// <summary>The single value as float (shorthand for <c>item&lt;float&gt;()</c>).</summary>
    public float item() => item<float>();
}
