using System.Text.Json.Nodes;
using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Jupyter;

/// <summary>What request handlers share: the backend, the channels, the execution count and the running cell.</summary>
internal sealed class KernelContext(IKernelBackend backend, WireCodec codec, IopubPublisher iopub, StdinChannel stdin,
    KernelHostOptions options, string session)
{
    private CancellationTokenSource? _running;
    private readonly TaskCompletionSource<bool> _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IKernelBackend Backend => backend;
    public IopubPublisher Iopub => iopub;
    public StdinChannel Stdin => stdin;
    public KernelHostOptions Options => options;

    /// <summary>Count of the last cell run with store_history.</summary>
    public int ExecutionCount;

    /// <summary>Number of queued shell messages to abort after an error with stop_on_error.</summary>
    public int AbortRemaining;

    /// <summary>Completes with the restart flag when a shutdown_request was answered.</summary>
    public Task<bool> ShutdownRequested => _shutdown.Task;

    public void RequestShutdown(bool restart) => _shutdown.TrySetResult(restart);

    private int _warmUpStarted;

    /// <summary>
    /// Starts the backend's warm-up once, in the background. Called after the first kernel_info_reply has been sent,
    /// so the frontend sees the kernel ready without waiting for the compiler to start.
    /// </summary>
    public void StartWarmUpOnce()
    {
        if (Interlocked.Exchange(ref _warmUpStarted, 1) != 0) return;
        _ = Task.Run(async () =>
        {
            try { await backend.WarmUpAsync(); }
            catch (Exception e) { options.Log.WriteLine($"[kernel] warm-up failed (the first cell will start the compiler): {e.Message}"); }
        });
    }

    /// <summary>Sends a reply to <paramref name="request"/> back to the peer that sent it.</summary>
    public Task ReplyAsync(RouterSocket socket, JupyterMessage request, string msgType, JsonNode content) =>
        socket.SendAsync(codec.Encode(request.Identities, MessageHeader.Create(msgType, session), request.Header.ToJson(), null, content));

    /// <summary>Marks a cell as running; dispose the result when it ends.</summary>
    public CancellationTokenSource BeginExecution()
    {
        var cts = new CancellationTokenSource();
        Volatile.Write(ref _running, cts);
        return cts;
    }

    public void EndExecution(CancellationTokenSource cts) => Interlocked.CompareExchange(ref _running, null, cts);

    /// <summary>Interrupts the running cell, if any.</summary>
    public void Interrupt()
    {
        try { Volatile.Read(ref _running)?.Cancel(); } catch (ObjectDisposedException) { }
        try { backend.Interrupt(); }
        catch (Exception e) { options.Log.WriteLine($"[kernel] backend interrupt failed: {e.Message}"); }
    }
}
