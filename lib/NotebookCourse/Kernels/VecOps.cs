using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace NotebookCourse.Kernels;

/// <summary>Fused elementwise helpers the normalization kernels need and TensorPrimitives lacks.</summary>
internal static class VecOps
{
    /// <summary>dst = a·x + b.</summary>
    public static void Affine(ReadOnlySpan<float> x, float a, float b, Span<float> dst)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            var dv = MemoryMarshal.Cast<float, Vector<float>>(dst);
            Vector<float> av = new(a), bv = new(b);
            for (int v = 0; v < xv.Length; v++) dv[v] = xv[v] * av + bv;
            i = xv.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++) dst[i] = a * x[i] + b;
    }

    /// <summary>dst = a·x + b·y + c.</summary>
    public static void Combine(ReadOnlySpan<float> x, float a, ReadOnlySpan<float> y, float b, float c, Span<float> dst)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            var dv = MemoryMarshal.Cast<float, Vector<float>>(dst);
            Vector<float> av = new(a), bv = new(b), cv = new(c);
            for (int v = 0; v < xv.Length; v++) dv[v] = xv[v] * av + yv[v] * bv + cv;
            i = xv.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++) dst[i] = a * x[i] + b * y[i] + c;
    }

    /// <summary>Σ (x − mean)², accumulated per vector lane in float then summed in double.</summary>
    public static double SquaredDeviation(ReadOnlySpan<float> x, float mean)
    {
        int i = 0;
        double total = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            var mv = new Vector<float>(mean);
            var acc = Vector<float>.Zero;
            for (int v = 0; v < xv.Length; v++) { var d = xv[v] - mv; acc += d * d; }
            for (int l = 0; l < Vector<float>.Count; l++) total += acc[l];
            i = xv.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++) { double d = x[i] - mean; total += d * d; }
        return total;
    }

    /// <summary>Σ x in float vectors per call (slices are short enough), returned as double for cross-slice sums.</summary>
    public static double Sum(ReadOnlySpan<float> x) => TensorPrimitives.Sum(x);

    /// <summary>Σ x·y.</summary>
    public static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => TensorPrimitives.Dot(x, y);
}
