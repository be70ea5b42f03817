using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using NotebookCourse.Kernel.Display;
using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Session;

/// <summary>
/// One notebook's C# execution state: cells run in order on Roslyn scripting and share variables, types and usings.
/// Used by the headless runner and the Jupyter kernel alike.
/// <code>
/// using var session = new NotebookSession(new() { BaseDirectory = "notebooks" });
/// var result = await session.ExecuteAsync("var x = 6 * 7; x", observer);
/// </code>
/// Cells run one at a time; a call made while another cell runs waits for it.
/// </summary>
public sealed class NotebookSession : IDisposable
{
    private readonly NotebookSessionOptions _settings;
    private readonly NotebookGlobals _globals = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<string> _submissionCells = [];
    private ScriptState<object>? _state;

    /// <summary>Creates a session whose cells see the course library and the default imports.</summary>
    public NotebookSession(NotebookSessionOptions? settings = null)
    {
        _settings = settings ?? new NotebookSessionOptions();
        CellOutputRouter.EnsureInstalled();
        Options = CreateScriptOptions(_settings);
    }

    /// <summary>Script options of every cell: references, imports, resolvers, Release optimisation, debug info.</summary>
    public ScriptOptions Options { get; }

    /// <summary>The state after the last cell (null before the first); the kernel uses it for completion.</summary>
    public ScriptState<object>? State => _state;

    /// <summary>The execution count of the last executed cell (Jupyter's In [n]).</summary>
    public int ExecutionCount { get; private set; }

    /// <summary>The settings this session was created with.</summary>
    public NotebookSessionOptions Settings => _settings;

    /// <summary>
    /// The script <paramref name="code"/> would become if run now, compiled but never executed: a hook for the
    /// kernel's completion and inspection (semantic model of the pending cell on top of the session's state).
    /// </summary>
    public Script<object> Preview(string code)
    {
        var options = Options.WithFilePath("preview");
        return _state?.Script.ContinueWith(code, options) ?? CSharpScript.Create(code, options, typeof(NotebookGlobals));
    }

    /// <summary>Whether a cell is complete, incomplete or invalid (Jupyter's is_complete).</summary>
    public static CodeCompleteness IsComplete(string code) => ScriptSyntax.IsComplete(code);

