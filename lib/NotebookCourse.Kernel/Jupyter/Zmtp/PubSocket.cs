using System.Collections.Concurrent;
using System.Net;

namespace NotebookCourse.Kernel.Jupyter.Zmtp;

/// <summary>
/// PUB semantics: a message goes to every subscriber with a subscription that is a prefix of its first frame.
/// Subscriptions arrive as SUBSCRIBE/CANCEL commands (ZMTP 3.1) or as 0x01/0x00-prefixed messages (3.0).
/// </summary>
public sealed class PubSocket : ZmtpServerSocket
{
    private readonly ConcurrentDictionary<ZmtpConnection, List<byte[]>> _subscriptions = new();

    /// <summary>Binds a PUB socket on address:port.</summary>
    public PubSocket(IPAddress address, int port, ZmtpOptions options) : base(ZmtpSocketType.Pub, address, port, options) { }

    /// <summary>Number of subscriptions currently held by all peers (a subscription may repeat).</summary>
    public int SubscriptionCount => _subscriptions.Values.Sum(l => { lock (l) return l.Count; });

    /// <inheritdoc/>
    protected override void OnConnected(ZmtpConnection peer)
    {
        var subs = new List<byte[]>();
        _subscriptions[peer] = subs;
        peer.SubscriptionCommand = (subscribe, prefix) => Update(subs, subscribe, prefix);
    }

    /// <inheritdoc/>
    protected override void OnDisconnected(ZmtpConnection peer) => _subscriptions.TryRemove(peer, out _);

    /// <inheritdoc/>
    protected override Task OnMessageAsync(ZmtpConnection peer, List<byte[]> frames)
    {
        // A SUB peer only ever sends subscription messages; anything else is ignored like libzmq does.
        if (frames.Count == 1 && frames[0].Length >= 1 && frames[0][0] <= 1 && _subscriptions.TryGetValue(peer, out var subs))
            Update(subs, frames[0][0] == 1, frames[0][1..]);
        return Task.CompletedTask;
    }

    private static void Update(List<byte[]> subs, bool subscribe, byte[] prefix)
    {
        lock (subs)
        {
            if (subscribe) subs.Add(prefix);
            else
            {
                int i = subs.FindIndex(s => s.AsSpan().SequenceEqual(prefix));
                if (i >= 0) subs.RemoveAt(i);
            }
        }
    }

    /// <summary>Publishes one message to every matching subscriber; returns how many peers got it.</summary>
    public async Task<int> PublishAsync(IReadOnlyList<byte[]> frames)
    {
        if (frames.Count == 0) throw new ArgumentException("PUB publish: a message needs at least one frame");
        int sent = 0;
        foreach (var (peer, subs) in _subscriptions)
        {
            bool match;
            lock (subs) match = subs.Exists(p => frames[0].AsSpan().StartsWith(p));
            if (match && await TrySendAsync(peer, frames)) sent++;
        }
        return sent;
    }
}
