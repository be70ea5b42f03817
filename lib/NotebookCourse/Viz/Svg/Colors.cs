namespace NotebookCourse.Viz;

/// <summary>Series palette and the colour map for heatmaps and images.</summary>
public static class Colors
{
    /// <summary>Ten distinguishable series colours (same order in SVG and Plotly).</summary>
    public static IReadOnlyList<string> Palette { get; } =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    // Anchor colours of the perceptually uniform "viridis" map, evenly spaced from 0 to 1.
    private static readonly (byte R, byte G, byte B)[] Viridis =
    [
        (68, 1, 84), (72, 40, 120), (62, 73, 137), (49, 104, 142), (38, 130, 142),
        (31, 158, 137), (53, 183, 121), (109, 205, 89), (180, 222, 44), (253, 231, 37),
    ];

    /// <summary>Viridis colour for t in [0, 1] (clamped), as (r, g, b).</summary>
    public static (byte R, byte G, byte B) Map(double t)
    {
        if (double.IsNaN(t)) return (255, 255, 255);
        t = Math.Clamp(t, 0, 1) * (Viridis.Length - 1);
        int i = Math.Min((int)t, Viridis.Length - 2);
        double f = t - i;
        var (a, b) = (Viridis[i], Viridis[i + 1]);
        return ((byte)Math.Round(a.R + (b.R - a.R) * f), (byte)Math.Round(a.G + (b.G - a.G) * f), (byte)Math.Round(a.B + (b.B - a.B) * f));
    }

    /// <summary>Viridis colour as a CSS hex string.</summary>
    public static string MapHex(double t)
    {
        var (r, g, b) = Map(t);
        return $"#{r:x2}{g:x2}{b:x2}";
    }

    /// <summary>The Plotly colourscale equivalent to <see cref="Map"/>.</summary>
    internal static IEnumerable<(double, string)> PlotlyScale() =>
        Enumerable.Range(0, Viridis.Length).Select(i => (i / (double)(Viridis.Length - 1), $"rgb({Viridis[i].R},{Viridis[i].G},{Viridis[i].B})"));

    /// <summary>Black or white, whichever reads better on a viridis cell of value t.</summary>
    internal static string TextOn(double t) => t > 0.6 ? "#111" : "#fff";
}
