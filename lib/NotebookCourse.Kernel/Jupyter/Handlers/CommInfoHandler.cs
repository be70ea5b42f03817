using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Jupyter.Handlers;

/// <summary>comm_info_request: the kernel has no comms (widgets); an empty map keeps frontends happy.</summary>
internal sealed class CommInfoHandler : IRequestHandler
{
    public string MsgType => MessageTypes.CommInfoRequest;

    public Task HandleAsync(KernelContext ctx, JupyterMessage request, RouterSocket replyTo) =>
        ctx.ReplyAsync(replyTo, request, MessageTypes.CommInfoReply, WireCodec.ToContent(new CommInfoReply("ok", new())));
}
