namespace NotebookCourse.Viz;

/// <summary>One data series drawn on an axes. The SVG renderer and the Plotly export both read these records.</summary>
public abstract record Trace(string? Name)
{
    /// <summary>Colour (CSS); null picks the next palette colour.</summary>
    public string? Color { get; init; }
}

/// <summary>How a line/scatter series is drawn.</summary>
public enum LineMode
{
    /// <summary>Connected line.</summary>
    Lines,
    /// <summary>Markers only.</summary>
    Markers,
    /// <summary>Line with markers.</summary>
    LinesAndMarkers,
}

/// <summary>A line or scatter series (x, y pairs; NaN leaves a gap).</summary>
public sealed record XYTrace(string? Name, double[] X, double[] Y, LineMode Mode, double MarkerSize = 5, bool Dashed = false) : Trace(Name);

/// <summary>Bars over categories.</summary>
public sealed record BarTrace(string? Name, string[] Categories, double[] Values) : Trace(Name);

/// <summary>A histogram, binned by the course (so the static and interactive views agree).</summary>
public sealed record HistogramTrace(string? Name, double[] Edges, double[] Counts) : Trace(Name);

/// <summary>A matrix of values drawn as coloured cells; row 0 is drawn at the top.</summary>
public sealed record HeatmapTrace(string? Name, double[,] Z, string[] ColumnLabels, string[] RowLabels, bool Annotate, string ValueFormat = "0.##") : Trace(Name);
