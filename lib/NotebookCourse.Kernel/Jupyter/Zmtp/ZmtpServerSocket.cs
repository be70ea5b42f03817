using System.Net;
using System.Net.Sockets;

namespace NotebookCourse.Kernel.Jupyter.Zmtp;

/// <summary>
/// A bound ZMTP socket accepting many peers: each peer gets its own reader task, so a misbehaving peer
/// is disconnected without affecting the others or the kernel.
/// </summary>
public abstract class ZmtpServerSocket : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _cts = new();
    private Task? _acceptLoop;

    /// <summary>Binds (but does not yet accept) on exactly <paramref name="address"/>:<paramref name="port"/> (0 = ephemeral).</summary>
    protected ZmtpServerSocket(string socketType, IPAddress address, int port, ZmtpOptions options)
    {
        SocketType = socketType;
        Options = options;
        _listener = new TcpListener(address, port);
        try { _listener.Start(); }
        catch (SocketException e)
        {
            throw new InvalidOperationException($"{socketType} socket: cannot bind {address}:{port} ({e.Message}); is another kernel using these ports?", e);
        }
    }

    /// <summary>This socket's ZMTP type.</summary>
    public string SocketType { get; }

    /// <summary>Limits and log.</summary>
    protected ZmtpOptions Options { get; }

    /// <summary>The port actually bound (useful when 0 was requested).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Number of peers whose handshake completed and are still connected.</summary>
    public int PeerCount => Volatile.Read(ref _peerCount);
    private int _peerCount;

    /// <summary>Starts accepting peers in the background.</summary>
    public void Start() => _acceptLoop ??= Task.Run(AcceptLoopAsync);

    /// <summary>A peer completed its handshake.</summary>
    protected virtual void OnConnected(ZmtpConnection peer) { }

    /// <summary>A message arrived from a peer (runs on that peer's reader task: do not block).</summary>
    protected abstract Task OnMessageAsync(ZmtpConnection peer, List<byte[]> frames);

    /// <summary>A peer went away (closed, or was dropped for a protocol error).</summary>
    protected virtual void OnDisconnected(ZmtpConnection peer) { }

    private async Task AcceptLoopAsync()
    {
        while (!_cts.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_cts.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e) { Options.Log.WriteLine($"[zmtp {SocketType}] accept failed: {e.Message}"); continue; }
            _ = Task.Run(() => ServePeerAsync(client));
        }
    }

    private async Task ServePeerAsync(TcpClient client)
    {
        client.NoDelay = true;
        var peer = new ZmtpConnection(client.GetStream(), SocketType, Options);
        bool connected = false;
        try
        {
            using (var handshakeCts = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token))
            {
                handshakeCts.CancelAfter(Options.HandshakeTimeout);
                await peer.HandshakeAsync(handshakeCts.Token);
            }
            connected = true;
            Interlocked.Increment(ref _peerCount);
            OnConnected(peer);
            while (await peer.ReceiveAsync(_cts.Token) is { } frames)
                await OnMessageAsync(peer, frames);
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested) { }
        catch (OperationCanceledException) { Options.Log.WriteLine($"[zmtp {SocketType}] peer {client.Client.RemoteEndPoint} dropped: handshake timed out"); }
        catch (ZmtpProtocolException e) { Options.Log.WriteLine($"[zmtp {SocketType}] peer dropped: {e.Message}"); }
        catch (IOException) { /* peer reset the connection: normal when a frontend exits */ }
        catch (Exception e) { Options.Log.WriteLine($"[zmtp {SocketType}] peer dropped after unexpected error: {e}"); }
        finally
        {
            if (connected)
            {
                Interlocked.Decrement(ref _peerCount);
                OnDisconnected(peer);
            }
            await peer.DisposeAsync();
            client.Dispose();
        }
    }

    /// <summary>Sends to one peer, dropping it quietly if it has gone.</summary>
    protected async Task<bool> TrySendAsync(ZmtpConnection peer, IReadOnlyList<byte[]> frames)
    {
        try { await peer.SendAsync(frames, _cts.Token); return true; }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException) { return false; }
    }

    /// <summary>Stops accepting and closes the listener.</summary>
    public virtual async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        _listener.Stop();
        if (_acceptLoop is not null) await _acceptLoop;
        GC.SuppressFinalize(this);
    }
}
