using System.Text;
using System.Text.Json.Nodes;

namespace NotebookCourse.Kernel.Ipynb;

/// <summary>Jupyter's list-of-lines form of multi-line strings (nbformat's split_lines / rejoin_lines).</summary>
internal static class LineSplitter
{
    /// <summary>Splits keeping line ends, at the same breaks as Python's <c>str.splitlines(True)</c>.</summary>
    public static JsonArray Split(string text)
    {
        var lines = new JsonArray();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsPythonLineBreak(c)) continue;
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    private static bool IsPythonLineBreak(char c) =>
        c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029';

    /// <summary>Joins a list of strings, or returns a string as is; null when the node is neither.</summary>
    public static string? Join(JsonNode? node)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        if (node is not JsonArray arr) return null;
        var sb = new StringBuilder();
        foreach (var item in arr)
        {
            if (item is not JsonValue iv || !iv.TryGetValue<string>(out var line)) return null;
            sb.Append(line);
        }
        return sb.ToString();
    }

    /// <summary>Mime types whose strings nbformat writes as lists of lines: text/*, JavaScript and SVG.</summary>
    public static bool IsSplitMime(string mime) =>
        mime.StartsWith("text/", StringComparison.Ordinal) || mime is "application/javascript" or "image/svg+xml";

    /// <summary>True for JSON mime types, whose values are JSON documents rather than text (nbformat's rule).</summary>
    public static bool IsJsonMime(string mime) =>
        mime == "application/json" || (mime.StartsWith("application/", StringComparison.Ordinal)
            && mime.EndsWith("+json", StringComparison.Ordinal));
}
