using System.Text;
using System.Text.Json.Nodes;

namespace NotebookCourse.Viz;

/// <summary>Writing figures to disk: atomic writes and the standalone Plotly HTML page.</summary>
public static class FigureFiles
{
    /// <summary>Writes text (UTF-8, no BOM) to a temp file in the same folder, then renames it over the target.</summary>
    public static void WriteAtomic(string path, string text) => WriteAtomic(path, new UTF8Encoding(false).GetBytes(text));

    /// <summary>Writes bytes to a temp file in the same folder, then renames it over the target.</summary>
    public static void WriteAtomic(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(tmp, bytes);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>
    /// A standalone HTML page with the Plotly figure. With <paramref name="plotlyJsPath"/> the page loads that local
    /// plotly.js; without it the page shows the static SVG and a note on how to get the interactive view.
    /// </summary>
    public static string PlotlyHtml(JsonObject figure, string title, string? plotlyJsPath, string? svgFallback = null)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"es\"><head><meta charset=\"utf-8\"><title>")
          .Append(SvgWriter.Escape(title)).Append("</title>");
        if (plotlyJsPath is not null)
            sb.Append("<script src=\"").Append(SvgWriter.Escape(ToUrl(plotlyJsPath))).Append("\"></script>");
        sb.Append("</head><body>\n<div id=\"figure\">");
        if (svgFallback is not null) sb.Append(svgFallback);
        sb.Append("</div>\n");
        if (plotlyJsPath is null)
        {
            sb.Append("<p class=\"note\">Interactive view unavailable: this page was saved without a plotly.js path ")
              .Append("(pass plotlyJsPath to Save, e.g. node_modules/plotly.js-dist-min/plotly.min.js). The static picture is shown above.</p>\n");
        }
        // "</" inside a script would end it early, so the JSON escapes it.
        var json = figure.ToJsonString().Replace("</", "<\\/");
        sb.Append("<script type=\"application/json\" id=\"figure-data\">").Append(json).Append("</script>\n");
        if (plotlyJsPath is not null)
        {
            sb.Append("<script>(function(){var f=JSON.parse(document.getElementById('figure-data').textContent);")
              .Append("var d=document.getElementById('figure');d.innerHTML='';")
              .Append("if(window.Plotly){Plotly.newPlot(d,f.data,f.layout,{responsive:true});}")
              .Append("else{d.textContent='plotly.js could not be loaded from the given path.';}})();</script>\n");
        }
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static string ToUrl(string path) =>
        path.Contains("://", StringComparison.Ordinal) || path.StartsWith('/') && !File.Exists(path) ? path
        : Path.IsPathRooted(path) ? new Uri(path).AbsoluteUri : path.Replace('\\', '/');
}
