using System.Text;
using System.Text.Json.Nodes;
using NotebookCourse.Kernel.Jupyter;
using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>A minimal Jupyter frontend over the managed test ZMTP client: signs requests, collects iopub.</summary>
internal sealed class JupyterTestClient : IAsyncDisposable
{
    private readonly WireCodec _codec;
    private readonly string _session = Guid.NewGuid().ToString();
    public ZmtpTestClient Shell { get; private init; } = null!;
    public ZmtpTestClient Control { get; private init; } = null!;
    public ZmtpTestClient Stdin { get; private init; } = null!;
    public ZmtpTestClient Iopub { get; private init; } = null!;
    public ZmtpTestClient Heartbeat { get; private init; } = null!;

    private JupyterTestClient(string key) => _codec = new WireCodec(new MessageSigner(key));

    public static async Task<JupyterTestClient> ConnectAsync(KernelHost host)
    {
        var c = host.Connection;
        var identity = Encoding.ASCII.GetBytes("frontend-" + Guid.NewGuid().ToString("N")[..8]);
        var client = new JupyterTestClient(c.Key)
        {
            Shell = await ZmtpTestClient.ConnectAsync(c.ShellPort, ZmtpSocketType.Dealer, identity),
            Control = await ZmtpTestClient.ConnectAsync(c.ControlPort, ZmtpSocketType.Dealer),
            Stdin = await ZmtpTestClient.ConnectAsync(c.StdinPort, ZmtpSocketType.Dealer, identity),
            Iopub = await ZmtpTestClient.ConnectAsync(c.IopubPort, ZmtpSocketType.Sub),
            Heartbeat = await ZmtpTestClient.ConnectAsync(c.HbPort, ZmtpSocketType.Req),
        };
        await client.Iopub.SendAsync([0x01]);
        // Wait until the subscription is live: poll kernel_info until its busy status shows up on iopub.
        for (int attempt = 0; ; attempt++)
        {
            var id = await client.SendAsync(client.Shell, MessageTypes.KernelInfoRequest, new JsonObject());
            await client.ReplyAsync(client.Shell);
            var seen = await client.Iopub.TryReceiveAsync(300);
            if (seen is not null)
            {
                await client.DrainIopubAsync(100);
                return client;
            }
            if (attempt > 30) throw new TimeoutException("iopub subscription never became active");
        }
    }

    public async Task<string> SendAsync(ZmtpTestClient channel, string msgType, JsonObject content, string? signWithKey = null)
    {
        var codec = signWithKey is null ? _codec : new WireCodec(new MessageSigner(signWithKey));
        var header = MessageHeader.Create(msgType, _session) with { Username = "test" };
        await channel.Connection.SendAsync(codec.Encode([], header, null, null, content));
        return header.MsgId;
    }

    public async Task<JupyterMessage> ReplyAsync(ZmtpTestClient channel, int ms = 10000) => _codec.Decode(await channel.ReceiveAsync(ms));

    /// <summary>iopub messages whose parent is <paramref name="msgId"/>, up to and including its idle status.</summary>
    public async Task<List<JupyterMessage>> IopubUntilIdleAsync(string msgId, int ms = 10000)
    {
        var list = new List<JupyterMessage>();
        while (true)
        {
            var m = _codec.Decode(await Iopub.ReceiveAsync(ms));
            if (m.ParentHeader["msg_id"]?.GetValue<string>() != msgId) continue;
            list.Add(m);
            if (m.MsgType == MessageTypes.Status && m.Str("execution_state") == "idle") return list;
        }
    }

    public async Task DrainIopubAsync(int ms)
    {
        while (await Iopub.TryReceiveAsync(ms) is not null) { }
    }

    public static JsonObject Execute(string code, bool silent = false, bool storeHistory = true, bool allowStdin = true, bool stopOnError = true) => new()
    {
        ["code"] = code, ["silent"] = silent, ["store_history"] = storeHistory, ["user_expressions"] = new JsonObject(),
        ["allow_stdin"] = allowStdin, ["stop_on_error"] = stopOnError,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var c in new[] { Shell, Control, Stdin, Iopub, Heartbeat }) await c.DisposeAsync();
    }
}
