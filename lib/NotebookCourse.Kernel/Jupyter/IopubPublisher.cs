using System.Text.Json.Nodes;
using System.Threading.Channels;
using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Jupyter;

/// <summary>
/// Serializes every iopub message through one queue so that busy → input → outputs → idle keep their order,
/// and so that running code enqueues outputs without ever waiting on the network.
/// </summary>
internal sealed class IopubPublisher : IAsyncDisposable
{
    private readonly PubSocket _socket;
    private readonly WireCodec _codec;
    private readonly string _session;
    private readonly Channel<List<byte[]>> _queue = Channel.CreateUnbounded<List<byte[]>>(new() { SingleReader = true });
    private readonly Task _drain;

    public IopubPublisher(PubSocket socket, WireCodec codec, string session)
    {
        _socket = socket;
        _codec = codec;
        _session = session;
        _drain = Task.Run(DrainAsync);
    }

    /// <summary>Queues one message; <paramref name="parent"/> is the request it belongs to (null: none).</summary>
    public void Publish(string msgType, JsonNode content, JupyterMessage? parent)
    {
        var header = MessageHeader.Create(msgType, _session);
        var topic = System.Text.Encoding.UTF8.GetBytes($"kernel.{_session}.{msgType}");
        _queue.Writer.TryWrite(_codec.Encode([topic], header, parent?.Header.ToJson(), null, content));
    }

    /// <summary>Publishes a status message.</summary>
    public void Status(string state, JupyterMessage? parent) => Publish(MessageTypes.Status, WireCodec.ToContent(new StatusContent(state)), parent);

    private async Task DrainAsync()
    {
        await foreach (var frames in _queue.Reader.ReadAllAsync())
            await _socket.PublishAsync(frames);
    }

    /// <summary>Sends what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _drain;
    }
}
