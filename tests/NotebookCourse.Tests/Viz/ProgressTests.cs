using NotebookCourse.Data;
using NotebookCourse.Runtime;
using NotebookCourse.Viz;

namespace NotebookCourse.Tests.Viz;

public sealed class ProgressTests
{
    private sealed class RecordingSink : IDisplaySink
    {
        public List<(string Kind, string? Id, MimeBundle Bundle)> Calls { get; } = new();
        public void Display(MimeBundle bundle, string? displayId) => Calls.Add(("display", displayId, bundle));
        public void Update(MimeBundle bundle, string displayId) => Calls.Add(("update", displayId, bundle));
    }

    /// <summary>A clock the test moves by hand, so throttling is tested without real time.</summary>
    private sealed class FakeClock
    {
        public TimeSpan Now;
        public Func<TimeSpan> Func => () => Now;
    }

    [Fact]
    public void Notebook_bar_displays_once_then_updates_in_place_throttled()
    {
        var sink = new RecordingSink();
        var clock = new FakeClock();
        var bar = new ProgressBar(100, "Época", sink, inNotebook: true, clock: clock.Func);
        for (int i = 0; i < 100; i++)
        {
            clock.Now += TimeSpan.FromMilliseconds(50); // 20 steps/s, the bar may show at most 5/s
            bar.Increment();
        }
        bar.Close();
        Assert.Equal("display", sink.Calls[0].Kind);
        Assert.All(sink.Calls.Skip(1), c => Assert.Equal("update", c.Kind));
        Assert.All(sink.Calls, c => Assert.Equal(bar.DisplayId, c.Id));
        // 5 s of work at ≤ 5 updates/s: about 25 refreshes plus the final one, far fewer than 100.
        Assert.InRange(sink.Calls.Count, 20, 27);
        var last = sink.Calls[^1].Bundle;
        Assert.StartsWith("Época 100% |████████████████████| 100/100 [00:05<00:00, 20.00 it/s]", last.PlainText);
        Assert.Contains("<progress value=\"100\" max=\"100\"", (string)last.Data["text/html"]);
    }

    [Fact]
    public void Text_line_shows_fraction_eta_and_postfix()
    {
        var clock = new FakeClock();
        var bar = new ProgressBar(20, "Lotes", new RecordingSink(), inNotebook: true, clock: clock.Func);
        clock.Now = TimeSpan.FromSeconds(12);
        bar.Update(9, "pérdida=0.420");
        Assert.Equal("Lotes  45% |" + new string('█', 9) + new string(' ', 11) + "| 9/20 [00:12<00:14, 1.33 s/it] pérdida=0.420", bar.ToString());
    }

    [Fact]
    public void Redirected_console_gets_one_compact_line_at_the_end()
    {
        var writer = new StringWriter();
        var clock = new FakeClock();
        var bar = new ProgressBar(1000, "Descarga", inNotebook: false, console: writer, clock: clock.Func);
        for (int i = 0; i < 1000; i++) { clock.Now += TimeSpan.FromMilliseconds(1); bar.Increment(); }
        bar.Close();
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("Descarga 100% |", lines[0]);
    }

    [Fact]
    public void Range_and_wrap_drive_the_bar_and_know_the_loader_length()
    {
        var sink = new RecordingSink();
        var loop = Progress.Range(7, "Época");
        loop.BarFactory = (t, d) => new ProgressBar(t, d, sink, inNotebook: true);
        Assert.Equal(Enumerable.Range(0, 7), loop.ToList());
        Assert.StartsWith("Época 100%", sink.Calls[^1].Bundle.PlainText);
        Assert.Contains("7/7", sink.Calls[^1].Bundle.PlainText);

        var loader = new DataLoader(new ArrayDataset(new float[10], [1], new long[10]), batchSize: 3);
        var wrapped = Progress.Wrap(loader, "Lotes");
        long? total = null;
        wrapped.BarFactory = (t, d) => { total = t; return new ProgressBar(t, d, sink, inNotebook: true); };
        Assert.Equal(4, wrapped.Count());
        Assert.Equal(4, total);
    }

