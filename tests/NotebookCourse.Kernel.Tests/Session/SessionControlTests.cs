using Microsoft.CodeAnalysis.CSharp;
using NotebookCourse.Kernel.Session;

namespace NotebookCourse.Kernel.Tests.Session;

public sealed class SessionControlTests(SessionFixture fx) : IClassFixture<SessionFixture>
{
    [Fact]
    public async Task Cooperative_loop_is_stopped_by_the_timeout_with_a_clear_message()
    {
        var (result, obs) = await fx.Run(
            "long steps = 0; while (true) { steps++; NotebookCourse.Runtime.NotebookHost.ThrowIfCancelled(); }",
            new CellOptions(Name: "cell 7", Timeout: TimeSpan.FromMilliseconds(300)));
        Assert.Equal(CellStatus.Timeout, result.Status);
        Assert.Equal("cell 7 exceeded the 0.3 s timeout", result.ErrorValue);
        Assert.Equal(("error", "TimeoutError", "cell 7 exceeded the 0.3 s timeout"), obs.Events.Last());
        // The session stays usable after a timeout.
        Assert.Equal("3", (await fx.Run("1 + 2")).Observer.ResultText);
    }

    [Fact]
    public async Task Cell_that_never_ends_and_ignores_cancellation_is_abandoned_at_the_timeout()
    {
        var (result, _) = await fx.Run("Thread.Sleep(Timeout.Infinite);",
            new CellOptions(Timeout: TimeSpan.FromMilliseconds(200)));
        Assert.Equal(CellStatus.Timeout, result.Status);
        Assert.Equal("4", (await fx.Run("2 + 2")).Observer.ResultText);
    }

    [Fact]
    public async Task Cancellation_interrupts_a_loop_that_calls_ThrowIfCancelled()
    {
        using var cts = new CancellationTokenSource();
        var observer = new RecordingObserver();
        var run = fx.Session.ExecuteAsync(
            "Console.WriteLine(\"started\"); for (long i = 0; ; i++) NotebookCourse.Runtime.NotebookHost.ThrowIfCancelled();",
            observer, new CellOptions(Name: "cell 9"), cts.Token);
        while (!observer.Stdout.Contains("started")) await Task.Delay(10);
        cts.Cancel();
        var result = await run;
        Assert.Equal(CellStatus.Cancelled, result.Status);
        Assert.Equal("cell 9 was interrupted", result.ErrorValue);
    }

    [Fact]
    public async Task Display_shows_values_and_updates_them_in_place_by_id()
    {
        var (result, obs) = await fx.Run("var h = display(\"0%\"); h.Update(\"50%\"); h.Update(new List<int> { 1, 2 });");
        Assert.True(result.Succeeded, string.Join("\n", obs.Traceback));
        var events = obs.Events.ToList();
        Assert.Equal(3, events.Count);
        Assert.Equal(("display", "0%"), (events[0].Kind, events[0].Text));
        Assert.Equal(("update", "50%"), (events[1].Kind, events[1].Text));
        Assert.Equal(("update", "List<int>(2) { 1, 2 }"), (events[2].Kind, events[2].Text));
        Assert.All(events, e => Assert.Equal(events[0].Name, e.Name));
        Assert.NotEmpty(events[0].Name);
    }

    [Fact]
    public async Task Library_display_and_rich_types_reach_the_cell_observer()
    {
        var (result, obs) = await fx.Run("""
            class Badge : NotebookCourse.Runtime.IRichDisplay
            {
                public NotebookCourse.Runtime.MimeBundle ToMimeBundle() =>
                    NotebookCourse.Runtime.MimeBundle.Text("badge").Add("text/html", "<b>badge</b>");
            }
            NotebookCourse.Runtime.NotebookHost.Show(new Badge());
            new Badge()
            """);
        Assert.True(result.Succeeded, string.Join("\n", obs.Traceback));
        Assert.Equal(("display", "badge"), (obs.Events.First().Kind, obs.Events.First().Text));
        Assert.Equal("badge", obs.ResultText);
    }

    [Fact]
    public async Task Console_ReadLine_asks_the_observer_and_returns_null_without_one()
    {
        var answering = new AnsweringObserver("Ada");
        var result = await fx.Session.ExecuteAsync("var who = Console.ReadLine(); $\"hello {who}\"", answering);
        Assert.True(result.Succeeded, string.Join("\n", answering.Inner.Traceback));
        Assert.Equal("hello Ada", answering.Inner.ResultText);
        Assert.Equal("True", (await fx.Run("(Console.ReadLine() is null).ToString()")).Observer.ResultText);
    }

    [Fact]
    public async Task Preview_compiles_against_the_session_state_without_running()
    {
        await fx.Run("var previewed = 5;");
        var compilation = fx.Session.Preview("previewed.ToString(").GetCompilation();
        var tree = compilation.SyntaxTrees.Last();
        var model = compilation.GetSemanticModel(tree);
        var identifier = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax>().First();
        Assert.Equal("int", model.GetTypeInfo(identifier).Type!.ToDisplayString());
    }
}
