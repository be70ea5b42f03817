using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Session;

/// <summary>
/// The running cell as seen by the process-wide console writers and display sink. Held in an AsyncLocal so that it
/// flows into tasks and threads the cell starts, and so that two sessions in one process (tests) never mix outputs.
/// </summary>
internal sealed class CellContext
{
    private static readonly AsyncLocal<CellContext?> _current = new();

    public CellContext(ICellObserver observer, string name)
    {
        Observer = observer;
        Name = name;
    }

    /// <summary>The observer of the cell that started the current code path, or null outside cells.</summary>
    public static CellContext? Current
    {
        get => _current.Value;
        set => _current.Value = value;
    }

    public ICellObserver Observer { get; }

    public string Name { get; }
}

/// <summary>Routes display calls from library code to the current cell's observer; prints text outside cells.</summary>
internal sealed class RoutingDisplaySink : IDisplaySink
{
    private readonly IDisplaySink _fallback = new ConsoleDisplaySink();

    public void Display(MimeBundle bundle, string? displayId)
    {
        if (CellContext.Current is { } cell) cell.Observer.Display(bundle, displayId);
        else _fallback.Display(bundle, displayId);
    }

    public void Update(MimeBundle bundle, string displayId)
    {
        if (CellContext.Current is { } cell) cell.Observer.UpdateDisplay(bundle, displayId);
        else _fallback.Update(bundle, displayId);
    }
}