    /// <summary>
    /// Compiles and runs one invisible submission so that the first real cell does not pay Roslyn's start-up cost.
    /// </summary>
    public async Task WarmUpAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_state != null) return;
            var script = CSharpScript.Create("0", Options.WithFilePath("warm-up"), typeof(NotebookGlobals));
            _state = await script.RunAsync(_globals);
            _submissionCells.Add("warm-up");
        }
        finally { _gate.Release(); }
    }

    /// <summary>
    /// Runs one cell: streams, displays, the trailing expression's value and errors go to <paramref name="observer"/>.
    /// Cancelling <paramref name="ct"/> interrupts the cell (library loops observe it through
    /// <see cref="NotebookHost.ThrowIfCancelled"/>); past the timeout the cell is cancelled and reported as timed out.
    /// </summary>
    public async Task<CellResult> ExecuteAsync(string code, ICellObserver observer, CellOptions? options = null,
        CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            int count = ++ExecutionCount;
            string name = options?.Name ?? $"cell {count}";
            var result = await RunCellAsync(code, observer, name, count, options?.Timeout ?? _settings.CellTimeout, ct);
            if (!result.Succeeded) observer.Error(result.ErrorName!, result.ErrorValue!, result.Traceback!);
            return result;
        }
        finally { _gate.Release(); }
    }

    private async Task<CellResult> RunCellAsync(string code, ICellObserver observer, string name, int count,
        TimeSpan timeout, CancellationToken ct)
    {
        var cellOptions = Options.WithFilePath(name);
        Script<object> script = _state is null
            ? CSharpScript.Create(code, cellOptions, typeof(NotebookGlobals))
            : _state.Script.ContinueWith(code, cellOptions);

        ImmutableArray<Diagnostic> diagnostics;
        // Compiling takes from 0.1 s to seconds: keep it off the caller's thread (the kernel's message loop).
        try { diagnostics = await Task.Run(() => script.Compile(ct), ct); }
        catch (CompilationErrorException e) { diagnostics = e.Diagnostics; }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { return Interrupted(name, count); }
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            return ErrorFormatter.Compile(diagnostics, name, code, count);

        using var cellCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var context = new CellContext(observer, name);
        var run = StartOnCellThread(script, context, cellCts.Token);
        var finished = await Task.WhenAny(run, Task.Delay(timeout, cellCts.Token)) == run;
        if (!finished)
        {
            bool timedOut = !ct.IsCancellationRequested;
            cellCts.Cancel();
            // Give cooperative code (ThrowIfCancelled in library loops) a moment to stop; abandon it otherwise.
            await Task.WhenAny(run, Task.Delay(_settings.CancelGrace, CancellationToken.None));
            if (run.IsCompletedSuccessfully) Accept(run.Result, name);
            return timedOut ? TimedOut(name, count, timeout) : Interrupted(name, count);
        }

        ScriptState<object> state;
        try { state = await run; }
        catch (OperationCanceledException) when (cellCts.IsCancellationRequested) { return Interrupted(name, count); }
        catch (Exception e)
        {
            // Failures outside the cell's own code (the script host itself) still become an error output.
            return ErrorFormatter.Exception(e, count, CellOfSubmission);
        }
        Accept(state, name);
        if (state.Exception is OperationCanceledException && cellCts.IsCancellationRequested)
            return Interrupted(name, count);
        if (state.Exception is { } ex)
            return ErrorFormatter.Exception(ex, count, CellOfSubmission);

        if (HasTrailingExpression(script, name, out var isVoid) && !isVoid)
            observer.Result(ValueFormatter.Format(state.ReturnValue));
        return new CellResult(CellStatus.Ok, count);
    }

    private void Accept(ScriptState<object> state, string name)
    {
        _state = state;
        _submissionCells.Add(name);
    }

    private Task<ScriptState<object>> StartOnCellThread(Script<object> script, CellContext context, CancellationToken token)
    {
        var done = new TaskCompletionSource<ScriptState<object>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var previous = _state;
        // A dedicated background thread with a large stack: deep recursion in cells works, and a cell that ignores
        // cancellation can be abandoned without blocking the pool or keeping the process alive.
        var thread = new Thread(() =>
        {
            CellContext.Current = context;
            NotebookHost.CancellationToken = token;
            try
            {
                var task = previous is null
                    ? script.RunAsync(_globals, _ => true, token)
                    : script.RunFromAsync(previous, _ => true, token);
                done.TrySetResult(task.GetAwaiter().GetResult());
            }
            catch (Exception e) { done.TrySetException(e); }
        }, maxStackSize: 64 * 1024 * 1024) { IsBackground = true, Name = context.Name };
        thread.Start();
        return done.Task;
    }

    private static bool HasTrailingExpression(Script script, string name, out bool isVoid)
    {
        isVoid = true;
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.LastOrDefault(t => t.FilePath == name || Path.GetFileName(t.FilePath) == name) ?? compilation.SyntaxTrees.Last();
        var last = tree.GetCompilationUnitRoot().Members.LastOrDefault();
        if (last is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement }
            || !statement.SemicolonToken.IsMissing)
            return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        isVoid = type is null || type.SpecialType == SpecialType.System_Void
            || (type is INamedTypeSymbol { Name: "Task", Arity: 0 } t && t.ContainingNamespace.ToDisplayString() == "System.Threading.Tasks");
        return true;
    }

    private string? CellOfSubmission(string submissionType)
    {
        // Roslyn names the n-th submission of a chain "Submission#n".
        return int.TryParse(submissionType.AsSpan("Submission#".Length), out int n) && n < _submissionCells.Count
            ? _submissionCells[n]
            : null;
    }

    private static CellResult TimedOut(string name, int count, TimeSpan timeout)
    {
        string message = $"{name} exceeded the {timeout.TotalSeconds:0.###} s timeout";
        return new CellResult(CellStatus.Timeout, count, "TimeoutError", message,
            [$"TimeoutError: {message}; make the cell faster (fast mode) or raise the limit with --timeout"]);
    }

    private static CellResult Interrupted(string name, int count) =>
        new(CellStatus.Cancelled, count, "OperationCanceledException", $"{name} was interrupted",
            [$"OperationCanceledException: {name} was interrupted"]);

    private static ScriptOptions CreateScriptOptions(NotebookSessionOptions settings)
    {
        string baseDir = Path.GetFullPath(settings.BaseDirectory);
        var library = typeof(NotebookHost).Assembly;
        var references = new List<MetadataReference> { MetadataReference.CreateFromFile(library.Location) };
        references.AddRange(FrameworkReferences.Value);
        foreach (var name in library.GetReferencedAssemblies())
        {
            // The library's dependencies appear in its public signatures, so cells need them to compile.
            try { references.Add(MetadataReference.CreateFromFile(System.Reflection.Assembly.Load(name).Location)); }
            catch (FileNotFoundException) { }
        }
        return ScriptOptions.Default
            .AddReferences(references)
            .AddImports(settings.Imports)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(baseDir))
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, baseDir))
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(System.Text.Encoding.UTF8)
            .WithAllowUnsafe(true)
            .WithLanguageVersion(LanguageVersion.Latest);
    }

    // The whole shared framework (System.*, netstandard), read once per process: cells use LINQ, regex, JSON, HTTP
    // and collections without #r, as in a normal project.
    private static readonly Lazy<IReadOnlyList<MetadataReference>> FrameworkReferences = new(() =>
    {
        string dir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Directory.EnumerateFiles(dir, "*.dll")
            .Where(f => Path.GetFileName(f) is var n && (n.StartsWith("System.", StringComparison.Ordinal)
                || n is "netstandard.dll" or "mscorlib.dll" or "Microsoft.CSharp.dll" or "Microsoft.Win32.Primitives.dll"))
            .Where(f => !f.EndsWith(".Native.dll", StringComparison.Ordinal))
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
            .ToList();
    });

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
