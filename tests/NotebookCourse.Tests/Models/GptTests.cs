using NotebookCourse.Models;
using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Models;

public class GptTests
{
    internal static readonly GptConfig Tiny = new(vocabSize: 11, contextLength: 16, dModel: 32, nHeads: 4, nLayers: 2);

    internal static Gpt Make(GptConfig? cfg = null, long seed = 0)
    {
        manual_seed(seed);
        var m = new Gpt(cfg ?? Tiny);
        m.eval();
        return m;
    }

    internal static Tensor RandomIds(int b, int t, long seed, int vocab = 11) => randint(0, vocab, new[] { b, t }, new Generator(seed));

    [Fact]
    public void ForwardGivesLogitsPerPositionAndNanoGptLikeNames()
    {
        var gpt = Make();
        var logits = gpt.call(RandomIds(3, 7, 1));
        TensorAssert.Shape(logits, 3, 7, 11);
        var keys = gpt.state_dict().Keys.ToArray();
        Assert.Equal("wte.weight", keys[0]);
        Assert.Equal("wpe.weight", keys[1]);
        foreach (var k in new[] { "blocks.0.ln1.weight", "blocks.0.attn.qkv.weight", "blocks.0.attn.qkv.bias", "blocks.0.attn.proj.weight",
                     "blocks.1.ln2.bias", "blocks.1.mlp.fc.weight", "blocks.1.mlp.proj.bias", "ln_f.weight", "lm_head.weight" })
            Assert.Contains(k, keys);
        Assert.DoesNotContain("lm_head.bias", keys);
        Assert.Equal(new[] { 96, 32 }, gpt.get_parameter("blocks.0.attn.qkv.weight").shape);
        // Embeddings + per block (2 norms, qkv, proj, fc, proj) + final norm + head, counted by hand.
        long d = 32, v = 11, ctx = 16;
        long perBlock = 2 * 2 * d + (3 * d * d + 3 * d) + (d * d + d) + (4 * d * d + 4 * d) + (4 * d * d + d);
        Assert.Equal(v * d + ctx * d + 2 * perBlock + 2 * d + v * d, gpt.num_parameters());
    }

    [Fact]
    public void LogitsAtAPositionDoNotDependOnLaterTokens()
    {
        var gpt = Make();
        var ids = RandomIds(2, 12, 2);
        var changed = ids.clone();
        changed[0, 7] = tensor((ids[0, 7].item<long>() + 1) % 11);
        changed[1, 7] = tensor((ids[1, 7].item<long>() + 5) % 11);
        var a = gpt.call(ids); var b = gpt.call(changed);
        TensorAssert.Close(b.narrow(1, 0, 7), a.narrow(1, 0, 7), atol: 1e-6f, rtol: 0f);
        // …while the changed position itself (and later ones) do see the change.
        Assert.True((b.narrow(1, 7, 5) - a.narrow(1, 7, 5)).abs().max().item<float>() > 1e-3f);
    }

    [Fact]
    public void IncrementalDecodingWithTheCacheMatchesTheFullForward()
    {
        var gpt = Make();
        var ids = RandomIds(2, 14, 3);
        var full = gpt.call(ids);
        var cache = gpt.new_cache(2);
        // Prefill 5 tokens, then a chunk of 3 (needs the offset causal mask), then one token at a time.
        var parts = new List<Tensor> { gpt.forward(ids.narrow(1, 0, 5), cache), gpt.forward(ids.narrow(1, 5, 3), cache) };
        Assert.Equal(8, cache.length);
        for (int t = 8; t < 14; t++) parts.Add(gpt.forward(ids.narrow(1, t, 1), cache));
        Assert.Equal(14, cache.length);
        TensorAssert.Close(cat(parts.ToArray(), 1), full, atol: 1e-5f, rtol: 0f);
    }

