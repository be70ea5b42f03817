using System.Text;

namespace NotebookCourse.Onnx;

/// <summary>Attribute kinds (values of <c>AttributeProto.AttributeType</c>).</summary>
public enum OnnxAttributeType
{
    /// <summary>Unset.</summary>
    Undefined = 0,
    /// <summary>One float.</summary>
    Float = 1,
    /// <summary>One int64.</summary>
    Int = 2,
    /// <summary>One string.</summary>
    String = 3,
    /// <summary>One tensor.</summary>
    Tensor = 4,
    /// <summary>Several floats.</summary>
    Floats = 6,
    /// <summary>Several int64s.</summary>
    Ints = 7,
    /// <summary>Several strings.</summary>
    Strings = 8,
}

/// <summary>A named node attribute (kernel_shape, axis, alpha, ...). Create with the static factories.</summary>
/// <example><code>OnnxAttribute.Ints("kernel_shape", 5, 5)</code></example>
public sealed class AttributeProto
{
    // Field numbers of onnx.AttributeProto.
    private const int FName = 1, FF = 2, FI = 3, FS = 4, FT = 5, FFloats = 7, FInts = 8, FStrings = 9, FType = 20;

    /// <summary>Attribute name.</summary>
    public string Name { get; set; } = "";
    /// <summary>Which value field is set.</summary>
    public OnnxAttributeType Type { get; set; }
    /// <summary>Float value.</summary>
    public float F { get; set; }
    /// <summary>Int value.</summary>
    public long I { get; set; }
    /// <summary>String value (UTF-8 bytes in the file).</summary>
    public string S { get; set; } = "";
    /// <summary>Tensor value.</summary>
    public TensorProto? T { get; set; }
    /// <summary>Float list.</summary>
    public float[] Floats { get; set; } = [];
    /// <summary>Int list.</summary>
    public long[] Ints { get; set; } = [];
    /// <summary>String list.</summary>
    public string[] Strings { get; set; } = [];

    internal byte[] Serialize() => ProtoIo.Serialize(o =>
    {
        ProtoIo.WriteString(o, FName, Name);
        switch (Type)
        {
            case OnnxAttributeType.Float: ProtoIo.WriteFloat(o, FF, F); break;
            case OnnxAttributeType.Int: ProtoIo.WriteInt64(o, FI, I); break;
            case OnnxAttributeType.String: ProtoIo.WriteBytes(o, FS, Encoding.UTF8.GetBytes(S)); break;
            case OnnxAttributeType.Tensor: ProtoIo.WriteMessage(o, FT, T!.Serialize()); break;
            case OnnxAttributeType.Floats: foreach (var f in Floats) ProtoIo.WriteFloat(o, FFloats, f); break;
            case OnnxAttributeType.Ints: foreach (var i in Ints) ProtoIo.WriteInt64(o, FInts, i); break;
            case OnnxAttributeType.Strings: foreach (var s in Strings) ProtoIo.WriteBytes(o, FStrings, Encoding.UTF8.GetBytes(s)); break;
            default: throw new InvalidOperationException($"onnx: attribute '{Name}' has no value (type {Type})");
        }
        ProtoIo.WriteInt32(o, FType, (int)Type);
    });

    internal static AttributeProto Parse(byte[] body)
    {
        var a = new AttributeProto();
        var floats = new List<float>();
        var ints = new List<long>();
        var strings = new List<string>();
        ProtoIo.ReadFields(body, "AttributeProto", (input, field, wire) =>
        {
            switch (field)
            {
                case FName: a.Name = input.ReadString(); return true;
                case FF: a.F = input.ReadFloat(); return true;
                case FI: a.I = input.ReadInt64(); return true;
                case FS: a.S = Encoding.UTF8.GetString(ProtoIo.ReadBytes(input)); return true;
                case FT: a.T = TensorProto.Parse(ProtoIo.ReadBytes(input)); return true;
                case FFloats: ProtoIo.ReadFloats(input, wire, floats); return true;
                case FInts: ProtoIo.ReadInt64s(input, wire, ints); return true;
                case FStrings: strings.Add(Encoding.UTF8.GetString(ProtoIo.ReadBytes(input))); return true;
                case FType: a.Type = (OnnxAttributeType)input.ReadInt32(); return true;
                default: return false;
            }
        });
        (a.Floats, a.Ints, a.Strings) = (floats.ToArray(), ints.ToArray(), strings.ToArray());
        return a;
    }

    /// <summary>E.g. <c>kernel_shape=[5, 5]</c>.</summary>
    public override string ToString() => Type switch
    {
        OnnxAttributeType.Float => $"{Name}={F}",
        OnnxAttributeType.Int => $"{Name}={I}",
        OnnxAttributeType.String => $"{Name}='{S}'",
        OnnxAttributeType.Tensor => $"{Name}=<{T}>",
        OnnxAttributeType.Floats => $"{Name}=[{string.Join(", ", Floats)}]",
        OnnxAttributeType.Ints => $"{Name}=[{string.Join(", ", Ints)}]",
        OnnxAttributeType.Strings => $"{Name}=[{string.Join(", ", Strings)}]",
        _ => $"{Name}=?",
    };
}

/// <summary>Factories for node attributes.</summary>
public static class OnnxAttribute
{
    /// <summary>An int attribute.</summary>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = OnnxAttributeType.Int, I = value };
    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = OnnxAttributeType.Float, F = value };
    /// <summary>A string attribute.</summary>
    public static AttributeProto String(string name, string value) => new() { Name = name, Type = OnnxAttributeType.String, S = value };
    /// <summary>An int-list attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values) => new() { Name = name, Type = OnnxAttributeType.Ints, Ints = values };
    /// <summary>A float-list attribute.</summary>
    public static AttributeProto Floats(string name, params float[] values) => new() { Name = name, Type = OnnxAttributeType.Floats, Floats = values };
    /// <summary>A string-list attribute.</summary>
    public static AttributeProto Strings(string name, params string[] values) => new() { Name = name, Type = OnnxAttributeType.Strings, Strings = values };
    /// <summary>A tensor attribute (e.g. Constant's value).</summary>
    public static AttributeProto Tensor(string name, TensorProto value) => new() { Name = name, Type = OnnxAttributeType.Tensor, T = value };
}
