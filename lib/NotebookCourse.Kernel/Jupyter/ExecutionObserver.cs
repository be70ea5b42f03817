using System.Text.Json.Nodes;
using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Jupyter;

/// <summary>Turns one cell's outputs into iopub messages, cutting oversized output with a note.</summary>
internal sealed class ExecutionObserver(KernelContext ctx, JupyterMessage request, int executionCount, bool silent, bool allowStdin)
    : IExecutionObserver
{
    private readonly Lock _streamLock = new(); // cells may write from several threads at once
    private long _streamChars;
    private bool _truncated;

    public int ExecutionCount => executionCount;

    public void Stream(string name, string text)
    {
        if (silent || text.Length == 0) return;
        lock (_streamLock)
        {
            if (_truncated) return;
            long limit = ctx.Options.MaxOutputChars;
            if (_streamChars + text.Length > limit)
            {
                text = text[..(int)Math.Max(0, limit - _streamChars)] +
                    $"\n[output truncated: this cell wrote more than {limit:N0} characters; write large results to a file instead]\n";
                _truncated = true;
            }
            _streamChars += text.Length;
            // Published under the lock so the truncation note is the last stream message of the cell.
            ctx.Iopub.Publish(MessageTypes.Stream, WireCodec.ToContent(new Messages.StreamContent(name == "stderr" ? "stderr" : "stdout", text)), request);
        }
    }

    public void Display(MimeBundle bundle, string? displayId = null) => PublishDisplay(MessageTypes.DisplayData, bundle, displayId);

    public void UpdateDisplay(MimeBundle bundle, string displayId) => PublishDisplay(MessageTypes.UpdateDisplayData, bundle, displayId);

    public void Result(MimeBundle bundle)
    {
        if (silent) return;
        ctx.Iopub.Publish(MessageTypes.ExecuteResult, WireCodec.ToContent(new ExecuteResultContent(executionCount, Data(bundle), Meta(bundle))), request);
    }

    public void ClearOutput(bool wait)
    {
        if (!silent) ctx.Iopub.Publish(MessageTypes.ClearOutput, WireCodec.ToContent(new ClearOutputContent(wait)), request);
    }

    public string ReadLine(string prompt, bool password, CancellationToken ct)
    {
        if (!allowStdin)
            throw new InvalidOperationException("Console.ReadLine: this frontend does not accept input (allow_stdin is false); set the value in code instead");
        return ctx.Stdin.ReadLineAsync(request, prompt, password, ct).GetAwaiter().GetResult();
    }

    private void PublishDisplay(string type, MimeBundle bundle, string? displayId)
    {
        if (silent) return;
        var transient = new JsonObject();
        if (displayId is not null) transient["display_id"] = displayId;
        ctx.Iopub.Publish(type, WireCodec.ToContent(new DisplayDataContent(Data(bundle), Meta(bundle), transient)), request);
    }

    private JsonObject Data(MimeBundle bundle)
    {
        var data = new JsonObject();
        int limit = ctx.Options.MaxOutputChars;
        foreach (var (mime, content) in bundle.Data)
            data[mime] = content switch
            {
                string s when s.Length > limit && mime.StartsWith("text/", StringComparison.Ordinal) =>
                    s[..limit] + $"\n[output truncated: {s.Length - limit:N0} more characters]",
                string s => s,
                JsonNode n => n.DeepClone(),
                _ => content.ToString(),
            };
        if (!data.ContainsKey("text/plain")) data["text/plain"] = "";
        return data;
    }

    private static JsonObject Meta(MimeBundle bundle) => (JsonObject)bundle.Metadata.DeepClone();
}