    [Fact]
    public void CachedAndUncachedGenerationGiveTheSameTokensForTheSameSeed()
    {
        var gpt = Make();
        var prompt = RandomIds(2, 3, 4);
        var withCache = gpt.generate(prompt, 13, temperature: 1f, generator: new Generator(7));
        var without = gpt.generate(prompt, 13, temperature: 1f, useKvCache: false, generator: new Generator(7));
        TensorAssert.Shape(withCache, 2, 16);
        Assert.Equal(without.ToArray<long>(), withCache.ToArray<long>());
        Assert.Equal(prompt.ToArray<long>(), withCache.narrow(1, 0, 3).contiguous().ToArray<long>());
        // A different seed gives a different continuation (the sampling really uses the generator).
        var other = gpt.generate(prompt, 13, temperature: 1f, generator: new Generator(8));
        Assert.NotEqual(withCache.ToArray<long>(), other.ToArray<long>());
    }

    [Fact]
    public void GenerationRunsPastTheContextWindowOnBothPaths()
    {
        var gpt = Make();
        var prompt = RandomIds(1, 20, 5); // longer than the 16-token context: cropped
        foreach (bool kv in new[] { true, false })
        {
            var outIds = gpt.generate(prompt, 30, temperature: 0f, useKvCache: kv);
            TensorAssert.Shape(outIds, 1, 50);
        }
        // Greedy with the cache equals greedy without it while everything fits (here 4 + 12 = 16 = context).
        var p = RandomIds(1, 4, 6);
        Assert.Equal(gpt.generate(p, 12, 0f, useKvCache: false).ToArray<long>(), gpt.generate(p, 12, 0f).ToArray<long>());
    }

    [Fact]
    public void TemperatureZeroIsGreedyAndATinyTemperatureSamplesTheArgmax()
    {
        var gpt = Make();
        var ids = RandomIds(2, 2, 9);
        var greedy = ids;
        for (int i = 0; i < 8; i++)
        {
            var last = gpt.call(greedy).select(1, greedy.size(1) - 1);
            greedy = cat(new[] { greedy, last.argmax(-1, keepdim: true) }, 1);
        }
        Assert.Equal(greedy.ToArray<long>(), gpt.generate(ids, 8, temperature: 0f).ToArray<long>());
        Assert.Equal(greedy.ToArray<long>(), gpt.generate(ids, 8, temperature: 1e-4f, generator: new Generator(3)).ToArray<long>());
        Assert.Equal(greedy.ToArray<long>(), gpt.generate(ids, 8, temperature: 1f, topK: 1, generator: new Generator(3)).ToArray<long>());
    }

    [Fact]
    public void TopKSamplesOnlyAmongTheKLargestLogits()
    {
        var logits = tensor(new float[] { 0.1f, 2f, -1f, 1.5f, 0.3f, 1.9f, -0.5f, 0f }, 1, 8);
        var g = new Generator(11);
        var seen = new HashSet<long>();
        for (int i = 0; i < 300; i++) seen.Add(Gpt.sample_next(logits, 2f, topK: 3, generator: g).item<long>());
        Assert.Equal(new long[] { 1, 3, 5 }, seen.OrderBy(x => x).ToArray());
        // Without topK the high temperature reaches tokens outside the top 3.
        var all = new HashSet<long>();
        for (int i = 0; i < 300; i++) all.Add(Gpt.sample_next(logits, 2f, generator: g).item<long>());
        Assert.True(all.Count > 3, $"expected more than 3 distinct tokens, got {all.Count}");
    }

    [Fact]
    public void SamplingArgumentsAreChecked()
    {
        var gpt = Make();
        var ids = RandomIds(1, 3, 1);
        Assert.Contains("temperature", Assert.Throws<ArgumentException>(() => gpt.generate(ids, 2, temperature: -1f)).Message);
        Assert.Contains("topK", Assert.Throws<ArgumentException>(() => gpt.generate(ids, 2, topK: 0)).Message);
        Assert.Contains("context length 16", Assert.Throws<ArgumentException>(() => gpt.call(RandomIds(1, 17, 1))).Message);
        var cache = gpt.new_cache();
        gpt.forward(RandomIds(1, 16, 1), cache);
        Assert.Contains("do not fit", Assert.Throws<ArgumentException>(() => gpt.forward(RandomIds(1, 1, 1), cache)).Message);
        Assert.Contains("int64", Assert.Throws<ArgumentException>(() => gpt.call(ones(1, 3))).Message);
    }
}
