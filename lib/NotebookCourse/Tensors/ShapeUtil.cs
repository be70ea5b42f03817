namespace NotebookCourse.Tensors;

/// <summary>Shape arithmetic shared by every op: sizes, strides, dims, broadcasting, and shape text for errors.</summary>
internal static class ShapeUtil
{
    /// <summary>"(3, 4)" — the form every error message uses; a scalar is "()".</summary>
    public static string Format(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 1) return $"({shape[0]},)";
        var sb = new System.Text.StringBuilder("(");
        for (int i = 0; i < shape.Length; i++) { if (i > 0) sb.Append(", "); sb.Append(shape[i]); }
        return sb.Append(')').ToString();
    }

    public static int Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var s in shape) n *= s;
        if (n > int.MaxValue) throw new ArgumentException($"tensor of shape {Format(shape)} has {n} elements, more than the {int.MaxValue} one buffer can hold");
        return (int)n;
    }

    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var st = new int[shape.Length];
        int acc = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { st[i] = acc; acc *= Math.Max(shape[i], 1); }
        return st;
    }

    /// <summary>Maps a possibly negative dim to [0, rank); names the op when it is out of range.</summary>
    public static int NormDim(int dim, int rank, string op)
    {
        int r = Math.Max(rank, 1);
        if (dim < -r || dim >= r)
            throw new ArgumentException($"{op}: dim {dim} is out of range for a tensor with {rank} dims (use -{r}..{r - 1})");
        return dim < 0 ? dim + r : dim;
    }

    /// <summary>NumPy/PyTorch broadcasting: align from the right; sizes must match or be 1.</summary>
    public static int[] Broadcast(int[] a, int[] b, string op)
    {
        int n = Math.Max(a.Length, b.Length);
        var r = new int[n];
        for (int i = 0; i < n; i++)
        {
            int da = i - (n - a.Length), db = i - (n - b.Length);
            int sa = da >= 0 ? a[da] : 1, sb = db >= 0 ? b[db] : 1;
            if (sa != sb && sa != 1 && sb != 1)
                throw new ArgumentException($"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast (dim {i - n} has sizes {sa} and {sb}; sizes must match or be 1)");
            r[i] = sa == 1 ? sb : sa;
        }
        return r;
    }

    /// <summary>Strides that read a tensor of <paramref name="shape"/> as if it had <paramref name="outShape"/> (0 on broadcast dims).</summary>
    public static int[] BroadcastStrides(int[] shape, int[] strides, int[] outShape)
    {
        var r = new int[outShape.Length];
        int off = outShape.Length - shape.Length;
        for (int i = 0; i < shape.Length; i++) r[i + off] = shape[i] == 1 && outShape[i + off] != 1 ? 0 : strides[i];
        return r;
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>Resolves one -1 in a view/reshape request.</summary>
    public static int[] InferShape(int[] requested, int numel, int[] from, string op)
    {
        var r = (int[])requested.Clone();
        int infer = -1; long known = 1;
        for (int i = 0; i < r.Length; i++)
        {
            if (r[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"{op}: only one dimension can be -1, got {Format(requested)}");
                infer = i;
            }
            else if (r[i] < 0) throw new ArgumentException($"{op}: invalid size {r[i]} in {Format(requested)}");
            else known *= r[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || numel % known != 0)
                throw new ArgumentException($"{op}: shape {Format(requested)} is invalid for input of shape {Format(from)} ({numel} elements)");
            r[infer] = (int)(numel / known);
        }
        else if (known != numel)
            throw new ArgumentException($"{op}: shape {Format(requested)} is invalid for input of shape {Format(from)} ({numel} elements vs {known})");
        return r;
    }
}