    [Fact]
    public void Breaking_out_of_the_loop_still_closes_the_bar()
    {
        var sink = new RecordingSink();
        var loop = Progress.Wrap(Enumerable.Range(0, 100), "x", total: 100);
        loop.BarFactory = (t, d) => new ProgressBar(t, d, sink, inNotebook: true);
        foreach (var i in loop) if (i == 9) break;
        Assert.Contains("9/100", sink.Calls[^1].Bundle.PlainText);
    }

    [Fact]
    public void Cancelled_cell_stops_the_loop()
    {
        using var cts = new CancellationTokenSource();
        var old = NotebookHost.CancellationToken;
        try
        {
            NotebookHost.CancellationToken = cts.Token;
            var loop = Progress.Range(10);
            loop.BarFactory = (t, d) => new ProgressBar(t, d, new RecordingSink(), inNotebook: true);
            Assert.Throws<OperationCanceledException>(() => { foreach (var i in loop) if (i == 3) cts.Cancel(); });
        }
        finally { NotebookHost.CancellationToken = old; }
    }

    [Fact]
    public void Training_board_redraws_in_place_throttled_with_panels()
    {
        var sink = new RecordingSink();
        var clock = new FakeClock();
        var board = new TrainingBoard("Entrenamiento", "época", sink, inNotebook: true, clock: clock.Func);
        for (int e = 1; e <= 20; e++)
        {
            clock.Now += TimeSpan.FromMilliseconds(100);
            board.Add("entrenamiento", e, 1.0 / e, panel: "pérdida");
            board.Add("validación", e, 0.5 + e / 100.0, panel: "exactitud");
        }
        board.Finish();
        Assert.Equal("display", sink.Calls[0].Kind);
        Assert.All(sink.Calls.Skip(1), c => Assert.Equal("update", c.Kind));
        Assert.InRange(board.Redraws, 4, 6); // 2 s at ≤ 2 redraws/s, plus the final one
        var final = sink.Calls[^1].Bundle;
        Assert.Equal("TrainingBoard 'Entrenamiento': pérdida/entrenamiento=0.05, exactitud/validación=0.7", final.PlainText);
        var svg = (string)final.Data["image/svg+xml"];
        Assert.Contains("exactitud", svg);
        Assert.Contains("Entrenamiento", svg);
        var fig = board.ToFigure();
        Assert.Equal(2, fig.Columns);
        Assert.Equal(20, ((XYTrace)fig.AllAxes[0].Traces[0]).X.Length);
        board.Add("entrenamiento", 21, 0.9, panel: "exactitud");
        var both = board.ToFigure();
        Assert.Equal(both.AllAxes[0].Traces[0].Color, both.AllAxes[1].Traces[1].Color); // same series, same colour
        Assert.NotEqual(both.AllAxes[1].Traces[0].Color, both.AllAxes[1].Traces[1].Color);
    }
}

public sealed class DownloadProgressTests
{
    private sealed class Sink : IDisplaySink
    {
        public List<string> Texts { get; } = new();
        public void Display(MimeBundle bundle, string? displayId) => Texts.Add(bundle.PlainText);
        public void Update(MimeBundle bundle, string displayId) => Texts.Add(bundle.PlainText);
    }

    [Fact]
    public void Hub_progress_events_drive_one_bar_per_file()
    {
        var sink = new Sink();
        var hook = DownloadProgress.Bars((t, d) => new ProgressBar(t, d, sink, inNotebook: true));
        hook(new("fashion-mnist", "a.gz", "download", 10, 100));
        hook(new("fashion-mnist", "a.gz", "download", 100, 100));
        hook(new("fashion-mnist", "a.gz", "verify", 100, 100));
        hook(new("fashion-mnist", "a.gz", "done", 100, 100));
        hook(new("fashion-mnist", "b.gz", "download", 5, 50));
        Assert.StartsWith("fashion-mnist/a.gz  10%", sink.Texts[0]);
        Assert.Contains(sink.Texts, t => t.StartsWith("fashion-mnist/a.gz 100%"));
        Assert.StartsWith("fashion-mnist/b.gz  10%", sink.Texts[^1]);
    }
}
