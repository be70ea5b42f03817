namespace NotebookCourse.Data.Idx;

/// <summary>Element types of the IDX format (the third byte of the magic number).</summary>
public enum IdxType : byte
{
    /// <summary>Unsigned byte (images and labels of MNIST-style datasets).</summary>
    UInt8 = 0x08,
    /// <summary>Signed byte.</summary>
    Int8 = 0x09,
    /// <summary>Big-endian 16-bit integer.</summary>
    Int16 = 0x0B,
    /// <summary>Big-endian 32-bit integer.</summary>
    Int32 = 0x0C,
    /// <summary>Big-endian 32-bit float.</summary>
    Float32 = 0x0D,
    /// <summary>Big-endian 64-bit float.</summary>
    Float64 = 0x0E,
}

/// <summary>
/// The content of an IDX file: element type, shape and the elements in row-major order, converted to the
/// machine's byte order. <see cref="Data"/> is a <c>byte[]</c>, <c>sbyte[]</c>, <c>short[]</c>, <c>int[]</c>,
/// <c>float[]</c> or <c>double[]</c> according to <see cref="Type"/>.
/// </summary>
public sealed class IdxArray
{
    /// <summary>Element type.</summary>
    public IdxType Type { get; }
    /// <summary>Dimensions, outermost first (e.g. 60000, 28, 28).</summary>
    public int[] Shape { get; }
    /// <summary>The elements (see the class remarks for the array type).</summary>
    public Array Data { get; }

    internal IdxArray(IdxType type, int[] shape, Array data) { Type = type; Shape = shape; Data = data; }

    /// <summary>Number of elements.</summary>
    public long Count => Data.LongLength;

    /// <summary>The elements as bytes; fails with a clear message for other types.</summary>
    public byte[] AsBytes() => Data as byte[]
        ?? throw new InvalidOperationException($"IDX: elements are {Type}, not UInt8; use ToFloat() or check the file");

    /// <summary>All elements converted to float (optionally scaled, e.g. 1/255 for pixels).</summary>
    public float[] ToFloat(float scale = 1f)
    {
        var r = new float[Data.Length];
        switch (Data)
        {
            case byte[] b: for (int i = 0; i < b.Length; i++) r[i] = b[i] * scale; break;
            case sbyte[] sb: for (int i = 0; i < sb.Length; i++) r[i] = sb[i] * scale; break;
            case short[] s: for (int i = 0; i < s.Length; i++) r[i] = s[i] * scale; break;
            case int[] n: for (int i = 0; i < n.Length; i++) r[i] = n[i] * scale; break;
            case float[] f: for (int i = 0; i < f.Length; i++) r[i] = f[i] * scale; break;
            case double[] d: for (int i = 0; i < d.Length; i++) r[i] = (float)(d[i] * scale); break;
        }
        return r;
    }

    /// <inheritdoc />
    public override string ToString() => $"IdxArray({Type}, shape ({string.Join(", ", Shape)}))";
}
