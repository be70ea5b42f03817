using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Jupyter.Handlers;

/// <summary>interrupt_request (interrupt_mode "message"; accepted on control and shell): cancels the running cell.</summary>
internal sealed class InterruptHandler : IRequestHandler
{
    public string MsgType => MessageTypes.InterruptRequest;

    public Task HandleAsync(KernelContext ctx, JupyterMessage request, RouterSocket replyTo)
    {
        ctx.Interrupt();
        return ctx.ReplyAsync(replyTo, request, MessageTypes.InterruptReply, WireCodec.ToContent(new StatusReply("ok")));
    }
}
