using System.Security.Cryptography;
using System.Text;

namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>HMAC-SHA256 signatures over header, parent header, metadata and content (hex, lower case).</summary>
public sealed class MessageSigner
{
    private readonly byte[] _key;

    /// <summary>Creates a signer; an empty key disables signing (signature "" and no check), as Jupyter does.</summary>
    public MessageSigner(string key) => _key = Encoding.UTF8.GetBytes(key);

    /// <summary>True when messages are signed and checked.</summary>
    public bool Enabled => _key.Length > 0;

    /// <summary>Signature of the four JSON parts, as sent in the frame after the delimiter.</summary>
    public string Sign(ReadOnlySpan<byte[]> parts) => Enabled ? Convert.ToHexStringLower(Compute(parts)) : "";

    /// <summary>Constant-time check of a received hex signature.</summary>
    public bool Verify(ReadOnlySpan<byte> signatureHex, ReadOnlySpan<byte[]> parts)
    {
        if (!Enabled) return true;
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(Compute(parts)));
        return CryptographicOperations.FixedTimeEquals(expected, signatureHex);
    }

    private byte[] Compute(ReadOnlySpan<byte[]> parts)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        foreach (var p in parts) hmac.AppendData(p);
        return hmac.GetHashAndReset();
    }
}
