using System.Text.Json;

namespace NotebookCourse.Serialization;

/// <summary>One tensor's header entry: dtype name, shape and its byte range inside the data section.</summary>
internal sealed record SafetensorsEntry(string Key, string DType, int[] Shape, long Begin, long End)
{
    public long Numel { get { long n = 1; foreach (var d in Shape) n *= d; return n; } }
}

/// <summary>Parses and validates the JSON header of a safetensors file against the size of its data section.</summary>
internal static class SafetensorsHeader
{
    public const string MetadataKey = "__metadata__";

    public static (List<SafetensorsEntry> entries, Dictionary<string, string> metadata) Parse(ReadOnlySpan<byte> json, long dataLength, string path)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json.ToArray()); }
        catch (JsonException e) { throw new SafetensorsException(path, null, $"the header is not valid JSON ({e.Message}); the file is corrupt or not a safetensors file"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new SafetensorsException(path, null, $"the header must be a JSON object, got {root.ValueKind}");
            var entries = new List<SafetensorsEntry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prop in root.EnumerateObject())
            {
                if (!seen.Add(prop.Name)) throw new SafetensorsException(path, prop.Name, "the key appears twice in the header");
                if (prop.Name == MetadataKey) { ReadMetadata(prop.Value, metadata, path); continue; }
                entries.Add(ReadEntry(prop.Name, prop.Value, dataLength, path));
            }
            CheckLayout(entries, dataLength, path);
            return (entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement e, Dictionary<string, string> metadata, string path)
    {
        if (e.ValueKind != JsonValueKind.Object)
            throw new SafetensorsException(path, MetadataKey, $"must be an object of string values, got {e.ValueKind}");
        foreach (var m in e.EnumerateObject())
        {
            if (m.Value.ValueKind != JsonValueKind.String)
                throw new SafetensorsException(path, MetadataKey, $"value of '{m.Name}' must be a string, got {m.Value.ValueKind}");
            metadata[m.Name] = m.Value.GetString()!;
        }
    }

    private static SafetensorsEntry ReadEntry(string key, JsonElement e, long dataLength, string path)
    {
        if (e.ValueKind != JsonValueKind.Object)
            throw new SafetensorsException(path, key, $"the header entry must be an object with dtype, shape and data_offsets, got {e.ValueKind}");
        if (!e.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
            throw new SafetensorsException(path, key, "the header entry has no string 'dtype'");
        var dtype = dt.GetString()!;
        int size = SafetensorsDType.ItemSize(dtype);
        if (size == 0)
            throw new SafetensorsException(path, key, $"unknown or unsupported dtype '{dtype}'; this library reads {SafetensorsDType.Supported}");
        if (!e.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array)
            throw new SafetensorsException(path, key, "the header entry has no 'shape' array");
        var shape = new int[sh.GetArrayLength()];
        int i = 0;
        foreach (var d in sh.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out var v) || v < 0)
                throw new SafetensorsException(path, key, $"shape entries must be non-negative integers, got {sh.GetRawText()}");
            shape[i++] = v;
        }
        if (!e.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2
            || !off[0].TryGetInt64(out var begin) || !off[1].TryGetInt64(out var end))
            throw new SafetensorsException(path, key, "the header entry needs 'data_offsets': [begin, end] with two integers");
        var entry = new SafetensorsEntry(key, dtype, shape, begin, end);
        if (begin < 0 || end < begin || end > dataLength)
            throw new SafetensorsException(path, key, $"data_offsets [{begin}, {end}] lie outside the data section of {dataLength} bytes; the file is truncated or corrupt");
        long expected;
        try { expected = checked(entry.Numel * size); }
        catch (OverflowException) { throw new SafetensorsException(path, key, $"shape {sh.GetRawText()} is too large"); }
        if (end - begin != expected)
            throw new SafetensorsException(path, key, $"dtype {dtype} with shape {sh.GetRawText()} needs {expected} bytes but data_offsets [{begin}, {end}] span {end - begin}");
        if (entry.Numel > int.MaxValue)
            throw new SafetensorsException(path, key, $"{entry.Numel} elements exceed the largest tensor this library holds ({int.MaxValue})");
        return entry;
    }

    /// <summary>Tensors may not share bytes, and the data section must end where the last tensor ends.</summary>
    private static void CheckLayout(List<SafetensorsEntry> entries, long dataLength, string path)
    {
        var sorted = entries.Where(e => e.End > e.Begin).OrderBy(e => e.Begin).ToList();
        for (int i = 1; i < sorted.Count; i++)
            if (sorted[i].Begin < sorted[i - 1].End)
                throw new SafetensorsException(path, sorted[i].Key,
                    $"data_offsets [{sorted[i].Begin}, {sorted[i].End}] overlap those of '{sorted[i - 1].Key}' [{sorted[i - 1].Begin}, {sorted[i - 1].End}]");
        long last = sorted.Count == 0 ? 0 : sorted[^1].End;
        if (last != dataLength)
            throw new SafetensorsException(path, null, $"the data section has {dataLength} bytes but the tensors end at byte {last}; the file has trailing garbage or a damaged header");
    }
}
