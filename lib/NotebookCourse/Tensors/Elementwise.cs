using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace NotebookCourse.Tensors;

/// <summary>A binary elementwise operator; a struct so the JIT specializes the kernel loop per op (no delegate calls).</summary>
internal interface IBin<TA, TB, TR>
{
    static abstract TR Op(TA a, TB b);
}

/// <summary>A unary float operator with its derivative: F(x) forward, D(x, y) = dF/dx given x and y = F(x).</summary>
internal interface IUnaryF
{
    float F(float x);
    float D(float x, float y);
}

/// <summary>Broadcasting elementwise kernels over strided views, writing a contiguous result.</summary>
internal static class Elementwise
{
    /// <summary>dst[i] = Op(a[i], b[i]) over the broadcast shape <paramref name="shape"/>; strides are pre-broadcast (0 on repeated dims).</summary>
    public static void Binary<TA, TB, TR, TOp>(TA[] a, int offA, int[] stA, TB[] b, int offB, int[] stB, int[] shape, TR[] dst)
        where TOp : IBin<TA, TB, TR>
    {
        int nd = shape.Length;
        int total = dst.Length;
        if (total == 0) return;
        if (nd == 0) { dst[0] = TOp.Op(a[offA], b[offB]); return; }
        int inner = shape[nd - 1], ia = stA[nd - 1], ib = stB[nd - 1];
        Span<int> idx = stackalloc int[nd];
        int pa = offA, pb = offB, o = 0;
        while (true)
        {
            if (typeof(TA) == typeof(float) && typeof(TB) == typeof(float) && typeof(TR) == typeof(float) && ia == 1 && ib <= 1
                && (ib == 1
                    ? TryPrimitive<TOp>(Unsafe.As<float[]>(a).AsSpan(pa, inner), Unsafe.As<float[]>(b).AsSpan(pb, inner), Unsafe.As<float[]>(dst).AsSpan(o, inner))
                    : TryPrimitiveScalar<TOp>(Unsafe.As<float[]>(a).AsSpan(pa, inner), Unsafe.As<float[]>(b)[pb], Unsafe.As<float[]>(dst).AsSpan(o, inner))))
            {
                // vectorized row (the common bias-add and per-row scale patterns)
            }
            else if (ia == 1 && ib == 1)
            {
                var sa = a.AsSpan(pa, inner); var sb = b.AsSpan(pb, inner); var sd = dst.AsSpan(o, inner);
                for (int j = 0; j < sd.Length; j++) sd[j] = TOp.Op(sa[j], sb[j]);
            }
            else if (ia == 1 && ib == 0)
            {
                var sa = a.AsSpan(pa, inner); var sd = dst.AsSpan(o, inner); var vb = b[pb];
                for (int j = 0; j < sd.Length; j++) sd[j] = TOp.Op(sa[j], vb);
            }
            else if (ia == 0 && ib == 1)
            {
                var sb = b.AsSpan(pb, inner); var sd = dst.AsSpan(o, inner); var va = a[pa];
                for (int j = 0; j < sd.Length; j++) sd[j] = TOp.Op(va, sb[j]);
            }
            else
            {
                int qa = pa, qb = pb;
                for (int j = 0; j < inner; j++, qa += ia, qb += ib) dst[o + j] = TOp.Op(a[qa], b[qb]);
            }
            o += inner;
            if (o >= total) return;
            int d = nd - 2;
            while (true)
            {
                idx[d]++; pa += stA[d]; pb += stB[d];
                if (idx[d] < shape[d]) break;
                pa -= stA[d] * shape[d]; pb -= stB[d] * shape[d]; idx[d] = 0; d--;
            }
        }
    }

    /// <summary>Float binary op with broadcasting; uses TensorPrimitives when both sides are contiguous and equal-shaped.</summary>
    public static Tensor BinaryF<TOp>(Tensor a, Tensor b, string op) where TOp : IBin<float, float, float>
    {
        var shape = ShapeUtil.Broadcast(a._shape, b._shape, op);
        var r = Tensor.Uninitialized(shape);
        var dst = r.F;
        if (a.is_contiguous() && b.is_contiguous())
        {
            int n = dst.Length;
            bool sameA = a.numel() == n, sameB = b.numel() == n;
            float[] fa = a.F, fb = b.F;
            int oa = a.offset, ob = b.offset;
            if (sameA && sameB && HasPrimitive<TOp>(scalar: false))
            {
                Kernels.KernelThreads.ForElements(n, (lo, hi) => TryPrimitive<TOp>(fa.AsSpan(oa + lo, hi - lo), fb.AsSpan(ob + lo, hi - lo), dst.AsSpan(lo, hi - lo)));
                return r;
            }
            if (sameA && b.numel() == 1 && HasPrimitive<TOp>(scalar: true))
            {
                float vb = fb[ob];
                Kernels.KernelThreads.ForElements(n, (lo, hi) => TryPrimitiveScalar<TOp>(fa.AsSpan(oa + lo, hi - lo), vb, dst.AsSpan(lo, hi - lo)));
                return r;
            }
        }
        Binary<float, float, float, TOp>(a.F, a.offset, ShapeUtil.BroadcastStrides(a._shape, a._strides, shape),
            b.F, b.offset, ShapeUtil.BroadcastStrides(b._shape, b._strides, shape), shape, dst);
        return r;
    }

