using System.Collections;
using System.Globalization;
using System.Text;
using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Display;

/// <summary>
/// Turns any value into a MIME bundle: <see cref="IRichDisplay"/> types give their own bundle, everything else
/// becomes readable text/plain (numbers in invariant culture, collections listed with their count).
/// </summary>
public static class ValueFormatter
{
    /// <summary>How many items of a collection are listed before "…".</summary>
    public const int MaxItems = 20;

    /// <summary>Formats a value for display, e.g. <c>ValueFormatter.Format(new[] { 1, 2 })</c> → "int[2] { 1, 2 }".</summary>
    public static MimeBundle Format(object? value)
    {
        if (value is MimeBundle bundle) return bundle;
        if (value is IRichDisplay rich)
        {
            var b = rich.ToMimeBundle();
            if (!b.Data.ContainsKey("text/plain")) b.Add("text/plain", value.ToString() ?? value.GetType().Name);
            return b;
        }
        return MimeBundle.Text(ToText(value, nested: false));
    }

    /// <summary>The plain-text form used by <see cref="Format"/>.</summary>
    public static string ToText(object? value) => ToText(value, nested: false);

    private static string ToText(object? value, bool nested)
    {
        switch (value)
        {
            case null: return "null";
            case string s: return nested ? Quote(s) : s;
            case char c: return nested ? $"'{c}'" : c.ToString();
            case bool b: return b ? "true" : "false";
            case float f: return f.ToString("R", CultureInfo.InvariantCulture);
            case double d: return d.ToString("R", CultureInfo.InvariantCulture);
            case IFormattable f: return f.ToString(null, CultureInfo.InvariantCulture);
            case IRichDisplay rich: return rich.ToMimeBundle().PlainText;
            case IDictionary dict when !nested || dict.Count <= MaxItems: return DictionaryText(dict);
            case IEnumerable items when !HasOwnToString(value): return SequenceText(value, items);
            default: return value.ToString() ?? value.GetType().Name;
        }
    }

    private static string DictionaryText(IDictionary dict)
    {
        var sb = new StringBuilder(TypeName(dict.GetType())).Append('(').Append(dict.Count).Append(") { ");
        int n = 0;
        foreach (DictionaryEntry e in dict)
        {
            if (n == MaxItems) { sb.Append("…, "); break; }
            sb.Append('[').Append(ToText(e.Key, true)).Append("] = ").Append(ToText(e.Value, true)).Append(", ");
            n++;
        }
        return Close(sb, n);
    }

    private static string SequenceText(object value, IEnumerable items)
    {
        var sb = new StringBuilder();
        int n = 0;
        bool more = false;
        foreach (var item in items)
        {
            if (n == MaxItems) { more = true; break; }
            sb.Append(ToText(item, true)).Append(", ");
            n++;
        }
        if (more) sb.Append("…, ");
        string head = value is ICollection c ? $"{TypeName(value.GetType(), c.Count)}" : TypeName(value.GetType());
        return Close(new StringBuilder(head).Append(" { ").Append(sb), n + (more ? 1 : 0));
    }

    private static string Close(StringBuilder sb, int items)
    {
        if (items == 0) return sb.ToString().TrimEnd() + "}";
        sb.Length -= 2;
        return sb.Append(" }").ToString();
    }

    private static bool HasOwnToString(object value) =>
        value.GetType().GetMethod("ToString", Type.EmptyTypes)?.DeclaringType is { } t
        && t != typeof(object) && !t.IsGenericType && t.Namespace?.StartsWith("System", StringComparison.Ordinal) != true;

    private static string Quote(string s) =>
        Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(s, quote: true);

    /// <summary>C#-style type names: int[], List&lt;string&gt;, Dictionary&lt;string, int&gt;.</summary>
    internal static string TypeName(Type t, int? count = null)
    {
        if (t.IsArray)
        {
            string elem = TypeName(t.GetElementType()!);
            return count is { } c ? $"{elem}[{c}]" : $"{elem}[]";
        }
        string name = Keyword(t) is { } kw
            ? kw
            : t.Name;
        if (t.IsGenericType)
        {
            int tick = name.IndexOf('`');
            if (tick >= 0) name = name[..tick];
            name += "<" + string.Join(", ", t.GetGenericArguments().Select(a => TypeName(a))) + ">";
        }
        return count is { } n ? $"{name}({n})" : name;
    }

    private static string? Keyword(Type t) => Type.GetTypeCode(t) switch
    {
        TypeCode.Int32 => "int", TypeCode.Int64 => "long", TypeCode.Single => "float", TypeCode.Double => "double",
        TypeCode.Boolean => "bool", TypeCode.String => "string", TypeCode.Byte => "byte", TypeCode.Char => "char",
        TypeCode.Int16 => "short", TypeCode.Decimal => "decimal", TypeCode.UInt32 => "uint", TypeCode.UInt64 => "ulong",
        _ => t == typeof(object) ? "object" : null,
    };
}
