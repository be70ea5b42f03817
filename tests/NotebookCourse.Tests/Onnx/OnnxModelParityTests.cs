using NotebookCourse.Onnx;
using static NotebookCourse.Tests.Onnx.OnnxReference;

namespace NotebookCourse.Tests.Onnx;

/// <summary>
/// Small graphs written with <see cref="OnnxGraphBuilder"/>, run in ONNX Runtime through our binding and compared
/// with the naive reference ops (max abs diff ≤ 1e-4), at batch 1 and 7 through the same dynamic-batch model.
/// </summary>
[Collection("onnxruntime")]
public class OnnxModelParityTests
{
    private static readonly SessionConfig Config = new() { Threads = 1 };

    private static float[] RunSingle(ModelProto model, string input, float[] x, int[] shape)
    {
        using var session = new InferenceSession(model.ToByteArray(), Config);
        Assert.Equal(-1, session.Inputs[0].Shape[0]);
        return session.Run((input, x, shape))[0].AsFloats();
    }

    [OrtTheory]
    [InlineData(1)]
    [InlineData(7)]
    public void Mlp_gemm_relu_matches_reference(int batch)
    {
        var rng = new Random(1);
        float[] w1 = Random(rng, 16 * 20, 0.3f), b1 = Random(rng, 16), w2 = Random(rng, 5 * 16, 0.3f), b2 = Random(rng, 5);
        var g = new OnnxGraphBuilder("mlp");
        var x = g.AddInput("input", -1, 20);
        var h = g.Node("Gemm", [x, g.AddInitializer("fc1.weight", w1, 16, 20), g.AddInitializer("fc1.bias", b1, 16)], OnnxAttribute.Int("transB", 1));
        h = g.Node("Relu", [h]);
        g.AddNode("Gemm", [h, g.AddInitializer("fc2.weight", w2, 5, 16), g.AddInitializer("fc2.bias", b2, 5)], ["logits"], OnnxAttribute.Int("transB", 1));
        g.AddOutput("logits", -1, 5);

        var input = Random(rng, batch * 20);
        var expected = Linear(Relu(Linear(input, batch, 20, w1, 16, b1)), batch, 16, w2, 5, b2);
        AssertClose(expected, RunSingle(g.Build(), "input", input, [batch, 20]));
    }

    [OrtTheory]
    [InlineData(1)]
    [InlineData(7)]
    public void Cnn_conv_maxpool_flatten_gemm_matches_reference(int batch)
    {
        var rng = new Random(2);
        float[] cw = Random(rng, 4 * 1 * 3 * 3, 0.5f), cb = Random(rng, 4), fw = Random(rng, 3 * 144, 0.1f), fb = Random(rng, 3);
        var g = new OnnxGraphBuilder("lenet-ish");
        var x = g.AddInput("input", -1, 1, 12, 12);
        var c = g.Node("Conv", [x, g.AddInitializer("conv.weight", cw, 4, 1, 3, 3), g.AddInitializer("conv.bias", cb, 4)],
                       OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("pads", 1, 1, 1, 1));
        c = g.Node("Relu", [c]);
        c = g.Node("MaxPool", [c], OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2));
        c = g.Node("Flatten", [c], OnnxAttribute.Int("axis", 1));
        g.AddNode("Gemm", [c, g.AddInitializer("fc.weight", fw, 3, 144), g.AddInitializer("fc.bias", fb, 3)], ["logits"], OnnxAttribute.Int("transB", 1));
        g.AddOutput("logits", -1, 3);

