using System.Text.Json.Nodes;
using NotebookCourse.Kernel.Jupyter;
using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>The kernel host end to end over real sockets with the fake backend and the managed test frontend.</summary>
public class KernelHostTests : IAsyncLifetime
{
    private readonly FakeBackend _backend = new();
    private readonly StringWriter _log = new();
    private KernelHost _host = null!;
    private JupyterTestClient _client = null!;

    public async Task InitializeAsync()
    {
        var info = new ConnectionInfo { Key = Guid.NewGuid().ToString() };
        _host = KernelHost.Start(info, _backend, new KernelHostOptions
        {
            Zmtp = new ZmtpOptions { Log = TextWriter.Synchronized(_log) }, MaxOutputChars = 1000,
        });
        _client = await JupyterTestClient.ConnectAsync(_host);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _host.DisposeAsync();
    }

    private async Task<(JupyterMessage Reply, List<JupyterMessage> Iopub)> ExecuteAsync(string code, bool silent = false, bool storeHistory = true, bool allowStdin = true)
    {
        var id = await _client.SendAsync(_client.Shell, MessageTypes.ExecuteRequest, JupyterTestClient.Execute(code, silent, storeHistory, allowStdin));
        var reply = await _client.ReplyAsync(_client.Shell);
        Assert.Equal(id, reply.ParentHeader["msg_id"]!.GetValue<string>());
        return (reply, await _client.IopubUntilIdleAsync(id));
    }

    [Fact]
    public async Task Kernel_info_is_answered_on_shell_and_control()
    {
        foreach (var channel in new[] { _client.Shell, _client.Control })
        {
            await _client.SendAsync(channel, MessageTypes.KernelInfoRequest, new JsonObject());
            var reply = await _client.ReplyAsync(channel);
            Assert.Equal(MessageTypes.KernelInfoReply, reply.MsgType);
            Assert.Equal("5.3", reply.Str("protocol_version"));
            Assert.Equal("notebookcourse", reply.Str("implementation"));
            var li = reply.Content["language_info"]!;
            Assert.Equal(("C#", "text/x-csharp", ".cs", "csharp", "text/x-csharp", "14.0"),
                ((string)li["name"]!, (string)li["mimetype"]!, (string)li["file_extension"]!, (string)li["pygments_lexer"]!,
                 (string)li["codemirror_mode"]!, (string)li["version"]!));
        }
    }

    [Fact]
    public async Task Execute_publishes_busy_input_outputs_idle_and_counts()
    {
        var (reply, iopub) = await ExecuteAsync("print hello\nresult 42\ndisplay d1 fig\nupdate d1 fig2");
        Assert.Equal("ok", reply.Str("status"));
        Assert.Equal(1, reply.Int("execution_count", -1));
        Assert.Equal(["status", "execute_input", "stream", "execute_result", "display_data", "update_display_data", "status"], iopub.Select(m => m.MsgType));
        Assert.Equal("busy", iopub[0].Str("execution_state"));
        Assert.Equal("hello\n", iopub[2].Str("text"));
        Assert.Equal("42", (string)iopub[3].Content["data"]!["text/plain"]!);
        Assert.Equal(1, iopub[3].Int("execution_count", -1));
        Assert.Equal("d1", (string)iopub[4].Content["transient"]!["display_id"]!);
        Assert.Equal("<b>fig</b>", (string)iopub[4].Content["data"]!["text/html"]!);
        Assert.Equal("fig2", (string)iopub[5].Content["data"]!["text/plain"]!);

        Assert.Equal(2, (await ExecuteAsync("print again")).Reply.Int("execution_count", -1));
        var silent = await ExecuteAsync("print quiet", silent: true);
        Assert.Equal(2, silent.Reply.Int("execution_count", -1));
        Assert.Equal(["status", "status"], silent.Iopub.Select(m => m.MsgType));
        Assert.Equal(2, (await ExecuteAsync("print x", storeHistory: false)).Reply.Int("execution_count", -1));
        Assert.Equal(3, (await ExecuteAsync("print y")).Reply.Int("execution_count", -1));
    }

