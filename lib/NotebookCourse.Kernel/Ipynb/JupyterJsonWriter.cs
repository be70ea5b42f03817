using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookCourse.Kernel.Ipynb;

/// <summary>
/// Writes JSON exactly as Jupyter's nbformat does (Python <c>json.dumps(indent=1, sort_keys=True,
/// ensure_ascii=False, separators=(",", ": "))</c> plus a final newline), so that an unchanged notebook round-trips
/// byte for byte and diffs stay minimal.
/// </summary>
internal static class JupyterJsonWriter
{
    public static string Write(JsonNode? node)
    {
        var sb = new StringBuilder();
        WriteNode(sb, node, 0);
        return sb.Append('\n').ToString();
    }

    private static void WriteNode(StringBuilder sb, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null: sb.Append("null"); break;
            case JsonObject obj: WriteObject(sb, obj, depth); break;
            case JsonArray arr: WriteArray(sb, arr, depth); break;
            case JsonValue value: WriteValue(sb, value); break;
        }
    }

    private static void WriteObject(StringBuilder sb, JsonObject obj, int depth)
    {
        if (obj.Count == 0) { sb.Append("{}"); return; }
        sb.Append('{');
        bool first = true;
        // Python sorts keys by code point; ordinal UTF-16 order agrees outside the astral planes.
        foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append(first ? "\n" : ",\n").Append(' ', depth + 1);
            WriteString(sb, key);
            sb.Append(": ");
            WriteNode(sb, value, depth + 1);
            first = false;
        }
        sb.Append('\n').Append(' ', depth).Append('}');
    }

    private static void WriteArray(StringBuilder sb, JsonArray arr, int depth)
    {
        if (arr.Count == 0) { sb.Append("[]"); return; }
        sb.Append('[');
        for (int i = 0; i < arr.Count; i++)
        {
            sb.Append(i == 0 ? "\n" : ",\n").Append(' ', depth + 1);
            WriteNode(sb, arr[i], depth + 1);
        }
        sb.Append('\n').Append(' ', depth).Append(']');
    }

    private static void WriteValue(StringBuilder sb, JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String: WriteString(sb, element.GetString()!); return;
                // Numbers keep their original text so that reading and writing never changes them.
                case JsonValueKind.Number: sb.Append(element.GetRawText()); return;
                case JsonValueKind.True: sb.Append("true"); return;
                case JsonValueKind.False: sb.Append("false"); return;
                case JsonValueKind.Null: sb.Append("null"); return;
                default: WriteNode(sb, JsonNode.Parse(element.GetRawText()), 0); return;
            }
        }
        if (value.TryGetValue<string>(out var s)) WriteString(sb, s);
        else if (value.TryGetValue<bool>(out var b)) sb.Append(b ? "true" : "false");
        else if (value.TryGetValue<int>(out var i)) sb.Append(i.ToString(CultureInfo.InvariantCulture));
        else if (value.TryGetValue<long>(out var l)) sb.Append(l.ToString(CultureInfo.InvariantCulture));
        else if (value.TryGetValue<double>(out var d)) sb.Append(PythonFloat(d));
        else if (value.TryGetValue<float>(out var f)) sb.Append(PythonFloat(f));
        else sb.Append(value.ToJsonString());
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Python's float repr: shortest round-trip digits, positional for 1e-4 ≤ |x| &lt; 1e16, else "1e-05".</summary>
    internal static string PythonFloat(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsInfinity(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        string r = d.ToString("E16", CultureInfo.InvariantCulture);
        // Shortest digits come from "R"; its exponent from the normalised E form.
        string shortest = d.ToString("R", CultureInfo.InvariantCulture);
        string sign = d < 0 ? "-" : "";
        string digits = new string(shortest.TakeWhile(ch => ch != 'E').Where(char.IsDigit).ToArray()).TrimStart('0');
        int exponent = int.Parse(r[(r.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        if (exponent < -4 || exponent >= 16)
        {
            string mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        if (exponent < 0) return $"{sign}0.{new string('0', -exponent - 1)}{digits}";
        if (digits.Length <= exponent + 1) return $"{sign}{digits}{new string('0', exponent + 1 - digits.Length)}.0";
        return $"{sign}{digits[..(exponent + 1)]}.{digits[(exponent + 1)..]}";
    }
}
