using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;

namespace NotebookCourse.Kernel.Jupyter.Zmtp;

/// <summary>
/// ROUTER semantics: every incoming message is prefixed with its peer's routing identity; an outgoing
/// message's first frame names the peer it goes to (unknown peers: dropped, as libzmq does).
/// </summary>
public sealed class RouterSocket : ZmtpServerSocket
{
    private readonly ConcurrentDictionary<string, ZmtpConnection> _peers = new();
    private readonly ConcurrentDictionary<ZmtpConnection, byte[]> _identities = new();
    private readonly Channel<List<byte[]>> _incoming = Channel.CreateUnbounded<List<byte[]>>();
    private uint _nextId = (uint)Random.Shared.Next();

    /// <summary>Binds a ROUTER socket on address:port.</summary>
    public RouterSocket(IPAddress address, int port, ZmtpOptions options) : base(ZmtpSocketType.Router, address, port, options) { }

    /// <summary>Messages received, each starting with the sender's identity frame.</summary>
    public ChannelReader<List<byte[]>> Incoming => _incoming.Reader;

    /// <inheritdoc/>
    protected override void OnConnected(ZmtpConnection peer)
    {
        var id = peer.PeerIdentity;
        // Identities starting with 0 are reserved for generated ones; duplicates would make routing ambiguous.
        if (id.Length == 0 || id[0] == 0 || !_peers.TryAdd(Key(id), peer))
        {
            do
            {
                uint n = Interlocked.Increment(ref _nextId);
                id = [0, (byte)(n >> 24), (byte)(n >> 16), (byte)(n >> 8), (byte)n];
            } while (!_peers.TryAdd(Key(id), peer));
        }
        _identities[peer] = id;
    }

    /// <inheritdoc/>
    protected override void OnDisconnected(ZmtpConnection peer)
    {
        if (_identities.TryRemove(peer, out var id)) _peers.TryRemove(Key(id), out _);
    }

    /// <inheritdoc/>
    protected override Task OnMessageAsync(ZmtpConnection peer, List<byte[]> frames)
    {
        if (_identities.TryGetValue(peer, out var id))
        {
            frames.Insert(0, id);
            _incoming.Writer.TryWrite(frames);
        }
        return Task.CompletedTask;
    }

    /// <summary>Sends frames[1..] to the peer named by frames[0]; false if no such peer is connected.</summary>
    public async Task<bool> SendAsync(IReadOnlyList<byte[]> frames)
    {
        if (frames.Count < 2) throw new ArgumentException($"ROUTER send: need an identity frame and a body, got {frames.Count} frame(s)");
        if (!_peers.TryGetValue(Key(frames[0]), out var peer)) return false;
        return await TrySendAsync(peer, frames.Skip(1).ToList());
    }

    /// <inheritdoc/>
    public override ValueTask DisposeAsync()
    {
        _incoming.Writer.TryComplete();
        return base.DisposeAsync();
    }

    private static string Key(byte[] id) => Convert.ToHexString(id);
}
