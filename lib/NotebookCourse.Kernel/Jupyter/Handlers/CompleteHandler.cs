using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Jupyter.Handlers;

/// <summary>complete_request: backend completions, cursor positions converted between code points and UTF-16.</summary>
internal sealed class CompleteHandler : IRequestHandler
{
    public string MsgType => MessageTypes.CompleteRequest;

    public Task HandleAsync(KernelContext ctx, JupyterMessage request, RouterSocket replyTo)
    {
        var code = request.Str("code");
        int cursor = CodePoints.ToUtf16(code, request.Int("cursor_pos", int.MaxValue));
        var r = ctx.Backend.Complete(code, cursor);
        var reply = new CompleteReply(r.Matches, CodePoints.FromUtf16(code, r.Start), CodePoints.FromUtf16(code, r.End), new(), "ok");
        return ctx.ReplyAsync(replyTo, request, MessageTypes.CompleteReply, WireCodec.ToContent(reply));
    }
}
