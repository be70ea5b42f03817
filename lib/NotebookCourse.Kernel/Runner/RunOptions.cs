namespace NotebookCourse.Kernel.Runner;

/// <summary>Settings of a headless notebook run.</summary>
public sealed record RunOptions
{
    /// <summary>Parameter overrides (papermill style), e.g. fast=true.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Folder the executed copies are written to; null writes none.</summary>
    public string? OutDirectory { get; init; }

    /// <summary>Longest time one cell may run.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>
    /// Keep executing after a failing cell so every cell gets its output (nbconvert's --allow-errors); the notebook
    /// still counts as failed, naming its first failing cell.
    /// </summary>
    public bool AllowErrors { get; init; }

    /// <summary>Where progress lines go (stderr in the CLI); null is silent.</summary>
    public TextWriter? Progress { get; init; }
}

/// <summary>The outcome of running one notebook.</summary>
/// <param name="Notebook">The notebook's path as given.</param>
/// <param name="Passed">True when every code cell succeeded.</param>
/// <param name="Seconds">Wall time of the whole notebook.</param>
/// <param name="FailedCell">Index (0-based, in the executed notebook's cell list) of the failing cell, if any.</param>
/// <param name="CellName">The failing cell's name in errors ("cell 7" = In [7]), if any.</param>
/// <param name="Error">"ename: evalue" of the failure, or the reason the notebook could not run.</param>
/// <param name="OutputPath">Where the executed copy was written, if it was.</param>
public sealed record NotebookRunResult(
    string Notebook, bool Passed, double Seconds, int? FailedCell = null, string? CellName = null,
    string? Error = null, string? OutputPath = null)
{
    /// <summary>One line naming notebook, cell and error, for summaries and test failures.</summary>
    public string Describe() => Passed
        ? $"{Path.GetFileName(Notebook)} passed in {Seconds:0.0} s"
        : CellName is null
            ? $"{Path.GetFileName(Notebook)} failed: {Error}"
            : $"{Path.GetFileName(Notebook)} failed at {CellName} (notebook cell {FailedCell + 1}): {Error}";
}
