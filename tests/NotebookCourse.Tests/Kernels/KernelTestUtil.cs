namespace NotebookCourse.Tests.Kernels;

/// <summary>Random buffers and comparisons shared by the kernel tests.</summary>
static class KernelTestUtil
{
    /// <summary>Whether the AVX-512 kernel paths run on this CPU.</summary>
    public static readonly bool Avx512 =
        System.Runtime.Intrinsics.X86.Avx512F.IsSupported && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;

    public static float[] Rand(Random rng, long len, float scale = 1f)
    {
        var x = new float[len];
        for (long i = 0; i < len; i++) x[i] = scale * (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    public static double Dot(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (double)a[i] * b[i];
        return s;
    }

    public static void Close(double[] expected, float[] actual, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]} (tol {tol})");
    }

    /// <summary>Relative agreement of two inner products that should be equal (adjoint identities).</summary>
    public static void SameInner(double lhs, double rhs, double scale, string what)
    {
        if (Math.Abs(lhs - rhs) > 1e-5 * scale)
            Assert.Fail($"{what}: <Ax, y> = {lhs} but <x, Aᵀy> = {rhs}");
    }

    public static double AbsSum(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += Math.Abs((double)a[i] * b[i]);
        return s;
    }
}
