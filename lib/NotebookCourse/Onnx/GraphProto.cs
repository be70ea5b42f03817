namespace NotebookCourse.Onnx;

/// <summary>A computation graph: nodes in topological order, weights (initializers), declared inputs and outputs.</summary>
public sealed class GraphProto
{
    // Field numbers of onnx.GraphProto.
    private const int FNode = 1, FName = 2, FInitializer = 5, FInput = 11, FOutput = 12, FValueInfo = 13;

    /// <summary>Graph name.</summary>
    public string Name { get; set; } = "";
    /// <summary>Nodes, each after the nodes producing its inputs.</summary>
    public List<NodeProto> Node { get; } = [];
    /// <summary>Constant tensors (weights) by name.</summary>
    public List<TensorProto> Initializer { get; } = [];
    /// <summary>Inputs the caller feeds.</summary>
    public List<ValueInfoProto> Input { get; } = [];
    /// <summary>Outputs the graph returns.</summary>
    public List<ValueInfoProto> Output { get; } = [];
    /// <summary>Optional shape annotations of intermediate values.</summary>
    public List<ValueInfoProto> ValueInfo { get; } = [];

    internal byte[] Serialize() => ProtoIo.Serialize(o =>
    {
        foreach (var n in Node) ProtoIo.WriteMessage(o, FNode, n.Serialize());
        ProtoIo.WriteString(o, FName, Name);
        foreach (var t in Initializer) ProtoIo.WriteMessage(o, FInitializer, t.Serialize());
        foreach (var v in Input) ProtoIo.WriteMessage(o, FInput, v.Serialize());
        foreach (var v in Output) ProtoIo.WriteMessage(o, FOutput, v.Serialize());
        foreach (var v in ValueInfo) ProtoIo.WriteMessage(o, FValueInfo, v.Serialize());
    });

    internal static GraphProto Parse(byte[] body)
    {
        var g = new GraphProto();
        ProtoIo.ReadFields(body, "GraphProto", (input, field, _) =>
        {
            switch (field)
            {
                case FNode: g.Node.Add(NodeProto.Parse(ProtoIo.ReadBytes(input))); return true;
                case FName: g.Name = input.ReadString(); return true;
                case FInitializer: g.Initializer.Add(TensorProto.Parse(ProtoIo.ReadBytes(input))); return true;
                case FInput: g.Input.Add(ValueInfoProto.Parse(ProtoIo.ReadBytes(input))); return true;
                case FOutput: g.Output.Add(ValueInfoProto.Parse(ProtoIo.ReadBytes(input))); return true;
                case FValueInfo: g.ValueInfo.Add(ValueInfoProto.Parse(ProtoIo.ReadBytes(input))); return true;
                default: return false;
            }
        });
        return g;
    }
}
