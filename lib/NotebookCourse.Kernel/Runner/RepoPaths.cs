namespace NotebookCourse.Kernel.Runner;

/// <summary>Finds the repository (the folder holding NotebookCourse.sln) and the notebooks to run.</summary>
public static class RepoPaths
{
    /// <summary>The solution file that marks the repository root.</summary>
    public const string SolutionFile = "NotebookCourse.sln";

    /// <summary>Walks up from <paramref name="start"/> (default: current directory) to the repository root, or null.</summary>
    public static string? FindRoot(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        return null;
    }

    /// <summary>
    /// Expands files and folders into notebook paths: a folder gives its *.ipynb in name order (ordinal, so
    /// "00-…" runs before "01-…"). Throws <see cref="ArgumentException"/> for a path that does not exist.
    /// </summary>
    public static IReadOnlyList<string> ExpandNotebooks(IEnumerable<string> paths)
    {
        var result = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
                result.AddRange(Directory.GetFiles(p, "*.ipynb").Order(StringComparer.Ordinal));
            else if (File.Exists(p))
                result.Add(p);
            else
                throw new ArgumentException($"run: '{p}' is neither a notebook nor a folder (looked from {Directory.GetCurrentDirectory()})");
        }
        return result;
    }
}
