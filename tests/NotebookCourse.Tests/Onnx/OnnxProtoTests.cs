using NotebookCourse.Onnx;

namespace NotebookCourse.Tests.Onnx;

/// <summary>The hand-written protobuf encoding: exact bytes for small messages (field numbers and wire types from
/// onnx.proto) and a full write → read round trip of every attribute kind.</summary>
public class OnnxProtoTests
{
    [Fact]
    public void Model_header_and_opset_use_the_onnx_field_numbers()
    {
        var model = new ModelProto { ProducerName = "" };
        model.OpsetImport.Add(new OperatorSetIdProto("", 17));
        var bytes = model.ToByteArray();
        // ir_version = field 1 varint 8; graph = field 7 (empty); opset_import = field 8 holding {version (field 2) = 17}.
        Assert.Equal(new byte[] { 0x08, 0x08, 0x3A, 0x00, 0x42, 0x02, 0x10, 0x11 }, bytes);
    }

    [Fact]
    public void Tensor_is_written_as_dims_type_name_and_little_endian_raw_data()
    {
        var t = TensorProto.FromFloats("w", [1f, -2f], 2);
        // dims (1) = 2, data_type (2) = FLOAT(1), name (8) = "w", raw_data (9) = 00 00 80 3F 00 00 00 C0.
        Assert.Equal(new byte[] { 0x08, 0x02, 0x10, 0x01, 0x42, 0x01, (byte)'w', 0x4A, 0x08, 0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0 }, t.Serialize());
    }

    [Fact]
    public void Dynamic_input_writes_dim_param_batch()
    {
        var v = new ValueInfoProto { Name = "x", ElemType = OnnxElementType.Float, Shape = [OnnxDim.Symbolic("batch"), OnnxDim.Fixed(3)] };
        byte[] expected =
        [
            0x0A, 0x01, (byte)'x',                  // name
            0x12, 0x13,                             // type: TypeProto (19 bytes)
            0x0A, 0x11,                             //   tensor_type (17 bytes)
            0x08, 0x01,                             //     elem_type FLOAT
            0x12, 0x0D,                             //     shape (13 bytes)
            0x0A, 0x07, 0x12, 0x05, .. "batch"u8,   //       dim { dim_param: "batch" }
            0x0A, 0x02, 0x08, 0x03,                 //       dim { dim_value: 3 }
        ];
        Assert.Equal(expected, v.Serialize());
    }

    [Fact]
    public void Builder_output_round_trips_through_the_reader()
    {
        var g = new OnnxGraphBuilder("roundtrip");
        var x = g.AddInput("x", -1, 4);
        var w = g.AddInitializer("w", [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], 2, 4);
        var shape = g.AddInt64s("shape", -1, 2);
        var node = g.AddNode("Gemm", [x, w], ["y"], OnnxAttribute.Int("transB", 1), OnnxAttribute.Float("alpha", 0.5f),
                             OnnxAttribute.Ints("ints", 1, -2, 3), OnnxAttribute.Floats("floats", 0.25f, -1f),
                             OnnxAttribute.String("s", "héllo"), OnnxAttribute.Strings("ss", "a", ""),
                             OnnxAttribute.Tensor("t", TensorProto.FromInt64s("tv", [7, 8], 2)));
        g.AddNode("Reshape", ["y", shape], ["out"]);
        g.AddOutput("out", -1, 2);
        var model = ModelProto.Parse(g.Build(check: false).ToByteArray());

        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, model.DefaultOpset);
        Assert.Equal("NotebookCourse", model.ProducerName);
        Assert.Equal("roundtrip", model.Graph.Name);
        Assert.Equal("x: float (batch, 4)", model.Graph.Input[0].ToString());
        Assert.Equal("out: float (batch, 2)", model.Graph.Output[0].ToString());
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], model.Graph.Initializer[0].ToFloats());
        Assert.Equal([2L, 4L], model.Graph.Initializer[0].Dims);
        Assert.Equal([-1L, 2L], model.Graph.Initializer[1].ToInt64s());
        var gemm = model.Graph.Node[0];
        Assert.Equal(node.Name, gemm.Name);
        Assert.Equal(["x", "w"], gemm.Input);
        Assert.Equal(["y"], gemm.Output);
        Assert.Equal(1, gemm.GetAttribute("transB")!.I);
        Assert.Equal(0.5f, gemm.GetAttribute("alpha")!.F);
        Assert.Equal([1L, -2L, 3L], gemm.GetAttribute("ints")!.Ints);
        Assert.Equal([0.25f, -1f], gemm.GetAttribute("floats")!.Floats);
        Assert.Equal("héllo", gemm.GetAttribute("s")!.S);
        Assert.Equal(["a", ""], gemm.GetAttribute("ss")!.Strings);
        Assert.Equal([7L, 8L], gemm.GetAttribute("t")!.T!.ToInt64s());
        Assert.Equal(OnnxAttributeType.Tensor, gemm.GetAttribute("t")!.Type);
        Assert.Equal("Reshape", model.Graph.Node[1].OpType);
    }

    [Fact]
    public void Reader_rejects_bytes_that_are_not_a_model()
    {
        var e = Assert.Throws<InvalidDataException>(() => ModelProto.Parse([0x0A, 0x10, 0x01]));
        Assert.Contains("ModelProto is not valid protobuf", e.Message);
        var noGraph = Assert.Throws<InvalidDataException>(() => ModelProto.Parse([0x08, 0x08]));
        Assert.Contains("no ModelProto graph", noGraph.Message);
    }

    [Fact]
    public void Builder_rejects_duplicate_and_undefined_names()
    {
        var g = new OnnxGraphBuilder();
        g.AddInput("x", -1, 3);
        Assert.Contains("already used", Assert.Throws<ArgumentException>(() => g.AddInitializer("x", [1f], 1)).Message);
        var e = Assert.Throws<ArgumentException>(() => g.Node("Relu", ["nope"]));
        Assert.Contains("uses 'nope', which is not defined yet", e.Message);
        Assert.Contains("no input, initializer or node output", Assert.Throws<ArgumentException>(() => g.AddOutput("y", 3)).Message);
        Assert.Contains("dims (2, 2) = 4 elements but 3 values", Assert.Throws<ArgumentException>(() => g.AddInitializer("w", [1f, 2f, 3f], 2, 2)).Message);
        Assert.Equal("relu", g.Node("Relu", ["x"]));
        Assert.Equal("relu_1", g.Node("Relu", ["x"]));
    }
}
