using System.Security.Cryptography;

namespace NotebookCourse.Data.Hub;

/// <summary>Size and SHA-256 checks of dataset files.</summary>
public static class FileChecks
{
    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string Sha256Of(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    /// <summary>
    /// Returns null when the file at <paramref name="path"/> matches one accepted version of the manifest entry
    /// (size and hash), otherwise the reason, e.g. "checksum mismatch for x.gz (expected …, got …)".
    /// </summary>
    public static string? Problem(string path, DataFileEntry entry)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return $"{entry.Name} is missing at {path}";
        var sameSize = entry.Variants.Where(v => v.Size == info.Length).ToList();
        if (sameSize.Count == 0)
        {
            return info.Length < entry.MaxSize
                ? $"{entry.Name} is truncated ({info.Length} of {entry.Size} bytes)"
                : $"size mismatch for {entry.Name} (expected {entry.Size} bytes, got {info.Length})";
        }
        var got = Sha256Of(path);
        if (sameSize.Any(v => string.Equals(got, v.Sha256, StringComparison.OrdinalIgnoreCase))) return null;
        return $"checksum mismatch for {entry.Name} (expected {sameSize[0].Sha256}, got {got})";
    }
}
