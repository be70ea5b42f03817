using System.Text.Json.Nodes;

namespace NotebookCourse.Runtime;

/// <summary>
/// A Jupyter MIME bundle: mime type → content. Text formats (text/plain, text/html, image/svg+xml) are strings,
/// binary formats (image/png) are base64 strings, JSON formats (application/vnd.plotly.v1+json) are <see cref="JsonNode"/>.
/// Every bundle the course produces has <c>text/plain</c>.
/// </summary>
public sealed class MimeBundle
{
    private readonly Dictionary<string, object> _data = new(StringComparer.Ordinal);

    /// <summary>The entries, in insertion order of their first addition.</summary>
    public IReadOnlyDictionary<string, object> Data => _data;

    /// <summary>Optional per-mime metadata (e.g. image width).</summary>
    public JsonObject Metadata { get; } = new();

    /// <summary>Creates a bundle holding only text/plain.</summary>
    public static MimeBundle Text(string text) => new MimeBundle().Add("text/plain", text);

    /// <summary>Adds or replaces one representation; returns this bundle for chaining.</summary>
    public MimeBundle Add(string mimeType, object content)
    {
        if (content is not (string or JsonNode))
            throw new ArgumentException($"MimeBundle: content for '{mimeType}' must be a string or a JsonNode, got {content?.GetType().Name ?? "null"}");
        _data[mimeType] = content;
        return this;
    }

    /// <summary>The text/plain representation (empty when missing).</summary>
    public string PlainText => _data.TryGetValue("text/plain", out var t) && t is string s ? s : "";
}
