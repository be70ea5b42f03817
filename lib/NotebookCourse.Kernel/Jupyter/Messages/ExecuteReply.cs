using System.Text.Json.Serialization;

namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>execute_reply content; error fields are present only when status is "error".</summary>
public sealed record ExecuteReply(string Status, int ExecutionCount)
{
    /// <summary>Exception type name (status "error").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Ename { get; init; }
    /// <summary>Exception message (status "error").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Evalue { get; init; }
    /// <summary>Traceback lines (status "error").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Traceback { get; init; }
    /// <summary>Always empty: the kernel sends no payloads.</summary>
    public object[] Payload { get; init; } = [];
    /// <summary>Always empty: user_expressions are not evaluated.</summary>
    public Dictionary<string, object> UserExpressions { get; init; } = new();
}
