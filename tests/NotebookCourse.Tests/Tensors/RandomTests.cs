namespace NotebookCourse.Tests.Tensors;

public class RandomTests
{
    [Fact]
    public void SameSeedGivesBitIdenticalStreams()
    {
        var g1 = new torch.Generator(7); var g2 = new torch.Generator(7);
        Assert.Equal(torch.randn(new[] { 101 }, g1).ToArray<float>(), torch.randn(new[] { 101 }, g2).ToArray<float>());
        Assert.Equal(torch.randperm(50, g1).ToArray<long>(), torch.randperm(50, g2).ToArray<long>());
        Assert.NotEqual(torch.rand(new[] { 8 }, new torch.Generator(1)).ToArray<float>(), torch.rand(new[] { 8 }, new torch.Generator(2)).ToArray<float>());
        var x = torch.ones(1000);
        Assert.Equal(x.dropout(0.3f, true, new torch.Generator(3)).ToArray<float>(), x.dropout(0.3f, true, new torch.Generator(3)).ToArray<float>());
    }

    [Fact]
    public void DistributionsHaveTheRightMoments()
    {
        var g = new torch.Generator(11);
        var n = torch.randn(new[] { 100_000 }, g);
        Assert.InRange(n.mean().item(), -0.02f, 0.02f);
        Assert.InRange(n.std().item(), 0.98f, 1.02f);
        var u = torch.rand(new[] { 100_000 }, g);
        Assert.InRange(u.mean().item(), 0.49f, 0.51f);
        Assert.True(u.min().item() >= 0f && u.max().item() < 1f);
        var r = torch.randint(3, 7, new[] { 10_000 }, g);
        Assert.Equal(3L, r.min().item<long>()); Assert.Equal(6L, r.max().item<long>());
        var w = torch.zeros(4).normal_(2f, 0.5f, g);
        Assert.All(w.ToArray<float>(), v => Assert.InRange(v, -1f, 5f));
        var b = torch.bernoulli(torch.full(new[] { 10_000 }, 0.25f), g);
        Assert.InRange(b.mean().item(), 0.23f, 0.27f);
        var d = torch.ones(10_000).dropout(0.5f, true, g);
        Assert.InRange(d.mean().item(), 0.95f, 1.05f);                   // inverted dropout keeps the expectation
        Assert.All(d.ToArray<float>(), v => Assert.True(v == 0f || v == 2f));
        Assert.Equal(torch.ones(3).ToArray<float>(), torch.ones(3).dropout(0.5f, training: false).ToArray<float>());
    }

    [Fact]
    public void RandpermIsAPermutationAndMultinomialSamplesWeights()
    {
        var g = new torch.Generator(5);
        var p = torch.randperm(100, g).ToArray<long>();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), p.OrderBy(v => v));
        var s = torch.multinomial(torch.tensor(new[] { 0f, 1f, 3f }), 4000, replacement: true, generator: g).ToArray<long>();
        Assert.DoesNotContain(0L, s);
        Assert.InRange(s.Count(v => v == 2) / 4000.0, 0.72, 0.78);
        var nr = torch.multinomial(torch.tensor(new[] { 1f, 1f, 1f, 1f }), 4, generator: g).ToArray<long>();
        Assert.Equal(new long[] { 0, 1, 2, 3 }, nr.OrderBy(v => v));
        Assert.Contains("without replacement", Assert.Throws<ArgumentException>(() => torch.multinomial(torch.ones(2), 3)).Message);
        var rows = torch.multinomial(torch.tensor(new float[,] { { 1, 0 }, { 0, 1 } }), 1, generator: g);
        Assert.Equal(new long[] { 0, 1 }, rows.ToArray<long>());
    }
}

/// <summary>Runs alone: other tests draw from the shared default generator in parallel.</summary>
[CollectionDefinition("default generator", DisableParallelization = true)]
public class DefaultGeneratorCollection { }

[Collection("default generator")]
public class DefaultGeneratorTests
{
    [Fact]
    public void ManualSeedResetsTheDefaultGenerator()
    {
        torch.manual_seed(42); var a = torch.randn(5).ToArray<float>(); var p = torch.randperm(10).ToArray<long>();
        torch.manual_seed(42); var b = torch.randn(5).ToArray<float>(); var q = torch.randperm(10).ToArray<long>();
        Assert.Equal(a, b);
        Assert.Equal(p, q);
        Assert.Equal(42, torch.default_generator.initial_seed());
    }
}
