using NotebookCourse.Autograd;
using NotebookCourse.Kernels;

namespace NotebookCourse.Tensors;

/// <summary>matmul / mm / bmm with broadcast batch dims; every product goes through <see cref="Gemm.Sgemm"/>.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product with PyTorch's rules: 1-D·1-D is a dot product, a 1-D operand gets a size-1 dim that is removed
    /// afterwards, and leading (batch) dims broadcast: (B, 1, n, k) @ (H, k, m) → (B, H, n, m).
    /// </summary>
    public Tensor matmul(Tensor other)
    {
        if (_shape.Length == 0 || other._shape.Length == 0)
            throw new ArgumentException($"matmul: both operands need at least 1 dim, got shapes {ShapeUtil.Format(_shape)} and {ShapeUtil.Format(other._shape)}; use * for scalars");
        bool va = _shape.Length == 1, vb = other._shape.Length == 1;
        var a = va ? unsqueeze(0) : this;
        var b = vb ? other.unsqueeze(-1) : other;
        int ka = a._shape[^1], kb = b._shape[^2];
        if (ka != kb)
            throw new ArgumentException($"matmul: shapes {ShapeUtil.Format(_shape)} and {ShapeUtil.Format(other._shape)} cannot be multiplied ({ka} columns vs {kb} rows)");
        var r = MatmulNd(a, b);
        if (va) r = r.squeeze(-2);
        if (vb) r = r.squeeze(-1);
        return r;
    }

    /// <summary>2-D matrix product (m, k) @ (k, n).</summary>
    public Tensor mm(Tensor other)
    {
        if (_shape.Length != 2 || other._shape.Length != 2)
            throw new ArgumentException($"mm: expects two 2-D matrices, got shapes {ShapeUtil.Format(_shape)} and {ShapeUtil.Format(other._shape)}; use matmul for batches or vectors");
        return matmul(other);
    }

    /// <summary>Batched product (B, m, k) @ (B, k, n).</summary>
    public Tensor bmm(Tensor other)
    {
        if (_shape.Length != 3 || other._shape.Length != 3 || _shape[0] != other._shape[0])
            throw new ArgumentException($"bmm: expects (B, m, k) and (B, k, n) with the same B, got shapes {ShapeUtil.Format(_shape)} and {ShapeUtil.Format(other._shape)}");
        return matmul(other);
    }

    [DifferentiableOp("matmul")]
    private static Tensor MatmulNd(Tensor a, Tensor b)
    {
        var A = a.@float(); var B = b.@float();
        var r = MatmulRaw(A, B);
        return Function.Record("matmul", r, [A, B], g =>
        [
            A.requires_grad ? Function.SumTo(MatmulRaw(g, B.mT), A._shape) : null,
            B.requires_grad ? Function.SumTo(MatmulRaw(A.mT, g), B._shape) : null,
        ], saved: [A, B]);
    }

    /// <summary>Describes one operand's last two dims for Sgemm: transposed flag and leading dimension, or null when a copy is needed.</summary>
    private static (bool trans, int ld)? GemmLayout(Tensor t)
    {
        int nd = t._shape.Length;
        int rows = t._shape[nd - 2], cols = t._shape[nd - 1];
        int sr = t._strides[nd - 2], sc = t._strides[nd - 1];
        if ((sc == 1 || cols == 1) && (sr >= cols || rows == 1)) return (false, Math.Max(rows == 1 ? cols : sr, Math.Max(cols, 1)));
        if ((sr == 1 || rows == 1) && (sc >= rows || cols == 1)) return (true, Math.Max(cols == 1 ? rows : sc, Math.Max(rows, 1)));
        return null;
    }

    /// <summary>Batched product without recording; reads transposed and broadcast operands in place when their layout allows.</summary>
    internal static Tensor MatmulRaw(Tensor a, Tensor b)
    {
        int nda = a._shape.Length, ndb = b._shape.Length;
        int m = a._shape[nda - 2], k = a._shape[nda - 1], n = b._shape[ndb - 1];
        var batch = ShapeUtil.Broadcast(a._shape[..^2], b._shape[..^2], "matmul");
        var outShape = new int[batch.Length + 2];
        batch.CopyTo(outShape, 0); outShape[^2] = m; outShape[^1] = n;
        var r = Empty(DType.float32, outShape);
        if (r.numel() == 0) return r;
        if (k == 0) return r; // empty inner dim: the product is all zeros

        var la = GemmLayout(a) ?? GemmLayout(a = a.contiguous_copy())!.Value;
        var lb = GemmLayout(b) ?? GemmLayout(b = b.contiguous_copy())!.Value;
        var sa = ShapeUtil.BroadcastStrides(a._shape[..^2], a._strides[..^2], batch);
        var sb = ShapeUtil.BroadcastStrides(b._shape[..^2], b._strides[..^2], batch);
        int nb = ShapeUtil.Numel(batch);
        var af = a.F; var bf = b.F; var cf = r.F;
        Span<int> idx = stackalloc int[Math.Max(batch.Length, 1)];
        int pa = a.offset, pb = b.offset;
        for (int bi = 0; bi < nb; bi++)
        {
            Gemm.Sgemm(la.trans, lb.trans, m, n, k, 1f, af.AsSpan(pa), la.ld, bf.AsSpan(pb), lb.ld, 0f, cf.AsSpan(bi * m * n, m * n), n);
            for (int d = batch.Length - 1; d >= 0; d--)
            {
                idx[d]++; pa += sa[d]; pb += sb[d];
                if (idx[d] < batch[d]) break;
                pa -= sa[d] * batch[d]; pb -= sb[d] * batch[d]; idx[d] = 0;
            }
        }
        return r;
    }
}
