using System.Collections;
using NotebookCourse.Data;
using NotebookCourse.Runtime;

namespace NotebookCourse.Viz;

/// <summary>Loops with a progress bar: <c>foreach (var i in Progress.Range(n, "Época"))</c> or <c>Progress.Wrap(loader)</c>.</summary>
public static class Progress
{
    /// <summary>0 … n−1 with a progress bar; checks for cell interrupts at every step.</summary>
    public static ProgressLoop<int> Range(int n, string description = "") => new(Enumerable.Range(0, n), n, description);

    /// <summary>
    /// Any sequence with a progress bar; the total comes from <paramref name="total"/>, a collection's count or a
    /// <see cref="DataLoader"/>'s number of batches (otherwise the bar counts without a percentage).
    /// </summary>
    public static ProgressLoop<T> Wrap<T>(IEnumerable<T> source, string description = "", long? total = null) =>
        new(source, total ?? source switch
        {
            ICollection<T> c => c.Count,
            IReadOnlyCollection<T> r => r.Count,
            DataLoader l => l.Count,
            _ => 0,
        }, description);
}

/// <summary>A sequence that drives a <see cref="ProgressBar"/> as it is enumerated.</summary>
public sealed class ProgressLoop<T> : IEnumerable<T>
{
    private readonly IEnumerable<T> _source;
    private readonly long _total;
    private readonly string _description;

    internal ProgressLoop(IEnumerable<T> source, long total, string description)
    {
        _source = source; _total = total; _description = description;
    }

    /// <summary>The bar of the running enumeration (null before it starts).</summary>
    public ProgressBar? Bar { get; private set; }

    /// <summary>Text shown after the bar (e.g. the current loss); kept across updates.</summary>
    public string? Postfix
    {
        get => Bar?.Postfix;
        set { if (Bar is not null) Bar.Postfix = value; }
    }

    /// <summary>Creates the bar for the next enumeration (tests pass a sink and clock).</summary>
    internal Func<long, string, ProgressBar> BarFactory { get; set; } = (total, d) => new ProgressBar(total, d);

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator()
    {
        using var bar = Bar = BarFactory(_total, _description);
        bar.Update(0);
        foreach (var item in _source)
        {
            NotebookHost.ThrowIfCancelled();
            yield return item;
            bar.Increment();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Connects the data hub's progress hook to progress bars (one bar per downloaded file).</summary>
/// <example><code>var hub = new DataHub { Progress = DownloadProgress.Bars() };</code></example>
public static class DownloadProgress
{
    /// <summary>A hook that shows a byte-count bar for each file while it downloads.</summary>
    public static Action<NotebookCourse.Data.Hub.DataProgress> Bars(Func<long, string, ProgressBar>? factory = null)
    {
        factory ??= (total, d) => new ProgressBar(total, d);
        ProgressBar? bar = null;
        string? file = null;
        return p =>
        {
            if (p.File != file || bar is null)
            {
                bar?.Close();
                file = p.File;
                bar = factory(p.BytesTotal, $"{p.Dataset}/{p.File}");
            }
            if (p.Stage == "download") bar.Update(p.BytesDone);
            else if (p.Stage == "done") { bar.Update(p.BytesDone); bar.Close(); bar = null; file = null; }
        };
    }
}
