using NotebookCourse.Kernels;

namespace NotebookCourse.Tests.Kernels;

public class GeluKernelTests
{
    // Φ(x) in double from an independent method: erf's Taylor series near 0, erfc's continued fraction in the tails.
    private static double Cdf(double x)
    {
        double z = Math.Abs(x) / Math.Sqrt(2);
        double erfc;
        if (z < 3)
        {
            double sum = 0, term = z;
            for (int n = 0; n < 200; n++)
            {
                sum += term / (2 * n + 1);
                term *= -z * z / (n + 1);
            }
            erfc = 1 - 2 / Math.Sqrt(Math.PI) * sum;
        }
        else
        {
            double k = z;
            for (int n = 80; n >= 1; n--) k = z + n / 2.0 / k;
            erfc = Math.Exp(-z * z) / (Math.Sqrt(Math.PI) * k);
        }
        return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
    }

    private static float[] Inputs()
    {
        var xs = new List<float> { 0f, -0f, 1e-8f, -1e-8f, 0.5f, -0.5f, 3f, -3f, 4.2426f, -4.2426f, 8f, -8f, 12f, -12f, 30f, -30f };
        var rng = new Random(5);
        for (int i = 0; i < 1237; i++) xs.Add((float)(rng.NextDouble() * 20 - 10));   // odd count: vector body + tail
        return xs.ToArray();
    }

    [Fact]
    public void Forward_matches_an_independent_double_reference_with_relative_accuracy_in_the_tails()
    {
        var x = Inputs();
        var y = new float[x.Length];
        GeluKernel.Forward(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            double want = x[i] * Cdf(x[i]);
            // In the negative tail exp's argument is about −x²/2; its float rounding (a few ulps of x²/2) is the
            // relative error that remains, so the tolerance grows with x².
            double tol = (2e-6 + 2e-7 * x[i] * (double)x[i]) * Math.Abs(want) + 1e-30;
            Assert.True(Math.Abs(y[i] - want) <= tol, $"gelu({x[i]}) = {y[i]}, want {want}");
        }
        Assert.True(y[Array.IndexOf(x, -12f)] < 0, "gelu(-12) must stay a tiny negative number, not 0");
    }

    [Fact]
    public void Backward_matches_the_derivative_of_the_reference()
    {
        var x = Inputs();
        var g = x.Select((_, i) => 0.5f + i % 7 * 0.25f).ToArray();
        var dx = new float[x.Length];
        GeluKernel.Backward(g, x, dx);
        for (int i = 0; i < x.Length; i++)
        {
            double pdf = Math.Exp(-0.5 * x[i] * (double)x[i]) / Math.Sqrt(2 * Math.PI);
            double want = g[i] * (Cdf(x[i]) + x[i] * pdf);
            double tol = (2e-6 + 2e-7 * x[i] * (double)x[i]) * Math.Abs(want) + 1e-7 * g[i];
            Assert.True(Math.Abs(dx[i] - want) <= tol, $"gelu'({x[i]})·{g[i]} = {dx[i]}, want {want}");
        }
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => GeluKernel.Forward(new float[3], new float[2]));
        Assert.Contains("x has 3 elements, y 2", e.Message);
    }
}
