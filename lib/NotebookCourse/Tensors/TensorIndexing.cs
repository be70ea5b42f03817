using NotebookCourse.Autograd;

namespace NotebookCourse.Tensors;

/// <summary>gather, index_select, embedding lookup, one_hot, topk and cumsum.</summary>
public sealed partial class Tensor
{
    private static int CheckIndex(long v, int size, string op, int dim)
    {
        long i = v < 0 ? v + size : v;
        if (i < 0 || i >= size) throw new ArgumentOutOfRangeException(null, $"{op}: index {v} is out of range for dim {dim} of size {size}");
        return (int)i;
    }

    /// <summary>out[i][j][k] = x[i][index[i][j][k]][k] for dim = 1 (index has the output's shape, int64).</summary>
    [DifferentiableOp("gather")]
    public Tensor gather(int dim, Tensor index)
    {
        int d = ShapeUtil.NormDim(dim, _shape.Length, "gather");
        if (index.dtype != DType.int64) throw new ArgumentException($"gather: index must be int64, got {index.dtype}");
        if (index._shape.Length != _shape.Length)
            throw new ArgumentException($"gather: index of shape {ShapeUtil.Format(index._shape)} must have as many dims as the input {ShapeUtil.Format(_shape)}");
        for (int i = 0; i < _shape.Length; i++)
            if (i != d && index._shape[i] > _shape[i])
                throw new ArgumentException($"gather: index shape {ShapeUtil.Format(index._shape)} exceeds input shape {ShapeUtil.Format(_shape)} at dim {i}");
        var x = @float();
        var idx = index.SpanL();
        var outShape = index.shape;
        var r = Empty(DType.float32, outShape);
        var dst = r.F; var src = x.F;
        var ist = ShapeUtil.ContiguousStrides(outShape);
        // Walk the index in row-major order; the source offset uses the input's strides with dim d replaced by the index.
        for (int flat = 0; flat < dst.Length; flat++)
        {
            int rem = flat, p = x.offset;
            for (int k = 0; k < outShape.Length; k++)
            {
                int c = rem / ist[k]; rem -= c * ist[k];
                p += (k == d ? CheckIndex(idx[flat], _shape[d], "gather", d) : c) * x._strides[k];
            }
            dst[flat] = src[p];
        }
        var inShape = _shape;
        return Function.Record("gather", r, [x], g => [ScatterAdd(inShape, d, index, g)]);
    }

    private static Tensor ScatterAdd(int[] shape, int d, Tensor index, Tensor g)
    {
        var z = torch.zeros(shape);
        var dst = z.F; var gs = g.SpanF(); var idx = index.SpanL();
        var ist = ShapeUtil.ContiguousStrides(index._shape);
        var zst = z._strides;
        for (int flat = 0; flat < gs.Length; flat++)
        {
            int rem = flat, p = 0;
            for (int k = 0; k < ist.Length; k++)
            {
                int c = rem / ist[k]; rem -= c * ist[k];
                p += (k == d ? CheckIndex(idx[flat], shape[d], "gather", d) : c) * zst[k];
            }
            dst[p] += gs[flat];
        }
        return z;
    }

