using NotebookCourse.Nn;
using NotebookCourse.Onnx;
using NotebookCourse.Onnx.Export;
using NotebookCourse.Tensors;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Onnx.Export;

/// <summary>
/// Course models exported with <see cref="OnnxExport"/> and run in ONNX Runtime through our binding must match the
/// engine's eval-mode forward (max abs diff ≤ 1e-5, tighter than the 1e-4 asked for: observed ≤ 5e-7), at batch 1 and 7 through the same dynamic-batch file.
/// </summary>
[Collection("onnxruntime")]
public class ExportParityTests
{
    private static readonly SessionConfig Config = new() { Threads = 1 };

    /// <summary>Exports with a batch-2 example, then compares engine and ORT at the given batch size.</summary>
    internal static void AssertParity(Module model, int[] sampleShape, int batch, int seed)
    {
        var bytes = OnnxExport.ExportBytes(model, [2, .. sampleShape]);
        OnnxChecker.Check(ModelProto.Parse(bytes)); // what ORT loads is also what our checker accepts
        var x = randn([batch, .. sampleShape], new Generator(seed));
        model.eval();
        float[] expected;
        using (no_grad()) expected = model.call(x).ToArray<float>();

        using var session = new InferenceSession(bytes, Config);
        Assert.Equal(-1, session.Inputs[0].Shape[0]);
        var actual = session.Run(("input", x.ToArray<float>(), x.shape))["output"].AsFloats();
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        Assert.True(worst <= 1e-5, $"max abs diff {worst:g3} between engine and ONNX Runtime (batch {batch})");
        Assert.Contains(expected, v => Math.Abs(v) > 1e-3); // a model that outputs zeros would match trivially
    }

    [OrtTheory, InlineData(1), InlineData(7)]
    public void Mlp(int batch)
    {
        manual_seed(1);
        var model = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Dropout(0.3f), nn.Linear(32, 16), nn.Tanh(),
                                  nn.Linear(16, 5), nn.Softmax(1));
        AssertParity(model, [20], batch, 10 + batch);
    }

    [OrtTheory, InlineData(1), InlineData(7)]
    public void LeNet_style_cnn(int batch)
    {
        manual_seed(2);
        var model = nn.Sequential(
            ("features", nn.Sequential(nn.Conv2d(1, 6, 5, padding: 2), nn.ReLU(), nn.MaxPool2d(2),
                                       nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2))),
            ("classifier", nn.Sequential(nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84),
                                         nn.LeakyReLU(0.1f), nn.Linear(84, 10))));
        AssertParity(model, [1, 28, 28], batch, 20 + batch);
    }

    [OrtTheory, InlineData(1), InlineData(7)]
    public void Conv_batchnorm_relu_global_pool_with_trained_statistics(int batch)
    {
        manual_seed(3);
        var model = nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.BatchNorm2d(8), nn.ReLU(),
                                  nn.Conv2d(8, 8, 3, stride: 2, padding: 1, groups: 2), nn.BatchNorm2d(8), nn.Sigmoid(),
                                  nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 4), nn.BatchNorm1d(4));
        model.train();
        using (no_grad())
            for (int i = 0; i < 4; i++) model.call(randn([6, 3, 10, 10], new Generator(100 + i)) * 2 + 0.5f);
        var bn = (BatchNorm2d)((Sequential)model)[1];
        Assert.True(bn.running_mean!.abs().max().item<float>() > 0.05f, "running statistics should have moved away from their initial values");
        AssertParity(model, [3, 10, 10], batch, 30 + batch);
        Assert.False(model.training); // AssertParity put it in eval; the exporter itself restores modes (see ExportTests)
    }

    [OrtTheory, InlineData(1), InlineData(7)]
    public void ConvTranspose_and_upsample_decoder(int batch)
    {
        manual_seed(4);
        var model = nn.Sequential(nn.Linear(6, 4 * 3 * 3), nn.ReLU(), nn.Unflatten(1, 4, 3, 3),
                                  nn.ConvTranspose2d(4, 6, 3, stride: 2, padding: 1, outputPadding: 1), nn.ReLU(),
                                  nn.Upsample(scaleFactor: 2), nn.Conv2d(6, 4, 3, padding: 1), nn.ReLU(),
                                  nn.Upsample(size: (15, 17), mode: "bilinear"),
                                  nn.ConvTranspose2d(4, 1, 4, stride: 2, padding: 1), nn.Sigmoid());
        AssertParity(model, [6], batch, 40 + batch);
    }

    [OrtTheory, InlineData(1), InlineData(7)]
    public void LayerNorm_gelu_mlp_on_sequences(int batch)
    {
        manual_seed(5);
        // 3-D input (N, L, D): Linear becomes MatMul + Add, LayerNorm normalizes the last axis.
        var model = nn.Sequential(nn.Linear(12, 24), nn.LayerNorm(24), nn.GELU(), nn.Linear(24, 24), nn.GELU("tanh"),
                                  nn.LayerNorm(24, elementwiseAffine: false), nn.SiLU(), nn.Linear(24, 6), nn.LogSoftmax(-1));
        // Non-trivial affine parameters, so a swapped scale/bias would show.
        using (no_grad())
            foreach (var (name, p) in model.named_parameters())
                if (name.StartsWith("1.")) p.copy_(randn(p.shape, new Generator(name.Length)) * 0.5f + 1f);
        AssertParity(model, [5, 12], batch, 50 + batch);
    }
}

/// <summary>Pooling and reshaping variants: padding, ceil mode, count_include_pad, adaptive pooling by even windows, partial flatten.</summary>
[Collection("onnxruntime")]
public class ExportPoolingParityTests
{
    [OrtTheory, InlineData(1), InlineData(7)]
    public void Pooling_variants(int batch)
    {
        manual_seed(6);
        var model = nn.Sequential(nn.Conv2d(2, 4, 3, padding: "same"), nn.MaxPool2d(3, stride: 2, padding: 1),
                                  nn.AvgPool2d(2, padding: 1, countIncludePad: false), nn.Conv2d(4, 4, 1),
                                  nn.MaxPool2d(2, ceilMode: true), nn.AdaptiveAvgPool2d(2), nn.Flatten(2), nn.Unflatten(2, 2, 2),
                                  nn.Flatten(), nn.Identity(), nn.Linear(16, 3));
        ExportParityTests.AssertParity(model, [2, 23, 23], batch, 60 + batch);
    }
}
