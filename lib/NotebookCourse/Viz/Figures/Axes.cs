namespace NotebookCourse.Viz;

/// <summary>One plotting area of a figure: its series, title, axis labels, limits and legend switch.</summary>
public sealed class Axes
{
    internal List<Trace> TraceList { get; } = new();

    /// <summary>The series, in drawing order.</summary>
    public IReadOnlyList<Trace> Traces => TraceList;
    /// <summary>Title above the axes.</summary>
    public string? Title { get; set; }
    /// <summary>x-axis label.</summary>
    public string? XLabel { get; set; }
    /// <summary>y-axis label.</summary>
    public string? YLabel { get; set; }
    /// <summary>Fixed x range (null: from the data).</summary>
    public (double Min, double Max)? XLim { get; set; }
    /// <summary>Fixed y range (null: from the data).</summary>
    public (double Min, double Max)? YLim { get; set; }
    /// <summary>Whether to draw a legend (null: automatically when more than one named series).</summary>
    public bool? ShowLegend { get; set; }

    /// <summary>True when the x axis holds categories (bars, heatmaps) rather than numbers.</summary>
    public bool IsCategorical => TraceList.Any(t => t is BarTrace or HeatmapTrace);

    /// <summary>Whether a legend is drawn.</summary>
    public bool LegendVisible => ShowLegend ?? TraceList.Count(t => t.Name is not null && t is not HeatmapTrace) > 1;
}
