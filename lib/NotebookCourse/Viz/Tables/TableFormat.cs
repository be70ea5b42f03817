using System.Net;
using System.Text;

namespace NotebookCourse.Viz;

public sealed partial class Table
{
    /// <summary>Rows shown before the middle is elided in displays.</summary>
    public const int DisplayRows = 20;

    private int[] ShownRows(out bool elided)
    {
        elided = RowCount > DisplayRows;
        if (!elided) return Enumerable.Range(0, RowCount).ToArray();
        int half = DisplayRows / 2;
        return Enumerable.Range(0, half).Concat(Enumerable.Range(RowCount - half, half)).ToArray();
    }

    /// <summary>Aligned text: numbers right-aligned, text left-aligned; long tables show first and last rows.</summary>
    public override string ToString()
    {
        var rows = ShownRows(out bool elided);
        var cells = _columns.Select(c => rows.Select(c.Format).Prepend(c.Name).ToArray()).ToArray();
        var widths = cells.Select(col => col.Max(s => s.Length)).ToArray();
        var sb = new StringBuilder();
        if (Caption is not null) sb.AppendLine(Caption);
        for (int line = 0; line <= rows.Length; line++)
        {
            if (elided && line == DisplayRows / 2 + 1) sb.AppendLine(string.Join("  ", widths.Select(w => "…".PadLeft(w))));
            for (int c = 0; c < cells.Length; c++)
            {
                if (c > 0) sb.Append("  ");
                var s = cells[c][line];
                sb.Append(_columns[c].IsNumeric ? s.PadLeft(widths[c]) : s.PadRight(widths[c]));
            }
            sb.Append('\n');
            if (line == 0) sb.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        }
        sb.Append($"[{RowCount} rows x {_columns.Count} columns]");
        return sb.ToString();
    }

    /// <summary>An HTML table (escaped), numbers right-aligned, with the column types in a tooltip.</summary>
    public string ToHtml()
    {
        var rows = ShownRows(out bool elided);
        var sb = new StringBuilder("<table class=\"nc-table\" style=\"border-collapse:collapse;font-variant-numeric:tabular-nums\">");
        if (Caption is not null) sb.Append("<caption>").Append(WebUtility.HtmlEncode(Caption)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var c in _columns)
            sb.Append($"<th title=\"{c.Type}\" style=\"text-align:{(c.IsNumeric ? "right" : "left")};padding:2px 8px;border-bottom:1px solid #999\">")
              .Append(WebUtility.HtmlEncode(c.Name)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        for (int i = 0; i < rows.Length; i++)
        {
            if (elided && i == DisplayRows / 2)
                sb.Append($"<tr><td colspan=\"{_columns.Count}\" style=\"text-align:center\">…</td></tr>");
            sb.Append("<tr>");
            foreach (var c in _columns)
                sb.Append($"<td style=\"text-align:{(c.IsNumeric ? "right" : "left")};padding:2px 8px\">")
                  .Append(WebUtility.HtmlEncode(c.Format(rows[i]))).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append($"</tbody></table><p style=\"color:#666;font-size:small\">{RowCount} rows × {_columns.Count} columns</p>");
        return sb.ToString();
    }
}
