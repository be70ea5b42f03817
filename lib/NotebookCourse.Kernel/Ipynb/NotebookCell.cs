using System.Text.Json.Nodes;

namespace NotebookCourse.Kernel.Ipynb;

/// <summary>
/// One notebook cell. Multi-line strings (source, stream text, text outputs) are held joined; the writer splits
/// them into Jupyter's list-of-lines form. Keys this model does not know (attachments, …) survive in <see cref="Extra"/>.
/// </summary>
public sealed class NotebookCell
{
    /// <summary>"code", "markdown" or "raw".</summary>
    public string CellType { get; set; } = "code";

    /// <summary>The nbformat 4.5 cell id (letters, digits, '-', '_').</summary>
    public string? Id { get; set; }

    /// <summary>The cell's text.</summary>
    public string Source { get; set; } = "";

    /// <summary>Cell metadata, kept as read (tags live in metadata.tags).</summary>
    public JsonObject Metadata { get; set; } = new();

    /// <summary>Jupyter's In [n] of a code cell; null when not executed.</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>Outputs of a code cell, as Jupyter output objects with multi-line strings joined.</summary>
    public List<JsonObject> Outputs { get; } = [];

    /// <summary>Keys of the cell object this model does not interpret, written back unchanged.</summary>
    public JsonObject Extra { get; } = new();

    /// <summary>True for code cells.</summary>
    public bool IsCode => CellType == "code";

    /// <summary>The cell's tags (metadata.tags).</summary>
    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray tags ? tags.Select(t => t?.GetValue<string>() ?? "").ToList() : [];

    /// <summary>Whether metadata.tags contains <paramref name="tag"/>.</summary>
    public bool HasTag(string tag) => Tags.Contains(tag);

    /// <summary>A code cell with the given source and tags.</summary>
    public static NotebookCell Code(string source, params string[] tags)
    {
        var cell = new NotebookCell { CellType = "code", Source = source };
        if (tags.Length > 0) cell.Metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode)t!).ToArray());
        return cell;
    }

    /// <summary>A markdown cell.</summary>
    public static NotebookCell Markdown(string source) => new() { CellType = "markdown", Source = source };
}
