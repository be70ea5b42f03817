using NotebookCourse.Tests.TestUtil;
using NotebookCourse.Tensors;
using System.Text.Json;

namespace NotebookCourse.Tests.Optim;

/// <summary>Reads tests/fixtures/torch/optim/golden.json (made by make_golden.py with PyTorch 1.13).</summary>
internal static class OptimGolden
{
    private static readonly Lazy<JsonElement> _root = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepoFiles.Path("tests", "fixtures", "torch", "optim", "golden.json"))).RootElement);

    public static JsonElement Root => _root.Value;

    public static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static int[][] Shapes => Root.GetProperty("shapes").EnumerateArray().Select(s => s.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();

    /// <summary>Fresh leaf parameters with the golden initial values.</summary>
    public static Tensor[] InitialParams()
    {
        var shapes = Shapes;
        return Root.GetProperty("init").EnumerateArray()
            .Select((e, i) => torch.tensor(Floats(e), shapes[i]).requires_grad_()).ToArray();
    }

    /// <summary>The fixed gradient of parameter <paramref name="i"/> at step <paramref name="step"/>.</summary>
    public static Tensor Grad(int step, int i) =>
        torch.tensor(Floats(Root.GetProperty("grads")[step][i]), Shapes[i]);

    /// <summary>allclose with rtol 1e-6, atol 1e-7: float32 rounding differences pass, a wrong formula does not.</summary>
    public static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tol = 1e-7 + 1e-6 * Math.Abs(expected[i]);
            if (!(Math.Abs(expected[i] - actual[i]) <= tol))
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (diff {Math.Abs(expected[i] - actual[i]):E2}, tol {tol:E2})");
        }
    }

    public static void AssertClose(double[] expected, double[] actual, string what, double rtol = 1e-9)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= 1e-12 + rtol * Math.Abs(expected[i])))
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
