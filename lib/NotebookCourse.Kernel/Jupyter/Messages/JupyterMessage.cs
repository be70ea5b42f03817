using System.Text.Json.Nodes;

namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>A decoded Jupyter message: routing identities, header, parent header, metadata, content, buffers.</summary>
public sealed record JupyterMessage(
    IReadOnlyList<byte[]> Identities,
    MessageHeader Header,
    JsonObject ParentHeader,
    JsonObject Metadata,
    JsonObject Content,
    IReadOnlyList<byte[]> Buffers)
{
    /// <summary>Shortcut for the header's msg_type.</summary>
    public string MsgType => Header.MsgType;

    /// <summary>Reads a boolean content field with a default.</summary>
    public bool Bool(string key, bool fallback) => Content[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : fallback;

    /// <summary>Reads a string content field with a default.</summary>
    public string Str(string key, string fallback = "") => Content[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : fallback;

    /// <summary>Reads an integer content field with a default.</summary>
    public int Int(string key, int fallback) => Content[key] is JsonValue v && v.TryGetValue<int>(out var i) ? i : fallback;
}
