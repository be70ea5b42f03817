using NotebookCourse.Nn;
using NotebookCourse.Onnx;
using NotebookCourse.Onnx.Export;
using NotebookCourse.Tensors;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Onnx.Export;

/// <summary>Export structure, errors and file handling; the ORT-backed ones also check parity.</summary>
[Collection("onnxruntime")]
public class ExportTests
{
    /// <summary>A custom module whose forward uses an op the tracer has no ONNX conversion for (cumsum).</summary>
    private sealed class Opaque : Module
    {
        private readonly Linear fc;
        public Opaque() { fc = register_module("fc", nn.Linear(4, 4)); }
        public override Tensor forward(Tensor x) => fc.call(x).cumsum(1) * 2;
    }

    /// <summary>A residual block that opts in: body, then Add with the skip path, then ReLU.</summary>
    private sealed class Residual : Module, IOnnxExportable
    {
        private readonly Sequential body;
        public Residual(int c)
        {
            body = register_module("body", nn.Sequential(nn.Conv2d(c, c, 3, padding: 1), nn.BatchNorm2d(c), nn.ReLU(),
                                                         nn.Conv2d(c, c, 3, padding: 1, bias: false), nn.BatchNorm2d(c)));
        }
        public override Tensor forward(Tensor x) => (body.call(x) + x).relu();
        public ExportValue ExportOnnx(OnnxExportContext ctx, ExportValue x)
        {
            var y = ctx.Export(body, x);
            var sum = ctx.Node("Add", [y, x], y.Example + x.Example);
            return ctx.Node("Relu", [sum], sum.Example.relu());
        }
    }

    [Fact]
    public void Unsupported_traced_op_names_the_op_and_module_path_and_writes_no_file()
    {
        var model = nn.Sequential(("stem", nn.Sequential(nn.Linear(4, 4), nn.ReLU())), ("head", new Opaque()));
        var dir = Directory.CreateTempSubdirectory("onnx-export-");
        var path = Path.Combine(dir.FullName, "m.onnx");
        var e = Assert.Throws<OnnxExportException>(() => OnnxExport.Export(model, [1, 4], path));
        Assert.Contains("op 'cumsum'", e.Message);
        Assert.Contains("'head' (Opaque)", e.Message);
        Assert.Contains("IOnnxExportable", e.Message);
        Assert.Contains("layer_norm", e.Message); // lists what is traced
        Assert.Empty(dir.GetFiles());
        dir.Delete(true);
    }

