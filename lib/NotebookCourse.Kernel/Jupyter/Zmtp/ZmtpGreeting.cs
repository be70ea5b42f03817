namespace NotebookCourse.Kernel.Jupyter.Zmtp;

/// <summary>The 64-byte ZMTP 3.x greeting: signature, version, security mechanism, as-server flag, filler.</summary>
public static class ZmtpGreeting
{
    /// <summary>Size of a complete greeting in bytes.</summary>
    public const int Size = 64;

    /// <summary>Builds our greeting: ZMTP 3.1, mechanism NULL.</summary>
    public static byte[] Build(bool asServer)
    {
        var g = new byte[Size];
        g[0] = 0xFF;
        g[9] = 0x7F;
        g[10] = 3;
        g[11] = 1;
        "NULL"u8.CopyTo(g.AsSpan(12));
        g[32] = asServer ? (byte)1 : (byte)0;
        return g;
    }

    /// <summary>Validates the first 10 bytes (signature); rejects ZMTP 1.0/2.0 peers and non-ZMTP traffic.</summary>
    public static void ValidateSignature(ReadOnlySpan<byte> signature)
    {
        if (signature.Length < 10 || signature[0] != 0xFF || (signature[9] & 0x01) == 0)
            throw new ZmtpProtocolException($"greeting: bad signature (first byte 0x{(signature.Length > 0 ? signature[0] : 0):X2}); peer is not a ZMTP 3.x endpoint");
    }

    /// <summary>Validates a whole greeting and returns the peer's minor version.</summary>
    public static int ValidateGreeting(ReadOnlySpan<byte> greeting)
    {
        if (greeting.Length != Size) throw new ZmtpProtocolException($"greeting: expected {Size} bytes, got {greeting.Length}");
        ValidateSignature(greeting[..10]);
        if (greeting[10] < 3) throw new ZmtpProtocolException($"greeting: unsupported ZMTP version {greeting[10]}.{greeting[11]} (need 3.x)");
        var mechanism = greeting.Slice(12, 20);
        int len = mechanism.IndexOf((byte)0);
        if (len < 0) len = 20;
        var name = System.Text.Encoding.ASCII.GetString(mechanism[..len]);
        if (name != "NULL") throw new ZmtpProtocolException($"greeting: unsupported security mechanism '{name}' (only NULL is implemented)");
        return greeting[10] > 3 ? 1 : greeting[11];
    }
}
