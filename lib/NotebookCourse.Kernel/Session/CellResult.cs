namespace NotebookCourse.Kernel.Session;

/// <summary>How a cell ended.</summary>
public enum CellStatus
{
    /// <summary>Compiled and ran to the end.</summary>
    Ok,
    /// <summary>Did not compile.</summary>
    CompileError,
    /// <summary>Threw an exception.</summary>
    Exception,
    /// <summary>Ran past its timeout.</summary>
    Timeout,
    /// <summary>Interrupted through the caller's cancellation token.</summary>
    Cancelled,
}

/// <summary>The outcome of one <see cref="NotebookSession.ExecuteAsync"/> call.</summary>
/// <param name="Status">How the cell ended.</param>
/// <param name="ExecutionCount">The execution count given to this cell (Jupyter's In [n]).</param>
/// <param name="ErrorName">Exception type name when the cell failed.</param>
/// <param name="ErrorValue">Error message when the cell failed.</param>
/// <param name="Traceback">Traceback lines (cell-relative) when the cell failed.</param>
public sealed record CellResult(
    CellStatus Status,
    int ExecutionCount,
    string? ErrorName = null,
    string? ErrorValue = null,
    IReadOnlyList<string>? Traceback = null)
{
    /// <summary>True when the cell ran to the end.</summary>
    public bool Succeeded => Status == CellStatus.Ok;
}

/// <summary>Per-call options of <see cref="NotebookSession.ExecuteAsync"/>.</summary>
/// <param name="Name">How errors name the cell, e.g. "cell 7"; default "cell N" with N the execution count.</param>
/// <param name="Timeout">Overrides the session's cell timeout for this call.</param>
public sealed record CellOptions(string? Name = null, TimeSpan? Timeout = null);
