using NotebookCourse.Autograd;

namespace NotebookCourse.Tensors;

/// <summary>
/// Unary float ops as (forward, derivative) structs; <see cref="Apply"/> runs the forward and records a backward that
/// computes g·D(x, y) in one fused pass. Adding an op = one struct + one method + one gradient check.
/// </summary>
internal static class UnaryOps
{
    public static Tensor Apply<TOp>(Tensor x, string name, TOp op) where TOp : struct, IUnaryF
    {
        var xf = x.to(DType.float32);
        var y = Elementwise.UnaryF(xf, op);
        return Function.Record(name, y, [xf], g => [Elementwise.UnaryGrad(g, xf, y, op)], saved: [xf]);
    }

    /// <summary>Exact GELU through the vectorized span kernel (the generic struct path would call a double erf per element).</summary>
    public static Tensor GeluExact(Tensor x)
    {
        var xf = x.to(DType.float32);
        var y = Tensor.Uninitialized((int[])xf._shape.Clone());
        var (xa, xo) = Elementwise.Dense(xf);
        var ya = y.F;
        Kernels.KernelThreads.ForElements(ya.Length, (lo, hi) => Kernels.GeluKernel.Forward(xa.AsSpan(xo + lo, hi - lo), ya.AsSpan(lo, hi - lo)));
        return Function.Record("gelu", y, [xf], g =>
        {
            var gx = Tensor.Uninitialized((int[])xf._shape.Clone());
            var (ga, go) = Elementwise.Dense(g);
            var (xb, xbo) = Elementwise.Dense(xf);
            var da = gx.F;
            Kernels.KernelThreads.ForElements(da.Length, (lo, hi) =>
                Kernels.GeluKernel.Backward(ga.AsSpan(go + lo, hi - lo), xb.AsSpan(xbo + lo, hi - lo), da.AsSpan(lo, hi - lo)));
            return [gx];
        }, saved: [xf]);
    }

    public struct Exp : IUnaryF { public float F(float x) => MathF.Exp(x); public float D(float x, float y) => y; }
    public struct Log : IUnaryF { public float F(float x) => MathF.Log(x); public float D(float x, float y) => 1f / x; }
    public struct Sqrt : IUnaryF { public float F(float x) => MathF.Sqrt(x); public float D(float x, float y) => 0.5f / y; }
    public struct Abs : IUnaryF { public float F(float x) => MathF.Abs(x); public float D(float x, float y) => x > 0 ? 1f : x < 0 ? -1f : 0f; }
    public struct Neg : IUnaryF { public float F(float x) => -x; public float D(float x, float y) => -1f; }
    public struct Sin : IUnaryF { public float F(float x) => MathF.Sin(x); public float D(float x, float y) => MathF.Cos(x); }
    public struct Cos : IUnaryF { public float F(float x) => MathF.Cos(x); public float D(float x, float y) => -MathF.Sin(x); }
    public struct Tanh : IUnaryF { public float F(float x) => MathF.Tanh(x); public float D(float x, float y) => 1f - y * y; }
    public struct Relu : IUnaryF { public float F(float x) => x > 0 ? x : 0f; public float D(float x, float y) => x > 0 ? 1f : 0f; }

    public struct Sigmoid : IUnaryF
    {
        public float F(float x) => x >= 0 ? 1f / (1f + MathF.Exp(-x)) : MathF.Exp(x) / (1f + MathF.Exp(x));
        public float D(float x, float y) => y * (1f - y);
    }

    public struct Silu : IUnaryF
    {
        public float F(float x) => x * new Sigmoid().F(x);
        public float D(float x, float y) { float s = new Sigmoid().F(x); return s * (1f + x * (1f - s)); }
    }

    public struct LeakyRelu(float slope) : IUnaryF
    {
        public float F(float x) => x > 0 ? x : slope * x;
        public float D(float x, float y) => x > 0 ? 1f : slope;
    }

    public struct PowS(float p) : IUnaryF
    {
        public float F(float x) => MathF.Pow(x, p);
        public float D(float x, float y) => p == 0f ? 0f : p * MathF.Pow(x, p - 1f);
    }

    /// <summary>Clamp passes the gradient only where the input was inside [min, max].</summary>
    public struct Clamp(float min, float max) : IUnaryF
    {
        public float F(float x) => x < min ? min : x > max ? max : x;
        public float D(float x, float y) => x < min || x > max ? 0f : 1f;
    }

    /// <summary>GELU, tanh approximation 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    public struct GeluTanh : IUnaryF
    {
        private const double K = 0.7978845608028654; // √(2/π)
        public float F(float x) { double u = K * (x + 0.044715 * x * x * x); return (float)(0.5 * x * (1 + Math.Tanh(u))); }
        public float D(float x, float y)
        {
            double u = K * (x + 0.044715 * x * x * x), th = Math.Tanh(u);
            double du = K * (1 + 3 * 0.044715 * x * x);
            return (float)(0.5 * (1 + th) + 0.5 * x * (1 - th * th) * du);
        }
    }
}
