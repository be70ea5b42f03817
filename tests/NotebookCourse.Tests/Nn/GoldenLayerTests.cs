using System.Text.Json;
using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Nn;

/// <summary>
/// Layers against PyTorch 1.13 (tests/fixtures/torch/nn/make_golden.py): parameters copied in with load_state_dict,
/// forward outputs and the gradients of sum(output·gout) for inputs and parameters.
/// </summary>
public class GoldenLayerTests
{
    private static readonly Lazy<JsonElement> Cases = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepoFiles.Path("tests", "fixtures", "torch", "nn", "nn_golden.json"))).RootElement.GetProperty("cases"));

    private static Tensor T(JsonElement e) =>
        torch.tensor(e.GetProperty("data").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(),
                     e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray());

    private sealed record Case(JsonElement Json, Dictionary<string, Tensor> Inputs, Tensor[] Gouts)
    {
        public Tensor Input(string name) => Inputs[name];
        public Tensor Expected(string prop, string key) => T(Json.GetProperty(prop).GetProperty(key));
    }

    /// <summary>Loads parameters into <paramref name="m"/>, makes leaf inputs that require grad, returns the case.</summary>
    private static Case Load(string name, Module m, bool strict = true)
    {
        var c = Cases.Value.GetProperty(name);
        var sd = c.GetProperty("params").EnumerateObject().ToDictionary(p => p.Name, p => T(p.Value));
        m.load_state_dict(sd, strict);
        var inputs = c.GetProperty("inputs").EnumerateObject().ToDictionary(p => p.Name, p => T(p.Value).requires_grad_());
        return new Case(c, inputs, c.GetProperty("gouts").EnumerateArray().Select(T).ToArray());
    }

    private static void CheckBackward(Case c, Module m, Tensor[] outputs, float atol = 2e-5f, float rtol = 1e-4f)
    {
        Assert.Equal(c.Gouts.Length, outputs.Length);
        for (int i = 0; i < outputs.Length; i++)
            TensorAssert.Close(outputs[i], T(c.Json.GetProperty("outputs")[i]), atol, rtol);
        Tensor loss = (outputs[0] * c.Gouts[0]).sum();
        for (int i = 1; i < outputs.Length; i++) loss = loss + (outputs[i] * c.Gouts[i]).sum();
        loss.backward();
        foreach (var (k, x) in c.Inputs) TensorAssert.Close(x.grad!, c.Expected("grads", "input." + k), atol, rtol);
        foreach (var (k, p) in m.named_parameters()) TensorAssert.Close(p.grad!, c.Expected("grads", k), atol, rtol);
    }

    [Fact]
    public void Linear()
    {
        var m = nn.Linear(5, 3);
        var c = Load("linear", m);
        CheckBackward(c, m, [m.call(c.Input("x"))]);
    }

    [Fact]
    public void Conv2dGroupedStridedDilated()
    {
        var m = nn.Conv2d(4, 6, kernelSize: (3, 2), stride: 2, padding: 1, dilation: (1, 2), groups: 2);
        var c = Load("conv2d", m);
        CheckBackward(c, m, [m.call(c.Input("x"))]);
    }

    [Fact]
    public void BatchNorm2dTrainUpdatesRunningStatsThenEvalUsesThem()
    {
        var m = nn.BatchNorm2d(3, momentum: 0.2f);
        var c = Load("batchnorm2d_train", m, strict: false);
        CheckBackward(c, m, [m.call(c.Input("x"))]);
        var after = c.Json.GetProperty("after");
        TensorAssert.Close(m.running_mean!, T(after.GetProperty("running_mean")), 1e-6f, 1e-5f);
        TensorAssert.Close(m.running_var!, T(after.GetProperty("running_var")), 1e-6f, 1e-5f);
        Assert.Equal(after.GetProperty("num_batches_tracked").GetInt64(), m.num_batches_tracked!.item<long>());
        m.eval();
        using (no_grad()) TensorAssert.Close(m.call(T(c.Json.GetProperty("eval_x"))), T(c.Json.GetProperty("eval_out")), 1e-5f, 1e-5f);
    }

    [Fact]
    public void LayerNormOverTwoDims()
    {
        var m = nn.LayerNorm(new[] { 4, 5 });
        var c = Load("layernorm", m);
        CheckBackward(c, m, [m.call(c.Input("x"))]);
    }

    [Fact]
    public void GroupNorm()
    {
        var m = nn.GroupNorm(2, 6);
        var c = Load("groupnorm", m);
        CheckBackward(c, m, [m.call(c.Input("x"))]);
    }

    [Fact]
    public void MultiheadAttentionBatchFirstWithPaddingAndCausalMasks()
    {
        var m = nn.MultiheadAttention(8, 2, batchFirst: true);
        var c = Load("mha", m);
        var kpm = torch.tensor(c.Json.GetProperty("key_padding_mask").EnumerateArray().Select(e => e.GetBoolean()).ToArray(), 2, 5);
        var causal = torch.ones(4, 5).triu_mask();
        var (y, w) = m.forward(c.Input("query"), c.Input("key"), c.Input("value"), keyPaddingMask: kpm, attnMask: causal);
        CheckBackward(c, m, [y, w!]);

        // isCausal alone gives the same result as the explicit mask, and without weights the other code path agrees.
        using (no_grad())
        {
            var (y2, _) = m.forward(c.Input("query"), c.Input("key"), c.Input("value"), keyPaddingMask: kpm, needWeights: false, isCausal: true);
            TensorAssert.Close(y2, y, 1e-6f, 1e-5f);
        }
    }

    [Fact]
    public void MultiheadAttentionSequenceFirstPerHeadWeights()
    {
        var m = nn.MultiheadAttention(8, 4);
        var c = Load("mha_seq_first", m);
        var (y, w) = m.forward(c.Input("query"), c.Input("key"), c.Input("value"), averageAttnWeights: false);
        TensorAssert.Shape(w!, 3, 4, 4, 5);
        CheckBackward(c, m, [y, w!]);
    }
}

internal static class MaskUtil
{
    /// <summary>bool mask, true strictly above the diagonal (future keys), for a (L, S) tensor.</summary>
    public static Tensor triu_mask(this Tensor shape)
    {
        int l = shape.size(0), s = shape.size(1);
        var d = new bool[l * s];
        for (int i = 0; i < l; i++) for (int j = i + 1; j < s; j++) d[i * s + j] = true;
        return torch.tensor(d, l, s);
    }
}
