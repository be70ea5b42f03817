namespace NotebookCourse.Kernel.Session;

/// <summary>
/// Optionally implemented by an <see cref="ICellObserver"/> that can ask the user for input (the kernel's stdin
/// input_request). Without it, <c>Console.ReadLine()</c> in a cell returns null, as at the end of a file.
/// </summary>
public interface ICellInputProvider
{
    /// <summary>Blocks until the user answers; null when input is not possible.</summary>
    string? ReadLine(string prompt, bool password);
}
