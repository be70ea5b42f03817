namespace NotebookCourse.Onnx;

/// <summary>One operator application in a graph: op type, input and output value names, attributes.</summary>
public sealed class NodeProto
{
    // Field numbers of onnx.NodeProto.
    private const int FInput = 1, FOutput = 2, FName = 3, FOpType = 4, FAttribute = 5, FDomain = 7;

    /// <summary>Node name (used in error messages).</summary>
    public string Name { get; set; } = "";
    /// <summary>Operator, e.g. "Conv".</summary>
    public string OpType { get; set; } = "";
    /// <summary>Operator domain; empty = the default ONNX domain.</summary>
    public string Domain { get; set; } = "";
    /// <summary>Input value names; "" marks an omitted optional input.</summary>
    public List<string> Input { get; } = [];
    /// <summary>Output value names.</summary>
    public List<string> Output { get; } = [];
    /// <summary>Attributes.</summary>
    public List<AttributeProto> Attribute { get; } = [];

    /// <summary>The attribute with this name, or null.</summary>
    public AttributeProto? GetAttribute(string name) => Attribute.Find(a => a.Name == name);

    internal byte[] Serialize() => ProtoIo.Serialize(o =>
    {
        foreach (var i in Input) { o.WriteTag(FInput, Google.Protobuf.WireFormat.WireType.LengthDelimited); o.WriteString(i); }
        foreach (var x in Output) { o.WriteTag(FOutput, Google.Protobuf.WireFormat.WireType.LengthDelimited); o.WriteString(x); }
        ProtoIo.WriteString(o, FName, Name);
        ProtoIo.WriteString(o, FOpType, OpType);
        foreach (var a in Attribute) ProtoIo.WriteMessage(o, FAttribute, a.Serialize());
        ProtoIo.WriteString(o, FDomain, Domain);
    });

    internal static NodeProto Parse(byte[] body)
    {
        var n = new NodeProto();
        ProtoIo.ReadFields(body, "NodeProto", (input, field, _) =>
        {
            switch (field)
            {
                case FInput: n.Input.Add(input.ReadString()); return true;
                case FOutput: n.Output.Add(input.ReadString()); return true;
                case FName: n.Name = input.ReadString(); return true;
                case FOpType: n.OpType = input.ReadString(); return true;
                case FAttribute: n.Attribute.Add(AttributeProto.Parse(ProtoIo.ReadBytes(input))); return true;
                case FDomain: n.Domain = input.ReadString(); return true;
                default: return false;
            }
        });
        return n;
    }

    /// <summary>E.g. <c>conv1 = Conv(input, conv1.weight, conv1.bias) -> conv1_out</c>.</summary>
    public override string ToString() =>
        $"{Name} = {OpType}({string.Join(", ", Input)}) -> {string.Join(", ", Output)}" +
        (Attribute.Count > 0 ? $" [{string.Join(", ", Attribute)}]" : "");
}
