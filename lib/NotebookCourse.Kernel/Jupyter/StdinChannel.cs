using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Jupyter;

/// <summary>input_request / input_reply on the stdin channel: one pending question at a time.</summary>
internal sealed class StdinChannel(RouterSocket socket, WireCodec codec, string session)
{
    private TaskCompletionSource<string>? _pending;

    /// <summary>Asks the frontend that sent <paramref name="request"/> for a line and waits for its answer.</summary>
    public async Task<string> ReadLineAsync(JupyterMessage request, string prompt, bool password, CancellationToken ct)
    {
        var tcs = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _pending, tcs, null) is not null)
            throw new InvalidOperationException("Console.ReadLine: another input request is already waiting for the frontend");
        try
        {
            var frames = codec.Encode(request.Identities, MessageHeader.Create(MessageTypes.InputRequest, session),
                request.Header.ToJson(), null, WireCodec.ToContent(new InputRequest(prompt, password)));
            if (!await socket.SendAsync(frames))
                throw new InvalidOperationException("Console.ReadLine: the frontend has no stdin channel connected; input is not possible here");
            return await tcs.Task.WaitAsync(ct);
        }
        finally { Interlocked.Exchange(ref _pending, null); }
    }

    /// <summary>Delivers an input_reply to the waiting request (ignored when none waits).</summary>
    public void OnReply(JupyterMessage reply) => Volatile.Read(ref _pending)?.TrySetResult(reply.Str("value"));
}
