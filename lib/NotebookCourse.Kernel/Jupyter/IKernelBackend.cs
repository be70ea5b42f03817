using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Jupyter;

/// <summary>
/// What the Jupyter kernel needs from an execution engine. The kernel calls one member at a time, in request
/// order, off the socket-reading threads; <see cref="Interrupt"/> may arrive concurrently with ExecuteAsync.
/// </summary>
public interface IKernelBackend
{
    /// <summary>Language version shown in language_info (e.g. "14").</summary>
    string LanguageVersion { get; }

    /// <summary>Runs one cell; outputs go to <paramref name="observer"/>; honors <paramref name="ct"/> (interrupt).</summary>
    Task<ExecutionOutcome> ExecuteAsync(string code, IExecutionObserver observer, CancellationToken ct);

    /// <summary>Whether <paramref name="code"/> is ready to run (console frontends ask before sending).</summary>
    IsCompleteResult IsComplete(string code);

    /// <summary>Completions at a UTF-16 cursor offset.</summary>
    CompletionResult Complete(string code, int cursor);

    /// <summary>Documentation of the symbol at a UTF-16 cursor offset (null when none).</summary>
    MimeBundle? Inspect(string code, int cursor, int detailLevel);

    /// <summary>Called on interrupt in addition to cancelling the execution's token.</summary>
    void Interrupt();

    /// <summary>Forgets all state (variables, usings) as a restart would.</summary>
    Task ResetAsync();

    /// <summary>Prepares for the first cell (compiler start-up); the kernel calls it once, after the first kernel_info_reply.</summary>
    Task WarmUpAsync() => Task.CompletedTask;
}

/// <summary>Receives a running cell's outputs; called from the executing thread.</summary>
public interface IExecutionObserver
{
    /// <summary>The cell's execution count as the frontend shows it (In [n]).</summary>
    int ExecutionCount { get; }

    /// <summary>Text written to "stdout" or "stderr".</summary>
    void Stream(string name, string text);

    /// <summary>A rich display; with <paramref name="displayId"/> it can be updated later.</summary>
    void Display(MimeBundle bundle, string? displayId = null);

    /// <summary>Replaces an earlier display with the same id, in place.</summary>
    void UpdateDisplay(MimeBundle bundle, string displayId);

    /// <summary>The value of the cell's trailing expression.</summary>
    void Result(MimeBundle bundle);

    /// <summary>Clears the cell's output (wait: only when the next output arrives).</summary>
    void ClearOutput(bool wait);

    /// <summary>Asks the frontend for a line (Console.ReadLine); throws when the frontend cannot answer.</summary>
    string ReadLine(string prompt, bool password, CancellationToken ct);
}

/// <summary>How a cell ended: success, or an error with Jupyter's ename/evalue/traceback.</summary>
public sealed record ExecutionOutcome(bool Success, string Ename = "", string Evalue = "", IReadOnlyList<string>? Traceback = null)
{
    /// <summary>The cell ran to completion.</summary>
    public static ExecutionOutcome Ok { get; } = new(true);

    /// <summary>The cell failed.</summary>
    public static ExecutionOutcome Failed(string ename, string evalue, IReadOnlyList<string> traceback) => new(false, ename, evalue, traceback);
}

/// <summary>is_complete answer: Status is complete, incomplete, invalid or unknown.</summary>
public sealed record IsCompleteResult(string Status, string Indent = "");

/// <summary>Completion candidates replacing the UTF-16 range [Start, End).</summary>
public sealed record CompletionResult(IReadOnlyList<string> Matches, int Start, int End);
