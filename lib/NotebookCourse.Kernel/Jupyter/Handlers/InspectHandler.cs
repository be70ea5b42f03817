using System.Text.Json.Nodes;
using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Jupyter.Handlers;

/// <summary>inspect_request: documentation of the symbol under the cursor (hover, Shift+Tab).</summary>
internal sealed class InspectHandler : IRequestHandler
{
    public string MsgType => MessageTypes.InspectRequest;

    public Task HandleAsync(KernelContext ctx, JupyterMessage request, RouterSocket replyTo)
    {
        var code = request.Str("code");
        var bundle = ctx.Backend.Inspect(code, CodePoints.ToUtf16(code, request.Int("cursor_pos", int.MaxValue)), request.Int("detail_level", 0));
        var data = new JsonObject();
        if (bundle is not null)
            foreach (var (mime, content) in bundle.Data)
                data[mime] = content is JsonNode n ? n.DeepClone() : content.ToString();
        var reply = new InspectReply("ok", bundle is not null, data, new JsonObject());
        return ctx.ReplyAsync(replyTo, request, MessageTypes.InspectReply, WireCodec.ToContent(reply));
    }
}
