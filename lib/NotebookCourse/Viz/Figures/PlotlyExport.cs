using System.Text.Json.Nodes;

namespace NotebookCourse.Viz;

/// <summary>Converts a <see cref="Figure"/> to Plotly's figure JSON: {data: [...traces], layout: {...}}.</summary>
internal static class PlotlyExport
{
    public static JsonObject ToJson(Figure fig)
    {
        var data = new JsonArray();
        var layout = new JsonObject
        {
            ["width"] = fig.Width,
            ["height"] = fig.Height,
            ["template"] = "plotly_white",
            ["margin"] = new JsonObject { ["t"] = fig.SupTitle is null && fig.AllAxes.Count == 1 && fig.AllAxes[0].Title is null ? 20 : 60 },
            ["barmode"] = "group",
        };
        var annotations = new JsonArray();
        bool anyLegend = false;
        double gapX = 0.08, gapY = fig.Rows > 1 ? 0.2 : 0; // room for x labels and the next row's titles
        double topLimit = fig.SupTitle is null ? 1.0 : 0.94;
        for (int r = 0; r < fig.Rows; r++)
        {
            for (int c = 0; c < fig.Columns; c++)
            {
                int k = r * fig.Columns + c;
                var ax = fig.AllAxes[k];
                string suffix = k == 0 ? "" : (k + 1).ToString();
                double cw = 1.0 / fig.Columns, ch = topLimit / fig.Rows;
                double x0 = c * cw + (c > 0 ? gapX / 2 : 0), x1 = (c + 1) * cw - (c < fig.Columns - 1 ? gapX / 2 : 0);
                double y1 = topLimit - r * ch - (r > 0 ? gapY / 2 : 0), y0 = topLimit - (r + 1) * ch + (r < fig.Rows - 1 ? gapY / 2 : 0);
                bool heat = ax.Traces.OfType<HeatmapTrace>().Any();
                if (heat) x1 -= 0.08 * cw; // room for this axes' own colour bar
                var xaxis = new JsonObject { ["domain"] = new JsonArray(x0, x1), ["anchor"] = "y" + suffix };
                var yaxis = new JsonObject { ["domain"] = new JsonArray(y0, y1), ["anchor"] = "x" + suffix };
                if (ax.XLabel is not null) xaxis["title"] = new JsonObject { ["text"] = HtmlText(ax.XLabel) };
                if (ax.YLabel is not null) yaxis["title"] = new JsonObject { ["text"] = HtmlText(ax.YLabel) };
                if (ax.XLim is { } xl) xaxis["range"] = new JsonArray(xl.Min, xl.Max);
                if (ax.YLim is { } yl) yaxis["range"] = new JsonArray(yl.Min, yl.Max);
                if (heat) yaxis["autorange"] = "reversed";
                layout["xaxis" + suffix] = xaxis;
                layout["yaxis" + suffix] = yaxis;
                if (ax.Title is not null)
                {
                    annotations.Add(new JsonObject
                    {
                        ["text"] = $"<b>{HtmlText(ax.Title)}</b>", ["showarrow"] = false, ["xref"] = "paper", ["yref"] = "paper",
                        ["x"] = (x0 + x1) / 2, ["y"] = y1, ["xanchor"] = "center", ["yanchor"] = "bottom", ["font"] = new JsonObject { ["size"] = 14 },
                    });
                }
                anyLegend |= ax.LegendVisible;
                int colorIndex = 0;
                foreach (var t in ax.Traces)
                {
                    var color = t.Color ?? Colors.Palette[colorIndex++ % Colors.Palette.Count];
                    var j = Trace(t, color, ax.LegendVisible);
                    if (t is HeatmapTrace)
                        j["colorbar"] = new JsonObject { ["x"] = x1 + 0.01, ["xanchor"] = "left", ["y"] = (y0 + y1) / 2, ["len"] = y1 - y0, ["thickness"] = 12 };
                    if (k > 0) { j["xaxis"] = "x" + suffix; j["yaxis"] = "y" + suffix; }
                    data.Add(j);
                }
            }
        }
        if (fig.SupTitle is not null) layout["title"] = new JsonObject { ["text"] = HtmlText(fig.SupTitle) };
        layout["showlegend"] = anyLegend;
        if (annotations.Count > 0) layout["annotations"] = annotations;
        return new JsonObject { ["data"] = data, ["layout"] = layout };
    }

    private static JsonObject Trace(Trace t, string color, bool legend)
    {
        var j = new JsonObject();
        if (t.Name is not null) j["name"] = HtmlText(t.Name);
        j["showlegend"] = legend && t.Name is not null;
        switch (t)
        {
            case XYTrace xy:
                j["type"] = "scatter";
                j["mode"] = xy.Mode switch { LineMode.Lines => "lines", LineMode.Markers => "markers", _ => "lines+markers" };
                j["x"] = Numbers(xy.X);
                j["y"] = Numbers(xy.Y);
                j["line"] = new JsonObject { ["color"] = color, ["width"] = 2, ["dash"] = xy.Dashed ? "dash" : "solid" };
                j["marker"] = new JsonObject { ["color"] = color, ["size"] = xy.MarkerSize };
                break;
            case BarTrace bar:
                j["type"] = "bar";
                j["x"] = new JsonArray(bar.Categories.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
                j["y"] = Numbers(bar.Values);
                j["marker"] = new JsonObject { ["color"] = color };
                break;
            case HistogramTrace h:
                // Sent as bars so the interactive view shows exactly the bins the static view shows.
                j["type"] = "bar";
                j["x"] = Numbers(h.Counts.Select((_, i) => (h.Edges[i] + h.Edges[i + 1]) / 2).ToArray());
                j["width"] = Numbers(h.Counts.Select((_, i) => h.Edges[i + 1] - h.Edges[i]).ToArray());
                j["y"] = Numbers(h.Counts);
                j["marker"] = new JsonObject { ["color"] = color, ["line"] = new JsonObject { ["color"] = "white", ["width"] = 1 } };
                break;
            case HeatmapTrace hm:
                j["type"] = "heatmap";
                int rows = hm.Z.GetLength(0), cols = hm.Z.GetLength(1);
                var z = new JsonArray();
                for (int r = 0; r < rows; r++) z.Add(Numbers(Enumerable.Range(0, cols).Select(c => hm.Z[r, c]).ToArray()));
                j["z"] = z;
                j["x"] = new JsonArray(hm.ColumnLabels.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
                j["y"] = new JsonArray(hm.RowLabels.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
                j["colorscale"] = new JsonArray(Colors.PlotlyScale().Select(p => (JsonNode?)new JsonArray(p.Item1, p.Item2)).ToArray());
                if (hm.Annotate)
                {
                    j["texttemplate"] = "%{z}";
                    j["hovertemplate"] = "%{y} → %{x}: %{z}<extra></extra>";
                }
                break;
        }
        return j;
    }

    /// <summary>Numbers as JSON; NaN and infinities become null (JSON has no NaN; Plotly draws a gap).</summary>
    internal static JsonArray Numbers(double[] v) =>
        new(v.Select(x => double.IsFinite(x) ? (JsonNode?)JsonValue.Create(x) : null).ToArray());

    /// <summary>Plotly titles accept a small HTML subset, so &lt; and &amp; in user text must be escaped.</summary>
    internal static string HtmlText(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
