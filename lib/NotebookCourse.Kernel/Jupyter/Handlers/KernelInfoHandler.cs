using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Jupyter.Handlers;

/// <summary>kernel_info_request (shell and control): who we are and which language we run.</summary>
internal sealed class KernelInfoHandler : IRequestHandler
{
    public string MsgType => MessageTypes.KernelInfoRequest;

    public async Task HandleAsync(KernelContext ctx, JupyterMessage request, RouterSocket replyTo)
    {
        var version = typeof(KernelInfoHandler).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";
        var reply = new KernelInfoReply("ok", MessageHeader.ProtocolVersion, "notebookcourse", version,
            new LanguageInfo("C#", ctx.Backend.LanguageVersion, "text/x-csharp", ".cs", "csharp", "text/x-csharp"),
            $"C# (NotebookCourse) kernel {version} on .NET {Environment.Version}", false,
            [new HelpLink("C# documentation", "https://learn.microsoft.com/dotnet/csharp/")]);
        await ctx.ReplyAsync(replyTo, request, MessageTypes.KernelInfoReply, WireCodec.ToContent(reply));
        ctx.StartWarmUpOnce();
    }
}
