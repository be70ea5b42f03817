namespace NotebookCourse.Onnx;

/// <summary>
/// Tensor element types. ONNX's <c>TensorProto.DataType</c> and ONNX Runtime's <c>ONNXTensorElementDataType</c>
/// share these numbers, so one enum serves the file writer and the runtime binding.
/// </summary>
public enum OnnxElementType
{
    /// <summary>Unknown.</summary>
    Undefined = 0,
    /// <summary>32-bit float.</summary>
    Float = 1,
    /// <summary>Unsigned byte.</summary>
    UInt8 = 2,
    /// <summary>Signed byte.</summary>
    Int8 = 3,
    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 4,
    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 5,
    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 6,
    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 7,
    /// <summary>String.</summary>
    String = 8,
    /// <summary>Boolean.</summary>
    Bool = 9,
    /// <summary>16-bit float.</summary>
    Float16 = 10,
    /// <summary>64-bit float.</summary>
    Double = 11,
}

/// <summary>Helpers shared by the writer and the runtime binding.</summary>
internal static class OnnxShapes
{
    /// <summary>Formats a shape the way error messages show it: (-1, 1, 28, 28).</summary>
    public static string Format(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++) parts[i] = shape[i].ToString();
        return "(" + string.Join(", ", parts) + ")";
    }

    /// <summary>Formats an int shape.</summary>
    public static string Format(ReadOnlySpan<int> shape)
    {
        var longs = new long[shape.Length];
        for (int i = 0; i < shape.Length; i++) longs[i] = shape[i];
        return Format(longs);
    }

    /// <summary>Product of the dimensions; throws on a negative dimension.</summary>
    public static long Count(ReadOnlySpan<long> shape, string what)
    {
        long n = 1;
        foreach (long d in shape)
        {
            if (d < 0) throw new ArgumentException($"onnx: {what} has a negative dimension in shape {Format(shape)}");
            n = checked(n * d);
        }
        return n;
    }
}
