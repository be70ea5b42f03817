using NotebookCourse.Runtime;

namespace NotebookCourse.Viz;

/// <summary>
/// Live training curves (like d2l's ProgressBoard): add points to named series while training and the line figure
/// is redrawn in place, at most twice a second; <see cref="Finish"/> draws the final state. Series can be grouped
/// into panels (side-by-side subplots), e.g. "pérdida" and "exactitud".
/// </summary>
/// <example><code>
/// var board = new TrainingBoard("Entrenamiento", xLabel: "época");
/// board.Add("entrenamiento", epoch, trainLoss, panel: "pérdida");
/// board.Add("validación", epoch, valAcc, panel: "exactitud");
/// board.Finish();
/// </code></example>
public sealed class TrainingBoard : IRichDisplay
{
    private readonly Dictionary<string, Dictionary<string, (List<double> X, List<double> Y)>> _panels = new();
    private readonly List<string> _panelOrder = new();
    private readonly Dictionary<string, List<string>> _seriesOrder = new();
    private readonly IDisplaySink? _sink;
    private readonly Throttle _throttle;
    private bool _shown;

    /// <summary>Title over the figure.</summary>
    public string Title { get; }
    /// <summary>x-axis label.</summary>
    public string XLabel { get; }
    /// <summary>The display id used for in-place updates.</summary>
    public string DisplayId { get; } = "nc-board-" + Guid.NewGuid().ToString("N");
    /// <summary>How many times the figure was sent to the display.</summary>
    public int Redraws { get; private set; }

    /// <summary>Creates a board; outside a notebook it draws nothing until <see cref="Finish"/> (which prints a summary).</summary>
    public TrainingBoard(string title = "Entrenamiento", string xLabel = "época", IDisplaySink? sink = null,
        bool? inNotebook = null, Func<TimeSpan>? clock = null, double maxUpdatesPerSecond = 2)
    {
        Title = title; XLabel = xLabel;
        _sink = sink ?? ((inNotebook ?? NotebookHost.InNotebook) ? NotebookHost.Display : null);
        _throttle = new Throttle(TimeSpan.FromSeconds(1 / maxUpdatesPerSecond), clock);
    }

    /// <summary>Adds one point to a series (in the given panel; default panel "") and redraws if the rate limit allows.</summary>
    public void Add(string series, double x, double y, string panel = "")
    {
        if (!_panels.TryGetValue(panel, out var p))
        {
            _panels[panel] = p = new();
            _panelOrder.Add(panel);
            _seriesOrder[panel] = new();
        }
        if (!p.TryGetValue(series, out var s))
        {
            p[series] = s = (new List<double>(), new List<double>());
            _seriesOrder[panel].Add(series);
        }
        s.X.Add(x);
        s.Y.Add(y);
        Draw(force: false);
    }

    /// <summary>Draws the final state (ignores the rate limit). Outside a notebook, shows it once through the host.</summary>
    public void Finish()
    {
        if (_sink is null) { NotebookHost.Show(this); return; }
        Draw(force: true);
    }

    private void Draw(bool force)
    {
        if (_sink is null || !_throttle.Ready(force)) return;
        var bundle = ToMimeBundle();
        if (_shown) _sink.Update(bundle, DisplayId); else _sink.Display(bundle, DisplayId);
        _shown = true;
        Redraws++;
    }

    /// <summary>The current curves as a figure (one subplot per panel).</summary>
    public Figure ToFigure()
    {
        var fig = Figure.Subplots(1, Math.Max(1, _panelOrder.Count));
        if (_panelOrder.Count > 1 || _panelOrder.FirstOrDefault() is { Length: > 0 }) fig.SuperTitle(Title);
        else fig.Title(Title);
        // One colour per series name across panels, so "validación" looks the same in every panel.
        var colors = new Dictionary<string, string>();
        for (int i = 0; i < _panelOrder.Count; i++)
        {
            var panel = _panelOrder[i];
            fig.At(0, i).XLabel(XLabel);
            if (panel.Length > 0) fig.Title(panel);
            foreach (var name in _seriesOrder[panel])
            {
                var (x, y) = _panels[panel][name];
                if (!colors.TryGetValue(name, out var color))
                    colors[name] = color = Colors.Palette[colors.Count % Colors.Palette.Count];
                fig.Line(x, y, name, color);
            }
            fig.Legend();
        }
        return fig;
    }

    /// <summary>Latest value of every series, e.g. "pérdida/entrenamiento=0.412".</summary>
    public override string ToString()
    {
        var parts = _panelOrder.SelectMany(p => _seriesOrder[p].Select(s =>
            $"{(p.Length > 0 ? p + "/" : "")}{s}={TableColumn.FormatDouble(_panels[p][s].Y[^1])}"));
        return $"TrainingBoard '{Title}': " + string.Join(", ", parts);
    }

    /// <inheritdoc />
    public MimeBundle ToMimeBundle()
    {
        var b = ToFigure().ToMimeBundle();
        b.Add("text/plain", ToString());
        return b;
    }
}
