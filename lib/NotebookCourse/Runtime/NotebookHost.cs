namespace NotebookCourse.Runtime;

/// <summary>
/// The library's only view of the notebook runtime (the library never references the kernel assembly):
/// where displays go, and the cancellation token of the running cell, which long loops (training, sampling,
/// downloads) observe through <see cref="ThrowIfCancelled"/>.
/// </summary>
public static class NotebookHost
{
    private static IDisplaySink _display = new ConsoleDisplaySink();
    private static readonly AsyncLocal<CancellationToken> _cellToken = new();
    private static CancellationToken _globalToken;

    /// <summary>The display sink; the runtime replaces it when a notebook session starts.</summary>
    public static IDisplaySink Display
    {
        get => _display;
        set => _display = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>True when running inside a notebook runtime (runner or kernel) rather than a plain program.</summary>
    public static bool InNotebook { get; set; }

    /// <summary>The running cell's token (interrupt, timeout). <see cref="CancellationToken.None"/> outside a cell.</summary>
    public static CancellationToken CancellationToken
    {
        get => _cellToken.Value.CanBeCanceled ? _cellToken.Value : _globalToken;
        set { _cellToken.Value = value; _globalToken = value; }
    }

    /// <summary>Throws <see cref="OperationCanceledException"/> when the running cell was interrupted or timed out.</summary>
    public static void ThrowIfCancelled() => CancellationToken.ThrowIfCancellationRequested();

    /// <summary>Shows an object: rich types through <see cref="IRichDisplay"/>, anything else as text.</summary>
    public static void Show(object? value, string? displayId = null)
    {
        var bundle = value is IRichDisplay rich ? rich.ToMimeBundle() : MimeBundle.Text(value?.ToString() ?? "null");
        _display.Display(bundle, displayId);
    }
}
