namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>error content (iopub).</summary>
public sealed record ErrorContent(string Ename, string Evalue, IReadOnlyList<string> Traceback);
