namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>shutdown_reply content: echoes whether a restart was requested.</summary>
public sealed record ShutdownReply(string Status, bool Restart);
