using NotebookCourse.Onnx;

namespace NotebookCourse.Tests.Onnx;

/// <summary>
/// For every supported op, a one-node graph is checked by our shape inference and then run in ONNX Runtime:
/// the shape ORT produces must be the one we inferred (and declared), so the checker's formulas are the real ones.
/// </summary>
[Collection("onnxruntime")]
public class ShapeInferenceVsRuntimeTests
{
    /// <summary>A float graph input with a fixed shape.</summary>
    private sealed record In(string Name, long[] Shape);

    private static void Check(string op, In[] inputs, Action<OnnxGraphBuilder, List<string>>? constants, long[] expected,
                              OnnxElementType outType = OnnxElementType.Float, params AttributeProto[] attributes)
    {
        var g = new OnnxGraphBuilder(op);
        var names = inputs.Select(i => g.AddInput(i.Name, i.Shape)).ToList();
        constants?.Invoke(g, names);
        g.AddNode(op, names.ToArray(), ["y"], attributes);
        g.AddOutput("y", outType, expected);
        // Build() runs the checker: it fails if our inferred shape differs from `expected`.
        var model = g.Build();
        var graphOutput = model.Graph.Output[0];
        Assert.Equal(expected, graphOutput.ShapeAsLongs!);

        var rng = new Random(op.Length);
        using var session = new InferenceSession(model.ToByteArray(), new SessionConfig { Threads = 1 });
        var feeds = inputs.Select(i => new OnnxInput(i.Name, OnnxReference.Random(rng, (int)i.Shape.Aggregate(1L, (a, b) => a * b)),
                                                     i.Shape.Select(d => (int)d).ToArray())).ToArray();
        var y = session.Run(feeds)["y"];
        Assert.Equal(expected.Select(d => (int)d).ToArray(), y.Shape);
    }

    private static Action<OnnxGraphBuilder, List<string>> Ints(params long[][] lists) => (g, names) =>
    {
        foreach (var list in lists) names.Add(g.AddInitializer(g.UniqueName("c"), list, list.Length));
    };

    [OrtFact]
    public void Unary_ops_keep_the_shape()
    {
        foreach (var op in new[] { "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Erf", "Sqrt", "Exp", "Log", "Neg", "Identity" })
            Check(op, [new("x", [2, 3])], null, [2, 3]);
        Check("Softmax", [new("x", [2, 3, 4])], null, [2, 3, 4], attributes: OnnxAttribute.Int("axis", 1));
        Check("Cast", [new("x", [2, 3])], null, [2, 3], attributes: OnnxAttribute.Int("to", (long)OnnxElementType.Float));
    }

    [OrtFact]
    public void Binary_ops_broadcast()
    {
        foreach (var op in new[] { "Add", "Sub", "Mul", "Div", "Pow" })
            Check(op, [new("a", [2, 3, 4]), new("b", [3, 1])], null, [2, 3, 4]);
        Check("Equal", [new("a", [2, 1, 4]), new("b", [3, 1])], null, [2, 3, 4], OnnxElementType.Bool);
        Check("MatMul", [new("a", [2, 1, 3, 4]), new("b", [5, 4, 2])], null, [2, 5, 3, 2]);
        Check("Gemm", [new("a", [4, 3]), new("b", [4, 5]), new("c", [5])], null, [3, 5], attributes: OnnxAttribute.Int("transA", 1));
    }

    [OrtFact]
    public void Where_selects_with_a_broadcast_condition()
    {
        var g = new OnnxGraphBuilder("where");
        var a = g.AddInput("a", 2, 1, 4);
        var b = g.AddInput("b", 3, 1);
        var c = g.Node("Equal", [a, b]);
        g.AddNode("Where", [c, a, b], ["y"]);
        g.AddOutput("y", 2, 3, 4);
        using var session = new InferenceSession(g.Build().ToByteArray(), new SessionConfig { Threads = 1 });
        var y = session.Run(new OnnxInput("a", new float[8], 2, 1, 4), new OnnxInput("b", new float[] { 0, 1, 2 }, 3, 1))["y"];
        Assert.Equal([2, 3, 4], y.Shape);
        // a is all zeros: where a == b (row 0) take a (0), else take b (1 or 2).
        Assert.Equal(new float[] { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2 }, y.AsFloats()[..12]);
    }

