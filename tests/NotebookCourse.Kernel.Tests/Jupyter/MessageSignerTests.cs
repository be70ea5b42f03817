using System.Text;
using System.Text.Json.Nodes;
using NotebookCourse.Kernel.Jupyter.Messages;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>HMAC-SHA256 signing and the wire codec's verification.</summary>
public class MessageSignerTests
{
    private static readonly byte[][] Parts = ["{\"msg_type\":\"x\"}"u8.ToArray(), "{}"u8.ToArray(), "{}"u8.ToArray(), "{\"code\":\"1\"}"u8.ToArray()];

    [Fact]
    public void Signature_matches_python_hmac()
    {
        // Reference: python3 hmac.new(b'secret-key', header+parent+metadata+content, hashlib.sha256).hexdigest()
        var signer = new MessageSigner("secret-key");
        Assert.Equal("19dbf66f103deffd4a4c64a438952da079fcb3d6d1ce0090086ae0a60ab3ff3c", signer.Sign(Parts));
        Assert.True(signer.Verify("19dbf66f103deffd4a4c64a438952da079fcb3d6d1ce0090086ae0a60ab3ff3c"u8, Parts));
    }

    [Theory]
    [InlineData("19dbf66f103deffd4a4c64a438952da079fcb3d6d1ce0090086ae0a60ab3ff3d")] // last digit changed
    [InlineData("19DBF66F103DEFFD4A4C64A438952DA079FCB3D6D1CE0090086AE0A60AB3FF3C")] // upper case is not what we sign
    [InlineData("")]
    [InlineData("19dbf66f")]
    public void Wrong_signatures_do_not_verify(string signature)
    {
        Assert.False(new MessageSigner("secret-key").Verify(Encoding.ASCII.GetBytes(signature), Parts));
    }

    [Fact]
    public void Empty_key_disables_signing()
    {
        var signer = new MessageSigner("");
        Assert.False(signer.Enabled);
        Assert.Equal("", signer.Sign(Parts));
        Assert.True(signer.Verify("anything"u8, Parts));
    }

    [Fact]
    public void Codec_round_trips_and_rejects_tampering()
    {
        var codec = new WireCodec(new MessageSigner("k"));
        var header = MessageHeader.Create("execute_request", "s");
        var frames = codec.Encode([Encoding.ASCII.GetBytes("peer")], header, null, null, new JsonObject { ["code"] = "print 1" });
        var msg = codec.Decode(frames);
        Assert.Equal("execute_request", msg.MsgType);
        Assert.Equal("print 1", msg.Str("code"));
        Assert.Equal("peer", Encoding.ASCII.GetString(msg.Identities[0]));

        frames[^1] = "{\"code\":\"rm -rf\"}"u8.ToArray();
        Assert.Throws<SignatureException>(() => codec.Decode(frames));
        Assert.Throws<SignatureException>(() => new WireCodec(new MessageSigner("other")).Decode(codec.Encode([], header, null, null, new JsonObject())));
    }

    [Fact]
    public void Codec_rejects_malformed_messages()
    {
        var codec = new WireCodec(new MessageSigner(""));
        Assert.Throws<FormatException>(() => codec.Decode([[1, 2, 3]]));
        Assert.Throws<FormatException>(() => codec.Decode([WireCodec.Delimiter, [], "{}"u8.ToArray()]));
        Assert.Throws<FormatException>(() => codec.Decode([WireCodec.Delimiter, [], "not json"u8.ToArray(), "{}"u8.ToArray(), "{}"u8.ToArray(), "{}"u8.ToArray()]));
        Assert.Throws<FormatException>(() => codec.Decode([WireCodec.Delimiter, [], "{}"u8.ToArray(), "{}"u8.ToArray(), "{}"u8.ToArray(), "{}"u8.ToArray()]));
    }
}
