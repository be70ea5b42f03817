using System.Numerics;
using System.Text.Json.Nodes;
using NotebookCourse.Runtime;

namespace NotebookCourse.Viz;

/// <summary>
/// A figure: one or more <see cref="Axes"/> in a grid, built fluently. Calls like <c>Line</c> or <c>Title</c> act on
/// the current axes (the first one, or the one picked with <see cref="At"/>). In a notebook it displays as an
/// interactive Plotly chart with a static SVG fallback (for GitHub and offline viewers) and a text summary.
/// </summary>
/// <example><code>
/// Figure.Create().Line(epochs, train, "entrenamiento").Line(epochs, val, "validación")
///       .Title("Pérdida").XLabel("época").YLabel("pérdida").Legend();
/// Figure.Subplots(1, 2).At(0, 0).Line(loss).At(0, 1).Bar(names, counts);
/// </code></example>
public sealed class Figure : IRichDisplay
{
    private readonly Axes[] _axes;
    private int _current;

    /// <summary>Rows of the axes grid.</summary>
    public int Rows { get; }
    /// <summary>Columns of the axes grid.</summary>
    public int Columns { get; }
    /// <summary>Overall title (above all axes).</summary>
    public string? SupTitle { get; private set; }
    /// <summary>Width in pixels.</summary>
    public int Width { get; private set; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; private set; }

    private Figure(int rows, int cols)
    {
        if (rows < 1 || cols < 1) throw new ArgumentException($"Figure: need at least 1x1 axes, got {rows}x{cols}");
        Rows = rows; Columns = cols;
        _axes = Enumerable.Range(0, rows * cols).Select(_ => new Axes()).ToArray();
        Width = Math.Max(640, 360 * cols);
        Height = Math.Max(400, 300 * rows);
    }

    /// <summary>A figure with a single axes.</summary>
    public static Figure Create() => new(1, 1);

    /// <summary>A figure with a rows × columns grid of axes.</summary>
    public static Figure Subplots(int rows, int columns) => new(rows, columns);

    /// <summary>All axes, row by row.</summary>
    public IReadOnlyList<Axes> AllAxes => _axes;

    /// <summary>The axes that fluent calls act on.</summary>
    public Axes Current => _axes[_current];

    /// <summary>Makes the axes at (row, column) current.</summary>
    public Figure At(int row, int column)
    {
        if ((uint)row >= Rows || (uint)column >= Columns)
            throw new ArgumentOutOfRangeException(nameof(row), $"Figure.At: ({row}, {column}) is outside the {Rows}x{Columns} grid");
        _current = row * Columns + column;
        return this;
    }

    /// <summary>Adds a line (y against x); any numeric element types (double, float, int, …).</summary>
    public Figure Line<TX, TY>(IEnumerable<TX> xs, IEnumerable<TY> ys, string? name = null, string? color = null, bool dashed = false)
        where TX : INumberBase<TX> where TY : INumberBase<TY> =>
        AddXY(ToDouble(xs), ToDouble(ys), name, LineMode.Lines, color, dashed: dashed);

    /// <summary>Adds a line of y against 0, 1, 2, …</summary>
    public Figure Line<T>(IEnumerable<T> ys, string? name = null, string? color = null) where T : INumberBase<T>
    {
        var y = ToDouble(ys);
        return AddXY(Enumerable.Range(0, y.Length).Select(i => (double)i), y, name, LineMode.Lines, color);
    }

    /// <summary>Adds a scatter series.</summary>
    public Figure Scatter<TX, TY>(IEnumerable<TX> xs, IEnumerable<TY> ys, string? name = null, string? color = null, double size = 5)
        where TX : INumberBase<TX> where TY : INumberBase<TY> =>
        AddXY(ToDouble(xs), ToDouble(ys), name, LineMode.Markers, color, size);

    /// <summary>Numbers of any type as doubles (the figure stores doubles).</summary>
    internal static double[] ToDouble<T>(IEnumerable<T> values) where T : INumberBase<T> =>
        values.Select(double.CreateTruncating).ToArray(); // a copy: later changes to the caller's list do not alter the figure

    private Figure AddXY(IEnumerable<double> xs, IEnumerable<double> ys, string? name, LineMode mode, string? color, double size = 5, bool dashed = false)
    {
        var x = xs.ToArray();
        var y = ys.ToArray();
        if (x.Length != y.Length) throw new ArgumentException($"Figure.{mode}: x has {x.Length} values but y has {y.Length}" + (name is null ? "" : $" (series '{name}')"));
        Current.TraceList.Add(new XYTrace(name, x, y, mode, size, dashed) { Color = color });
        return this;
    }

    /// <summary>Adds bars over categories.</summary>
    public Figure Bar<T>(IEnumerable<string> categories, IEnumerable<T> values, string? name = null, string? color = null) where T : INumberBase<T>
    {
        var c = categories.ToArray();
        var v = ToDouble(values);
        if (c.Length != v.Length) throw new ArgumentException($"Figure.Bar: {c.Length} categories but {v.Length} values");
        Current.TraceList.Add(new BarTrace(name, c, v) { Color = color });
        return this;
    }

    /// <summary>Adds a histogram with equal-width bins between the data's min and max (or <paramref name="range"/>).</summary>
    public Figure Histogram<T>(IEnumerable<T> values, int bins = 20, string? name = null, (double Min, double Max)? range = null, string? color = null)
        where T : INumberBase<T>
    {
        if (bins < 1) throw new ArgumentException($"Figure.Histogram: bins must be ≥ 1, got {bins}");
        var v = ToDouble(values).Where(double.IsFinite).ToArray();
        double lo = range?.Min ?? (v.Length > 0 ? v.Min() : 0), hi = range?.Max ?? (v.Length > 0 ? v.Max() : 1);
        if (hi <= lo) hi = lo + 1;
        var edges = Enumerable.Range(0, bins + 1).Select(i => lo + (hi - lo) * i / bins).ToArray();
        var counts = new double[bins];
        foreach (var x in v)
        {
            if (x < lo || x > hi) continue;
            int b = Math.Min(bins - 1, (int)((x - lo) / (hi - lo) * bins)); // the last bin includes its right edge
            counts[b]++;
        }
        Current.TraceList.Add(new HistogramTrace(name, edges, counts) { Color = color });
        return this;
    }

