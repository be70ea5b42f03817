using System.Diagnostics;

namespace NotebookCourse.Viz;

/// <summary>Lets an action through at most once per interval (the first call always passes).</summary>
internal sealed class Throttle(TimeSpan interval, Func<TimeSpan>? clock = null)
{
    private readonly Func<TimeSpan> _clock = clock ?? StopwatchClock();
    private TimeSpan? _last;

    public TimeSpan Now => _clock();

    public bool Ready(bool force = false)
    {
        var now = _clock();
        if (!force && _last is { } last && now - last < interval) return false;
        _last = now;
        return true;
    }

    internal static Func<TimeSpan> StopwatchClock()
    {
        var sw = Stopwatch.StartNew();
        return () => sw.Elapsed;
    }
}
