using System.Numerics;
using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace NotebookCourse.Kernels;

/// <summary>
/// Exact GELU, y = x·Φ(x), and its derivative Φ(x) + x·φ(x), in float32 over spans, vectorized.
/// Φ comes from the complementary error function in the form erfc(z) ≈ t·exp(−z² + P(t)), t = 1/(1 + z/2) with a
/// degree-9 polynomial P (relative error about 1e-7 over the whole line), so tails keep relative accuracy: GELU of a
/// large negative input is a tiny negative number, not zero or noise. exp runs through TensorPrimitives on chunks
/// that stay in L1; the rest is Vector&lt;float&gt; arithmetic with a scalar tail. In the far negative tail the float
/// rounding of exp's argument (≈ −x²/2) leaves a relative error of a few ulps of x²/2, e.g. 3e-6 at x = −6.
/// </summary>
public static class GeluKernel
{
    private const int Chunk = 512;
    private const float InvSqrt2 = 0.70710678118654752f;
    private const float InvSqrt2Pi = 0.39894228040143268f;

    /// <summary>y[i] = x[i]·Φ(x[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length != x.Length) throw new ArgumentException($"GeluKernel.Forward: x has {x.Length} elements, y {y.Length}");
        Span<float> t = stackalloc float[Chunk];
        Span<float> e = stackalloc float[Chunk];
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - start);
            var xs = x.Slice(start, n);
            Prepare(xs, t, e);
            TensorPrimitives.Exp(e[..n], e[..n]);
            var ys = y.Slice(start, n);
            int i = 0;
            if (Vector.IsHardwareAccelerated)
                for (int w = Vector<float>.Count; i <= n - w; i += w)
                {
                    var xv = new Vector<float>(xs.Slice(i, w));
                    (xv * CdfV(xv, new Vector<float>(t.Slice(i, w)), new Vector<float>(e.Slice(i, w)))).CopyTo(ys.Slice(i, w));
                }
            for (; i < n; i++) ys[i] = xs[i] * Cdf(xs[i], t[i], e[i]);
        }
    }

    /// <summary>dx[i] = g[i]·(Φ(x[i]) + x[i]·φ(x[i])).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        if (g.Length != x.Length || dx.Length != x.Length)
            throw new ArgumentException($"GeluKernel.Backward: g, x, dx have {g.Length}, {x.Length}, {dx.Length} elements");
        Span<float> t = stackalloc float[Chunk];
        Span<float> e = stackalloc float[Chunk];
        Span<float> q = stackalloc float[Chunk];
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - start);
            var xs = x.Slice(start, n);
            Prepare(xs, t, e);
            // φ(x) = exp(−x²/2)/√(2π): the same −z² as erfc's exponent without the polynomial.
            // (x·x)·(−½) rather than −z², so it is exact in the vector and scalar parts alike.
            TensorPrimitives.Multiply(xs, xs, q[..n]);
            TensorPrimitives.Multiply(q[..n], -0.5f, q[..n]);
            TensorPrimitives.Exp(e[..n], e[..n]);
            TensorPrimitives.Exp(q[..n], q[..n]);
            var gs = g.Slice(start, n);
            var ds = dx.Slice(start, n);
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var c = new Vector<float>(InvSqrt2Pi);
                for (int w = Vector<float>.Count; i <= n - w; i += w)
                {
                    var xv = new Vector<float>(xs.Slice(i, w));
                    var cdf = CdfV(xv, new Vector<float>(t.Slice(i, w)), new Vector<float>(e.Slice(i, w)));
                    (new Vector<float>(gs.Slice(i, w)) * (cdf + xv * (new Vector<float>(q.Slice(i, w)) * c))).CopyTo(ds.Slice(i, w));
                }
            }
            for (; i < n; i++)
                ds[i] = gs[i] * (Cdf(xs[i], t[i], e[i]) + xs[i] * (q[i] * InvSqrt2Pi));
        }
    }

    private static Vector<float> CdfV(Vector<float> x, Vector<float> t, Vector<float> expArg)
    {
        var half = new Vector<float>(0.5f);
        var erfc = t * expArg;
        return Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<float>.Zero), Vector<float>.One - half * erfc, half * erfc);
    }

    private static float Cdf(float x, float t, float expArg)
    {
        float erfc = t * expArg;               // erfc(|x|/√2)
        return x >= 0 ? 1f - 0.5f * erfc : 0.5f * erfc;
    }

    /// <summary>t = 1/(1 + z/2) and the exponent −z² + P(t) of erfc, z = |x|/√2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Prepare(ReadOnlySpan<float> x, Span<float> t, Span<float> arg)
    {
        int n = x.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            var half = new Vector<float>(0.5f);
            var one = Vector<float>.One;
            var s = new Vector<float>(InvSqrt2);
            for (; i <= n - w; i += w)
            {
                var z = Vector.Abs(new Vector<float>(x.Slice(i, w))) * s;
                var tv = one / (one + half * z);
                var p = new Vector<float>(0.17087277f);
                p = p * tv + new Vector<float>(-0.82215223f);
                p = p * tv + new Vector<float>(1.48851587f);
                p = p * tv + new Vector<float>(-1.13520398f);
                p = p * tv + new Vector<float>(0.27886807f);
                p = p * tv + new Vector<float>(-0.18628806f);
                p = p * tv + new Vector<float>(0.09678418f);
                p = p * tv + new Vector<float>(0.37409196f);
                p = p * tv + new Vector<float>(1.00002368f);
                p = p * tv + new Vector<float>(-1.26551223f);
                tv.CopyTo(t.Slice(i, w));
                (p - z * z).CopyTo(arg.Slice(i, w));
            }
        }
        for (; i < n; i++)
        {
            float z = MathF.Abs(x[i]) * InvSqrt2;
            float tv = 1f / (1f + 0.5f * z);
            float p = 0.17087277f;
            p = p * tv + -0.82215223f;
            p = p * tv + 1.48851587f;
            p = p * tv + -1.13520398f;
            p = p * tv + 0.27886807f;
            p = p * tv + -0.18628806f;
            p = p * tv + 0.09678418f;
            p = p * tv + 0.37409196f;
            p = p * tv + 1.00002368f;
            p = p * tv + -1.26551223f;
            t[i] = tv;
            arg[i] = p - z * z;
        }
    }
}
