using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NotebookCourse.Data.Hub;

/// <summary>One file of a dataset: its name, expected size and SHA-256, and where it can be downloaded.</summary>
public sealed record DataFileEntry
{
    /// <summary>File name (also its name in the cache).</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }
    /// <summary>Lower-case hex SHA-256 of the exact bytes.</summary>
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }
    /// <summary>Size in bytes.</summary>
    [JsonPropertyName("size")] public required long Size { get; init; }
    /// <summary>Download URLs, tried in order (empty for files shipped with the course).</summary>
    [JsonPropertyName("sources")] public IReadOnlyList<string> Sources { get; init; } = [];
    /// <summary>True when the file ships inside the course (data/ folder, embedded in the library).</summary>
    [JsonPropertyName("shipped")] public bool Shipped { get; init; }
    /// <summary>
    /// Other byte-exact versions accepted as well (e.g. the upstream gzip when the primary entry is a distribution's
    /// recompressed copy with the same decompressed content).
    /// </summary>
    [JsonPropertyName("alsoAccept")] public IReadOnlyList<DataFileVariant> AlsoAccept { get; init; } = [];

    /// <summary>The primary version followed by <see cref="AlsoAccept"/>.</summary>
    public IEnumerable<DataFileVariant> Variants => AlsoAccept.Prepend(new DataFileVariant { Sha256 = Sha256, Size = Size, Origin = "primary" });

    /// <summary>The largest accepted size (a shorter download is still incomplete).</summary>
    public long MaxSize => Variants.Max(v => v.Size);
}

/// <summary>An accepted version of a file: size, SHA-256 and where that version comes from.</summary>
public sealed record DataFileVariant
{
    /// <summary>Lower-case hex SHA-256.</summary>
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }
    /// <summary>Size in bytes.</summary>
    [JsonPropertyName("size")] public required long Size { get; init; }
    /// <summary>Where this version comes from (e.g. "upstream gzip").</summary>
    [JsonPropertyName("origin")] public string Origin { get; init; } = "";
}

/// <summary>One dataset of the manifest.</summary>
public sealed record DatasetEntry
{
    /// <summary>Dataset name, e.g. <c>fashion-mnist</c>.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }
    /// <summary>License of the data (SPDX id or short text).</summary>
    [JsonPropertyName("license")] public string License { get; init; } = "";
    /// <summary>Free-form notes (origin, citation).</summary>
    [JsonPropertyName("notes")] public string Notes { get; init; } = "";
    /// <summary>Folders where an operating-system package may have installed the files (checked before downloading).</summary>
    [JsonPropertyName("systemPaths")] public IReadOnlyList<string> SystemPaths { get; init; } = [];
    /// <summary>What to do when the files are missing (e.g. which system package installs them).</summary>
    [JsonPropertyName("remedy")] public string Remedy { get; init; } = "";
    /// <summary>The files.</summary>
    [JsonPropertyName("files")] public required IReadOnlyList<DataFileEntry> Files { get; init; }

    /// <summary>The file entry with this name, or a clear error listing the known names.</summary>
    public DataFileEntry File(string fileName) =>
        Files.FirstOrDefault(f => f.Name == fileName)
        ?? throw new ArgumentException($"{Name}: no file '{fileName}' in the data manifest; known files: {string.Join(", ", Files.Select(f => f.Name))}");
}

/// <summary>
/// The course's data manifest (<c>data/manifest.json</c>): every dataset the notebooks use, with checksums.
/// The library embeds a copy, so notebooks work wherever the assembly is.
/// </summary>
public sealed class DataManifest
{
    /// <summary>The datasets, by name.</summary>
    public IReadOnlyDictionary<string, DatasetEntry> Datasets { get; }

    private DataManifest(IEnumerable<DatasetEntry> datasets) =>
        Datasets = datasets.ToDictionary(d => d.Name, StringComparer.Ordinal);

    private sealed record ManifestDocument([property: JsonPropertyName("datasets")] List<DatasetEntry> Datasets);

    /// <summary>Parses manifest JSON; errors name the problem.</summary>
    public static DataManifest Parse(string json)
    {
        ManifestDocument? doc;
        try { doc = JsonSerializer.Deserialize<ManifestDocument>(json); }
        catch (JsonException e) { throw new ArgumentException($"data manifest: invalid JSON ({e.Message})", e); }
        if (doc?.Datasets is null) throw new ArgumentException("data manifest: missing \"datasets\" array");
        foreach (var d in doc.Datasets)
            foreach (var f in d.Files)
                foreach (var v in f.Variants)
                    if (v.Sha256.Length != 64 || !v.Sha256.All(Uri.IsHexDigit))
                        throw new ArgumentException($"data manifest: {d.Name}/{f.Name} has an invalid sha256 '{v.Sha256}' (expected 64 hex digits)");
        return new DataManifest(doc.Datasets);
    }

    /// <summary>Reads a manifest file.</summary>
    public static DataManifest Load(string path) => Parse(System.IO.File.ReadAllText(path));

    /// <summary>The manifest embedded in the library (a copy of data/manifest.json at build time).</summary>
    public static DataManifest Embedded { get; } = Parse(EmbeddedData.ReadText("manifest.json"));

    /// <summary>The dataset with this name, or a clear error listing the known names.</summary>
    public DatasetEntry this[string name] =>
        Datasets.TryGetValue(name, out var d) ? d
        : throw new ArgumentException($"data manifest: unknown dataset '{name}'; known datasets: {string.Join(", ", Datasets.Keys)}");
}

/// <summary>Access to the files of data/ that are embedded in the library assembly.</summary>
internal static class EmbeddedData
{
    private const string Prefix = "NotebookCourse.data.";

    public static Stream? TryOpen(string fileName) =>
        typeof(EmbeddedData).Assembly.GetManifestResourceStream(Prefix + fileName);

    public static Stream Open(string fileName) =>
        TryOpen(fileName) ?? throw new InvalidOperationException(
            $"data: '{fileName}' is not embedded in {typeof(EmbeddedData).Assembly.GetName().Name}; rebuild the library (it embeds data/{fileName})");

    public static string ReadText(string fileName)
    {
        using var s = Open(fileName);
        using var r = new StreamReader(s, System.Text.Encoding.UTF8);
        return r.ReadToEnd();
    }
}
