using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Display;

/// <summary>
/// A display shown by <c>display(x)</c>; <see cref="Update"/> replaces its content in place (progress bars, live
/// curves). The headless runner keeps only the final content.
/// </summary>
public sealed class DisplayHandle
{
    internal DisplayHandle(string displayId) => DisplayId = displayId;

    /// <summary>The Jupyter display_id of this display.</summary>
    public string DisplayId { get; }

    /// <summary>Replaces the displayed content with <paramref name="value"/>.</summary>
    public void Update(object? value) => NotebookHost.Display.Update(ValueFormatter.Format(value), DisplayId);

    /// <summary>Shows a value and returns its handle.</summary>
    internal static DisplayHandle Show(object? value)
    {
        var handle = new DisplayHandle(Guid.NewGuid().ToString("N"));
        NotebookHost.Display.Display(ValueFormatter.Format(value), handle.DisplayId);
        return handle;
    }

    /// <inheritdoc />
    public override string ToString() => $"display {DisplayId}";
}
