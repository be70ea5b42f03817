using System.Text.Json.Nodes;

namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>A Jupyter message header (protocol 5.3).</summary>
public sealed record MessageHeader(string MsgId, string Session, string Username, string Date, string MsgType, string Version)
{
    /// <summary>Protocol version this kernel speaks.</summary>
    public const string ProtocolVersion = "5.3";

    /// <summary>A fresh header for a message of <paramref name="msgType"/> in <paramref name="session"/>.</summary>
    public static MessageHeader Create(string msgType, string session) =>
        new(Guid.NewGuid().ToString("N"), session, "kernel", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ"), msgType, ProtocolVersion);

    /// <summary>Reads a header; missing msg_type is an error, other fields default to "".</summary>
    public static MessageHeader FromJson(JsonObject o)
    {
        string S(string k) => o[k] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        var type = S("msg_type");
        if (type == "") throw new FormatException("message header has no msg_type");
        return new(S("msg_id"), S("session"), S("username"), S("date"), type, S("version"));
    }

    /// <summary>The header as a JSON object.</summary>
    public JsonObject ToJson() => new()
    {
        ["msg_id"] = MsgId, ["session"] = Session, ["username"] = Username, ["date"] = Date, ["msg_type"] = MsgType, ["version"] = Version,
    };
}
