namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>complete_reply content; cursor positions are in Unicode code points as the protocol requires.</summary>
public sealed record CompleteReply(IReadOnlyList<string> Matches, int CursorStart, int CursorEnd, Dictionary<string, object> Metadata, string Status);
