namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>stream content (iopub): name is "stdout" or "stderr".</summary>
public sealed record StreamContent(string Name, string Text);
