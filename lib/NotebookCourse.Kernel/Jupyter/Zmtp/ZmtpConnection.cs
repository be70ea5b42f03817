using System.Buffers.Binary;
using System.Text;

namespace NotebookCourse.Kernel.Jupyter.Zmtp;

/// <summary>
/// One ZMTP 3.x peer over a stream, NULL mechanism: handshake, multipart messages, commands.
/// Reading happens on one task at a time; sending is serialized so multipart messages never interleave.
/// </summary>
public sealed class ZmtpConnection : IAsyncDisposable
{
    private const byte More = 0x01, Long = 0x02, Command = 0x04;
    private readonly Stream _stream;
    private readonly ZmtpOptions _options;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _header = new byte[9];
    private readonly byte[] _writeHeader = new byte[9]; // guarded by _sendLock

    /// <summary>Wraps an already-connected stream; call <see cref="HandshakeAsync"/> next.</summary>
    public ZmtpConnection(Stream stream, string localSocketType, ZmtpOptions options, byte[]? identity = null)
    {
        _stream = stream;
        LocalSocketType = localSocketType;
        _options = options;
        Identity = identity ?? [];
    }

    /// <summary>Our socket type, announced in READY.</summary>
    public string LocalSocketType { get; }

    /// <summary>Identity we announce (DEALER/REQ clients may set one; ROUTER routes by it).</summary>
    public byte[] Identity { get; }

    /// <summary>Peer socket type from its READY command.</summary>
    public string PeerSocketType { get; private set; } = "";

    /// <summary>Peer Identity property (empty when none).</summary>
    public byte[] PeerIdentity { get; private set; } = [];

    /// <summary>Peer's ZMTP minor version (0 = 3.0, 1 = 3.1).</summary>
    public int PeerMinorVersion { get; private set; }

    /// <summary>Called for SUBSCRIBE (true) / CANCEL (false) commands (ZMTP 3.1 form).</summary>
    public Action<bool, byte[]>? SubscriptionCommand { get; set; }

    /// <summary>Exchanges greetings and READY commands and checks socket-type compatibility.</summary>
    public async Task HandshakeAsync(CancellationToken ct)
    {
        await _stream.WriteAsync(ZmtpGreeting.Build(asServer: false), ct);
        await _stream.FlushAsync(ct);
        var greeting = new byte[ZmtpGreeting.Size];
        // The signature comes first so that a non-ZMTP peer is rejected before we wait for 64 bytes.
        await ReadExactAsync(greeting.AsMemory(0, 10), "greeting", ct);
        ZmtpGreeting.ValidateSignature(greeting.AsSpan(0, 10));
        await ReadExactAsync(greeting.AsMemory(10), "greeting", ct);
        PeerMinorVersion = ZmtpGreeting.ValidateGreeting(greeting);

        var props = new List<KeyValuePair<string, byte[]>> { new("Socket-Type", Encoding.ASCII.GetBytes(LocalSocketType)) };
        if (Identity.Length > 0 && LocalSocketType is ZmtpSocketType.Dealer or ZmtpSocketType.Req or ZmtpSocketType.Router)
            props.Add(new("Identity", Identity));
        await SendCommandAsync(ZmtpCommand.Ready(props), ct);

        var first = await ReadFrameAsync(ct) ?? throw new ZmtpProtocolException("handshake: peer closed before READY");
        if (!first.IsCommand) throw new ZmtpProtocolException("handshake: expected READY command, got a message frame");
        var ready = ZmtpCommand.Parse(first.Body);
        if (ready.Name == "ERROR") throw new ZmtpProtocolException($"handshake: peer sent ERROR '{ErrorReason(ready.Data)}'");
        if (ready.Name != "READY") throw new ZmtpProtocolException($"handshake: expected READY, got '{ready.Name}'");
        var p = ready.ParseProperties();
        PeerSocketType = p.TryGetValue("Socket-Type", out var st) ? Encoding.ASCII.GetString(st) : "";
        PeerIdentity = p.TryGetValue("Identity", out var id) ? id : [];
        if (!ZmtpSocketType.IsCompatible(LocalSocketType, PeerSocketType))
        {
            var reason = $"socket type {PeerSocketType} cannot talk to {LocalSocketType}";
            try { await SendCommandAsync(new ZmtpCommand("ERROR", ErrorBody(reason)), ct); } catch (IOException) { }
            throw new ZmtpProtocolException($"handshake: {reason}");
        }
    }

    /// <summary>Reads the next multipart message, handling PING/SUBSCRIBE/CANCEL commands; null on clean close.</summary>
    public async Task<List<byte[]>?> ReceiveAsync(CancellationToken ct)
    {
        var parts = new List<byte[]>();
        while (true)
        {
            var frame = await ReadFrameAsync(ct);
            if (frame is null)
            {
                if (parts.Count == 0) return null;
                throw new ZmtpProtocolException($"truncated message: peer closed after {parts.Count} frame(s) with MORE set");
            }
            if (frame.IsCommand)
            {
                if (parts.Count > 0) throw new ZmtpProtocolException("command frame inside a multipart message");
                await HandleCommandAsync(ZmtpCommand.Parse(frame.Body), ct);
                continue;
            }
            parts.Add(frame.Body);
            if (!frame.HasMore) return parts;
        }
    }

