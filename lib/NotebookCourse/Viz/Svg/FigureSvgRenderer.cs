using System.Globalization;
using System.Text;

namespace NotebookCourse.Viz;

/// <summary>Draws a <see cref="Figure"/> as a standalone SVG: axes, nice ticks, labels, legend, colour bar.</summary>
internal static class FigureSvgRenderer
{
    private static int _documents;
    private const double CharWidth = 6.8; // average glyph width at 12 px, for layout estimates

    public static string Render(Figure fig)
    {
        var svg = new SvgWriter(fig.Width, fig.Height, fig.ToString());
        string idPrefix = "nc" + Interlocked.Increment(ref _documents).ToString(CultureInfo.InvariantCulture);
        double top = 0;
        if (fig.SupTitle is not null)
        {
            svg.Text(fig.Width / 2.0, 22, fig.SupTitle, "middle", 16, bold: true);
            top = 30;
        }
        double cellW = fig.Width / (double)fig.Columns, cellH = (fig.Height - top) / fig.Rows;
        for (int r = 0; r < fig.Rows; r++)
            for (int c = 0; c < fig.Columns; c++)
                DrawAxes(svg, fig.AllAxes[r * fig.Columns + c], c * cellW, top + r * cellH, cellW, cellH, $"{idPrefix}a{r * fig.Columns + c}");
        return svg.ToString();
    }

    private static void DrawAxes(SvgWriter svg, Axes ax, double x0, double y0, double w, double h, string id)
    {
        var heat = ax.Traces.OfType<HeatmapTrace>().FirstOrDefault();
        string[]? categories = heat?.ColumnLabels ?? (ax.IsCategorical ? ax.Traces.OfType<BarTrace>().SelectMany(b => b.Categories).Distinct().ToArray() : null);
        double longestCat = categories is null ? 0 : categories.Max(s => s.Length) * CharWidth;
        bool rotateCats = categories is not null && longestCat > (w - 90) / Math.Max(1, categories.Length) - 4;
        double left = 16 + (heat is not null ? heat.RowLabels.Max(s => s.Length) * CharWidth + 8 : 48) + (ax.YLabel is null ? 0 : 18);
        double bottom = 26 + (rotateCats ? Math.Min(90, longestCat * 0.72) : 0) + (ax.XLabel is null ? 0 : 18);
        double right = heat is not null ? 70 : 18, topPad = ax.Title is null ? 12 : 32;
        double px = x0 + left, py = y0 + topPad, pw = Math.Max(10, w - left - right), ph = Math.Max(10, h - topPad - bottom);

        if (ax.Title is not null) svg.Text(px + pw / 2, y0 + 20, ax.Title, "middle", 14, bold: true);
        if (ax.XLabel is not null) svg.Text(px + pw / 2, y0 + h - 8, ax.XLabel, "middle", 12);
        if (ax.YLabel is not null) svg.Text(x0 + 14, py + ph / 2, ax.YLabel, "middle", 12, rotate: -90);

        if (heat is not null) { DrawHeatmap(svg, heat, px, py, pw, ph, rotateCats); return; }

        var (ylo, yhi, yTicks) = YRange(ax);
        Func<double, double> sy = v => py + ph - (v - ylo) / (yhi - ylo) * ph;
        var ylabels = NiceScale.Labels(yTicks);
        for (int i = 0; i < yTicks.Length; i++)
        {
            double y = sy(yTicks[i]);
            svg.Line(px, y, px + pw, y, "#e6e6e6");
            svg.Text(px - 6, y + 4, ylabels[i], "end", 11, "#444");
        }

        Func<double, double> sx;
        if (categories is not null)
        {
            double slot = pw / categories.Length;
            sx = v => px + (v + 0.5) * slot;
            for (int i = 0; i < categories.Length; i++)
            {
                double x = sx(i);
                if (rotateCats) svg.Text(x, py + ph + 14, categories[i], "end", 11, "#444", rotate: -45);
                else svg.Text(x, py + ph + 16, categories[i], "middle", 11, "#444");
            }
        }
        else
        {
            var (xlo, xhi, xTicks) = XRange(ax);
            sx = v => px + (v - xlo) / (xhi - xlo) * pw;
            var xlabels = NiceScale.Labels(xTicks);
            for (int i = 0; i < xTicks.Length; i++)
            {
                double x = sx(xTicks[i]);
                svg.Line(x, py, x, py + ph, "#f0f0f0");
                svg.Line(x, py + ph, x, py + ph + 4, "#444");
                svg.Text(x, py + ph + 16, xlabels[i], "middle", 11, "#444");
            }
        }

        svg.Raw($"<clipPath id=\"{id}\"><rect x=\"{SvgWriter.N(px)}\" y=\"{SvgWriter.N(py)}\" width=\"{SvgWriter.N(pw)}\" height=\"{SvgWriter.N(ph)}\"/></clipPath><g clip-path=\"url(#{id})\">");
        int colorIndex = 0, barIndex = 0, barCount = ax.Traces.Count(t => t is BarTrace);
        var legend = new List<(string Name, string Color, bool Marker)>();
        foreach (var t in ax.Traces)
        {
            string color = t.Color ?? Colors.Palette[colorIndex++ % Colors.Palette.Count];
            switch (t)
            {
                case XYTrace xy:
                    DrawXY(svg, xy, sx, sy, color);
                    if (xy.Name is not null) legend.Add((xy.Name, color, xy.Mode == LineMode.Markers));
                    break;
                case BarTrace bar:
                    double slot = pw / categories!.Length, bw = slot * 0.8 / barCount;
                    for (int i = 0; i < bar.Values.Length; i++)
                    {
                        int k = Array.IndexOf(categories, bar.Categories[i]);
                        double bx = px + k * slot + slot * 0.1 + barIndex * bw, yv = sy(bar.Values[i]), y0v = sy(Math.Max(ylo, 0));
                        svg.Rect(bx, Math.Min(yv, y0v), bw, Math.Abs(y0v - yv), color, title: $"{bar.Categories[i]}: {Fmt(bar.Values[i])}");
                    }
                    barIndex++;
                    if (bar.Name is not null) legend.Add((bar.Name, color, false));
                    break;
                case HistogramTrace hist:
                    for (int i = 0; i < hist.Counts.Length; i++)
                    {
                        double a = sx(hist.Edges[i]), b = sx(hist.Edges[i + 1]), yv = sy(hist.Counts[i]);
                        svg.Rect(a, yv, b - a, sy(0) - yv, color, "white", $"[{Fmt(hist.Edges[i])}, {Fmt(hist.Edges[i + 1])}): {hist.Counts[i]}");
                    }
                    if (hist.Name is not null) legend.Add((hist.Name, color, false));
                    break;
            }
        }
        svg.Raw("</g>");
        svg.Rect(px, py, pw, ph, "none", "#444");
        if (ax.LegendVisible && legend.Count > 0) DrawLegend(svg, legend, px + pw, py);
    }

