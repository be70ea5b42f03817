using NotebookCourse.Nn;
using NotebookCourse.Onnx.Export;
using NotebookCourse.Tensors;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Onnx.Export;

/// <summary>Attention exported as primitive ops, alone and inside a pre-norm transformer block (IOnnxExportable).</summary>
[Collection("onnxruntime")]
public class ExportTransformerTests
{
    /// <summary>x + attn(ln1(x)), then x + mlp(ln2(x)).</summary>
    private sealed class Block : Module, IOnnxExportable
    {
        private readonly LayerNorm ln1, ln2;
        private readonly MultiheadAttention attn;
        private readonly Sequential mlp;
        public Block(int e, int heads)
        {
            ln1 = register_module("ln1", nn.LayerNorm(e));
            attn = register_module("attn", nn.MultiheadAttention(e, heads, batchFirst: true));
            ln2 = register_module("ln2", nn.LayerNorm(e));
            mlp = register_module("mlp", nn.Sequential(nn.Linear(e, 4 * e), nn.GELU(), nn.Linear(4 * e, e)));
        }
        public override Tensor forward(Tensor x)
        {
            x = x + attn.call(ln1.call(x));
            return x + mlp.call(ln2.call(x));
        }
        public ExportValue ExportOnnx(OnnxExportContext ctx, ExportValue x)
        {
            var a = ctx.Export(attn, ctx.Export(ln1, x));
            x = ctx.Node("Add", [x, a], x.Example + a.Example);
            var m = ctx.Export(mlp, ctx.Export(ln2, x));
            return ctx.Node("Add", [x, m], x.Example + m.Example);
        }
    }

    [OrtTheory, InlineData(1), InlineData(7)]
    public void Transformer_block(int batch)
    {
        manual_seed(9);
        var model = nn.Sequential(nn.Linear(5, 16), new Block(16, 4), new Block(16, 2), nn.LayerNorm(16), nn.Linear(16, 3));
        ExportParityTests.AssertParity(model, [6, 5], batch, 90 + batch);
    }

    [OrtTheory, InlineData(1), InlineData(7)]
    public void Sequence_first_attention(int batch)
    {
        manual_seed(10);
        var attn = nn.MultiheadAttention(8, 2);
        using (no_grad()) attn.in_proj_bias!.copy_(randn([24], new Generator(3)) * 0.3f); // non-zero bias, so its slices are checked
        // (L, N, E): the batch is axis 1 here, so export and compare with a fixed batch on axis 0 = sequence.
        var bytes = OnnxExport.ExportBytes(nn.Sequential(attn), [4, batch, 8]);
        var x = randn([4, batch, 8], new Generator(batch));
        attn.eval();
        float[] expected;
        using (no_grad()) expected = attn.call(x).ToArray<float>();
        using var session = new NotebookCourse.Onnx.InferenceSession(bytes, new NotebookCourse.Onnx.SessionConfig { Threads = 1 });
        var actual = session.Run(("input", x.ToArray<float>(), x.shape))["output"].AsFloats();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"element {i}: {expected[i]} vs {actual[i]}");
    }
}
