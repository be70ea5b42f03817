using System.Buffers.Binary;
using System.Text;

namespace NotebookCourse.Kernel.Jupyter.Zmtp;

/// <summary>A ZMTP command frame body: a short name and its data (READY properties, PING context, subscription).</summary>
public sealed record ZmtpCommand(string Name, byte[] Data)
{
    /// <summary>Parses a command frame body: name length (1 byte), name, data.</summary>
    public static ZmtpCommand Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length < 1 || body[0] == 0 || body.Length < 1 + body[0])
            throw new ZmtpProtocolException($"command: malformed body of {body.Length} bytes");
        return new ZmtpCommand(Encoding.ASCII.GetString(body.Slice(1, body[0])), body[(1 + body[0])..].ToArray());
    }

    /// <summary>Encodes this command's body (without frame header).</summary>
    public byte[] Encode()
    {
        var name = Encoding.ASCII.GetBytes(Name);
        var body = new byte[1 + name.Length + Data.Length];
        body[0] = (byte)name.Length;
        name.CopyTo(body, 1);
        Data.CopyTo(body, 1 + name.Length);
        return body;
    }

    /// <summary>Builds a READY command with the given metadata properties.</summary>
    public static ZmtpCommand Ready(IEnumerable<KeyValuePair<string, byte[]>> properties)
    {
        var ms = new MemoryStream();
        Span<byte> len = stackalloc byte[4];
        foreach (var (key, value) in properties)
        {
            var k = Encoding.ASCII.GetBytes(key);
            ms.WriteByte((byte)k.Length);
            ms.Write(k);
            BinaryPrimitives.WriteUInt32BigEndian(len, (uint)value.Length);
            ms.Write(len);
            ms.Write(value);
        }
        return new ZmtpCommand("READY", ms.ToArray());
    }

    /// <summary>Parses READY metadata into a case-insensitive property map.</summary>
    public Dictionary<string, byte[]> ParseProperties()
    {
        var props = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        var d = Data.AsSpan();
        while (d.Length > 0)
        {
            int nameLen = d[0];
            if (nameLen == 0 || d.Length < 1 + nameLen + 4) throw new ZmtpProtocolException($"READY: truncated property ({d.Length} bytes left)");
            var name = Encoding.ASCII.GetString(d.Slice(1, nameLen));
            uint valueLen = BinaryPrimitives.ReadUInt32BigEndian(d.Slice(1 + nameLen, 4));
            d = d[(1 + nameLen + 4)..];
            if (valueLen > (uint)d.Length) throw new ZmtpProtocolException($"READY: property '{name}' claims {valueLen} bytes, only {d.Length} left");
            props[name] = d[..(int)valueLen].ToArray();
            d = d[(int)valueLen..];
        }
        return props;
    }
}
