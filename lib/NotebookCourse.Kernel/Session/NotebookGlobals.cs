using NotebookCourse.Kernel.Display;

namespace NotebookCourse.Kernel.Session;

/// <summary>
/// Members every cell can call without a using: the script's globals object (Roslyn makes its public members
/// visible as if they were top-level functions).
/// </summary>
public class NotebookGlobals
{
    /// <summary>Shows a value in the cell's output; keep the handle to update it: <c>var h = display("0%"); h.Update("50%");</c></summary>
    public DisplayHandle display(object? value) => DisplayHandle.Show(value);
}
