using NotebookCourse.Onnx;

namespace NotebookCourse.Tests.Onnx;

/// <summary>The checker names the offending node for unsupported ops, undefined inputs and shape contradictions,
/// and its shape inference gives the sizes ONNX defines.</summary>
public class OnnxCheckerTests
{
    private static OnnxGraphBuilder Mlp(long hidden, long declaredOut)
    {
        var g = new OnnxGraphBuilder("mlp");
        var x = g.AddInput("input", -1, 20);
        var h = g.Node("Gemm", [x, g.AddInitializer("fc1.weight", new float[hidden * 20], hidden, 20)], OnnxAttribute.Int("transB", 1));
        g.AddNode("Gemm", [h, g.AddInitializer("fc2.weight", new float[5 * 16], 5, 16)], ["logits"], OnnxAttribute.Int("transB", 1));
        g.AddOutput("logits", -1, declaredOut);
        return g;
    }

    [Fact]
    public void A_consistent_graph_has_no_problems() => Assert.Empty(OnnxChecker.Problems(Mlp(16, 5).Build()));

    [Fact]
    public void Inner_size_mismatch_names_the_node_and_shapes()
    {
        var e = Assert.Throws<OnnxCheckException>(() => Mlp(12, 5).Build());
        var p = Assert.Single(e.Problems);
        Assert.Contains("node 1 'Gemm_1' (Gemm)", p);
        Assert.Contains("A (-1, 12) and B (5, 16) (transposed) cannot be multiplied: inner sizes 12 and 16 differ", p);
    }

    [Fact]
    public void Declared_output_shape_is_checked_against_the_graph()
    {
        var p = Assert.Single(Assert.Throws<OnnxCheckException>(() => Mlp(16, 6).Build()).Problems);
        Assert.Equal("output 'logits': declared shape (-1, 6) but the graph computes (-1, 5) (produced by node 'Gemm_1' (Gemm))", p);
    }

    [Fact]
    public void Unsupported_op_and_gelu_below_opset_20_are_named()
    {
        var g = new OnnxGraphBuilder();
        var x = g.AddInput("x", -1, 4);
        var y = g.Node("Mish", [x]);
        var z = g.Node("Gelu", [y]);
        g.AddOutput(z, -1, 4);
        var problems = Assert.Throws<OnnxCheckException>(() => g.Build()).Problems;
        Assert.Contains(problems, p => p.StartsWith("node 0 'Mish' (Mish): op 'Mish' is not in the supported set"));
        Assert.Contains(problems, p => p.StartsWith("node 1 'Gelu' (Gelu): Gelu needs opset 20") && p.Contains("Erf"));
    }

    [Fact]
    public void Undefined_and_twice_defined_values_are_named()
    {
        var model = new ModelProto();
        model.OpsetImport.Add(new OperatorSetIdProto("", 17));
        model.Graph.Input.Add(new ValueInfoProto { Name = "x", Shape = [OnnxDim.Fixed(2)] });
        var relu = new NodeProto { Name = "act", OpType = "Relu" };
        relu.Input.Add("ghost");
        relu.Output.Add("x");
        model.Graph.Node.Add(relu);
        model.Graph.Output.Add(new ValueInfoProto { Name = "missing" });
        var problems = OnnxChecker.Problems(model);
        Assert.Contains("node 0 'act' (Relu): input 0 'ghost' is not defined by a graph input, an initializer or an earlier node", problems);
        Assert.Contains(problems, p => p.StartsWith("node 0 'act' (Relu): output 'x' is already defined"));
        Assert.Contains("output 'missing': no node, input or initializer produces it", problems);
    }

    [Fact]
    public void Conv_channel_and_reshape_count_mismatches_are_reported()
    {
        var g = new OnnxGraphBuilder();
        var x = g.AddInput("x", -1, 3, 8, 8);
        var c = g.Node("Conv", [x, g.AddInitializer("w", new float[4 * 1 * 3 * 3], 4, 1, 3, 3)], OnnxAttribute.Ints("kernel_shape", 3, 3));
        var r = g.Node("Reshape", [c, g.AddInt64s("shape", 5, 7)]);
        g.AddOutput(r, 5, 7);
        var problems = Assert.Throws<OnnxCheckException>(() => g.Build()).Problems;
        Assert.Contains(problems, p => p.Contains("'Conv' (Conv)") && p.Contains("has 3 channels but weight (4, 1, 3, 3) with group 1 expects 1"));
        // Batch is symbolic, so the element count is unknown and the reshape cannot be refuted here.
        Assert.DoesNotContain(problems, p => p.Contains("Reshape"));

        var fixedBatch = new OnnxGraphBuilder();
        var y = fixedBatch.AddInput("y", 2, 3, 4);
        fixedBatch.AddOutput(fixedBatch.Node("Reshape", [y, fixedBatch.AddInt64s("shape", 5, -1)]), 5, -1);
        Assert.Contains("cannot reshape (2, 3, 4) (24 elements) to (5, -1)", Assert.Single(Assert.Throws<OnnxCheckException>(() => fixedBatch.Build()).Problems));
    }

    private static long[] InferOne(string op, long[]?[] inputs, params AttributeProto[] attributes) =>
        InferOne(op, inputs, _ => null, attributes);

    private static long[] InferOne(string op, long[]?[] inputs, Func<string, TensorProto?> constants, params AttributeProto[] attributes)
    {
        var node = new NodeProto { Name = op, OpType = op };
        for (int i = 0; i < inputs.Length; i++) node.Input.Add($"in{i}");
        node.Output.Add("out");
        node.Attribute.AddRange(attributes);
        var problems = new List<string>();
        var r = OnnxShapeInference.Infer(node, inputs, constants, problems)[0];
        Assert.Empty(problems);
        Assert.NotNull(r);
        return r;
    }