    private static void DrawXY(SvgWriter svg, XYTrace t, Func<double, double> sx, Func<double, double> sy, string color)
    {
        if (t.Mode != LineMode.Markers)
        {
            var d = new StringBuilder();
            bool pen = false;
            for (int i = 0; i < t.X.Length; i++)
            {
                if (!double.IsFinite(t.X[i]) || !double.IsFinite(t.Y[i])) { pen = false; continue; }
                d.Append(pen ? 'L' : 'M').Append(SvgWriter.N(sx(t.X[i]))).Append(',').Append(SvgWriter.N(sy(t.Y[i])));
                pen = true;
            }
            if (d.Length > 0) svg.Path(d.ToString(), color, 2, t.Dashed ? "6,4" : null);
        }
        if (t.Mode != LineMode.Lines)
            for (int i = 0; i < t.X.Length; i++)
                if (double.IsFinite(t.X[i]) && double.IsFinite(t.Y[i])) svg.Circle(sx(t.X[i]), sy(t.Y[i]), t.MarkerSize / 2 + 0.5, color);
    }

    private static void DrawLegend(SvgWriter svg, List<(string Name, string Color, bool Marker)> items, double right, double top)
    {
        double w = items.Max(i => i.Name.Length) * CharWidth + 40, h = items.Count * 18 + 8, x = right - w - 8, y = top + 8;
        svg.Rect(x, y, w, h, "white", "#bbb");
        for (int i = 0; i < items.Count; i++)
        {
            double cy = y + 13 + i * 18;
            if (items[i].Marker) svg.Circle(x + 18, cy, 4, items[i].Color);
            else svg.Line(x + 8, cy, x + 28, cy, items[i].Color, 3);
            svg.Text(x + 34, cy + 4, items[i].Name, "start", 12, cssClass: "legend");
        }
    }