    /// <summary>Sends one multipart message (frames in order, MORE on all but the last).</summary>
    public async Task SendAsync(IReadOnlyList<byte[]> frames, CancellationToken ct = default)
    {
        if (frames.Count == 0) throw new ArgumentException("ZMTP send: a message needs at least one frame");
        await _sendLock.WaitAsync(ct);
        try
        {
            for (int i = 0; i < frames.Count; i++)
                await WriteFrameAsync(frames[i], (i < frames.Count - 1 ? More : (byte)0), ct);
            await _stream.FlushAsync(ct);
        }
        finally { _sendLock.Release(); }
    }

    /// <summary>Sends one command frame.</summary>
    public async Task SendCommandAsync(ZmtpCommand command, CancellationToken ct = default)
    {
        await _sendLock.WaitAsync(ct);
        try
        {
            await WriteFrameAsync(command.Encode(), Command, ct);
            await _stream.FlushAsync(ct);
        }
        finally { _sendLock.Release(); }
    }

    private async Task HandleCommandAsync(ZmtpCommand cmd, CancellationToken ct)
    {
        switch (cmd.Name)
        {
            case "PING":
                // PING = TTL (2 bytes) + context (≤ 16 bytes) which PONG echoes.
                var context = cmd.Data.Length > 2 ? cmd.Data[2..Math.Min(cmd.Data.Length, 18)] : [];
                await SendCommandAsync(new ZmtpCommand("PONG", context), ct);
                break;
            case "PONG":
                break;
            case "SUBSCRIBE":
                SubscriptionCommand?.Invoke(true, cmd.Data);
                break;
            case "CANCEL":
                SubscriptionCommand?.Invoke(false, cmd.Data);
                break;
            case "ERROR":
                throw new ZmtpProtocolException($"peer sent ERROR '{ErrorReason(cmd.Data)}'");
            default:
                _options.Log.WriteLine($"[zmtp] ignoring unknown command '{cmd.Name}' from {PeerSocketType} peer");
                break;
        }
    }

    private sealed record Frame(byte Flags, byte[] Body)
    {
        public bool HasMore => (Flags & More) != 0;
        public bool IsCommand => (Flags & Command) != 0;
    }

    private async Task<Frame?> ReadFrameAsync(CancellationToken ct)
    {
        int n = await _stream.ReadAsync(_header.AsMemory(0, 1), ct);
        if (n == 0) return null;
        byte flags = _header[0];
        if ((flags & 0xF8) != 0) throw new ZmtpProtocolException($"frame: reserved flag bits set (0x{flags:X2})");
        long size;
        if ((flags & Long) != 0)
        {
            await ReadExactAsync(_header.AsMemory(1, 8), "frame size", ct);
            ulong raw = BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(1, 8));
            if (raw > (ulong)_options.MaxFrameSize)
                throw new ZmtpProtocolException($"frame: size {raw} bytes exceeds the limit of {_options.MaxFrameSize} bytes");
            size = (long)raw;
        }
        else
        {
            await ReadExactAsync(_header.AsMemory(1, 1), "frame size", ct);
            size = _header[1];
        }
        if (size > _options.MaxFrameSize) throw new ZmtpProtocolException($"frame: size {size} bytes exceeds the limit of {_options.MaxFrameSize} bytes");
        var body = new byte[size];
        await ReadExactAsync(body, "frame body", ct);
        return new Frame(flags, body);
    }

    private async Task WriteFrameAsync(byte[] body, byte flags, CancellationToken ct)
    {
        int headerLen;
        if (body.Length <= 255)
        {
            _writeHeader[0] = flags;
            _writeHeader[1] = (byte)body.Length;
            headerLen = 2;
        }
        else
        {
            _writeHeader[0] = (byte)(flags | Long);
            BinaryPrimitives.WriteUInt64BigEndian(_writeHeader.AsSpan(1, 8), (ulong)body.Length);
            headerLen = 9;
        }
        await _stream.WriteAsync(_writeHeader.AsMemory(0, headerLen), ct);
        await _stream.WriteAsync(body, ct);
    }

    private async Task ReadExactAsync(Memory<byte> buffer, string what, CancellationToken ct)
    {
        try { await _stream.ReadExactlyAsync(buffer, ct); }
        catch (EndOfStreamException) { throw new ZmtpProtocolException($"{what}: truncated (peer closed the connection mid-{what})"); }
    }

    private static string ErrorReason(byte[] data) => data.Length > 0 ? Encoding.ASCII.GetString(data, 1, Math.Min(data[0], data.Length - 1)) : "";

    private static byte[] ErrorBody(string reason)
    {
        var r = Encoding.ASCII.GetBytes(reason.Length > 255 ? reason[..255] : reason);
        return [(byte)r.Length, .. r];
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
    }
}
