namespace NotebookCourse.Onnx;

/// <summary>One dimension of a declared shape: a fixed size, or a named symbolic size such as "batch".</summary>
public readonly record struct OnnxDim(long? Value, string? Param)
{
    /// <summary>A fixed dimension.</summary>
    public static OnnxDim Fixed(long value) => new(value, null);
    /// <summary>A symbolic (dynamic) dimension.</summary>
    public static OnnxDim Symbolic(string name) => new(null, name);
    /// <summary>-1 for symbolic or unknown, else the size.</summary>
    public long AsLong => Value ?? -1;
    /// <summary>The size or the symbol name.</summary>
    public override string ToString() => Value?.ToString() ?? Param ?? "?";
}

/// <summary>A graph input, output or intermediate value: name, tensor element type and (optionally) shape.</summary>
public sealed class ValueInfoProto
{
    // onnx.ValueInfoProto: name=1, type=2. TypeProto: tensor_type=1. TypeProto.Tensor: elem_type=1, shape=2.
    // TensorShapeProto: dim=1. Dimension: dim_value=1, dim_param=2.
    private const int FName = 1, FType = 2, FTensorType = 1, FElemType = 1, FShape = 2, FDim = 1, FDimValue = 1, FDimParam = 2;

    /// <summary>Value name.</summary>
    public string Name { get; set; } = "";
    /// <summary>Element type.</summary>
    public OnnxElementType ElemType { get; set; } = OnnxElementType.Float;
    /// <summary>The shape, or null when even the rank is unknown.</summary>
    public OnnxDim[]? Shape { get; set; }

    /// <summary>Shape with -1 for symbolic dimensions, or null when unknown.</summary>
    public long[]? ShapeAsLongs => Shape?.Select(d => d.AsLong).ToArray();

    internal byte[] Serialize()
    {
        var tensorType = ProtoIo.Serialize(o =>
        {
            ProtoIo.WriteInt32(o, FElemType, (int)ElemType);
            if (Shape == null) return;
            var shape = ProtoIo.Serialize(s =>
            {
                foreach (var dim in Shape)
                    ProtoIo.WriteMessage(s, FDim, ProtoIo.Serialize(d =>
                    {
                        if (dim.Value is long v) ProtoIo.WriteInt64(d, FDimValue, v);
                        else ProtoIo.WriteString(d, FDimParam, dim.Param);
                    }));
            });
            ProtoIo.WriteMessage(o, FShape, shape);
        });
        var type = ProtoIo.Serialize(o => ProtoIo.WriteMessage(o, FTensorType, tensorType));
        return ProtoIo.Serialize(o =>
        {
            ProtoIo.WriteString(o, FName, Name);
            ProtoIo.WriteMessage(o, FType, type);
        });
    }

    internal static ValueInfoProto Parse(byte[] body)
    {
        var v = new ValueInfoProto { ElemType = OnnxElementType.Undefined };
        ProtoIo.ReadFields(body, "ValueInfoProto", (input, field, _) =>
        {
            if (field == FName) { v.Name = input.ReadString(); return true; }
            if (field != FType) return false;
            ProtoIo.ReadFields(ProtoIo.ReadBytes(input), "TypeProto", (ti, tf, _) =>
            {
                if (tf != FTensorType) return false;
                ProtoIo.ReadFields(ProtoIo.ReadBytes(ti), "TypeProto.Tensor", (tt, f, _) =>
                {
                    if (f == FElemType) { v.ElemType = (OnnxElementType)tt.ReadInt32(); return true; }
                    if (f != FShape) return false;
                    var dims = new List<OnnxDim>();
                    ProtoIo.ReadFields(ProtoIo.ReadBytes(tt), "TensorShapeProto", (si, sf, _) =>
                    {
                        if (sf != FDim) return false;
                        long? value = null;
                        string? param = null;
                        ProtoIo.ReadFields(ProtoIo.ReadBytes(si), "TensorShapeProto.Dimension", (di, df, _) =>
                        {
                            if (df == FDimValue) { value = di.ReadInt64(); return true; }
                            if (df == FDimParam) { param = di.ReadString(); return true; }
                            return false;
                        });
                        dims.Add(new OnnxDim(value, param));
                        return true;
                    });
                    v.Shape = dims.ToArray();
                    return true;
                });
                return true;
            });
            return true;
        });
        return v;
    }

    /// <summary>E.g. <c>input: float (batch, 1, 28, 28)</c>.</summary>
    public override string ToString() =>
        $"{Name}: {ElemType.ToString().ToLowerInvariant()} " + (Shape == null ? "(?)" : "(" + string.Join(", ", Shape) + ")");
}
