namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>comm_info_reply content: this kernel opens no comms, so the map is always empty.</summary>
public sealed record CommInfoReply(string Status, Dictionary<string, object> Comms);
