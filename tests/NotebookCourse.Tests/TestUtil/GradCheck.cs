using NotebookCourse.Autograd;
using NotebookCourse.Tensors;

namespace NotebookCourse.Tests.TestUtil;

/// <summary>
/// Finite-difference gradient check for any differentiable op, reusable by every part of the engine.
/// The output is projected onto fixed random weights R (so errors cannot cancel, as they would with a plain sum),
/// L = Σ R·f(x) is accumulated in double, and each input element's analytic gradient from backward(R) is compared with
/// the central difference (L(x+ε) − L(x−ε)) / 2ε.
/// <code>
/// [Fact, GradCheckFor("mul")]
/// public void Mul() => GradCheck.Check("mul", t => t[0] * t[1], GradCheck.Input(3, 1, 5), GradCheck.Input(4, 5));
/// </code>
/// </summary>
public static class GradCheck
{
    // Per thread: xunit runs test classes in parallel and a generator is not thread-safe.
    [ThreadStatic] private static torch.Generator? _threadGen;
    private static torch.Generator _gen => _threadGen ??= new torch.Generator(1234);

    /// <summary>A random float input that requires grad (normal values, seeded, so tests are reproducible).</summary>
    public static Tensor Input(params int[] shape) => torch.randn(shape, _gen, requires_grad: true);

    /// <summary>A random input whose |values| lie in [lo, hi] with random signs (keeps kinks such as relu's 0 more than ε away).</summary>
    public static Tensor AwayFromZero(float lo, float hi, params int[] shape)
    {
        var u = torch.rand(shape, _gen); var s = torch.rand(shape, _gen);
        using (torch.no_grad())
        {
            var v = (u * (hi - lo) + lo) * torch.where(s.gt(0.5f), 1f, torch.tensor(-1f));
            return v.detach().requires_grad_();
        }
    }

    /// <summary>
    /// Random values on a 0.1 grid shifted by <paramref name="offset"/>: inputs on grids with offsets 0 and 0.05 never lie
    /// within ε of each other, so ops with ties (maximum, minimum) stay differentiable at every checked point.
    /// </summary>
    public static Tensor Grid(float offset, params int[] shape)
    {
        var v = torch.randn(shape, _gen).ToArray<float>();
        for (int i = 0; i < v.Length; i++) v[i] = MathF.Round(v[i] * 10f) / 10f + offset;
        return torch.tensor(v).reshape(shape).requires_grad_();
    }

    /// <summary>
    /// A random pair of broadcast-compatible shapes (0–3 dims, sizes 1–5 with many 1s and odd sizes), seeded so every
    /// run checks the same cases: e.g. ((3, 1, 5), (4, 5)) or ((), (2, 3)).
    /// </summary>
    public static (int[] a, int[] b) RandomBroadcastPair(int seed)
    {
        var g = new torch.Generator(seed);
        int rank = (int)g.NextBelow(4);
        var full = new int[rank];
        for (int i = 0; i < rank; i++) full[i] = 1 + (int)g.NextBelow(5);
        int[] Side()
        {
            int drop = rank == 0 ? 0 : (int)g.NextBelow(rank + 1);
            var s = full[drop..];
            for (int i = 0; i < s.Length; i++) if (g.NextBelow(3) == 0) s[i] = 1;
            return s;
        }
        return (Side(), Side());
    }

    /// <summary>All-distinct values 0.1 apart in random order (for max/min/topk/sort, where ties have no derivative).</summary>
    public static Tensor Distinct(params int[] shape)
    {
        int n = 1; foreach (var d in shape) n *= d;
        var p = torch.randperm(n, _gen).ToArray<long>();
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (p[i] - n / 2f) * 0.1f;
        return torch.tensor(v).reshape(shape).requires_grad_();
    }

    /// <summary>A random positive input in [lo, hi] (for log, sqrt, division).</summary>
    public static Tensor Positive(float lo, float hi, params int[] shape)
    {
        var u = torch.rand(shape, _gen);
        using (torch.no_grad()) return (u * (hi - lo) + lo).detach().requires_grad_();
    }

    /// <summary>
    /// Checks <paramref name="f"/>'s gradient w.r.t. every input that requires grad, and that the graph it builds
    /// contains a node named <paramref name="op"/> (so the check really exercises that op).
    /// </summary>
    public static void Check(string op, Func<Tensor[], Tensor> f, params Tensor[] inputs) => Check(op, f, inputs, 1e-2, 2e-3, 1e-2);

    /// <summary>Same as <see cref="Check(string, Func{Tensor[], Tensor}, Tensor[])"/> with explicit ε and tolerances |a−n| ≤ atol + rtol·|n|.</summary>
    public static void Check(string op, Func<Tensor[], Tensor> f, Tensor[] inputs, double eps, double atol, double rtol)
    {
        Assert.True(OpRegistry.Contains(op), $"GradCheck: op '{op}' is not in the registry");
        foreach (var x in inputs)
        {
            x.grad = null;
            if (x.requires_grad) Assert.True(x.is_leaf && x.is_contiguous() && x.storage_offset() == 0, "GradCheck: inputs that require grad must be fresh contiguous leaves");
        }
        var y = f(inputs);
        Assert.True(y.requires_grad, $"GradCheck('{op}'): the output does not require grad, nothing was recorded");
        Assert.True(GraphContains(y.grad_fn!, op), $"GradCheck('{op}'): the recorded graph has no '{op}' node; the check does not exercise this op");
        var r = torch.randn(y.shape, new torch.Generator(99));
        var rw = r.ToArray<float>();
        y.backward(r);

        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            if (!x.requires_grad) continue;
            Assert.NotNull(x.grad);
            var analytic = x.grad!.ToArray<float>();
            var data = x.F; // contiguous leaf: element j lives at data[j]
            double worst = 0; string? report = null;
            for (int j = 0; j < data.Length; j++)
            {
                float orig = data[j];
                data[j] = (float)(orig + eps); double lp = Loss(f, inputs, rw);
                data[j] = (float)(orig - eps); double lm = Loss(f, inputs, rw);
                data[j] = orig;
                // Use the perturbation actually representable in float32.
                double h = ((double)(float)(orig + eps) - (float)(orig - eps));
                double numeric = (lp - lm) / h;
                double err = Math.Abs(analytic[j] - numeric) - (atol + rtol * Math.Abs(numeric));
                if (err > worst) { worst = err; report = $"element {j}: analytic {analytic[j]:G6}, numeric {numeric:G6}"; }
            }
            Assert.True(report == null, $"GradCheck('{op}'): gradient of input {k} (shape {Fmt(x.shape)}) is wrong at {report}");
        }
    }

    private static double Loss(Func<Tensor[], Tensor> f, Tensor[] inputs, float[] rw)
    {
        using var _ = torch.no_grad();
        var y = f(inputs).ToArray<float>();
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += (double)rw[i] * y[i];
        return s;
    }

    private static bool GraphContains(Node root, string op)
    {
        var seen = new HashSet<Node>(ReferenceEqualityComparer.Instance) { root };
        var stack = new Stack<Node>(); stack.Push(root);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n.Name == op) return true;
            foreach (var i in n.Inputs) if (i.grad_fn is { } c && seen.Add(c)) stack.Push(c);
        }
        return false;
    }

    private static string Fmt(int[] s) => "(" + string.Join(", ", s) + ")";
}
