using System.Globalization;

namespace NotebookCourse.Viz;

/// <summary>Element type of a table column.</summary>
public enum ColumnType
{
    /// <summary>64-bit floating point (NaN = missing).</summary>
    Double,
    /// <summary>64-bit integer.</summary>
    Long,
    /// <summary>Text (null = missing).</summary>
    String,
}

/// <summary>A named, typed, immutable column of a <see cref="Table"/>.</summary>
public sealed class TableColumn
{
    private readonly double[]? _d;
    private readonly long[]? _l;
    private readonly string?[]? _s;

    /// <summary>Column name.</summary>
    public string Name { get; }
    /// <summary>Element type.</summary>
    public ColumnType Type { get; }
    /// <summary>Number of values.</summary>
    public int Count => _d?.Length ?? _l?.Length ?? _s!.Length;

    /// <summary>A column of doubles.</summary>
    public TableColumn(string name, double[] values) { Name = name; Type = ColumnType.Double; _d = values; }
    /// <summary>A column of integers.</summary>
    public TableColumn(string name, long[] values) { Name = name; Type = ColumnType.Long; _l = values; }
    /// <summary>A column of strings.</summary>
    public TableColumn(string name, string?[] values) { Name = name; Type = ColumnType.String; _s = values; }

    /// <summary>True for double and long columns.</summary>
    public bool IsNumeric => Type != ColumnType.String;

    /// <summary>The value at a row (double, long or string).</summary>
    public object? this[int row] => Type switch { ColumnType.Double => _d![row], ColumnType.Long => _l![row], _ => _s![row] };

    /// <summary>The values as doubles (long converted; a clear error for strings).</summary>
    public double[] AsDouble() => Type switch
    {
        ColumnType.Double => (double[])_d!.Clone(),
        ColumnType.Long => _l!.Select(v => (double)v).ToArray(),
        _ => throw new InvalidOperationException($"Table: column '{Name}' holds text, not numbers"),
    };

    /// <summary>The values as longs (a clear error for other types).</summary>
    public long[] AsLong() => _l is not null ? (long[])_l.Clone()
        : throw new InvalidOperationException($"Table: column '{Name}' holds {Type}, not Long");

    /// <summary>The values as strings (numbers formatted like the display).</summary>
    public string[] AsString() => Enumerable.Range(0, Count).Select(Format).ToArray();

    /// <summary>Numeric value at a row (NaN for strings).</summary>
    internal double NumberAt(int row) => Type switch { ColumnType.Double => _d![row], ColumnType.Long => _l![row], _ => double.NaN };

    /// <summary>The value at a row as display text.</summary>
    public string Format(int row) => Type switch
    {
        ColumnType.Double => FormatDouble(_d![row]),
        ColumnType.Long => _l![row].ToString(CultureInfo.InvariantCulture),
        _ => _s![row] ?? "",
    };

    /// <summary>Display format for doubles: up to 4 decimals, scientific for very small or large magnitudes.</summary>
    public static string FormatDouble(double v)
    {
        if (double.IsNaN(v)) return "NaN";
        double a = Math.Abs(v);
        if (a != 0 && (a < 1e-4 || a >= 1e9)) return v.ToString("0.###e0", CultureInfo.InvariantCulture);
        return v.ToString("0.####", CultureInfo.InvariantCulture);
    }

    /// <summary>A column with the rows picked by <paramref name="rows"/>, in that order.</summary>
    internal TableColumn Take(int[] rows) => Type switch
    {
        ColumnType.Double => new TableColumn(Name, rows.Select(r => _d![r]).ToArray()),
        ColumnType.Long => new TableColumn(Name, rows.Select(r => _l![r]).ToArray()),
        _ => new TableColumn(Name, rows.Select(r => _s![r]).ToArray()),
    };

    /// <summary>Compares two rows of this column (missing values last).</summary>
    internal int Compare(int a, int b) => Type switch
    {
        ColumnType.Double => double.IsNaN(_d![a]) ? (double.IsNaN(_d[b]) ? 0 : 1) : double.IsNaN(_d[b]) ? -1 : _d[a].CompareTo(_d[b]),
        ColumnType.Long => _l![a].CompareTo(_l[b]),
        _ => _s![a] is null ? (_s[b] is null ? 0 : 1) : _s[b] is null ? -1 : string.CompareOrdinal(_s[a], _s[b]),
    };
}