    /// <summary>Generic broadcast for any element types (int64 arithmetic, comparisons).</summary>
    public static TR[] BinaryAny<TA, TB, TR, TOp>(TA[] a, Tensor ta, TB[] b, Tensor tb, int[] shape) where TOp : IBin<TA, TB, TR>
    {
        var dst = new TR[ShapeUtil.Numel(shape)];
        Binary<TA, TB, TR, TOp>(a, ta.offset, ShapeUtil.BroadcastStrides(ta._shape, ta._strides, shape),
            b, tb.offset, ShapeUtil.BroadcastStrides(tb._shape, tb._strides, shape), shape, dst);
        return dst;
    }

    /// <summary>A tensor's elements in row-major order as (array, offset): the storage itself when contiguous, else a copy.</summary>
    public static (float[] Array, int Offset) Dense(Tensor t) => t.is_contiguous() ? (t.F, t.offset) : (t.SpanF().ToArray(), 0);

    /// <summary>Whether <see cref="TryPrimitive{TOp}"/> (or the scalar form) handles this op.</summary>
    private static bool HasPrimitive<TOp>(bool scalar) =>
        typeof(TOp) == typeof(AddOp) || typeof(TOp) == typeof(SubOp) || typeof(TOp) == typeof(MulOp) || typeof(TOp) == typeof(DivOp)
        || (!scalar && (typeof(TOp) == typeof(MaxOp) || typeof(TOp) == typeof(MinOp)));

    private static bool TryPrimitive<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d)
    {
        if (typeof(TOp) == typeof(AddOp)) { TensorPrimitives.Add(x, y, d); return true; }
        if (typeof(TOp) == typeof(SubOp)) { TensorPrimitives.Subtract(x, y, d); return true; }
        if (typeof(TOp) == typeof(MulOp)) { TensorPrimitives.Multiply(x, y, d); return true; }
        if (typeof(TOp) == typeof(DivOp)) { TensorPrimitives.Divide(x, y, d); return true; }
        if (typeof(TOp) == typeof(MaxOp)) { TensorPrimitives.Max(x, y, d); return true; }
        if (typeof(TOp) == typeof(MinOp)) { TensorPrimitives.Min(x, y, d); return true; }
        return false;
    }

    private static bool TryPrimitiveScalar<TOp>(ReadOnlySpan<float> x, float y, Span<float> d)
    {
        if (typeof(TOp) == typeof(AddOp)) { TensorPrimitives.Add(x, y, d); return true; }
        if (typeof(TOp) == typeof(SubOp)) { TensorPrimitives.Subtract(x, y, d); return true; }
        if (typeof(TOp) == typeof(MulOp)) { TensorPrimitives.Multiply(x, y, d); return true; }
        if (typeof(TOp) == typeof(DivOp)) { TensorPrimitives.Divide(x, y, d); return true; }
        return false;
    }

    /// <summary>y = op.F(x) over a float tensor, contiguous result.</summary>
    public static Tensor UnaryF<TOp>(Tensor x, TOp op) where TOp : struct, IUnaryF
    {
        var r = Tensor.Uninitialized((int[])x._shape.Clone());
        var d = r.F;
        var (xa, xo) = Dense(x);
        Kernels.KernelThreads.ForElements(d.Length, (lo, hi) =>
        {
            var src = xa.AsSpan(xo + lo, hi - lo); var dst = d.AsSpan(lo, hi - lo);
            if (!TryPrimitiveUnary<TOp>(src, dst))
                for (int i = 0; i < dst.Length; i++) dst[i] = op.F(src[i]);
        });
        return r;
    }

    /// <summary>Vectorized TensorPrimitives forms of the parameterless unary ops (same results within float rounding).</summary>
    private static bool TryPrimitiveUnary<TOp>(ReadOnlySpan<float> x, Span<float> d)
    {
        if (typeof(TOp) == typeof(UnaryOps.Exp)) { TensorPrimitives.Exp(x, d); return true; }
        if (typeof(TOp) == typeof(UnaryOps.Log)) { TensorPrimitives.Log(x, d); return true; }
        if (typeof(TOp) == typeof(UnaryOps.Sqrt)) { TensorPrimitives.Sqrt(x, d); return true; }
        if (typeof(TOp) == typeof(UnaryOps.Tanh)) { TensorPrimitives.Tanh(x, d); return true; }
        if (typeof(TOp) == typeof(UnaryOps.Abs)) { TensorPrimitives.Abs(x, d); return true; }
        if (typeof(TOp) == typeof(UnaryOps.Neg)) { TensorPrimitives.Negate(x, d); return true; }
        if (typeof(TOp) == typeof(UnaryOps.Relu)) { TensorPrimitives.Max(x, 0f, d); return true; }
        return false;
    }

    /// <summary>Backward of a unary op: gx = g · op.D(x, y), fused in one pass.</summary>
    public static Tensor UnaryGrad<TOp>(Tensor g, Tensor x, Tensor y, TOp op) where TOp : struct, IUnaryF
    {
        var (ga, go) = Dense(g); var (xa, xo) = Dense(x); var (ya, yo) = Dense(y);
        var r = Tensor.Uninitialized((int[])x._shape.Clone());
        var da = r.F;
        Kernels.KernelThreads.ForElements(da.Length, (lo, hi) =>
        {
            int n = hi - lo;
            var gs = ga.AsSpan(go + lo, n); var xs = xa.AsSpan(xo + lo, n); var ys = ya.AsSpan(yo + lo, n); var d = da.AsSpan(lo, n);
            int i = UnaryGradVector<TOp>(gs, xs, ys, d);
            for (; i < d.Length; i++) d[i] = gs[i] * op.D(xs[i], ys[i]);
        });
        return r;
    }

    /// <summary>
    /// SIMD backward of the activations that dominate training steps; returns how many leading elements it wrote
    /// (the scalar loop finishes the tail, and everything for other ops). Same values as the scalar D: relu passes g
    /// where x &gt; 0, tanh is g·(1 − y²), sigmoid g·y·(1 − y).
    /// </summary>
    private static int UnaryGradVector<TOp>(ReadOnlySpan<float> gs, ReadOnlySpan<float> xs, ReadOnlySpan<float> ys, Span<float> d)
    {
        if (!System.Numerics.Vector.IsHardwareAccelerated) return 0;
        bool relu = typeof(TOp) == typeof(UnaryOps.Relu), tanh = typeof(TOp) == typeof(UnaryOps.Tanh), sigmoid = typeof(TOp) == typeof(UnaryOps.Sigmoid);
        if (!relu && !tanh && !sigmoid) return 0;
        int w = System.Numerics.Vector<float>.Count, n = d.Length - d.Length % w;
        var one = System.Numerics.Vector<float>.One;
        var zero = System.Numerics.Vector<float>.Zero;
        for (int i = 0; i < n; i += w)
        {
            var g = new System.Numerics.Vector<float>(gs.Slice(i, w));
            System.Numerics.Vector<float> r;
            if (relu) r = System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.GreaterThan(new System.Numerics.Vector<float>(xs.Slice(i, w)), zero), g, zero);
            else
            {
                var y = new System.Numerics.Vector<float>(ys.Slice(i, w));
                r = tanh ? g * (one - y * y) : g * (y * (one - y));
            }
            r.CopyTo(d.Slice(i, w));
        }
        return n;
    }
}

