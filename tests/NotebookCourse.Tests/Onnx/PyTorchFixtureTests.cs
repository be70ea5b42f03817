using NotebookCourse.Tests.TestUtil;
using System.Text.Json;
using NotebookCourse.Onnx;

namespace NotebookCourse.Tests.Onnx;

/// <summary>
/// Models exported by real PyTorch (tests/fixtures/onnx/make_fixtures.py, Debian python3-torch 1.13): our reader
/// understands them and ONNX Runtime, driven by our binding, reproduces PyTorch's outputs.
/// </summary>
[Collection("onnxruntime")]
public class PyTorchFixtureTests
{
    private static string FixtureDir() => RepoFiles.Path("tests", "fixtures", "onnx");

    private sealed record Golden(string Name, int[] InputShape, float[] Input, string OutputName, int[] OutputShape, float[] Output);

    private static Golden ReadGolden(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDir(), name + ".json")));
        var r = doc.RootElement;
        float[] Floats(string key) => r.GetProperty(key).EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        int[] Ints(string key) => r.GetProperty(key).EnumerateArray().Select(e => e.GetInt32()).ToArray();
        return new Golden(r.GetProperty("input_name").GetString()!, Ints("input_shape"), Floats("input"),
                          r.GetProperty("output_name").GetString()!, Ints("output_shape"), Floats("output"));
    }

    [OrtTheory]
    [InlineData("pytorch_cnn")]
    [InlineData("pytorch_block")]
    public void Onnx_runtime_reproduces_pytorch_outputs(string name)
    {
        var golden = ReadGolden(name);
        using var session = new InferenceSession(Path.Combine(FixtureDir(), name + ".onnx"), new SessionConfig { Threads = 1 });
        Assert.Equal(-1, session.Inputs[0].Shape[0]);
        var output = session.Run((golden.Name, golden.Input, golden.InputShape))[golden.OutputName];
        Assert.Equal(golden.OutputShape, output.Shape);
        OnnxReference.AssertClose(golden.Output, output.AsFloats());
    }

    [Fact]
    public void Reader_parses_a_pytorch_export()
    {
        var model = ModelProto.Load(Path.Combine(FixtureDir(), "pytorch_cnn.onnx"));
        Assert.Equal("pytorch", model.ProducerName);
        Assert.Equal(17, model.DefaultOpset);
        var input = Assert.Single(model.Graph.Input);
        Assert.Equal("input", input.Name);
        Assert.Equal(OnnxDim.Symbolic("batch"), input.Shape![0]);
        Assert.Equal([-1, 1, 12, 12], input.ShapeAsLongs!);
        Assert.Equal(["Conv", "Relu", "MaxPool", "Conv", "Relu", "Flatten", "Gemm"], model.Graph.Node.Select(n => n.OpType));
        var conv1 = model.Graph.Initializer.Single(t => t.Name == "conv1.weight");
        Assert.Equal([4, 1, 3, 3], conv1.Dims);
        Assert.Equal(36, conv1.ToFloats().Length);
        Assert.Equal([3, 3], model.Graph.Node[0].GetAttribute("kernel_shape")!.Ints);
        // Our checker agrees with PyTorch's graph, including the declared (batch, 10) output shape.
        Assert.Empty(OnnxChecker.Problems(model));
    }

    [Fact]
    public void Checker_names_the_ops_outside_the_course_set_in_a_pytorch_export()
    {
        var model = ModelProto.Load(Path.Combine(FixtureDir(), "pytorch_block.onnx"));
        var problems = OnnxChecker.Problems(model);
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Contains("Split", p));
        Assert.Contains(problems, p => p.Contains("'/Split'") && p.Contains("not in the supported set"));
    }
}
