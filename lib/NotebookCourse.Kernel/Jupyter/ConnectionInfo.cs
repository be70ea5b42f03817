using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookCourse.Kernel.Jupyter;

/// <summary>The Jupyter connection file: where the five channels listen and the HMAC key that signs messages.</summary>
public sealed record ConnectionInfo
{
    /// <summary>Transport; only "tcp" is supported.</summary>
    public string Transport { get; init; } = "tcp";
    /// <summary>The one IP address every channel binds to.</summary>
    public string Ip { get; init; } = "127.0.0.1";
    /// <summary>ROUTER for execute/complete/inspect requests.</summary>
    public int ShellPort { get; init; }
    /// <summary>PUB for outputs and status.</summary>
    public int IopubPort { get; init; }
    /// <summary>ROUTER for input requests to the frontend.</summary>
    public int StdinPort { get; init; }
    /// <summary>ROUTER for interrupt/shutdown/kernel_info that must not queue behind running code.</summary>
    public int ControlPort { get; init; }
    /// <summary>REP echoing heartbeats.</summary>
    public int HbPort { get; init; }
    /// <summary>HMAC key; empty disables signing.</summary>
    public string Key { get; init; } = "";
    /// <summary>Signature scheme; only "hmac-sha256" is supported.</summary>
    public string SignatureScheme { get; init; } = "hmac-sha256";
    /// <summary>Kernel name, informative.</summary>
    public string KernelName { get; init; } = "";

    /// <summary>Reads and validates a connection file; errors name the file and the field.</summary>
    public static ConnectionInfo Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new ArgumentException($"connection file '{path}': cannot be read ({e.Message})"); }
        return Parse(text, path);
    }

    /// <summary>Parses connection-file JSON; <paramref name="source"/> names it in errors.</summary>
    public static ConnectionInfo Parse(string json, string source = "connection file")
    {
        JsonObject obj;
        try { obj = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException($"{source}: expected a JSON object"); }
        catch (JsonException e) { throw new ArgumentException($"{source}: invalid JSON ({e.Message})"); }

        string Str(string key, string? fallback)
        {
            if (obj[key] is null) return fallback ?? throw new ArgumentException($"{source}: missing field '{key}'");
            return obj[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new ArgumentException($"{source}: field '{key}' must be a string, got {obj[key]!.ToJsonString()}");
        }
        int Port(string key)
        {
            var node = obj[key] ?? throw new ArgumentException($"{source}: missing field '{key}' (a TCP port number)");
            if (node is JsonValue v && v.TryGetValue<int>(out var p) && p is >= 0 and <= 65535) return p;
            throw new ArgumentException($"{source}: field '{key}' must be a port number 0..65535, got {node.ToJsonString()}");
        }

        var info = new ConnectionInfo
        {
            Transport = Str("transport", "tcp"),
            Ip = Str("ip", "127.0.0.1"),
            ShellPort = Port("shell_port"),
            IopubPort = Port("iopub_port"),
            StdinPort = Port("stdin_port"),
            ControlPort = Port("control_port"),
            HbPort = Port("hb_port"),
            Key = Str("key", ""),
            SignatureScheme = Str("signature_scheme", "hmac-sha256"),
            KernelName = Str("kernel_name", ""),
        };
        if (info.Transport != "tcp") throw new ArgumentException($"{source}: transport '{info.Transport}' is not supported (use \"tcp\")");
        if (info.SignatureScheme != "hmac-sha256" && !(info.SignatureScheme == "" && info.Key == ""))
            throw new ArgumentException($"{source}: signature_scheme '{info.SignatureScheme}' is not supported (use \"hmac-sha256\")");
        if (!System.Net.IPAddress.TryParse(info.Ip, out _)) throw new ArgumentException($"{source}: ip '{info.Ip}' is not an IP address");
        return info;
    }

    /// <summary>Serializes in the standard connection-file shape.</summary>
    public string ToJson() => new JsonObject
    {
        ["transport"] = Transport, ["ip"] = Ip, ["shell_port"] = ShellPort, ["iopub_port"] = IopubPort,
        ["stdin_port"] = StdinPort, ["control_port"] = ControlPort, ["hb_port"] = HbPort, ["key"] = Key,
        ["signature_scheme"] = SignatureScheme, ["kernel_name"] = KernelName,
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
