using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Jupyter.Handlers;

/// <summary>Answers one request type; the reply goes back on the socket the request came from.</summary>
internal interface IRequestHandler
{
    /// <summary>The msg_type handled.</summary>
    string MsgType { get; }

    /// <summary>Handles <paramref name="request"/>; status busy/idle around it are published by the caller.</summary>
    Task HandleAsync(KernelContext ctx, JupyterMessage request, RouterSocket replyTo);
}
