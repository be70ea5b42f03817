using System.Buffers.Binary;
using System.IO.Compression;

namespace NotebookCourse.Data.Idx;

/// <summary>
/// Reads IDX files (the MNIST / Fashion-MNIST format): magic <c>0x00 0x00 type ndim</c>, then <c>ndim</c>
/// big-endian 32-bit dimensions, then the elements big-endian. Gzip-compressed files are detected by their header.
/// </summary>
/// <example><code>var labels = IdxReader.Read(path, expectedType: IdxType.UInt8, expectedRank: 1);</code></example>
public static class IdxReader
{
    /// <summary>Reads a file (raw or .gz); optional checks on the element type and rank give clear errors.</summary>
    public static IdxArray Read(string path, IdxType? expectedType = null, int? expectedRank = null)
    {
        using var file = File.OpenRead(path);
        return Read(file, Path.GetFileName(path), expectedType, expectedRank);
    }

    /// <summary>Reads from a stream (raw or gzip); <paramref name="name"/> appears in error messages.</summary>
    public static IdxArray Read(Stream input, string name, IdxType? expectedType = null, int? expectedRank = null)
    {
        var buffered = new BufferedStream(input, 1 << 16);
        var head = new byte[2];
        int got = ReadFully(buffered, head);
        Stream s = buffered;
        var prefix = head.AsSpan(0, got).ToArray();
        if (got == 2 && head[0] == 0x1F && head[1] == 0x8B)
        {
            s = new GZipStream(new PrefixedStream(prefix, buffered), CompressionMode.Decompress);
            prefix = [];
        }
        try
        {
            return ReadBody(new PrefixedStream(prefix, s), name, expectedType, expectedRank);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"IDX {name}: corrupt gzip data ({e.Message}); delete the file and fetch it again", e);
        }
    }

    private static IdxArray ReadBody(Stream s, string name, IdxType? expectedType, int? expectedRank)
    {
        var magic = new byte[4];
        if (ReadFully(s, magic) < 4) throw new InvalidDataException($"IDX {name}: file too short for the 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0)
            throw new InvalidDataException($"IDX {name}: bad magic {Convert.ToHexString(magic)} (expected 0000TTNN); not an IDX file");
        var type = (IdxType)magic[2];
        if (!Enum.IsDefined(type)) throw new InvalidDataException($"IDX {name}: unknown element type 0x{magic[2]:X2}");
        int rank = magic[3];
        if (rank == 0) throw new InvalidDataException($"IDX {name}: rank 0 is not supported");
        if (expectedType is { } et && et != type)
            throw new InvalidDataException($"IDX {name}: elements are {type}, expected {et}");
        if (expectedRank is { } er && er != rank)
            throw new InvalidDataException($"IDX {name}: rank {rank}, expected {er}");

        var dimBytes = new byte[4 * rank];
        if (ReadFully(s, dimBytes) < dimBytes.Length) throw new InvalidDataException($"IDX {name}: header truncated in the dimensions");
        var shape = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt32BigEndian(dimBytes.AsSpan(4 * i));
            if (shape[i] < 0) throw new InvalidDataException($"IDX {name}: negative dimension {shape[i]}");
            count *= shape[i];
        }
        int size = ElementSize(type);
        if (count * size > Array.MaxLength)
            throw new InvalidDataException($"IDX {name}: shape ({string.Join(", ", shape)}) is too large to load");
        var raw = new byte[count * size];
        int read = ReadFully(s, raw);
        if (read < raw.Length)
            throw new InvalidDataException($"IDX {name}: truncated, header says ({string.Join(", ", shape)}) = {count} elements but only {read / size} present; delete the file and fetch it again");
        if (s.ReadByte() >= 0)
            throw new InvalidDataException($"IDX {name}: extra bytes after the {count} elements of shape ({string.Join(", ", shape)}); the file is not what its header says");
        return new IdxArray(type, shape, Decode(type, raw, (int)count));
    }

    private static int ElementSize(IdxType t) => t switch
    {
        IdxType.UInt8 or IdxType.Int8 => 1,
        IdxType.Int16 => 2,
        IdxType.Int32 or IdxType.Float32 => 4,
        _ => 8,
    };

    private static Array Decode(IdxType type, byte[] raw, int n)
    {
        switch (type)
        {
            case IdxType.UInt8: return raw;
            case IdxType.Int8: { var r = new sbyte[n]; Buffer.BlockCopy(raw, 0, r, 0, n); return r; }
            case IdxType.Int16: { var r = new short[n]; for (int i = 0; i < n; i++) r[i] = BinaryPrimitives.ReadInt16BigEndian(raw.AsSpan(2 * i)); return r; }
            case IdxType.Int32: { var r = new int[n]; for (int i = 0; i < n; i++) r[i] = BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(4 * i)); return r; }
            case IdxType.Float32: { var r = new float[n]; for (int i = 0; i < n; i++) r[i] = BinaryPrimitives.ReadSingleBigEndian(raw.AsSpan(4 * i)); return r; }
            default: { var r = new double[n]; for (int i = 0; i < n; i++) r[i] = BinaryPrimitives.ReadDoubleBigEndian(raw.AsSpan(8 * i)); return r; }
        }
    }

    private static int ReadFully(Stream s, byte[] buffer)
    {
        int total = 0, n;
        while (total < buffer.Length && (n = s.Read(buffer, total, buffer.Length - total)) > 0) total += n;
        return total;
    }

    /// <summary>Replays a few already-read bytes before the rest of a stream (used to sniff the gzip header).</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        private int _pos;
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_pos < prefix.Length)
            {
                int n = Math.Min(count, prefix.Length - _pos);
                Array.Copy(prefix, _pos, buffer, offset, n);
                _pos += n;
                return n;
            }
            return rest.Read(buffer, offset, count);
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
