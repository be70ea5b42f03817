using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>The Jupyter wire format: identities, "&lt;IDS|MSG&gt;", signature, four JSON frames, buffers.</summary>
public sealed class WireCodec(MessageSigner signer)
{
    /// <summary>The delimiter frame between routing identities and the message.</summary>
    public static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The signer used for both directions.</summary>
    public MessageSigner Signer => signer;

    /// <summary>Decodes frames; throws <see cref="FormatException"/> for malformed input and
    /// <see cref="SignatureException"/> when the signature does not verify.</summary>
    public JupyterMessage Decode(IReadOnlyList<byte[]> frames)
    {
        int d = -1;
        for (int i = 0; i < frames.Count; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) { d = i; break; }
        if (d < 0) throw new FormatException($"message has no <IDS|MSG> delimiter ({frames.Count} frames)");
        if (frames.Count < d + 6) throw new FormatException($"message has {frames.Count - d - 1} frames after the delimiter, need 5 (signature, header, parent, metadata, content)");
        var parts = new[] { frames[d + 2], frames[d + 3], frames[d + 4], frames[d + 5] };
        if (!signer.Verify(frames[d + 1], parts))
            throw new SignatureException($"bad HMAC signature on a message claiming type '{PeekType(frames[d + 2])}'");
        return new JupyterMessage(
            frames.Take(d).ToList(),
            MessageHeader.FromJson(Obj(frames[d + 2], "header")),
            Obj(frames[d + 3], "parent_header"),
            Obj(frames[d + 4], "metadata"),
            Obj(frames[d + 5], "content"),
            frames.Skip(d + 6).ToList());
    }

    /// <summary>Encodes a message with signature.</summary>
    public List<byte[]> Encode(IReadOnlyList<byte[]> identities, MessageHeader header, JsonObject? parent, JsonObject? metadata, JsonNode content)
    {
        var parts = new[]
        {
            Utf8(header.ToJson()), Utf8(parent ?? new JsonObject()), Utf8(metadata ?? new JsonObject()), Utf8(content),
        };
        var frames = new List<byte[]>(identities.Count + 6);
        frames.AddRange(identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(parts)));
        frames.AddRange(parts);
        return frames;
    }

    /// <summary>Serializes a typed content record with Jupyter's snake_case field names.</summary>
    public static JsonNode ToContent<T>(T content) => JsonSerializer.SerializeToNode(content, Json) ?? new JsonObject();

    private static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static JsonObject Obj(byte[] frame, string what)
    {
        try { return JsonNode.Parse(frame) as JsonObject ?? throw new FormatException($"{what} is not a JSON object"); }
        catch (JsonException e) { throw new FormatException($"{what} is not valid JSON ({e.Message})"); }
    }

    private static string PeekType(byte[] header)
    {
        try { return JsonNode.Parse(header)?["msg_type"]?.GetValue<string>() ?? "?"; } catch { return "?"; }
    }
}

/// <summary>A message failed HMAC verification; it must be dropped, never executed.</summary>
public sealed class SignatureException(string message) : Exception(message);
