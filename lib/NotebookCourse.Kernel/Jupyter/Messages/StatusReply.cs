namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>Content of replies that carry only a status (interrupt_reply).</summary>
public sealed record StatusReply(string Status);