        var input = Random(rng, batch * 144);
        var conv = Relu(Conv2d(input, batch, 1, 12, 12, cw, 4, 3, 3, cb, 1, 1, out int oh, out int ow));
        var pooled = MaxPool2d(conv, batch, 4, oh, ow, 2, 2, out _, out _);
        var expected = Linear(pooled, batch, 144, fw, 3, fb);
        AssertClose(expected, RunSingle(g.Build(), "input", input, [batch, 1, 12, 12]));
    }

    [OrtTheory]
    [InlineData(1)]
    [InlineData(7)]
    public void Residual_block_with_batchnorm_matches_reference(int batch)
    {
        var rng = new Random(3);
        const int C = 3, H = 5, W = 5;
        float[] cw = Random(rng, C * C * 9, 0.4f), cb = new float[C];
        float[] scale = Random(rng, C), bias = Random(rng, C), mean = Random(rng, C), variance = Random(rng, C).Select(v => 0.5f + Math.Abs(v)).ToArray();
        var g = new OnnxGraphBuilder("resblock");
        var x = g.AddInput("input", -1, C, H, W);
        var c = g.Node("Conv", [x, g.AddInitializer("conv.weight", cw, C, C, 3, 3)],
                       OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("pads", 1, 1, 1, 1));
        c = g.Node("BatchNormalization", [c, g.AddInitializer("bn.weight", scale, C), g.AddInitializer("bn.bias", bias, C),
                                          g.AddInitializer("bn.running_mean", mean, C), g.AddInitializer("bn.running_var", variance, C)],
                   OnnxAttribute.Float("epsilon", 1e-5f));
        c = g.Node("Add", [c, x]);
        g.AddNode("Relu", [c], ["output"]);
        g.AddOutput("output", -1, C, H, W);

        var input = Random(rng, batch * C * H * W);
        var conv = Conv2d(input, batch, C, H, W, cw, C, 3, 3, cb, 1, 1, out _, out _);
        var bn = BatchNorm(conv, batch, C, H * W, scale, bias, mean, variance, 1e-5f);
        var expected = Relu(bn.Select((v, i) => v + input[i]).ToArray());
        AssertClose(expected, RunSingle(g.Build(), "input", input, [batch, C, H, W]));
    }

    [OrtTheory]
    [InlineData(1)]
    [InlineData(7)]
    public void ConvTranspose_decoder_matches_reference(int batch)
    {
        var rng = new Random(4);
        float[] w = Random(rng, 2 * 3 * 4 * 4, 0.5f), b = Random(rng, 3);
        var g = new OnnxGraphBuilder("decoder");
        var x = g.AddInput("z", -1, 2, 4, 4);
        var y = g.Node("ConvTranspose", [x, g.AddInitializer("deconv.weight", w, 2, 3, 4, 4), g.AddInitializer("deconv.bias", b, 3)],
                       OnnxAttribute.Ints("kernel_shape", 4, 4), OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.Ints("pads", 1, 1, 1, 1));
        g.AddNode("Sigmoid", [y], ["image"]);
        g.AddOutput("image", -1, 3, 8, 8);

        var input = Random(rng, batch * 2 * 16);
        var deconv = ConvTranspose2d(input, batch, 2, 4, 4, w, 3, 4, 4, b, 2, 1, out int oh, out int ow);
        Assert.Equal((8, 8), (oh, ow));
        var expected = deconv.Select(v => (float)(1 / (1 + Math.Exp(-v)))).ToArray();
        AssertClose(expected, RunSingle(g.Build(), "z", input, [batch, 2, 4, 4]));
    }

    [OrtTheory]
    [InlineData(1)]
    [InlineData(7)]
    public void LayerNormalization_matches_reference(int batch)
    {
        var rng = new Random(5);
        const int T = 6, D = 8;
        float[] gamma = Random(rng, D), beta = Random(rng, D);
        var g = new OnnxGraphBuilder("layernorm");
        var x = g.AddInput("input", -1, T, D);
        g.AddNode("LayerNormalization", [x, g.AddInitializer("ln.weight", gamma, D), g.AddInitializer("ln.bias", beta, D)], ["output"],
                  OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", 1e-5f));
        g.AddOutput("output", -1, T, D);

        var input = Random(rng, batch * T * D, 3f);
        AssertClose(LayerNorm(input, batch * T, D, gamma, beta, 1e-5f), RunSingle(g.Build(), "input", input, [batch, T, D]));
    }

    [OrtTheory]
    [InlineData(1)]
    [InlineData(7)]
    public void Attention_core_matmul_softmax_matches_reference(int batch)
    {
        var rng = new Random(6);
        const int T = 5, D = 8;
        float[] wq = Random(rng, D * D, 0.5f), wk = Random(rng, D * D, 0.5f), wv = Random(rng, D * D, 0.5f);
        float invSqrt = 1f / MathF.Sqrt(D);
        var g = new OnnxGraphBuilder("attention");
        var x = g.AddInput("x", -1, T, D);
        var q = g.Node("MatMul", [x, g.AddInitializer("wq", wq, D, D)]);
        var k = g.Node("MatMul", [x, g.AddInitializer("wk", wk, D, D)]);
        var v = g.Node("MatMul", [x, g.AddInitializer("wv", wv, D, D)]);
        var kt = g.Node("Transpose", [k], OnnxAttribute.Ints("perm", 0, 2, 1));
        var scores = g.Node("Mul", [g.Node("MatMul", [q, kt]), g.AddInitializer("scale", [invSqrt])]);
        var p = g.Node("Softmax", [scores], OnnxAttribute.Int("axis", -1));
        g.AddNode("MatMul", [p, v], ["context"]);
        g.AddOutput("context", -1, T, D);

        var input = Random(rng, batch * T * D);
        float[] Project(float[] w) => BatchedMatMul(input, Enumerable.Range(0, batch).SelectMany(_ => w).ToArray(), batch, T, D, D);
        float[] qr = Project(wq), kr = Project(wk), vr = Project(wv);
        var s = BatchedMatMul(qr, TransposeLast(kr, batch, T, D), batch, T, D, T).Select(f => f * invSqrt).ToArray();
        var expected = BatchedMatMul(Softmax(s, batch * T, T), vr, batch, T, T, D);
        AssertClose(expected, RunSingle(g.Build(), "x", input, [batch, T, D]));
    }
}