internal struct AddOp : IBin<float, float, float> { public static float Op(float a, float b) => a + b; }
internal struct SubOp : IBin<float, float, float> { public static float Op(float a, float b) => a - b; }
internal struct MulOp : IBin<float, float, float> { public static float Op(float a, float b) => a * b; }
internal struct DivOp : IBin<float, float, float> { public static float Op(float a, float b) => a / b; }
internal struct MaxOp : IBin<float, float, float> { public static float Op(float a, float b) => a >= b || float.IsNaN(a) ? a : b; }
internal struct MinOp : IBin<float, float, float> { public static float Op(float a, float b) => a <= b || float.IsNaN(a) ? a : b; }
internal struct PowOp : IBin<float, float, float> { public static float Op(float a, float b) => MathF.Pow(a, b); }
internal struct AddL : IBin<long, long, long> { public static long Op(long a, long b) => a + b; }
internal struct SubL : IBin<long, long, long> { public static long Op(long a, long b) => a - b; }
internal struct MulL : IBin<long, long, long> { public static long Op(long a, long b) => a * b; }
internal struct EqF : IBin<float, float, bool> { public static bool Op(float a, float b) => a == b; }
internal struct NeF : IBin<float, float, bool> { public static bool Op(float a, float b) => a != b; }
internal struct LtF : IBin<float, float, bool> { public static bool Op(float a, float b) => a < b; }
internal struct LeF : IBin<float, float, bool> { public static bool Op(float a, float b) => a <= b; }
internal struct GtF : IBin<float, float, bool> { public static bool Op(float a, float b) => a > b; }
internal struct GeF : IBin<float, float, bool> { public static bool Op(float a, float b) => a >= b; }
internal struct EqL : IBin<long, long, bool> { public static bool Op(long a, long b) => a == b; }
internal struct NeL : IBin<long, long, bool> { public static bool Op(long a, long b) => a != b; }
internal struct LtL : IBin<long, long, bool> { public static bool Op(long a, long b) => a < b; }
internal struct LeL : IBin<long, long, bool> { public static bool Op(long a, long b) => a <= b; }
internal struct GtL : IBin<long, long, bool> { public static bool Op(long a, long b) => a > b; }
internal struct GeL : IBin<long, long, bool> { public static bool Op(long a, long b) => a >= b; }
internal struct AndB : IBin<bool, bool, bool> { public static bool Op(bool a, bool b) => a & b; }
internal struct OrB : IBin<bool, bool, bool> { public static bool Op(bool a, bool b) => a | b; }
internal struct XorB : IBin<bool, bool, bool> { public static bool Op(bool a, bool b) => a ^ b; }
