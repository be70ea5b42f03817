using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Jupyter.Handlers;

/// <summary>is_complete_request: lets console frontends decide between running and a continuation line.</summary>
internal sealed class IsCompleteHandler : IRequestHandler
{
    public string MsgType => MessageTypes.IsCompleteRequest;

    public Task HandleAsync(KernelContext ctx, JupyterMessage request, RouterSocket replyTo)
    {
        var r = ctx.Backend.IsComplete(request.Str("code"));
        var reply = new IsCompleteReply(r.Status) { Indent = r.Status == "incomplete" ? r.Indent : null };
        return ctx.ReplyAsync(replyTo, request, MessageTypes.IsCompleteReply, WireCodec.ToContent(reply));
    }
}
