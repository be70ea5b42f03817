using NotebookCourse.Tensors;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Nn;

/// <summary>Initialization bounds and statistics against the formulas PyTorch documents.</summary>
public class InitTests
{
    private static (double min, double max, double mean, double std) Stats(Tensor t)
    {
        var v = t.ToArray<float>();
        double mean = v.Average(x => (double)x);
        double std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return (v.Min(), v.Max(), mean, std);
    }

    [Fact]
    public void GainsAndFans()
    {
        Assert.Equal(Math.Sqrt(2), nn.init.calculate_gain("relu"), 12);
        Assert.Equal(5.0 / 3, nn.init.calculate_gain("tanh"), 12);
        Assert.Equal(Math.Sqrt(2 / 1.0001), nn.init.calculate_gain("leaky_relu"), 12);
        Assert.Equal(Math.Sqrt(2.0 / 6), nn.init.calculate_gain("leaky_relu", Math.Sqrt(5)), 12);
        Assert.Equal(1.0, nn.init.calculate_gain("conv2d"));
        Assert.Contains("unknown nonlinearity 'swish'", Assert.Throws<ArgumentException>(() => nn.init.calculate_gain("swish")).Message);
        Assert.Equal((3 * 25, 6 * 25), nn.init.calculate_fan_in_and_fan_out(torch.zeros(6, 3, 5, 5)));
        Assert.Contains("at least 2 dims", Assert.Throws<ArgumentException>(() => nn.init.kaiming_uniform_(torch.zeros(5))).Message);
    }

    [Fact]
    public void KaimingUniformStaysInBoundAndFillsIt()
    {
        var w = torch.zeros(256, 400);
        nn.init.kaiming_uniform_(w, mode: "fan_in", nonlinearity: "relu", generator: new Generator(1));
        double bound = Math.Sqrt(2) * Math.Sqrt(3.0 / 400);
        var (min, max, mean, std) = Stats(w);
        Assert.True(min >= -bound && max < bound, $"values in [{min}, {max}] outside ±{bound}");
        Assert.True(max > 0.99 * bound && min < -0.99 * bound, "102,400 uniform samples should reach the bound");
        Assert.InRange(std, bound / Math.Sqrt(3) * 0.98, bound / Math.Sqrt(3) * 1.02);
        Assert.InRange(mean, -0.01 * bound, 0.01 * bound);
    }

    [Fact]
    public void NormalInitsHaveTheDocumentedStd()
    {
        var w = torch.zeros(300, 200);
        nn.init.kaiming_normal_(w, mode: "fan_out", nonlinearity: "relu");
        Assert.InRange(Stats(w).std, Math.Sqrt(2.0 / 300) * 0.98, Math.Sqrt(2.0 / 300) * 1.02);
        nn.init.xavier_normal_(w, gain: 2);
        Assert.InRange(Stats(w).std, 2 * Math.Sqrt(2.0 / 500) * 0.98, 2 * Math.Sqrt(2.0 / 500) * 1.02);
        nn.init.xavier_uniform_(w);
        double a = Math.Sqrt(6.0 / 500);
        var s = Stats(w);
        Assert.True(s.min >= -a && s.max < a && s.max > 0.99 * a);
        nn.init.normal_(w, 3f, 0.5f);
        Assert.InRange(Stats(w).mean, 2.99, 3.01);
        nn.init.constant_(w, 0.25f);
        Assert.All(w.ToArray<float>(), v => Assert.Equal(0.25f, v));
        Assert.Contains("fan_in\" or \"fan_out", Assert.Throws<ArgumentException>(() => nn.init.kaiming_normal_(w, mode: "fan_avg")).Message);
    }

    [Fact]
    public void LayersInitializeLikePyTorchDefaults()
    {
        manual_seed(0);
        var conv = nn.Conv2d(16, 32, 3);
        double bound = 1 / Math.Sqrt(16 * 9);
        var (min, max, _, _) = Stats(conv.weight);
        Assert.True(min >= -bound && max < bound && max > 0.95 * bound);
        var b = Stats(conv.bias!);
        Assert.True(b.min >= -bound && b.max < bound);
        var fc = nn.Linear(400, 120);
        var f = Stats(fc.weight);
        Assert.True(f.min >= -0.05 && f.max < 0.05 && f.max > 0.049);
        Assert.True(fc.weight.requires_grad && fc.weight.is_leaf);
    }

    [Fact]
    public void InitWorksOnParametersAndIsSeeded()
    {
        var a = nn.Linear(8, 8); var b = nn.Linear(8, 8);
        nn.init.kaiming_uniform_(a.weight, generator: new Generator(5)); // a parameter: must not throw on in-place
        nn.init.kaiming_uniform_(b.weight, generator: new Generator(5));
        Assert.Equal(a.weight.ToArray<float>(), b.weight.ToArray<float>());
        manual_seed(9); var c = nn.Linear(8, 8);
        manual_seed(9); var d = nn.Linear(8, 8);
        Assert.Equal(c.weight.ToArray<float>(), d.weight.ToArray<float>());
        Assert.Equal(c.bias!.ToArray<float>(), d.bias!.ToArray<float>());
    }
}
