namespace NotebookCourse.Kernel.Ipynb;

/// <summary>A notebook file that cannot be read: names the file and what is wrong with it.</summary>
public sealed class NotebookFormatException(string file, string problem, Exception? inner = null)
    : Exception($"{file}: {problem}", inner)
{
    /// <summary>The notebook's path (or name) as given.</summary>
    public string File { get; } = file;

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; } = problem;
}
