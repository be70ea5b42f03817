namespace NotebookCourse.Autograd;

/// <summary>
/// Whether ops are recorded for backward. Disabled inside <c>using (torch.no_grad()) { ... }</c> and during
/// backward itself. Flows with async code (AsyncLocal), so a scope in a notebook cell survives awaits.
/// </summary>
public static class GradMode
{
    private static readonly AsyncLocal<bool> _disabled = new();

    /// <summary>True when new ops are recorded.</summary>
    public static bool IsEnabled => !_disabled.Value;

    /// <summary>Turns recording off until the returned scope is disposed (restores the previous state).</summary>
    public static IDisposable Disable() => new Scope(false);

    /// <summary>Sets recording on or off until the returned scope is disposed.</summary>
    public static IDisposable Set(bool enabled) => new Scope(enabled);

    private sealed class Scope : IDisposable
    {
        private readonly bool _previousDisabled;
        private bool _done;
        public Scope(bool enabled) { _previousDisabled = _disabled.Value; _disabled.Value = !enabled; }
        public void Dispose() { if (_done) return; _done = true; _disabled.Value = _previousDisabled; }
    }
}