    /// <summary>Adds a heatmap; labels default to 0, 1, 2, …</summary>
    public Figure Heatmap(double[,] z, IEnumerable<string>? columnLabels = null, IEnumerable<string>? rowLabels = null, bool annotate = false, string valueFormat = "0.##")
    {
        int r = z.GetLength(0), c = z.GetLength(1);
        var cl = columnLabels?.ToArray() ?? Enumerable.Range(0, c).Select(i => i.ToString()).ToArray();
        var rl = rowLabels?.ToArray() ?? Enumerable.Range(0, r).Select(i => i.ToString()).ToArray();
        if (cl.Length != c || rl.Length != r)
            throw new ArgumentException($"Figure.Heatmap: matrix is {r}x{c} but got {rl.Length} row labels and {cl.Length} column labels");
        Current.TraceList.Add(new HeatmapTrace(null, z, cl, rl, annotate, valueFormat));
        return this;
    }

    /// <summary>Adds a confusion matrix (rows: true class, columns: predicted), annotated with counts or row fractions.</summary>
    public Figure ConfusionMatrix(int[,] counts, IEnumerable<string> labels, bool normalize = false)
    {
        var l = labels.ToArray();
        int n = counts.GetLength(0);
        if (counts.GetLength(1) != n || l.Length != n)
            throw new ArgumentException($"Figure.ConfusionMatrix: need an n×n matrix and n labels, got {n}x{counts.GetLength(1)} and {l.Length} labels");
        var z = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int j = 0; j < n; j++) row += counts[i, j];
            for (int j = 0; j < n; j++) z[i, j] = normalize ? (row > 0 ? counts[i, j] / row : 0) : counts[i, j];
        }
        Heatmap(z, l, l, annotate: true, valueFormat: normalize ? "0.00" : "0");
        Current.XLabel ??= "predicción";
        Current.YLabel ??= "clase real";
        return this;
    }

    /// <summary>Sets the title of the current axes (or of the figure for a single axes).</summary>
    public Figure Title(string title) { Current.Title = title; return this; }
    /// <summary>Sets a title over the whole figure (useful with subplots).</summary>
    public Figure SuperTitle(string title) { SupTitle = title; return this; }
    /// <summary>Sets the x-axis label of the current axes.</summary>
    public Figure XLabel(string label) { Current.XLabel = label; return this; }
    /// <summary>Sets the y-axis label of the current axes.</summary>
    public Figure YLabel(string label) { Current.YLabel = label; return this; }
    /// <summary>Fixes the x range of the current axes.</summary>
    public Figure XLim(double min, double max) { Current.XLim = (min, max); return this; }
    /// <summary>Fixes the y range of the current axes.</summary>
    public Figure YLim(double min, double max) { Current.YLim = (min, max); return this; }
    /// <summary>Shows (or hides) the legend of the current axes.</summary>
    public Figure Legend(bool show = true) { Current.ShowLegend = show; return this; }
    /// <summary>Sets the size in pixels.</summary>
    public Figure Size(int width, int height)
    {
        if (width < 100 || height < 100) throw new ArgumentException($"Figure.Size: {width}x{height} is too small (min 100x100)");
        Width = width; Height = height;
        return this;
    }

    /// <summary>The static picture (SVG document).</summary>
    public string ToSvg() => FigureSvgRenderer.Render(this);

    /// <summary>The Plotly figure JSON ({data, layout}).</summary>
    public JsonObject ToPlotly() => PlotlyExport.ToJson(this);

    /// <summary>A short description, e.g. <c>Figure: 2 series, 'Pérdida'</c>.</summary>
    public override string ToString()
    {
        int series = _axes.Sum(a => a.Traces.Count);
        var titles = _axes.Select(a => a.Title).Prepend(SupTitle).Where(t => t is not null).Select(t => $"'{t}'").ToList();
        string grid = _axes.Length > 1 ? $"{Rows}x{Columns} axes, " : "";
        return $"Figure: {grid}{series} series" + (titles.Count > 0 ? ", " + string.Join(", ", titles) : "");
    }

    /// <inheritdoc />
    public MimeBundle ToMimeBundle() => new MimeBundle()
        .Add("text/plain", ToString())
        .Add("image/svg+xml", ToSvg())
        .Add("application/vnd.plotly.v1+json", ToPlotly());

    /// <summary>
    /// Saves as .svg, .html (Plotly; pass <paramref name="plotlyJsPath"/> to reference a local plotly.js) or .json
    /// (Plotly figure), atomically (temp file, then rename).
    /// </summary>
    public void Save(string path, string? plotlyJsPath = null)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".svg": FigureFiles.WriteAtomic(path, ToSvg()); break;
            case ".html": FigureFiles.WriteAtomic(path, FigureFiles.PlotlyHtml(ToPlotly(), ToString(), plotlyJsPath, ToSvg())); break;
            case ".json": FigureFiles.WriteAtomic(path, ToPlotly().ToJsonString()); break;
            case ".png": throw new ArgumentException($"Figure.Save: {path}: line/bar figures are vector graphics; save as .svg or .html (image grids save as .png)");
            default: throw new ArgumentException($"Figure.Save: unknown extension in '{path}'; use .svg, .html or .json");
        }
    }
}
