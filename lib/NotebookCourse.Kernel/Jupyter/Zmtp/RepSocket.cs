using System.Net;

namespace NotebookCourse.Kernel.Jupyter.Zmtp;

/// <summary>
/// REP semantics for the heartbeat: each request (envelope, empty delimiter, body) gets a reply with the same
/// envelope, answered right on the peer's reader task so it never waits on running code.
/// </summary>
public sealed class RepSocket : ZmtpServerSocket
{
    private readonly Func<List<byte[]>, List<byte[]>> _reply;

    /// <summary>Binds a REP socket; <paramref name="reply"/> maps a request body to the reply body (identity = echo).</summary>
    public RepSocket(IPAddress address, int port, ZmtpOptions options, Func<List<byte[]>, List<byte[]>>? reply = null)
        : base(ZmtpSocketType.Rep, address, port, options) => _reply = reply ?? (body => body);

    /// <inheritdoc/>
    protected override async Task OnMessageAsync(ZmtpConnection peer, List<byte[]> frames)
    {
        int delimiter = frames.FindIndex(f => f.Length == 0);
        if (delimiter < 0)
        {
            Options.Log.WriteLine("[zmtp REP] dropped a request without the empty envelope delimiter");
            return;
        }
        var reply = frames.Take(delimiter + 1).ToList();
        reply.AddRange(_reply(frames.Skip(delimiter + 1).ToList()));
        await TrySendAsync(peer, reply);
    }
}