    [Fact]
    public async Task Errors_become_error_output_and_reply_and_the_kernel_survives()
    {
        var (reply, iopub) = await ExecuteAsync("fail bad thing");
        Assert.Equal("error", reply.Str("status"));
        Assert.Equal("InvalidOperationException", reply.Str("ename"));
        Assert.Equal("bad thing", reply.Str("evalue"));
        var error = Assert.Single(iopub, m => m.MsgType == MessageTypes.Error);
        Assert.Equal("cell line 1: bad thing", (string)error.Content["traceback"]![0]!);

        var crashed = await ExecuteAsync("throw");
        Assert.Equal("error", crashed.Reply.Str("status"));
        Assert.Contains("backend bug", crashed.Reply.Str("evalue"));
        Assert.Equal("ok", (await ExecuteAsync("print still alive")).Reply.Str("status"));
    }

    [Fact]
    public async Task Queued_cells_after_an_error_are_aborted()
    {
        await _client.SendAsync(_client.Shell, MessageTypes.ExecuteRequest, JupyterTestClient.Execute("loop"));
        await _client.SendAsync(_client.Shell, MessageTypes.ExecuteRequest, JupyterTestClient.Execute("print queued"));
        await ZmtpSocketTests.WaitForAsync(() => _backend.Executed.Contains("loop"));
        await _client.SendAsync(_client.Control, MessageTypes.InterruptRequest, new JsonObject());
        Assert.Equal(MessageTypes.InterruptReply, (await _client.ReplyAsync(_client.Control)).MsgType);
        Assert.Equal("error", (await _client.ReplyAsync(_client.Shell)).Str("status"));
        Assert.Equal("aborted", (await _client.ReplyAsync(_client.Shell)).Str("status"));
        Assert.DoesNotContain("print queued", _backend.Executed);
        Assert.Equal("ok", (await ExecuteAsync("print next")).Reply.Str("status"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Interrupt_and_heartbeat_stay_responsive_during_a_long_cell(bool onControl)
    {
        var id = await _client.SendAsync(_client.Shell, MessageTypes.ExecuteRequest, JupyterTestClient.Execute("loop"));
        await ZmtpSocketTests.WaitForAsync(() => _backend.Executed.Contains("loop"));

        await _client.Heartbeat.SendAsync([], "beat"u8.ToArray());
        Assert.Equal("beat"u8.ToArray(), (await _client.Heartbeat.ReceiveAsync())[1]);
        await _client.SendAsync(_client.Control, MessageTypes.KernelInfoRequest, new JsonObject());
        Assert.Equal(MessageTypes.KernelInfoReply, (await _client.ReplyAsync(_client.Control)).MsgType);

        var channel = onControl ? _client.Control : _client.Shell;
        await _client.SendAsync(channel, MessageTypes.InterruptRequest, new JsonObject());
        var first = await _client.ReplyAsync(channel);
        var interruptReply = first.MsgType == MessageTypes.InterruptReply ? first : await _client.ReplyAsync(channel);
        Assert.Equal("ok", interruptReply.Str("status"));
        var execReply = onControl ? await _client.ReplyAsync(_client.Shell) : first.MsgType == MessageTypes.ExecuteReply ? first : await _client.ReplyAsync(_client.Shell);
        Assert.Equal(MessageTypes.ExecuteReply, execReply.MsgType);
        Assert.Equal("error", execReply.Str("status"));
        Assert.Equal(1, _backend.Interrupts);
    }

    [Fact]
    public async Task Badly_signed_and_malformed_messages_are_dropped_not_executed()
    {
        await _client.SendAsync(_client.Shell, MessageTypes.ExecuteRequest, JupyterTestClient.Execute("print evil"), signWithKey: "wrong-key");
        await _client.Shell.SendAsync(WireCodec.Delimiter, "sig"u8.ToArray(), "{"u8.ToArray());
        await _client.SendAsync(_client.Shell, "frobnicate_request", new JsonObject());
        Assert.Equal("ok", (await ExecuteAsync("print good")).Reply.Str("status"));
        Assert.Equal(["print good"], _backend.Executed);
        var log = _log.ToString();
        Assert.Contains("bad HMAC signature", log);
        Assert.Contains("frobnicate_request", log);
    }

    [Fact]
    public async Task Input_request_goes_to_the_frontend_when_allowed()
    {
        var id = await _client.SendAsync(_client.Shell, MessageTypes.ExecuteRequest, JupyterTestClient.Execute("input Your name?"));
        var request = await _client.ReplyAsync(_client.Stdin);
        Assert.Equal(MessageTypes.InputRequest, request.MsgType);
        Assert.Equal("Your name?", request.Str("prompt"));
        await _client.SendAsync(_client.Stdin, MessageTypes.InputReply, new JsonObject { ["value"] = "Ada" });
        Assert.Equal("ok", (await _client.ReplyAsync(_client.Shell)).Str("status"));
        Assert.Contains(await _client.IopubUntilIdleAsync(id), m => m.Str("text") == "got: Ada\n");

        var refused = await ExecuteAsync("input again?", allowStdin: false);
        Assert.Equal("error", refused.Reply.Str("status"));
        Assert.Contains("allow_stdin is false", refused.Reply.Str("evalue"));
    }

    [Fact]
    public async Task Large_output_is_truncated_with_a_note()
    {
        var (_, iopub) = await ExecuteAsync("big 600\nbig 600\nbig 600");
        var text = string.Concat(iopub.Where(m => m.MsgType == MessageTypes.Stream).Select(m => m.Str("text")));
        Assert.Equal(1000, text.Count(c => c == 'x'));
        Assert.Contains("output truncated", text);
    }

    [Fact]
    public async Task Complete_inspect_and_is_complete_use_code_point_cursors()
    {
        // "😀" is one code point but two UTF-16 units: the reply must count it once.
        await _client.SendAsync(_client.Shell, MessageTypes.CompleteRequest, new JsonObject { ["code"] = "😀 Ma", ["cursor_pos"] = 4 });
        var complete = await _client.ReplyAsync(_client.Shell);
        Assert.Equal(["Math", "Mathematics"], complete.Content["matches"]!.AsArray().Select(n => (string)n!));
        Assert.Equal((2, 4), (complete.Int("cursor_start", -1), complete.Int("cursor_end", -1)));

        await _client.SendAsync(_client.Shell, MessageTypes.InspectRequest, new JsonObject { ["code"] = "Math.Abs", ["cursor_pos"] = 2, ["detail_level"] = 1 });
        var inspect = await _client.ReplyAsync(_client.Shell);
        Assert.True(inspect.Bool("found", false));
        Assert.Equal("class System.Math (detail 1)", (string)inspect.Content["data"]!["text/plain"]!);

        await _client.SendAsync(_client.Shell, MessageTypes.IsCompleteRequest, new JsonObject { ["code"] = "if (x) {" });
        var isComplete = await _client.ReplyAsync(_client.Shell);
        Assert.Equal(("incomplete", "    "), (isComplete.Str("status"), isComplete.Str("indent")));
    }

    [Fact]
    public async Task Comm_info_and_history_reply_empty()
    {
        await _client.SendAsync(_client.Shell, MessageTypes.CommInfoRequest, new JsonObject());
        Assert.Empty((await _client.ReplyAsync(_client.Shell)).Content["comms"]!.AsObject());
        await _client.SendAsync(_client.Shell, MessageTypes.HistoryRequest, new JsonObject { ["hist_access_type"] = "tail", ["n"] = 10 });
        Assert.Empty((await _client.ReplyAsync(_client.Shell)).Content["history"]!.AsArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Shutdown_replies_and_completes_the_host(bool restart)
    {
        await _client.SendAsync(_client.Control, MessageTypes.ShutdownRequest, new JsonObject { ["restart"] = restart });
        var reply = await _client.ReplyAsync(_client.Control);
        Assert.Equal(MessageTypes.ShutdownReply, reply.MsgType);
        Assert.Equal(restart, reply.Bool("restart", !restart));
        Assert.Equal(restart, await _host.Completion.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
