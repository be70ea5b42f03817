namespace NotebookCourse.Onnx;

/// <summary>An operator set the model uses: domain ("" = default ONNX ops) and version.</summary>
public sealed record OperatorSetIdProto(string Domain, long Version);

/// <summary>
/// The top-level ONNX file: format version, operator sets, producer and the graph. <see cref="ToByteArray"/>
/// writes the .onnx bytes; <see cref="Parse"/> reads them back (enough of the format for our checker and tests).
/// </summary>
public sealed class ModelProto
{
    // Field numbers of onnx.ModelProto and onnx.OperatorSetIdProto.
    private const int FIrVersion = 1, FProducerName = 2, FProducerVersion = 3, FDomain = 4, FModelVersion = 5,
        FDocString = 6, FGraph = 7, FOpsetImport = 8, FOpsetDomain = 1, FOpsetVersion = 2;

    /// <summary>ONNX file-format version (8 pairs with opset 17..18).</summary>
    public long IrVersion { get; set; } = 8;
    /// <summary>Tool that wrote the file.</summary>
    public string ProducerName { get; set; } = "NotebookCourse";
    /// <summary>Its version.</summary>
    public string ProducerVersion { get; set; } = "";
    /// <summary>Model namespace.</summary>
    public string Domain { get; set; } = "";
    /// <summary>Model version.</summary>
    public long ModelVersion { get; set; }
    /// <summary>Free-text description.</summary>
    public string DocString { get; set; } = "";
    /// <summary>Operator sets.</summary>
    public List<OperatorSetIdProto> OpsetImport { get; } = [];
    /// <summary>The graph.</summary>
    public GraphProto Graph { get; set; } = new();

    /// <summary>The default-domain opset version, or 0 when none is imported.</summary>
    public long DefaultOpset => OpsetImport.Find(o => o.Domain is "" or "ai.onnx")?.Version ?? 0;

    /// <summary>Serializes the model to .onnx bytes.</summary>
    public byte[] ToByteArray() => ProtoIo.Serialize(o =>
    {
        ProtoIo.WriteInt64(o, FIrVersion, IrVersion);
        ProtoIo.WriteString(o, FProducerName, ProducerName);
        ProtoIo.WriteString(o, FProducerVersion, ProducerVersion);
        ProtoIo.WriteString(o, FDomain, Domain);
        if (ModelVersion != 0) ProtoIo.WriteInt64(o, FModelVersion, ModelVersion);
        ProtoIo.WriteString(o, FDocString, DocString);
        ProtoIo.WriteMessage(o, FGraph, Graph.Serialize());
        foreach (var opset in OpsetImport)
            ProtoIo.WriteMessage(o, FOpsetImport, ProtoIo.Serialize(s =>
            {
                ProtoIo.WriteString(s, FOpsetDomain, opset.Domain);
                ProtoIo.WriteInt64(s, FOpsetVersion, opset.Version);
            }));
    });

    /// <summary>Writes the model to a file.</summary>
    public void Save(string path) => File.WriteAllBytes(path, ToByteArray());

    /// <summary>Reads .onnx bytes; throws <see cref="InvalidDataException"/> naming the message that is malformed.</summary>
    public static ModelProto Parse(byte[] bytes)
    {
        var m = new ModelProto { IrVersion = 0, ProducerName = "" };
        bool sawGraph = false;
        ProtoIo.ReadFields(bytes, "ModelProto", (input, field, _) =>
        {
            switch (field)
            {
                case FIrVersion: m.IrVersion = input.ReadInt64(); return true;
                case FProducerName: m.ProducerName = input.ReadString(); return true;
                case FProducerVersion: m.ProducerVersion = input.ReadString(); return true;
                case FDomain: m.Domain = input.ReadString(); return true;
                case FModelVersion: m.ModelVersion = input.ReadInt64(); return true;
                case FDocString: m.DocString = input.ReadString(); return true;
                case FGraph: m.Graph = GraphProto.Parse(ProtoIo.ReadBytes(input)); sawGraph = true; return true;
                case FOpsetImport:
                    string domain = "";
                    long version = 0;
                    ProtoIo.ReadFields(ProtoIo.ReadBytes(input), "OperatorSetIdProto", (s, f, _) =>
                    {
                        if (f == FOpsetDomain) { domain = s.ReadString(); return true; }
                        if (f == FOpsetVersion) { version = s.ReadInt64(); return true; }
                        return false;
                    });
                    m.OpsetImport.Add(new OperatorSetIdProto(domain, version));
                    return true;
                default: return false;
            }
        });
        if (!sawGraph) throw new InvalidDataException("onnx: the bytes hold no ModelProto graph (field 7); is this an .onnx file?");
        return m;
    }

    /// <summary>Reads an .onnx file.</summary>
    public static ModelProto Load(string path) => Parse(File.ReadAllBytes(path));
}
