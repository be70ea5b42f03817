using System.Buffers.Binary;
using System.IO.Compression;

namespace NotebookCourse.Data.Idx;

/// <summary>Writes unsigned-byte IDX files (used to make small fixtures and to export generated image sets).</summary>
public static class IdxWriter
{
    /// <summary>Writes <paramref name="data"/> with the given shape; gzip-compressed when <paramref name="gzip"/>.</summary>
    public static void WriteUInt8(string path, ReadOnlySpan<byte> data, int[] shape, bool gzip = false)
    {
        long count = 1;
        foreach (var d in shape) count *= d;
        if (count != data.Length)
            throw new ArgumentException($"IdxWriter: shape ({string.Join(", ", shape)}) holds {count} elements but data has {data.Length}");
        using var file = File.Create(path);
        using Stream s = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        Span<byte> header = stackalloc byte[4 + 4 * shape.Length];
        header[2] = (byte)IdxType.UInt8;
        header[3] = (byte)shape.Length;
        for (int i = 0; i < shape.Length; i++) BinaryPrimitives.WriteInt32BigEndian(header[(4 + 4 * i)..], shape[i]);
        s.Write(header);
        s.Write(data);
    }
}
