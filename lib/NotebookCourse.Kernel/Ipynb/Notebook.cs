using System.Text.Json.Nodes;

namespace NotebookCourse.Kernel.Ipynb;

/// <summary>An nbformat 4 notebook in memory; read and write it with <see cref="NotebookFile"/>.</summary>
public sealed class Notebook
{
    /// <summary>Major format version (always 4).</summary>
    public int NbFormat { get; set; } = 4;

    /// <summary>Minor format version; written as at least 5 (cell ids).</summary>
    public int NbFormatMinor { get; set; } = 5;

    /// <summary>Notebook metadata (kernelspec, language_info, anything else), kept as read.</summary>
    public JsonObject Metadata { get; set; } = new();

    /// <summary>The cells in order.</summary>
    public List<NotebookCell> Cells { get; } = [];

    /// <summary>Keys of the top-level object this model does not interpret, written back unchanged.</summary>
    public JsonObject Extra { get; } = new();

    /// <summary>The kernel name every course notebook declares.</summary>
    public const string KernelName = "notebookcourse";

    /// <summary>An empty notebook carrying the course kernelspec and language_info.</summary>
    public static Notebook CreateCourseNotebook()
    {
        var nb = new Notebook();
        nb.Metadata["kernelspec"] = new JsonObject
        {
            ["display_name"] = "C# (NotebookCourse)",
            ["language"] = "C#",
            ["name"] = KernelName,
        };
        nb.Metadata["language_info"] = new JsonObject { ["file_extension"] = ".cs", ["name"] = "C#" };
        return nb;
    }
}
