using System.Globalization;
using System.Net;
using System.Text;
using NotebookCourse.Runtime;

namespace NotebookCourse.Viz;

/// <summary>
/// A progress bar for long loops. In a notebook it shows once and then updates in place (display update by id,
/// at most <see cref="MaxUpdatesPerSecond"/> times a second); in a console it rewrites one line on a terminal and,
/// when output is redirected (CI logs), prints one compact line at the end (and one every 30 s for long loops).
/// </summary>
/// <example><code>
/// foreach (var epoch in Progress.Range(10, "Época")) { ... }
/// var bar = new ProgressBar(total: 100, "Lotes"); for (...) { bar.Increment(); bar.Postfix = $"pérdida={loss:F3}"; } bar.Close();
/// </code></example>
public sealed class ProgressBar : IRichDisplay, IDisposable
{
    /// <summary>Notebook update rate limit.</summary>
    public const double MaxUpdatesPerSecond = 5;

    private readonly IDisplaySink? _sink;
    private readonly TextWriter? _console;
    private readonly bool _consoleIsTerminal;
    private readonly Throttle _throttle;
    private readonly Throttle _logThrottle;
    private readonly TimeSpan _start;
    private bool _shown, _closed;

    /// <summary>Total number of steps (0 when unknown).</summary>
    public long Total { get; }
    /// <summary>Steps done so far.</summary>
    public long Done { get; private set; }
    /// <summary>Label before the bar, e.g. "Época".</summary>
    public string Description { get; }
    /// <summary>Text after the bar, e.g. "pérdida=0.412" (shown at the next update).</summary>
    public string? Postfix { get; set; }
    /// <summary>The display id used for in-place updates.</summary>
    public string DisplayId { get; } = "nc-progress-" + Guid.NewGuid().ToString("N");

    /// <summary>Creates a bar that reports to the notebook (inside one) or to the console.</summary>
    public ProgressBar(long total, string description = "", IDisplaySink? sink = null, bool? inNotebook = null,
        TextWriter? console = null, Func<TimeSpan>? clock = null)
    {
        Total = Math.Max(0, total);
        Description = description;
        clock ??= Throttle.StopwatchClock();
        _throttle = new Throttle(TimeSpan.FromSeconds(1 / MaxUpdatesPerSecond), clock);
        _logThrottle = new Throttle(TimeSpan.FromSeconds(30), clock);
        _start = clock();
        if (inNotebook ?? NotebookHost.InNotebook) _sink = sink ?? NotebookHost.Display;
        else
        {
            _console = console ?? Console.Out;
            _consoleIsTerminal = console is null && !Console.IsOutputRedirected;
            _logThrottle.Ready(); // the first periodic log line comes after 30 s, not at once
        }
    }

    /// <summary>Advances by <paramref name="steps"/> and refreshes the display if the rate limit allows.</summary>
    public void Increment(long steps = 1) => Update(Done + steps);

    /// <summary>Sets the number of steps done and refreshes the display if the rate limit allows.</summary>
    public void Update(long done, string? postfix = null)
    {
        Done = done;
        if (postfix is not null) Postfix = postfix;
        Refresh(force: false);
    }

    /// <summary>Shows the final state (always, regardless of the rate limit). Safe to call twice.</summary>
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        Refresh(force: true);
        if (_console is not null && _consoleIsTerminal) _console.WriteLine();
    }

    /// <inheritdoc />
    public void Dispose() => Close();

    private void Refresh(bool force)
    {
        if (_sink is not null)
        {
            if (!_throttle.Ready(force)) return;
            var bundle = ToMimeBundle();
            if (_shown) _sink.Update(bundle, DisplayId); else _sink.Display(bundle, DisplayId);
            _shown = true;
        }
        else if (_console is not null)
        {
            if (_consoleIsTerminal)
            {
                if (_throttle.Ready(force)) _console.Write("\r" + ToString());
            }
            else if (force || _logThrottle.Ready())
            {
                _console.WriteLine(ToString());
            }
        }
    }

    /// <summary>Elapsed time since the bar was created.</summary>
    public TimeSpan Elapsed => _throttle.Now - _start;

    /// <summary>One compact line: <c>Época  45% |█████▍      | 9/20 [00:12&lt;00:14, 0.75 it/s] pérdida=0.42</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Description.Length > 0) sb.Append(Description).Append(' ');
        double secs = Elapsed.TotalSeconds, rate = secs > 0 ? Done / secs : 0;
        if (Total > 0)
        {
            double f = Math.Clamp((double)Done / Total, 0, 1);
            sb.Append(((int)Math.Floor(f * 100)).ToString(CultureInfo.InvariantCulture).PadLeft(3)).Append("% |").Append(Bar(f, 20)).Append("| ");
            sb.Append(Done).Append('/').Append(Total);
            string eta = rate > 0 && Done < Total ? Clock((Total - Done) / rate) : Done >= Total ? "00:00" : "?";
            sb.Append($" [{Clock(secs)}<{eta}, {Rate(rate)}]");
        }
        else sb.Append(Done).Append($" [{Clock(secs)}, {Rate(rate)}]");
        if (!string.IsNullOrEmpty(Postfix)) sb.Append(' ').Append(Postfix);
        return sb.ToString();
    }

    /// <summary>HTML with a native &lt;progress&gt; element and the same text.</summary>
    public string ToHtml()
    {
        var text = WebUtility.HtmlEncode(ToString());
        string progress = Total > 0 ? $"<progress value=\"{Done}\" max=\"{Total}\" style=\"width:240px;vertical-align:middle\"></progress> " : "";
        return $"<div class=\"nc-progress\" style=\"font-family:monospace\">{progress}<span>{text}</span></div>";
    }

    /// <inheritdoc />
    public MimeBundle ToMimeBundle() => new MimeBundle().Add("text/plain", ToString()).Add("text/html", ToHtml());

    private static string Bar(double f, int width)
    {
        // Eighth-block characters give the bar sub-character resolution.
        const string partial = " ▏▎▍▌▋▊▉";
        double cells = f * width;
        int full = (int)Math.Floor(cells);
        var sb = new StringBuilder(new string('█', full));
        if (full < width)
        {
            sb.Append(partial[(int)Math.Floor((cells - full) * 8)]);
            sb.Append(' ', width - full - 1);
        }
        return sb.ToString();
    }

    private static string Clock(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}" : $"{t.Minutes:00}:{t.Seconds:00}";
    }

    private static string Rate(double r) => r >= 1 || r == 0
        ? r.ToString("0.00", CultureInfo.InvariantCulture) + " it/s"
        : (1 / r).ToString("0.00", CultureInfo.InvariantCulture) + " s/it";
}