    [Fact]
    public void Shape_inference_follows_the_onnx_size_formulas()
    {
        // LeNet: 28 → conv5 → 24 → pool2 → 12; strided, padded, dilated conv: (32 + 2 - 5) / 2 + 1 = 15.
        Assert.Equal([-1, 6, 24, 24], InferOne("Conv", [[-1, 1, 28, 28], [6, 1, 5, 5], [6]]));
        Assert.Equal([1, 8, 15, 15], InferOne("Conv", [[1, 3, 32, 32], [8, 3, 3, 3]], OnnxAttribute.Ints("strides", 2, 2),
                                              OnnxAttribute.Ints("pads", 1, 1, 1, 1), OnnxAttribute.Ints("dilations", 2, 2)));
        Assert.Equal([-1, 6, 12, 12], InferOne("MaxPool", [[-1, 6, 24, 24]], OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2)));
        Assert.Equal([1, 1, 3, 3], InferOne("MaxPool", [[1, 1, 5, 5]], OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.Int("ceil_mode", 1)));
        // Transposed conv: 2 * (7 - 1) + 4 - 2 = 14, channels = weight[1] * group.
        Assert.Equal([-1, 16, 14, 14], InferOne("ConvTranspose", [[-1, 8, 7, 7], [8, 16, 4, 4]], OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.Ints("pads", 1, 1, 1, 1)));
        Assert.Equal([-1, 400], InferOne("Flatten", [[-1, 16, 5, 5]]));
        Assert.Equal([-1, 8, 1, 1], InferOne("GlobalAveragePool", [[-1, 8, 7, 7]]));
        Assert.Equal([4, 5, 3], InferOne("MatMul", [[4, 5, 6], [6, 3]]));
        Assert.Equal([2, 4, 5, 5], InferOne("MatMul", [[2, 1, 5, 8], [4, 8, 5]]));
        Assert.Equal([-1, 3, 1, 5], InferOne("Add", [[-1, 3, 1, 1], [5]]));
        Assert.Equal([5, 2, 3], InferOne("Transpose", [[2, 3, 5]], OnnxAttribute.Ints("perm", 2, 0, 1)));
        Assert.Equal([2, 7, 4], InferOne("Concat", [[2, 3, 4], [2, 4, 4]], OnnxAttribute.Int("axis", 1)));
        Assert.Equal([-1, 16, 32], InferOne("Gather", [[100, 32], [-1, 16]]));
        Assert.Equal([2, 1, 3], InferOne("ReduceMean", [[2, 5, 3]], OnnxAttribute.Ints("axes", 1)));
        Assert.Equal([2, 3], InferOne("ReduceMean", [[2, 5, 3]], OnnxAttribute.Ints("axes", -2), OnnxAttribute.Int("keepdims", 0)));

        var constants = new Dictionary<string, TensorProto>
        {
            ["in1"] = TensorProto.FromInt64s("in1", [0, -1], 2),
            ["in2"] = TensorProto.FromInt64s("in2", [1, 5], 2),
            ["in3"] = TensorProto.FromInt64s("in3", [0, 2], 2),
        };
        Assert.Equal([6, 4], InferOne("Reshape", [[6, 2, 2], [2]], n => constants.GetValueOrDefault(n)));
        Assert.Equal([-1, 256], InferOne("Reshape", [[-1, 16, 4, 4], [2]], n => constants.GetValueOrDefault(n)));
        Assert.Equal([-1, 16], InferOne("Reshape", [[-1, 4, 4], [2]], n => n == "in1" ? TensorProto.FromInt64s("t", [-1, 16], 2) : null));
        Assert.Equal([2, -1], InferOne("Reshape", [[2, -1, 4], [2]], n => constants.GetValueOrDefault(n)));
        Assert.Equal([1, 6, 2, 1, 2], InferOne("Unsqueeze", [[6, 2, 2], [2]], n => n == "in1" ? TensorProto.FromInt64s("a", [0, -2], 2) : null));
        Assert.Equal([6, 2], InferOne("Squeeze", [[6, 1, 2], [1]], n => n == "in1" ? TensorProto.FromInt64s("a", [1], 1) : null));
        // Slice rows 1..5 of 10 and columns 0..-1 (all but the last) of 6.
        Assert.Equal([4, 5], InferOne("Slice", [[10, 6], [2], [2], [2]], n => n switch
        {
            "in1" => TensorProto.FromInt64s("s", [1, 0], 2),
            "in2" => TensorProto.FromInt64s("e", [5, -1], 2),
            "in3" => TensorProto.FromInt64s("a", [0, 1], 2),
            _ => null,
        }));
        Assert.Equal([1, 3, 16, 16], InferOne("Resize", [[1, 3, 8, 8], [0], [4]], n => n == "in2" ? TensorProto.FromFloats("s", [1, 1, 2, 2], 4) : null));
    }

    [Fact]
    public void Broadcasting_contradictions_are_problems()
    {
        var node = new NodeProto { Name = "add", OpType = "Add" };
        node.Input.AddRange(["a", "b"]);
        node.Output.Add("c");
        var problems = new List<string>();
        Assert.Null(OnnxShapeInference.Infer(node, [[2, 3], [4, 3]], _ => null, problems)[0]);
        Assert.Equal("shapes (2, 3) and (4, 3) cannot be broadcast together", Assert.Single(problems));
    }
}
