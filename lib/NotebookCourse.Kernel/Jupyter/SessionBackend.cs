using Microsoft.CodeAnalysis.CSharp;
using NotebookCourse.Kernel.Jupyter.Roslyn;
using NotebookCourse.Kernel.Session;
using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Jupyter;

/// <summary>
/// The kernel's real backend: cells run in the runtime's <see cref="NotebookSession"/> (the same one the headless
/// runner uses), completion and inspection come from Roslyn over the session's state.
/// <code>KernelCommand.BackendFactory = () => new SessionBackend();</code>
/// </summary>
public sealed class SessionBackend : IKernelBackend, IDisposable
{
    private readonly NotebookSessionOptions _options;
    private readonly Lock _lock = new();
    private NotebookSession? _session;

    /// <summary>A backend rooted at the working directory (Jupyter starts kernels in the notebook's folder).</summary>
    public SessionBackend(NotebookSessionOptions? options = null)
    {
        // Interactive cells may train for an hour: only the user's interrupt stops them, never a timeout.
        _options = options ?? new NotebookSessionOptions { CellTimeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The session of the current kernel run, created on first use so that kernel_info is answered first.</summary>
    public NotebookSession Session
    {
        get
        {
            lock (_lock) return _session ??= new NotebookSession(_options);
        }
    }

    /// <inheritdoc/>
    public string LanguageVersion { get; } =
        LanguageVersionFacts.MapSpecifiedToEffectiveVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest).ToDisplayString();

    /// <inheritdoc/>
    public Task WarmUpAsync() => Session.WarmUpAsync();

    /// <inheritdoc/>
    public async Task<ExecutionOutcome> ExecuteAsync(string code, IExecutionObserver observer, CancellationToken ct)
    {
        // The cell is named after the frontend's In [n] so that "cell 7, line 3" in a traceback is In [7].
        var options = new CellOptions(Name: $"cell {observer.ExecutionCount}");
        CellResult result;
        try { result = await Session.ExecuteAsync(code, new ObserverBridge(observer, ct), options, ct); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Interrupted while waiting for the warm-up or an abandoned cell to release the session.
            return ExecutionOutcome.Failed("OperationCanceledException", $"{options.Name} was interrupted",
                [$"OperationCanceledException: {options.Name} was interrupted before it started"]);
        }
        return result.Succeeded
            ? ExecutionOutcome.Ok
            : ExecutionOutcome.Failed(result.ErrorName ?? "Error", result.ErrorValue ?? "", result.Traceback ?? []);
    }

    /// <inheritdoc/>
    public IsCompleteResult IsComplete(string code) => NotebookSession.IsComplete(code) switch
    {
        CodeCompleteness.Complete => new("complete"),
        CodeCompleteness.Incomplete => new("incomplete", "    "),
        _ => new("invalid"),
    };

    /// <inheritdoc/>
    public CompletionResult Complete(string code, int cursor) =>
        MemberCompletionFastPath.TryComplete(Session.State, code, cursor) ?? ScriptCompletion.Complete(Session.Preview(code), code, cursor);

    /// <inheritdoc/>
    public MimeBundle? Inspect(string code, int cursor, int detailLevel) => ScriptInspection.Inspect(Session.Preview(code), code, cursor);

    /// <inheritdoc/>
    public void Interrupt() { } // the execution's token reaches the session and, through it, NotebookHost.ThrowIfCancelled

    /// <inheritdoc/>
    public Task ResetAsync()
    {
        NotebookSession? old;
        lock (_lock)
        {
            old = _session;
            _session = null;
        }
        old?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose() => _session?.Dispose();

    /// <summary>Errors are not forwarded: the kernel publishes them once, from the outcome, with the execute_reply.</summary>
    private sealed class ObserverBridge(IExecutionObserver target, CancellationToken ct) : ICellObserver, ICellInputProvider
    {
        public void Stream(string name, string text) => target.Stream(name, text);
        public void Display(MimeBundle bundle, string? displayId) => target.Display(bundle, displayId);
        public void UpdateDisplay(MimeBundle bundle, string displayId) => target.UpdateDisplay(bundle, displayId);
        public void Result(MimeBundle bundle) => target.Result(bundle);
        public void Error(string ename, string evalue, IReadOnlyList<string> traceback) { }
        public string? ReadLine(string prompt, bool password) => target.ReadLine(prompt, password, ct);
    }
}
