using System.Text.Json.Nodes;

namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>display_data / update_display_data content (iopub); transient carries display_id.</summary>
public sealed record DisplayDataContent(JsonObject Data, JsonObject Metadata, JsonObject Transient);
