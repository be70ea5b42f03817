using System.Text.Json.Serialization;

namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>is_complete_reply content: status complete/incomplete/invalid/unknown; indent only when incomplete.</summary>
public sealed record IsCompleteReply(string Status)
{
    /// <summary>Suggested indent for the next line (status "incomplete").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Indent { get; init; }
}
