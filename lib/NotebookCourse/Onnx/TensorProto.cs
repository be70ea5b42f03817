using System.Buffers.Binary;
using Google.Protobuf;

namespace NotebookCourse.Onnx;

/// <summary>
/// An ONNX tensor constant (weights, Constant values, tensor attributes). Float and int64 values are written as
/// little-endian <c>raw_data</c>; when reading, the typed repeated fields are accepted as well.
/// </summary>
public sealed class TensorProto
{
    // Field numbers of onnx.TensorProto.
    private const int FDims = 1, FDataType = 2, FFloatData = 4, FInt32Data = 5, FInt64Data = 7, FName = 8, FRawData = 9, FDoubleData = 10;

    /// <summary>Tensor name (initializer name in a graph).</summary>
    public string Name { get; set; } = "";
    /// <summary>Element type.</summary>
    public OnnxElementType DataType { get; set; } = OnnxElementType.Float;
    /// <summary>Shape; empty for a scalar.</summary>
    public long[] Dims { get; set; } = [];
    /// <summary>Values as little-endian bytes.</summary>
    public byte[] RawData { get; set; } = [];

    /// <summary>Number of elements the dims describe.</summary>
    public long ElementCount => OnnxShapes.Count(Dims, $"tensor '{Name}'");

    /// <summary>A float tensor.</summary>
    public static TensorProto FromFloats(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        CheckCount(name, values.Length, dims);
        var raw = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        return new TensorProto { Name = name, DataType = OnnxElementType.Float, Dims = dims, RawData = raw };
    }

    /// <summary>An int64 tensor (shapes for Reshape, indices for Gather, axes).</summary>
    public static TensorProto FromInt64s(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        CheckCount(name, values.Length, dims);
        var raw = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), values[i]);
        return new TensorProto { Name = name, DataType = OnnxElementType.Int64, Dims = dims, RawData = raw };
    }

    private static void CheckCount(string name, int count, long[] dims)
    {
        long expected = OnnxShapes.Count(dims, $"tensor '{name}'");
        if (expected != count)
            throw new ArgumentException($"onnx: tensor '{name}' has dims {OnnxShapes.Format(dims)} = {expected} elements but {count} values were given");
    }

    /// <summary>The values of a float tensor.</summary>
    public float[] ToFloats()
    {
        if (DataType != OnnxElementType.Float) throw new InvalidOperationException($"onnx: tensor '{Name}' is {DataType}, not float");
        var values = new float[RawData.Length / 4];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(RawData.AsSpan(i * 4));
        return values;
    }

    /// <summary>The values of an int64 tensor.</summary>
    public long[] ToInt64s()
    {
        if (DataType != OnnxElementType.Int64) throw new InvalidOperationException($"onnx: tensor '{Name}' is {DataType}, not int64");
        var values = new long[RawData.Length / 8];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(RawData.AsSpan(i * 8));
        return values;
    }

    internal byte[] Serialize() => ProtoIo.Serialize(o =>
    {
        foreach (long d in Dims) ProtoIo.WriteInt64(o, FDims, d);
        ProtoIo.WriteInt32(o, FDataType, (int)DataType);
        ProtoIo.WriteString(o, FName, Name);
        ProtoIo.WriteBytes(o, FRawData, RawData);
    });

    internal static TensorProto Parse(byte[] body)
    {
        var t = new TensorProto();
        var dims = new List<long>();
        var floats = new List<float>();
        var longs = new List<long>();
        var ints = new List<int>();
        var doubles = new List<double>();
        ProtoIo.ReadFields(body, "TensorProto", (input, field, wire) =>
        {
            switch (field)
            {
                case FDims: ProtoIo.ReadInt64s(input, wire, dims); return true;
                case FDataType: t.DataType = (OnnxElementType)input.ReadInt32(); return true;
                case FFloatData: ProtoIo.ReadFloats(input, wire, floats); return true;
                case FInt32Data: ProtoIo.ReadInt32s(input, wire, ints); return true;
                case FInt64Data: ProtoIo.ReadInt64s(input, wire, longs); return true;
                case FName: t.Name = input.ReadString(); return true;
                case FRawData: t.RawData = ProtoIo.ReadBytes(input); return true;
                case FDoubleData when wire == WireFormat.WireType.Fixed64: doubles.Add(input.ReadDouble()); return true;
                default: return false;
            }
        });
        t.Dims = dims.ToArray();
        // Normalize typed fields into raw little-endian bytes so the rest of the code reads one form.
        if (t.RawData.Length == 0 && floats.Count > 0) t.RawData = FromFloats("", floats.ToArray(), floats.Count).RawData;
        if (t.RawData.Length == 0 && longs.Count > 0) t.RawData = FromInt64s("", longs.ToArray(), longs.Count).RawData;
        if (t.RawData.Length == 0 && ints.Count > 0 && t.DataType == OnnxElementType.Int32)
        {
            t.RawData = new byte[ints.Count * 4];
            for (int i = 0; i < ints.Count; i++) BinaryPrimitives.WriteInt32LittleEndian(t.RawData.AsSpan(i * 4), ints[i]);
        }
        return t;
    }

    /// <summary>E.g. <c>fc1.weight: float (128, 784)</c>.</summary>
    public override string ToString() => $"{Name}: {DataType.ToString().ToLowerInvariant()} {OnnxShapes.Format(Dims)}";
}
