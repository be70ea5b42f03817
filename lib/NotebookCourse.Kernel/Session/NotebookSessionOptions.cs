namespace NotebookCourse.Kernel.Session;

/// <summary>Settings of a <see cref="NotebookSession"/>.</summary>
public sealed record NotebookSessionOptions
{
    /// <summary>Folder that <c>#r</c> and <c>#load</c> paths are relative to (the notebook's folder).</summary>
    public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Longest time one cell may run before it is cancelled and reported as timed out.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>How long a cancelled cell gets to stop cooperatively before the session gives up waiting for it.</summary>
    public TimeSpan CancelGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Namespaces imported in every cell besides the course ones the first cell adds.</summary>
    public IReadOnlyList<string> Imports { get; init; } =
    [
        "System", "System.IO", "System.Linq", "System.Text", "System.Collections.Generic", "System.Threading",
        "System.Threading.Tasks",
    ];
}