    [Fact]
    public void Weights_are_initializers_named_like_the_state_dict_with_dynamic_batch()
    {
        var model = nn.Sequential(("enc", nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))), ("flat", nn.Flatten()),
                                  ("fc", nn.Linear(2 * 4 * 4, 3)));
        var proto = OnnxExport.ToModel(model, randn(1, 1, 6, 6));
        var names = proto.Graph.Initializer.Select(t => t.Name).ToHashSet();
        foreach (var key in new[] { "enc.0.weight", "enc.0.bias", "enc.1.weight", "enc.1.bias", "enc.1.running_mean", "enc.1.running_var", "fc.weight", "fc.bias" })
            Assert.Contains(key, names);
        Assert.Equal(["Conv", "BatchNormalization", "Flatten", "Gemm", "Identity"], proto.Graph.Node.Select(n => n.OpType));
        Assert.Equal("input", proto.Graph.Input[0].Name);
        Assert.Equal("output", proto.Graph.Output[0].Name);
        Assert.Equal(-1L, proto.Graph.Input[0].ShapeAsLongs![0]);
        var w = proto.Graph.Initializer.First(t => t.Name == "fc.weight");
        Assert.Equal(model.get_parameter("fc.weight").ToArray<float>(), w.ToFloats());
    }

    [Fact]
    public void Training_mode_is_restored_after_export()
    {
        var inner = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3));
        var model = nn.Sequential(inner, nn.Dropout());
        model.train();
        inner.eval();
        OnnxExport.ExportBytes(model, [2, 3]);
        Assert.True(model.training);
        Assert.False(inner.training);
        Assert.False(inner[1].training);
    }

    [Fact]
    public void Batchnorm_without_running_statistics_is_refused()
    {
        var model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2, trackRunningStats: false));
        var e = Assert.Throws<OnnxExportException>(() => OnnxExport.ExportBytes(model, [2, 1, 5, 5]));
        Assert.Contains("'1' (BatchNorm2d)", e.Message);
    }

    [OrtFact]
    public void Residual_block_through_IOnnxExportable_matches_engine()
    {
        manual_seed(7);
        var model = nn.Sequential(nn.Conv2d(2, 4, 3, padding: 1), new Residual(4), new Residual(4), nn.AvgPool2d(2),
                                  nn.Flatten(), nn.Linear(4 * 3 * 3, 3));
        model.train();
        using (no_grad()) for (int i = 0; i < 3; i++) model.call(randn([5, 2, 6, 6], new Generator(i)) + 1f);
        ExportParityTests.AssertParity(model, [2, 6, 6], 7, 70);
        ExportParityTests.AssertParity(model, [2, 6, 6], 1, 71);
    }

    [OrtFact]
    public void Embedding_model_takes_int64_token_ids()
    {
        manual_seed(8);
        var model = nn.Sequential(nn.Embedding(11, 6), nn.LayerNorm(6), nn.Linear(6, 4));
        var tokens = randint(11, [3, 5], new Generator(8));
        var bytes = OnnxExport.ToModel(model, tokens).ToByteArray();
        model.eval();
        float[] expected;
        using (no_grad()) expected = model.call(tokens).ToArray<float>();
        using var session = new InferenceSession(bytes, new SessionConfig { Threads = 1 });
        var actual = session.Run(("input", tokens.ToArray<long>(), tokens.shape))["output"].AsFloats();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4, $"element {i}: {expected[i]} vs {actual[i]}");
    }

    [OrtFact]
    public void Exported_file_passes_the_checker_and_loads()
    {
        var model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 5 * 5, 10));
        var dir = Directory.CreateTempSubdirectory("onnx-export-");
        var path = Path.Combine(dir.FullName, "sub", "lenet.onnx");
        OnnxExport.Export(model, [1, 1, 12, 12], path);
        OnnxExport.Export(model, [1, 1, 12, 12], path); // overwriting an existing file works
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!)); // no temporary file left behind
        OnnxChecker.Check(ModelProto.Parse(File.ReadAllBytes(path)));
        using var session = new InferenceSession(path, new SessionConfig { Threads = 1 });
        Assert.Equal("input", session.Inputs[0].Name);
        Assert.Equal([-1, 10], session.Outputs[0].Shape);
        dir.Delete(true);
    }
}

/// <summary>The exporter's own cross-check between ONNX shape inference and the engine's shapes.</summary>
public class ExportShapeCheckTests
{
    [Fact]
    public void A_node_whose_onnx_shape_differs_from_the_engine_fails_the_export()
    {
        // ONNX Flatten(axis=2) yields (N·C, H·W); the engine's Flatten(2) keeps (N, C, H·W): the bug this check exists for.
        var b = new OnnxGraphBuilder("flat");
        var x = b.AddInput("input", -1, 4, 2, 2);
        var y = b.Node("Flatten", [x], OnnxAttribute.Int("axis", 2));
        b.AddOutput(y, -1, 4);
        var model = b.Build();
        var e = Assert.Throws<OnnxExportException>(() => ExportShapeCheck.Run(model, new Dictionary<string, int[]> { [y] = [2, 4, 4] }));
        Assert.Contains("(Flatten)", e.Message);
        ExportShapeCheck.Run(model, new Dictionary<string, int[]> { [y] = [8, 4] }); // the consistent case passes
    }
}
