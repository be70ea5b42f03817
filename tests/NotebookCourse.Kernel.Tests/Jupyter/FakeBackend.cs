using System.Collections.Concurrent;
using NotebookCourse.Kernel.Jupyter;
using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>
/// A tiny line-command language standing in for the C# session, so kernel tests exercise the protocol, not Roslyn:
/// print T | err T | result T | display ID T | update ID T | fail MSG | throw | loop | input PROMPT | big N.
/// </summary>
internal sealed class FakeBackend : IKernelBackend
{
    public ConcurrentQueue<string> Executed { get; } = new();
    public int Interrupts;

    public string LanguageVersion => "14.0";

    public Task<ExecutionOutcome> ExecuteAsync(string code, IExecutionObserver observer, CancellationToken ct)
    {
        Executed.Enqueue(code);
        foreach (var line in code.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Trim().Split(' ', 3);
            string Arg(int i) => parts.Length > i ? parts[i] : "";
            string Rest() => line.Trim().Length > parts[0].Length ? line.Trim()[(parts[0].Length + 1)..] : "";
            switch (parts[0])
            {
                case "print": observer.Stream("stdout", Rest() + "\n"); break;
                case "err": observer.Stream("stderr", Rest() + "\n"); break;
                case "result": observer.Result(MimeBundle.Text(Rest())); break;
                case "display": observer.Display(MimeBundle.Text(Arg(2)).Add("text/html", $"<b>{Arg(2)}</b>"), Arg(1)); break;
                case "update": observer.UpdateDisplay(MimeBundle.Text(Arg(2)), Arg(1)); break;
                case "fail": return Task.FromResult(ExecutionOutcome.Failed("InvalidOperationException", Rest(), [$"cell line 1: {Rest()}"]));
                case "throw": throw new InvalidOperationException("backend bug");
                case "loop":
                    while (true) { ct.ThrowIfCancellationRequested(); Thread.Sleep(2); }
                case "input": observer.Stream("stdout", "got: " + observer.ReadLine(Rest(), false, ct) + "\n"); break;
                case "big": observer.Stream("stdout", new string('x', int.Parse(Arg(1)))); break;
                default: return Task.FromResult(ExecutionOutcome.Failed("CompilationError", $"unknown command '{parts[0]}'", [$"(1,1): error: unknown command '{parts[0]}'"]));
            }
        }
        return Task.FromResult(ExecutionOutcome.Ok);
    }

    public IsCompleteResult IsComplete(string code) =>
        code.TrimEnd().EndsWith('{') ? new("incomplete", "    ") : code.Contains('}') && !code.Contains('{') ? new("invalid") : new("complete");

    private static readonly string[] Words = ["Console", "Convert", "Math", "Mathematics"];

    public CompletionResult Complete(string code, int cursor)
    {
        int start = cursor;
        while (start > 0 && char.IsLetterOrDigit(code[start - 1])) start--;
        var prefix = code[start..cursor];
        return new(Words.Where(w => w.StartsWith(prefix, StringComparison.Ordinal)).ToList(), start, cursor);
    }

    public MimeBundle? Inspect(string code, int cursor, int detailLevel) =>
        code.Contains("Math") ? MimeBundle.Text($"class System.Math (detail {detailLevel})") : null;

    public void Interrupt() => Interlocked.Increment(ref Interrupts);

    public Task ResetAsync() { Executed.Clear(); return Task.CompletedTask; }
}
