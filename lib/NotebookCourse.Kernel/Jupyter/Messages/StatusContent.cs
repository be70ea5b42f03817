namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>status content (iopub): "starting", "busy" or "idle".</summary>
public sealed record StatusContent(string ExecutionState);
