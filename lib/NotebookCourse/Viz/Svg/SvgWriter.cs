using System.Globalization;
using System.Text;

namespace NotebookCourse.Viz;

/// <summary>Builds an SVG document as text; every attribute and text node is XML-escaped.</summary>
internal sealed class SvgWriter
{
    private readonly StringBuilder _sb = new();
    private readonly int _width, _height;

    public SvgWriter(int width, int height, string? description)
    {
        _width = width; _height = height;
        _sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" font-size=\"12\">");
        if (description is not null) _sb.Append("<desc>").Append(Escape(description)).Append("</desc>");
        _sb.Append($"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
    }

    /// <summary>Escapes text for XML content and attribute values; drops characters XML 1.0 forbids.</summary>
    public static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            switch (ch)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                default:
                    if (ch >= 0x20 || ch is '\t' or '\n' or '\r') sb.Append(ch);
                    break;
            }
        }
        return sb.ToString();
    }

    public static string N(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    public SvgWriter Raw(string s) { _sb.Append(s); return this; }

    public SvgWriter Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null)
    {
        _sb.Append($"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{Escape(stroke)}\" stroke-width=\"{N(width)}\"");
        if (dash is not null) _sb.Append($" stroke-dasharray=\"{dash}\"");
        _sb.Append("/>");
        return this;
    }

    public SvgWriter Rect(double x, double y, double w, double h, string fill, string? stroke = null, string? title = null)
    {
        _sb.Append($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(0, w))}\" height=\"{N(Math.Max(0, h))}\" fill=\"{Escape(fill)}\"");
        if (stroke is not null) _sb.Append($" stroke=\"{Escape(stroke)}\"");
        if (title is null) _sb.Append("/>");
        else _sb.Append("><title>").Append(Escape(title)).Append("</title></rect>");
        return this;
    }

    public SvgWriter Circle(double cx, double cy, double r, string fill)
    {
        _sb.Append($"<circle cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"{N(r)}\" fill=\"{Escape(fill)}\"/>");
        return this;
    }

    public SvgWriter Path(string d, string stroke, double width, string? dash = null)
    {
        _sb.Append($"<path d=\"{d}\" fill=\"none\" stroke=\"{Escape(stroke)}\" stroke-width=\"{N(width)}\" stroke-linejoin=\"round\"");
        if (dash is not null) _sb.Append($" stroke-dasharray=\"{dash}\"");
        _sb.Append("/>");
        return this;
    }

    /// <summary>A text node; anchor is start, middle or end; rotate in degrees about (x, y).</summary>
    public SvgWriter Text(double x, double y, string text, string anchor = "start", double size = 12, string fill = "#222",
        double rotate = 0, bool bold = false, string? cssClass = null)
    {
        _sb.Append($"<text x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\" font-size=\"{N(size)}\" fill=\"{fill}\"");
        if (bold) _sb.Append(" font-weight=\"bold\"");
        if (cssClass is not null) _sb.Append($" class=\"{cssClass}\"");
        if (rotate != 0) _sb.Append($" transform=\"rotate({N(rotate)} {N(x)} {N(y)})\"");
        _sb.Append('>').Append(Escape(text)).Append("</text>");
        return this;
    }

    public SvgWriter Image(double x, double y, double w, double h, string pngBase64)
    {
        _sb.Append($"<image x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"{N(h)}\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"data:image/png;base64,{pngBase64}\"/>");
        return this;
    }

    public override string ToString() => _sb.ToString() + "</svg>";
}
