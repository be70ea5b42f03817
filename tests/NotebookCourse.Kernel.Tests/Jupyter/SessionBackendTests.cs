using System.Collections.Concurrent;
using NotebookCourse.Kernel.Jupyter;
using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>The adapter between the kernel and the notebook session, in process (the protocol is tested elsewhere).</summary>
public class SessionBackendTests
{
    private sealed class Recorder(int count) : IExecutionObserver
    {
        public ConcurrentQueue<string> Events { get; } = new();
        public int ExecutionCount => count;
        public void Stream(string name, string text) => Events.Enqueue($"{name}:{text}");
        public void Display(MimeBundle bundle, string? displayId = null) => Events.Enqueue($"display:{bundle.PlainText}");
        public void UpdateDisplay(MimeBundle bundle, string displayId) => Events.Enqueue($"update:{bundle.PlainText}");
        public void Result(MimeBundle bundle) => Events.Enqueue($"result:{bundle.PlainText}");
        public void ClearOutput(bool wait) => Events.Enqueue("clear");
        public string ReadLine(string prompt, bool password, CancellationToken ct) => "typed";
    }

    private static async Task<(ExecutionOutcome Outcome, List<string> Events)> Run(SessionBackend b, string code, int count, CancellationToken ct = default)
    {
        var r = new Recorder(count);
        var outcome = await b.ExecuteAsync(code, r, ct);
        return (outcome, r.Events.ToList());
    }

    [Fact]
    public async Task Maps_outputs_keeps_state_and_names_cells_by_the_frontend_count()
    {
        using var b = new SessionBackend();
        await b.WarmUpAsync();
        var (ok, events) = await Run(b, "var x = 20;\nConsole.Write(\"a\");\nvar h = display(1);\nh.Update(2);\nx + 1", 1);
        Assert.True(ok.Success);
        Assert.Equal(["stdout:a", "display:1", "update:2", "result:21"], events);
        Assert.Equal(["stdout:typed"], (await Run(b, "Console.Write(Console.ReadLine());", 2)).Events);

        // The frontend skipped counts (silent cells): the traceback must still name its own In [n].
        var (failed, errorEvents) = await Run(b, "\nthrow new InvalidOperationException(\"no\");", 9);
        Assert.False(failed.Success);
        Assert.Equal(("InvalidOperationException", "no"), (failed.Ename, failed.Evalue));
        Assert.Contains(failed.Traceback!, l => l.Contains("cell 9") && l.Contains("line 2"));
        Assert.Empty(errorEvents); // the kernel publishes the error once, from the outcome
    }

    [Fact]
    public async Task Reset_forgets_variables_and_interrupt_cancels_a_cooperative_loop()
    {
        using var b = new SessionBackend();
        Assert.True((await Run(b, "var kept = 1;", 1)).Outcome.Success);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var (loop, _) = await Run(b, "while (true) NotebookCourse.Runtime.NotebookHost.ThrowIfCancelled();", 2, cts.Token);
        Assert.Equal("OperationCanceledException", loop.Ename);
        Assert.True((await Run(b, "kept", 3)).Outcome.Success);

        await b.ResetAsync();
        var (after, _) = await Run(b, "kept", 1);
        Assert.Equal("CompilationError", after.Ename);
        Assert.Contains("kept", after.Evalue);
    }

    [Fact]
    public void Completes_from_the_session_state_and_reports_completeness()
    {
        using var b = new SessionBackend();
        Assert.Equal("incomplete", b.IsComplete("for (int i = 0; i < 3; i++) {").Status);
        Assert.Equal("complete", b.IsComplete("var y = 1;").Status);
        var r = b.Complete("Math.Ab", 7);
        Assert.Equal(["Abs"], r.Matches);
        Assert.Equal((5, 7), (r.Start, r.End));
        Assert.Contains("Math.Abs", b.Inspect("Math.Abs(1)", 7, 0)!.PlainText);
    }
}
