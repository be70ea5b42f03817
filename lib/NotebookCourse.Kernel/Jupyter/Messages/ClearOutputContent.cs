namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>clear_output content (iopub).</summary>
public sealed record ClearOutputContent(bool Wait);
