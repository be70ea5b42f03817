using NotebookCourse.Models;
using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Models;

public class GptTrainingTests
{
    [Fact]
    public void OverfittingAShortTextDrivesTheLossDownAndGreedyDecodingRecitesIt()
    {
        const string text = "hola mundo, el gato duerme.\n";
        var tok = new CharTokenizer(text);
        Assert.Equal(text, tok.decode(tok.encode(text)));
        manual_seed(0);
        var gpt = new Gpt(new GptConfig(tok.vocab_size, contextLength: 32, dModel: 32, nHeads: 2, nLayers: 2));
        var data = tok.encode(text + text);
        int t = text.Length;
        var x = data.narrow(0, 0, t).unsqueeze(0);
        var y = data.narrow(0, 1, t).unsqueeze(0);
        var opt = optim.Adam(gpt.parameters(), lr: 1e-2);
        float first = 0, last = 0;
        for (int step = 0; step < 120; step++)
        {
            var loss = gpt.loss(x, y);
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
        Assert.InRange(first, 0.7 * MathF.Log(tok.vocab_size), 1.3 * MathF.Log(tok.vocab_size)); // about uniform at init
        Assert.True(last < 0.1f, $"loss {first:F3} -> {last:F3}: the model should memorize one sentence");
        var outIds = gpt.generate(tok.encode("h").unsqueeze(0), t - 1, temperature: 0f);
        Assert.Equal(text, tok.decode(outIds));
    }

    [Fact]
    public void EveryParameterGetsAGradient()
    {
        manual_seed(2);
        var gpt = new Gpt(GptTests.Tiny with { dropout = 0.1f });
        var ids = GptTests.RandomIds(2, 9, 1);
        gpt.loss(ids, GptTests.RandomIds(2, 9, 2)).backward();
        foreach (var (name, p) in gpt.named_parameters())
        {
            Assert.True(p.grad is not null, $"{name} has no gradient");
            Assert.True(p.grad!.abs().sum().item<float>() > 0f, $"{name} has an all-zero gradient");
        }
    }

    [Fact]
    public void DropoutActsInTrainingModeOnly()
    {
        manual_seed(3);
        var gpt = new Gpt(GptTests.Tiny with { dropout = 0.2f });
        var ids = GptTests.RandomIds(1, 8, 4);
        Assert.False(allclose(gpt.call(ids), gpt.call(ids)));
        gpt.eval();
        TensorAssert.Close(gpt.call(ids), gpt.call(ids), atol: 0f, rtol: 0f);
        gpt.train();
        gpt.generate(ids, 2);
        Assert.True(gpt.training); // generate switches to eval and back
    }

    [Fact]
    public void StateDictRoundTripThroughAFileReproducesTheModel()
    {
        var a = GptTests.Make(seed: 1);
        var b = GptTests.Make(seed: 2);
        var ids = GptTests.RandomIds(2, 10, 5);
        Assert.False(allclose(a.call(ids), b.call(ids)));
        string path = Path.Combine(Path.GetTempPath(), $"gpt-{Guid.NewGuid():N}.safetensors");
        try
        {
            save(a, path);
            var result = b.load_state_dict(load(path));
            Assert.Empty(result.missing_keys);
            Assert.Empty(result.unexpected_keys);
        }
        finally { File.Delete(path); }
        TensorAssert.Close(b.call(ids), a.call(ids), atol: 0f, rtol: 0f);
    }

    [Fact]
    public void TiedHeadSharesTheTokenEmbedding()
    {
        manual_seed(4);
        var gpt = new Gpt(GptTests.Tiny with { tieWeights = true });
        Assert.Same(gpt.wte.weight, gpt.lm_head.weight);
        Assert.Equal(gpt.parameters().Count(), gpt.parameters().Distinct().Count());
        var untied = new Gpt(GptTests.Tiny);
        Assert.Equal(untied.num_parameters() - 11 * 32, gpt.num_parameters());
        var sd = gpt.state_dict();
        Assert.True(sd["lm_head.weight"].shares_storage_with(sd["wte.weight"]));
        using (no_grad()) gpt.wte.weight.mul_(2f);
        Assert.True(allclose(gpt.lm_head.weight, gpt.wte.weight));
    }
}