    [OrtFact]
    public void Windowed_ops_follow_the_size_formulas()
    {
        Check("Conv", [new("x", [1, 4, 9, 9]), new("w", [6, 2, 3, 3])], null, [1, 6, 4, 4], attributes:
            [OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.Ints("pads", 1, 1, 1, 1), OnnxAttribute.Ints("dilations", 2, 2), OnnxAttribute.Int("group", 2)]);
        Check("ConvTranspose", [new("x", [1, 2, 5, 5]), new("w", [2, 3, 3, 3])], null, [1, 3, 12, 12], attributes:
            [OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.Ints("pads", 0, 0, 0, 0), OnnxAttribute.Ints("output_padding", 1, 1)]);
        Check("MaxPool", [new("x", [1, 1, 5, 5])], null, [1, 1, 3, 3], attributes:
            [OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.Int("ceil_mode", 1)]);
        Check("AveragePool", [new("x", [1, 2, 7, 7])], null, [1, 2, 4, 4], attributes:
            [OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.Ints("pads", 1, 1, 1, 1)]);
        Check("GlobalAveragePool", [new("x", [2, 3, 5, 5])], null, [2, 3, 1, 1]);
    }

    [OrtFact]
    public void Normalizations_keep_the_shape()
    {
        Check("BatchNormalization", [new("x", [2, 3, 4, 4]), new("s", [3]), new("b", [3]), new("m", [3])],
              (g, names) => names.Add(g.AddInitializer("v", [1f, 2f, 3f], 3)), [2, 3, 4, 4]);
        Check("LayerNormalization", [new("x", [2, 3, 4]), new("s", [3, 4])], null, [2, 3, 4], attributes: OnnxAttribute.Int("axis", 1));
    }

    [OrtFact]
    public void Layout_ops_match_the_runtime()
    {
        Check("Reshape", [new("x", [2, 3, 4])], Ints([0, -1]), [2, 12]);
        Check("Flatten", [new("x", [2, 3, 4, 5])], null, [6, 20], attributes: OnnxAttribute.Int("axis", 2));
        Check("Transpose", [new("x", [2, 3, 4])], null, [4, 2, 3], attributes: OnnxAttribute.Ints("perm", 2, 0, 1));
        Check("Concat", [new("a", [2, 3]), new("b", [2, 5])], null, [2, 8], attributes: OnnxAttribute.Int("axis", -1));
        Check("Unsqueeze", [new("x", [2, 3])], Ints([0, -1]), [1, 2, 3, 1]);
        Check("Squeeze", [new("x", [2, 1, 3])], Ints([1]), [2, 3]);
        // Every second column, backwards from the last: 6, 4, 2, 0.
        Check("Slice", [new("x", [2, 7])], Ints([-1], [-1000], [1], [-2]), [2, 4]);
        Check("ReduceMean", [new("x", [2, 3, 4])], null, [2, 4], attributes: [OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0)]);
        Check("Resize", [new("x", [1, 2, 3, 3])], (g, names) =>
        {
            names.Add("");
            names.Add(g.AddInitializer("scales", [1f, 1f, 2f, 2f], 4));
        }, [1, 2, 6, 6], attributes: OnnxAttribute.String("mode", "nearest"));
    }

    [OrtFact]
    public void Gather_and_constant_match_the_runtime()
    {
        var g = new OnnxGraphBuilder("gather");
        var x = g.AddInput("x", 3, 4, 5);
        var idx = g.AddInitializer("idx", [0L, 2L], 1, 2);
        var picked = g.Node("Gather", [x, idx], OnnxAttribute.Int("axis", 1));
        var k = g.Node("Constant", [], OnnxAttribute.Tensor("value", TensorProto.FromFloats("k", [10f, 20f, 30f, 40f, 50f], 5)));
        g.AddNode("Add", [picked, k], ["y"]);
        g.AddOutput("y", 3, 1, 2, 5);
        using var session = new InferenceSession(g.Build().ToByteArray(), new SessionConfig { Threads = 1 });
        var data = Enumerable.Range(0, 60).Select(i => (float)i).ToArray();
        var y = session.Run("x", data, 3, 4, 5)["y"];
        Assert.Equal([3, 1, 2, 5], y.Shape);
        // Row 0 of block 0 plus the constant, then row 2 of block 0 plus the constant.
        Assert.Equal(new float[] { 10, 21, 32, 43, 54, 20, 31, 42, 53, 64 }, y.AsFloats()[..10]);
    }
}
