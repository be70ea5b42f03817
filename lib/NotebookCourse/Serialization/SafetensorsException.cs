namespace NotebookCourse.Serialization;

/// <summary>A safetensors file that cannot be read (truncated, bad header, bad offsets, unknown dtype) or written.
/// The message names the file and, where there is one, the tensor key.</summary>
public sealed class SafetensorsException : IOException
{
    /// <summary>The file concerned.</summary>
    public string FilePath { get; }

    /// <summary>The tensor key concerned, or null for file-level problems.</summary>
    public string? Key { get; }

    /// <summary>A problem with <paramref name="path"/> (and <paramref name="key"/>, when known).</summary>
    public SafetensorsException(string path, string? key, string message, Exception? inner = null)
        : base($"safetensors: {path}{(key is null ? "" : $", key '{key}'")}: {message}", inner)
    {
        FilePath = path;
        Key = key;
    }
}