    /// <summary>Picks whole slices along <paramref name="dim"/> by a 1-D int64 index (rows of an embedding table for dim 0).</summary>
    [DifferentiableOp("index_select")]
    public Tensor index_select(int dim, Tensor index)
    {
        int d = ShapeUtil.NormDim(dim, _shape.Length, "index_select");
        if (index.dtype != DType.int64 || index._shape.Length > 1)
            throw new ArgumentException($"index_select: index must be a 1-D int64 tensor, got {index.dtype} of shape {ShapeUtil.Format(index._shape)}");
        var idx = index.SpanL().ToArray();
        var x = @float().contiguous();
        var (outer, n, inner) = x.Around(d);
        var outShape = (int[])_shape.Clone(); outShape[d] = idx.Length;
        var r = Empty(DType.float32, outShape);
        var src = x.F.AsSpan(x.offset); var dst = r.F;
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < idx.Length; j++)
            {
                int k = CheckIndex(idx[j], n, "index_select", d);
                src.Slice((o * n + k) * inner, inner).CopyTo(dst.AsSpan((o * idx.Length + j) * inner, inner));
            }
        var inShape = _shape;
        return Function.Record("index_select", r, [x], g =>
        {
            var z = torch.zeros(inShape);
            var gs = g.SpanF(); var zd = z.F;
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < idx.Length; j++)
                {
                    int k = CheckIndex(idx[j], n, "index_select", d);
                    System.Numerics.Tensors.TensorPrimitives.Add(zd.AsSpan((o * n + k) * inner, inner), gs.Slice((o * idx.Length + j) * inner, inner), zd.AsSpan((o * n + k) * inner, inner));
                }
            return [z];
        });
    }

    /// <summary>Embedding lookup: this is the (num_embeddings, dim) table, <paramref name="indices"/> any int64 shape → indices.shape + (dim,).</summary>
    public Tensor embedding(Tensor indices)
    {
        if (_shape.Length != 2) throw new ArgumentException($"embedding: the weight must be 2-D (num_embeddings, embedding_dim), got {ShapeUtil.Format(_shape)}");
        var outShape = new int[indices._shape.Length + 1];
        indices._shape.CopyTo(outShape, 0); outShape[^1] = _shape[1];
        return index_select(0, indices.reshape(-1)).reshape(outShape);
    }

    /// <summary>One-hot encoding of int64 class indices: shape + (num_classes,), int64 (−1 = infer max + 1).</summary>
    public Tensor one_hot(int num_classes = -1)
    {
        if (dtype != DType.int64) throw new ArgumentException($"one_hot: expects int64 class indices, got {dtype}");
        var idx = SpanL();
        if (num_classes < 0) { long m = -1; foreach (var v in idx) m = Math.Max(m, v); num_classes = (int)m + 1; }
        var r = new long[idx.Length * num_classes];
        for (int i = 0; i < idx.Length; i++)
        {
            if (idx[i] < 0 || idx[i] >= num_classes) throw new ArgumentException($"one_hot: class index {idx[i]} is outside [0, {num_classes})");
            r[i * num_classes + idx[i]] = 1;
        }
        var s = new int[_shape.Length + 1]; _shape.CopyTo(s, 0); s[^1] = num_classes;
        return new Tensor(r, s);
    }

    /// <summary>The k largest (or smallest) values along a dim with their indices, sorted; the gradient flows through gather.</summary>
    public (Tensor values, Tensor indices) topk(int k, int dim = -1, bool largest = true, bool sorted = true)
    {
        int d = ShapeUtil.NormDim(dim, _shape.Length, "topk");
        if (k < 0 || k > _shape[d]) throw new ArgumentException($"topk: k = {k} is out of range for dim {d} of size {_shape[d]} (shape {ShapeUtil.Format(_shape)})");
        var x = @float().SpanF();
        var (outer, n, inner) = Around(d);
        var outShape = (int[])_shape.Clone(); outShape[d] = k;
        var idx = new long[outer * k * inner];
        var keys = new float[n]; var order = new int[n];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                for (int j = 0; j < n; j++) { keys[j] = largest ? -x[(o * n + j) * inner + i] : x[(o * n + j) * inner + i]; order[j] = j; }
                // Stable sort keeps the lower index first among equal values.
                Array.Sort(keys, order);
                StableTies(keys, order);
                for (int j = 0; j < k; j++) idx[(o * k + j) * inner + i] = order[j];
            }
        var indices = new Tensor(idx, outShape);
        return (gather(d, indices), indices);
    }

    /// <summary>Array.Sort is unstable; restore ascending index order inside runs of equal keys.</summary>
    private static void StableTies(float[] keys, int[] order)
    {
        int s = 0;
        for (int i = 1; i <= keys.Length; i++)
            if (i == keys.Length || keys[i] != keys[s]) { if (i - s > 1) Array.Sort(order, s, i - s); s = i; }
    }

    /// <summary>Values sorted along a dim with the permutation indices.</summary>
    public (Tensor values, Tensor indices) sort(int dim = -1, bool descending = false) => topk(_shape.Length == 0 ? 1 : size(dim), dim, descending);

    /// <summary>Cumulative sum along a dim.</summary>
    [DifferentiableOp("cumsum")]
    public Tensor cumsum(int dim)
    {
        int d = ShapeUtil.NormDim(dim, _shape.Length, "cumsum");
        if (dtype != DType.float32) return to(DType.float32).cumsum(dim).to(DType.int64);
        var r = CumsumRaw(SpanF(), d, false);
        return Function.Record("cumsum", r, [this], g => [g.contiguous().CumsumRaw(g.SpanF(), d, true)]);
    }

    /// <summary>Cumulative sum (or reverse cumulative sum, the cumsum's backward) over dim d, no recording.</summary>
    private Tensor CumsumRaw(ReadOnlySpan<float> x, int d, bool reverse)
    {
        var (outer, n, inner) = Around(d);
        var r = Empty(DType.float32, shape);
        var dst = r.F;
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                float acc = 0;
                for (int t = 0; t < n; t++)
                {
                    int j = reverse ? n - 1 - t : t;
                    int p = (o * n + j) * inner + i;
                    acc += x[p]; dst[p] = acc;
                }
            }
        return r;
    }
}
