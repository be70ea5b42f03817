namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>history_reply content: history is not stored, so the list is always empty.</summary>
public sealed record HistoryReply(string Status, object[] History);
