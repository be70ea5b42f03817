using NotebookCourse.Tensors;

namespace NotebookCourse.Tests.Optim;

/// <summary>clip_grad_norm_ returns PyTorch's total norm and leaves PyTorch's clipped gradients; clip_grad_value_ clamps.</summary>
public class ClipGradTests
{
    [Fact]
    public void Clip_grad_norm_matches_pytorch_for_each_norm_type()
    {
        foreach (var c in OptimGolden.Root.GetProperty("clip").EnumerateArray())
        {
            var ps = OptimGolden.InitialParams();
            for (int i = 0; i < ps.Length; i++) ps[i].grad = OptimGolden.Grad(0, i);
            var nt = c.GetProperty("norm_type");
            double normType = nt.ValueKind == System.Text.Json.JsonValueKind.String ? double.PositiveInfinity : nt.GetDouble();
            double maxNorm = c.GetProperty("max_norm").GetDouble();
            var total = torch.nn.utils.clip_grad_norm_(ps, maxNorm, normType);
            string what = $"max_norm {maxNorm}, norm_type {normType}";
            OptimGolden.AssertClose([(float)c.GetProperty("total").GetDouble()], [total.item()], what + " total");
            for (int i = 0; i < ps.Length; i++)
                OptimGolden.AssertClose(OptimGolden.Floats(c.GetProperty("grads")[i]), ps[i].grad!.ToArray<float>(), what + $" grad {i}");
        }
    }

    [Fact]
    public void Clip_grad_norm_skips_params_without_grad_and_reports_nonfinite()
    {
        var a = torch.tensor(new float[] { 1, 2 }).requires_grad_();
        var b = torch.tensor(new float[] { 3 }).requires_grad_();
        a.grad = torch.tensor(new float[] { 3, 4 });
        Assert.Equal(5f, torch.nn.utils.clip_grad_norm_([a, b], 10).item(), 6);
        a.grad = torch.tensor(new float[] { float.NaN, 1 });
        var e = Assert.Throws<InvalidOperationException>(() => torch.nn.utils.clip_grad_norm_([a, b], 1, error_if_nonfinite: true));
        Assert.Contains("NaN", e.Message);
    }

    [Fact]
    public void Clip_grad_value_clamps_in_place_including_strided_grads()
    {
        var a = torch.zeros(2, 3).requires_grad_();
        a.grad = torch.tensor(new float[] { -3, -0.5f, 0, 0.5f, 2, 9 }, 2, 3);
        var b = torch.zeros(3, 2).requires_grad_();
        b.grad = torch.tensor(new float[] { -3, -0.5f, 0, 0.5f, 2, 9 }, 2, 3).t(); // a non-contiguous gradient
        torch.nn.utils.clip_grad_value_([a, b], 1.0);
        Assert.Equal(new float[] { -1, -0.5f, 0, 0.5f, 1, 1 }, a.grad!.ToArray<float>());
        Assert.Equal(new float[] { -1, 0.5f, -0.5f, 1, 0, 1 }, b.grad!.ToArray<float>());
    }
}
