using System.Net;
using System.Threading.Channels;
using NotebookCourse.Kernel.Jupyter.Handlers;
using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Jupyter;

/// <summary>
/// A running Jupyter kernel: binds the five channels, decodes and verifies requests, and dispatches them.
/// Socket readers only enqueue; shell requests run one at a time on a worker, control requests (and
/// interrupt_request on shell) are answered at once, and heartbeats are echoed by the transport itself.
/// </summary>
/// <example><code>
/// await using var host = KernelHost.Start(ConnectionInfo.Load(path), backend);
/// bool restart = await host.Completion;
/// </code></example>
public sealed class KernelHost : IAsyncDisposable
{
    private readonly RouterSocket _shell, _control, _stdin;
    private readonly PubSocket _iopub;
    private readonly RepSocket _heartbeat;
    private readonly WireCodec _codec;
    private readonly IopubPublisher _publisher;
    private readonly KernelContext _ctx;
    private readonly Dictionary<string, IRequestHandler> _handlers;
    // Not SingleReader: the abort logic needs Count, which single-reader channels do not offer.
    private readonly Channel<JupyterMessage> _shellQueue = Channel.CreateUnbounded<JupyterMessage>();
    private readonly KernelHostOptions _options;
    private readonly Task[] _loops;

    private KernelHost(ConnectionInfo info, IKernelBackend backend, KernelHostOptions options)
    {
        _options = options;
        var ip = IPAddress.Parse(info.Ip);
        var bound = new List<ZmtpServerSocket>();
        T Bind<T>(T socket) where T : ZmtpServerSocket { bound.Add(socket); return socket; }
        try
        {
            _shell = Bind(new RouterSocket(ip, info.ShellPort, options.Zmtp));
            _control = Bind(new RouterSocket(ip, info.ControlPort, options.Zmtp));
            _stdin = Bind(new RouterSocket(ip, info.StdinPort, options.Zmtp));
            _iopub = Bind(new PubSocket(ip, info.IopubPort, options.Zmtp));
            _heartbeat = Bind(new RepSocket(ip, info.HbPort, options.Zmtp));
        }
        catch
        {
            // Release the ports already taken so a retry (or another kernel) can use them.
            foreach (var s in bound) s.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        Connection = info with
        {
            ShellPort = _shell.Port, ControlPort = _control.Port, StdinPort = _stdin.Port, IopubPort = _iopub.Port, HbPort = _heartbeat.Port,
        };
        var session = Guid.NewGuid().ToString();
        _codec = new WireCodec(new MessageSigner(info.Key));
        _publisher = new IopubPublisher(_iopub, _codec, session);
        _ctx = new KernelContext(backend, _codec, _publisher, new StdinChannel(_stdin, _codec, session), options, session);
        _handlers = new IRequestHandler[]
        {
            new KernelInfoHandler(), new ExecuteHandler(), new IsCompleteHandler(), new CompleteHandler(), new InspectHandler(),
            new InterruptHandler(), new ShutdownHandler(), new CommInfoHandler(), new HistoryHandler(),
        }.ToDictionary(h => h.MsgType);

        foreach (var s in new ZmtpServerSocket[] { _shell, _control, _stdin, _iopub, _heartbeat }) s.Start();
        _publisher.Status("starting", null);
        _loops = [Task.Run(ShellReaderAsync), Task.Run(ShellWorkerAsync), Task.Run(ControlLoopAsync), Task.Run(StdinLoopAsync)];
    }

    /// <summary>Binds every channel on the connection's IP (port 0 = pick a free one) and starts serving.</summary>
    public static KernelHost Start(ConnectionInfo info, IKernelBackend backend, KernelHostOptions? options = null) =>
        new(info, backend, options ?? new KernelHostOptions());

    /// <summary>The connection actually bound (real port numbers), ready to hand to a client.</summary>
    public ConnectionInfo Connection { get; }

    /// <summary>Completes when a shutdown_request was answered; the value is its restart flag.</summary>
    public Task<bool> Completion => _ctx.ShutdownRequested;

    private async Task ShellReaderAsync()
    {
        await foreach (var frames in _shell.Incoming.ReadAllAsync())
        {
            if (Decode(frames, "shell") is not { } msg) continue;
            // Interrupts must not wait behind the cell they are meant to stop.
            if (msg.MsgType == MessageTypes.InterruptRequest) await HandleAsync(msg, _shell);
            else _shellQueue.Writer.TryWrite(msg);
        }
        _shellQueue.Writer.TryComplete();
    }

    private async Task ShellWorkerAsync()
    {
        await foreach (var msg in _shellQueue.Reader.ReadAllAsync())
        {
            if (_ctx.AbortRemaining > 0)
            {
                // After a failed cell with stop_on_error, cells already queued are answered "aborted", not run.
                if (_shellQueue.Reader.Count == 0) _ctx.AbortRemaining = 0;
                if (msg.MsgType == MessageTypes.ExecuteRequest)
                {
                    await AbortAsync(msg);
                    continue;
                }
            }
            _ctx.AbortRemaining = 0;
            await HandleAsync(msg, _shell);
            if (_ctx.AbortRemaining > 0 && _shellQueue.Reader.Count == 0) _ctx.AbortRemaining = 0;
        }
    }

    private async Task AbortAsync(JupyterMessage msg)
    {
        _publisher.Status("busy", msg);
        await _ctx.ReplyAsync(_shell, msg, MessageTypes.ExecuteReply, WireCodec.ToContent(new ExecuteReply("aborted", _ctx.ExecutionCount)));
        _publisher.Status("idle", msg);
    }

    private async Task ControlLoopAsync()
    {
        await foreach (var frames in _control.Incoming.ReadAllAsync())
            if (Decode(frames, "control") is { } msg) await HandleAsync(msg, _control);
    }

    private async Task StdinLoopAsync()
    {
        await foreach (var frames in _stdin.Incoming.ReadAllAsync())
            if (Decode(frames, "stdin") is { MsgType: MessageTypes.InputReply } msg) _ctx.Stdin.OnReply(msg);
    }

    private JupyterMessage? Decode(List<byte[]> frames, string channel)
    {
        try { return _codec.Decode(frames); }
        catch (SignatureException e) { _options.Log.WriteLine($"[kernel] {channel}: dropped a message: {e.Message}"); }
        catch (FormatException e) { _options.Log.WriteLine($"[kernel] {channel}: dropped a malformed message: {e.Message}"); }
        return null;
    }

    private async Task HandleAsync(JupyterMessage msg, RouterSocket socket)
    {
        if (!_handlers.TryGetValue(msg.MsgType, out var handler))
        {
            _options.Log.WriteLine($"[kernel] ignoring unsupported message type '{msg.MsgType}'");
            return;
        }
        _publisher.Status("busy", msg);
        try { await handler.HandleAsync(_ctx, msg, socket); }
        catch (Exception e) { _options.Log.WriteLine($"[kernel] {msg.MsgType} failed: {e}"); }
        finally { _publisher.Status("idle", msg); }
    }

    /// <summary>Stops a running cell, flushes iopub and closes every channel.</summary>
    public async ValueTask DisposeAsync()
    {
        _ctx.Interrupt();
        await _publisher.DisposeAsync();
        foreach (var s in new ZmtpServerSocket[] { _shell, _control, _stdin, _iopub, _heartbeat }) await s.DisposeAsync();
        _shellQueue.Writer.TryComplete();
        try { await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (TimeoutException) { _options.Log.WriteLine("[kernel] a request was still running at shutdown"); }
    }
}
