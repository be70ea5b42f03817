using System.Text.Json.Nodes;

namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>execute_result content (iopub): the value of the cell's trailing expression.</summary>
public sealed record ExecuteResultContent(int ExecutionCount, JsonObject Data, JsonObject Metadata);
