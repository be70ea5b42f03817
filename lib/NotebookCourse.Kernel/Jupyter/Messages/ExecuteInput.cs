namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>execute_input content (iopub): the code being run and its count.</summary>
public sealed record ExecuteInput(string Code, int ExecutionCount);
