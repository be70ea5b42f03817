using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Jupyter.Handlers;

/// <summary>history_request: history is not kept, so the answer is an empty list.</summary>
internal sealed class HistoryHandler : IRequestHandler
{
    public string MsgType => MessageTypes.HistoryRequest;

    public Task HandleAsync(KernelContext ctx, JupyterMessage request, RouterSocket replyTo) =>
        ctx.ReplyAsync(replyTo, request, MessageTypes.HistoryReply, WireCodec.ToContent(new HistoryReply("ok", [])));
}
