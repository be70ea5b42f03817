using System.Text.Json.Nodes;

namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>inspect_reply content: a MIME bundle describing the symbol under the cursor.</summary>
public sealed record InspectReply(string Status, bool Found, JsonObject Data, JsonObject Metadata);
