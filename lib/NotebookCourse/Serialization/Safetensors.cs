using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using NotebookCourse.Tensors;

namespace NotebookCourse.Serialization;

/// <summary>The contents of a safetensors file: named tensors in header order, and the free-form string metadata.</summary>
public sealed record SafetensorsFile(OrderedDictionary<string, Tensor> tensors, Dictionary<string, string> metadata);

/// <summary>
/// Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header
/// <c>{name: {dtype, shape, data_offsets}, "__metadata__": {...}}</c>, then raw little-endian data), so weights move
/// between this library and PyTorch tools. Writes are atomic: a temporary file in the same folder is flushed and
/// then renamed over the target, so a crash or error never leaves a half-written checkpoint.
/// Example: <c>Safetensors.Save(model.state_dict(), "model.safetensors"); var sd = Safetensors.Load("model.safetensors");</c>
/// </summary>
public static class Safetensors
{
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Test hook: runs after the temporary file is complete and before it replaces the target.</summary>
    internal static Action<string>? BeforeRenameForTests;

    /// <summary>Writes <paramref name="tensors"/> (float32 as F32, int64 as I64, bool as BOOL) and optional string
    /// <paramref name="metadata"/> to <paramref name="path"/>, replacing it atomically.</summary>
    public static void Save(IEnumerable<KeyValuePair<string, Tensor>> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var full = Path.GetFullPath(path);
        var items = new List<(string key, Tensor t)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (k, t) in tensors)
        {
            if (k == SafetensorsHeader.MetadataKey) throw new ArgumentException($"safetensors: {full}: '{k}' is reserved for metadata; rename the tensor");
            if (t is null) throw new ArgumentException($"safetensors: {full}, key '{k}': the tensor is null");
            if (!keys.Add(k)) throw new ArgumentException($"safetensors: {full}, key '{k}' appears twice");
            items.Add((k, t));
        }
        // Wider dtypes first, then by name (as the reference writer does), so every tensor's bytes start aligned to its element size.
        items.Sort((a, b) =>
        {
            int c = ItemSize(b.t).CompareTo(ItemSize(a.t));
            return c != 0 ? c : string.CompareOrdinal(a.key, b.key);
        });
        var header = BuildHeader(items, metadata);

        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Span<byte> len = stackalloc byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(len, header.Length);
                fs.Write(len);
                fs.Write(header);
                foreach (var (_, t) in items) WriteData(fs, t);
                fs.Flush(flushToDisk: true);
            }
            BeforeRenameForTests?.Invoke(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>The tensors of a safetensors file by name (floats load as float32, integers as int64).</summary>
    public static OrderedDictionary<string, Tensor> Load(string path) => Read(path).tensors;

    /// <summary>The tensors and the metadata of a safetensors file. Every problem is a <see cref="SafetensorsException"/> naming the file and key.</summary>
    public static SafetensorsFile Read(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"safetensors: {full} does not exist; check the path (relative paths start at {Environment.CurrentDirectory})", full);
        using var fs = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        long fileLength = fs.Length;
        if (fileLength < 8)
            throw new SafetensorsException(full, null, $"the file has {fileLength} bytes, fewer than the 8-byte header length; it is truncated or empty");
        Span<byte> len = stackalloc byte[8];
        fs.ReadExactly(len);
        long n = BinaryPrimitives.ReadInt64LittleEndian(len);
        if (n < 2 || n > fileLength - 8)
            throw new SafetensorsException(full, null, $"the header length {n} does not fit in the file of {fileLength} bytes; the file is truncated or not a safetensors file");
        if (n > MaxHeaderBytes)
            throw new SafetensorsException(full, null, $"the header length {n} exceeds {MaxHeaderBytes} bytes; this is not a safetensors file");
        var json = new byte[n];
        fs.ReadExactly(json);
        var (entries, metadata) = SafetensorsHeader.Parse(json, fileLength - 8 - n, full);
        long dataStart = 8 + n;
        var tensors = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            fs.Position = dataStart + e.Begin;
            tensors.Add(e.Key, ReadTensor(fs, e));
        }
        return new SafetensorsFile(tensors, metadata);
    }

    private static byte[] BuildHeader(List<(string key, Tensor t)> items, IReadOnlyDictionary<string, string>? metadata)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(SafetensorsHeader.MetadataKey);
                foreach (var (k, v) in metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (key, t) in items)
            {
                long bytes = (long)t.numel() * ItemSize(t);
                w.WriteStartObject(key);
                w.WriteString("dtype", SafetensorsDType.NameOf(t.dtype));
                w.WriteStartArray("shape");
                foreach (var d in t._shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += bytes;
            }
            w.WriteEndObject();
        }
        // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
        int pad = (int)((8 - ms.Length % 8) % 8);
        for (int i = 0; i < pad; i++) ms.WriteByte((byte)' ');
        return ms.ToArray();
    }

    private static int ItemSize(Tensor t) => SafetensorsDType.ItemSize(SafetensorsDType.NameOf(t.dtype));

    private static void WriteData(Stream s, Tensor t)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors: writing needs a little-endian machine");
        switch (t.dtype)
        {
            case DType.float32: s.Write(MemoryMarshal.AsBytes(t.SpanF())); break;
            case DType.int64: s.Write(MemoryMarshal.AsBytes(t.SpanL())); break;
            default: s.Write(MemoryMarshal.AsBytes(t.SpanB())); break; // .NET bool is one byte, 0 or 1
        }
    }

    private static Tensor ReadTensor(Stream s, SafetensorsEntry e)
    {
        int n = (int)e.Numel;
        var shape = e.Shape;
        switch (e.DType)
        {
            case "F32": { var f = new float[n]; s.ReadExactly(MemoryMarshal.AsBytes(f.AsSpan())); return new Tensor(f, shape); }
            case "I64": { var l = new long[n]; s.ReadExactly(MemoryMarshal.AsBytes(l.AsSpan())); return new Tensor(l, shape); }
            case "BOOL":
            {
                var raw = new byte[n]; s.ReadExactly(raw);
                var b = new bool[n];
                for (int i = 0; i < n; i++) b[i] = raw[i] != 0;
                return new Tensor(b, shape);
            }
        }
        var bytes = new byte[e.End - e.Begin];
        s.ReadExactly(bytes);
        if (SafetensorsDType.Target(e.DType) == DType.float32)
        {
            var f = new float[n];
            for (int i = 0; i < n; i++)
                f[i] = e.DType switch
                {
                    "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(2 * i)),
                    "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2 * i)) << 16),
                    _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(8 * i)),
                };
            return new Tensor(f, shape);
        }
        var l2 = new long[n];
        for (int i = 0; i < n; i++)
            l2[i] = e.DType switch
            {
                "I32" => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 * i)),
                "I16" => BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i)),
                "I8" => (sbyte)bytes[i],
                _ => bytes[i],
            };
        return new Tensor(l2, shape);
    }
}
