using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Jupyter.Handlers;

/// <summary>shutdown_request: stops a running cell, replies (also on iopub, as 5.x asks) and ends the kernel;
/// on restart the frontend's kernel manager starts a fresh process.</summary>
internal sealed class ShutdownHandler : IRequestHandler
{
    public string MsgType => MessageTypes.ShutdownRequest;

    public async Task HandleAsync(KernelContext ctx, JupyterMessage request, RouterSocket replyTo)
    {
        bool restart = request.Bool("restart", false);
        ctx.Interrupt();
        var content = WireCodec.ToContent(new ShutdownReply("ok", restart));
        await ctx.ReplyAsync(replyTo, request, MessageTypes.ShutdownReply, content);
        ctx.Iopub.Publish(MessageTypes.ShutdownReply, content.DeepClone(), request);
        ctx.RequestShutdown(restart);
    }
}
