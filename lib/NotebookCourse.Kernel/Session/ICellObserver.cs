using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Session;

/// <summary>
/// Receives what a running cell produces. The headless runner turns the calls into notebook outputs, the Jupyter
/// kernel into iopub messages. Calls can arrive from any thread (background tasks started by the cell write too),
/// so implementations must be thread safe.
/// </summary>
public interface ICellObserver
{
    /// <summary>Text written to stdout or stderr; <paramref name="name"/> is "stdout" or "stderr".</summary>
    void Stream(string name, string text);

    /// <summary>A new display (display_data); <paramref name="displayId"/> is set when it can be updated later.</summary>
    void Display(MimeBundle bundle, string? displayId);

    /// <summary>Replaces the content of the display with this id (update_display_data).</summary>
    void UpdateDisplay(MimeBundle bundle, string displayId);

    /// <summary>The value of the cell's trailing expression (execute_result).</summary>
    void Result(MimeBundle bundle);

    /// <summary>A compile error, exception, timeout or interrupt (Jupyter "error" output).</summary>
    void Error(string ename, string evalue, IReadOnlyList<string> traceback);
}
