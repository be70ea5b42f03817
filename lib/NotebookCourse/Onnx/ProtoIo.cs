using Google.Protobuf;

namespace NotebookCourse.Onnx;

/// <summary>
/// Small helpers over Google.Protobuf's coded streams for the hand-written ONNX messages: nested messages are
/// written as length-delimited byte blocks, and repeated scalars are read both packed and unpacked (a proto2
/// reader must accept either form).
/// </summary>
internal static class ProtoIo
{
    /// <summary>Serializes a message body with <paramref name="write"/>.</summary>
    public static byte[] Serialize(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true)) { write(output); output.Flush(); }
        return buffer.ToArray();
    }

    public static void WriteMessage(CodedOutputStream o, int field, byte[] body)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(UnsafeByteOperations.UnsafeWrap(body));
    }

    public static void WriteString(CodedOutputStream o, int field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    }

    public static void WriteInt64(CodedOutputStream o, int field, long value)
    {
        o.WriteTag(field, WireFormat.WireType.Varint);
        o.WriteInt64(value);
    }

    public static void WriteInt32(CodedOutputStream o, int field, int value)
    {
        o.WriteTag(field, WireFormat.WireType.Varint);
        o.WriteInt32(value);
    }

    public static void WriteFloat(CodedOutputStream o, int field, float value)
    {
        o.WriteTag(field, WireFormat.WireType.Fixed32);
        o.WriteFloat(value);
    }

    public static void WriteBytes(CodedOutputStream o, int field, byte[] value)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
    }

    /// <summary>Walks the fields of a message: <paramref name="onField"/> returns false for fields it does not know (skipped).</summary>
    public static void ReadFields(byte[] body, string message, Func<CodedInputStream, int, WireFormat.WireType, bool> onField)
    {
        try
        {
            var input = new CodedInputStream(body);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                int field = WireFormat.GetTagFieldNumber(tag);
                var wire = WireFormat.GetTagWireType(tag);
                if (!onField(input, field, wire)) input.SkipLastField();
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"onnx: {message} is not valid protobuf: {e.Message}", e);
        }
    }

    public static byte[] ReadBytes(CodedInputStream input) => input.ReadBytes().ToByteArray();

    /// <summary>Reads one or many int64 values (unpacked varint or a packed block).</summary>
    public static void ReadInt64s(CodedInputStream input, WireFormat.WireType wire, List<long> into)
    {
        if (wire != WireFormat.WireType.LengthDelimited) { into.Add(input.ReadInt64()); return; }
        var packed = new CodedInputStream(input.ReadBytes().ToByteArray());
        while (!packed.IsAtEnd) into.Add(packed.ReadInt64());
    }

    /// <summary>Reads one or many int32 values (unpacked varint or a packed block).</summary>
    public static void ReadInt32s(CodedInputStream input, WireFormat.WireType wire, List<int> into)
    {
        if (wire != WireFormat.WireType.LengthDelimited) { into.Add(input.ReadInt32()); return; }
        var packed = new CodedInputStream(input.ReadBytes().ToByteArray());
        while (!packed.IsAtEnd) into.Add(packed.ReadInt32());
    }

    /// <summary>Reads one or many floats (unpacked fixed32 or a packed block).</summary>
    public static void ReadFloats(CodedInputStream input, WireFormat.WireType wire, List<float> into)
    {
        if (wire != WireFormat.WireType.LengthDelimited) { into.Add(input.ReadFloat()); return; }
        var packed = new CodedInputStream(input.ReadBytes().ToByteArray());
        while (!packed.IsAtEnd) into.Add(packed.ReadFloat());
    }
}