    private static void DrawHeatmap(SvgWriter svg, HeatmapTrace t, double px, double py, double pw, double ph, bool rotate)
    {
        int rows = t.Z.GetLength(0), cols = t.Z.GetLength(1);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in t.Z) if (double.IsFinite(v)) { min = Math.Min(min, v); max = Math.Max(max, v); }
        if (!(max > min)) { max = min + 1; if (double.IsInfinity(min)) { min = 0; max = 1; } }
        double cw = pw / cols, ch = ph / rows;
        for (int r = 0; r < rows; r++)
        {
            svg.Text(px - 6, py + (r + 0.5) * ch + 4, t.RowLabels[r], "end", 11, "#444");
            for (int c = 0; c < cols; c++)
            {
                double v = t.Z[r, c], u = (v - min) / (max - min);
                string label = v.ToString(t.ValueFormat, CultureInfo.InvariantCulture);
                svg.Rect(px + c * cw, py + r * ch, cw + 0.5, ch + 0.5, Colors.MapHex(u), title: $"{t.RowLabels[r]} → {t.ColumnLabels[c]}: {label}");
                if (t.Annotate && cw > 14 && ch > 10)
                    svg.Text(px + (c + 0.5) * cw, py + (r + 0.5) * ch + 4, label, "middle", Math.Min(12, ch * 0.6), Colors.TextOn(u));
            }
        }
        for (int c = 0; c < cols; c++)
        {
            double x = px + (c + 0.5) * cw;
            if (rotate) svg.Text(x, py + ph + 14, t.ColumnLabels[c], "end", 11, "#444", rotate: -45);
            else svg.Text(x, py + ph + 16, t.ColumnLabels[c], "middle", 11, "#444");
        }
        // Colour bar with a few nice ticks.
        double bx = px + pw + 14;
        const int steps = 40;
        for (int i = 0; i < steps; i++)
            svg.Rect(bx, py + ph - (i + 1) * ph / steps, 14, ph / steps + 0.5, Colors.MapHex((i + 0.5) / steps));
        var (_, _, ticks) = NiceScale.Ticks(min, max, 4);
        var labels = NiceScale.Labels(ticks);
        for (int i = 0; i < ticks.Length; i++)
        {
            if (ticks[i] < min - 1e-9 || ticks[i] > max + 1e-9) continue;
            double y = py + ph - (ticks[i] - min) / (max - min) * ph;
            svg.Line(bx + 14, y, bx + 18, y, "#444");
            svg.Text(bx + 20, y + 4, labels[i], "start", 10, "#444");
        }
    }

    private static (double, double, double[]) YRange(Axes ax)
    {
        if (ax.YLim is { } l) return (l.Min, l.Max, NiceScale.Ticks(l.Min, l.Max).Ticks.Where(t => t >= l.Min - 1e-12 && t <= l.Max + 1e-12).ToArray());
        var ys = new List<double>();
        foreach (var t in ax.Traces)
        {
            switch (t)
            {
                case XYTrace xy: ys.AddRange(xy.Y.Where(double.IsFinite)); break;
                case BarTrace b: ys.AddRange(b.Values.Where(double.IsFinite)); ys.Add(0); break;
                case HistogramTrace hst: ys.AddRange(hst.Counts); ys.Add(0); break;
            }
        }
        return NiceScale.Ticks(ys.Count > 0 ? ys.Min() : 0, ys.Count > 0 ? ys.Max() : 1);
    }

    private static (double, double, double[]) XRange(Axes ax)
    {
        if (ax.XLim is { } l) return (l.Min, l.Max, NiceScale.Ticks(l.Min, l.Max).Ticks.Where(t => t >= l.Min - 1e-12 && t <= l.Max + 1e-12).ToArray());
        var xs = new List<double>();
        foreach (var t in ax.Traces)
        {
            if (t is XYTrace xy) xs.AddRange(xy.X.Where(double.IsFinite));
            if (t is HistogramTrace h) { xs.Add(h.Edges[0]); xs.Add(h.Edges[^1]); }
        }
        return NiceScale.Ticks(xs.Count > 0 ? xs.Min() : 0, xs.Count > 0 ? xs.Max() : 1);
    }

    private static string Fmt(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
