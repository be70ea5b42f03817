using System.Reflection;
using NotebookCourse.Runtime;

namespace NotebookCourse.Viz;

/// <summary>
/// A small typed data frame for metrics and datasets: named columns of double, long or string; immutable (every
/// operation returns a new table). Displays as an HTML table and aligned text.
/// </summary>
/// <example><code>
/// var t = Table.FromRecords(runs);                       // one row per record, one column per property
/// t.SortBy("accuracy", descending: true).Head(3);
/// t.GroupBy("optimizer").Mean();
/// t.Describe();
/// </code></example>
public sealed partial class Table : IRichDisplay
{
    private readonly List<TableColumn> _columns;

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<TableColumn> Columns => _columns;
    /// <summary>Number of rows.</summary>
    public int RowCount { get; }
    /// <summary>Optional caption shown above the table.</summary>
    public string? Caption { get; init; }

    /// <summary>A table from columns that all have the same length and distinct names.</summary>
    public Table(IEnumerable<TableColumn> columns)
    {
        _columns = columns.ToList();
        RowCount = _columns.Count == 0 ? 0 : _columns[0].Count;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in _columns)
        {
            if (!seen.Add(c.Name)) throw new ArgumentException($"Table: duplicate column name '{c.Name}'");
            if (c.Count != RowCount)
                throw new ArgumentException($"Table: column '{c.Name}' has {c.Count} values but '{_columns[0].Name}' has {RowCount}");
        }
    }

    /// <summary>A table from (name, values) pairs; values are double[], float[], int[], long[] or string[].</summary>
    public static Table FromColumns(params (string Name, Array Values)[] columns) =>
        new(columns.Select(c => MakeColumn(c.Name, c.Values)));

    /// <summary>One row per record and one column per public property or field (numbers → double/long, else text).</summary>
    public static Table FromRecords<T>(IEnumerable<T> records)
    {
        var rows = records.ToList();
        var members = typeof(T).GetMembers(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m is PropertyInfo { CanRead: true } p && p.GetIndexParameters().Length == 0 || m is FieldInfo)
            .OrderBy(m => m.MetadataToken) // declaration order
            .ToList();
        if (members.Count == 0) throw new ArgumentException($"Table.FromRecords: {typeof(T).Name} has no public properties or fields");
        var cols = new List<TableColumn>();
        foreach (var m in members)
        {
            var type = m is PropertyInfo p ? p.PropertyType : ((FieldInfo)m).FieldType;
            type = Nullable.GetUnderlyingType(type) ?? type;
            object? Get(T r) => m is PropertyInfo pi ? pi.GetValue(r) : ((FieldInfo)m).GetValue(r);
            if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
                cols.Add(new TableColumn(m.Name, rows.Select(r => Get(r) is { } v ? Convert.ToDouble(v) : double.NaN).ToArray()));
            else if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte))
                cols.Add(new TableColumn(m.Name, rows.Select(r => Convert.ToInt64(Get(r) ?? 0L)).ToArray()));
            else
                cols.Add(new TableColumn(m.Name, rows.Select(r => Get(r)?.ToString()).ToArray()));
        }
        return new Table(cols);
    }

    internal static TableColumn MakeColumn(string name, Array values) => values switch
    {
        double[] d => new TableColumn(name, d),
        float[] f => new TableColumn(name, f.Select(v => (double)v).ToArray()),
        long[] l => new TableColumn(name, l),
        int[] i => new TableColumn(name, i.Select(v => (long)v).ToArray()),
        string?[] s => new TableColumn(name, s),
        _ => throw new ArgumentException($"Table: column '{name}' has unsupported element type {values.GetType().GetElementType()?.Name}; use double, float, int, long or string"),
    };

    /// <summary>The column with this name, or a clear error listing the names.</summary>
    public TableColumn this[string name] => _columns.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"Table: no column '{name}'; columns are {string.Join(", ", _columns.Select(c => c.Name))}");

    /// <summary>The first <paramref name="n"/> rows.</summary>
    public Table Head(int n = 5) => TakeRows(Enumerable.Range(0, Math.Clamp(n, 0, RowCount)).ToArray());

    /// <summary>The last <paramref name="n"/> rows.</summary>
    public Table Tail(int n = 5) => TakeRows(Enumerable.Range(Math.Max(0, RowCount - n), Math.Min(n, RowCount)).ToArray());

    /// <summary>Rows sorted by one column (stable; missing values last).</summary>
    public Table SortBy(string column, bool descending = false)
    {
        var col = this[column];
        var order = Enumerable.Range(0, RowCount).ToArray();
        // Stable: ties keep their original order. Missing values stay last in both directions.
        var sorted = order.OrderBy(i => i, Comparer<int>.Create((a, b) =>
        {
            bool ma = IsMissing(col, a), mb = IsMissing(col, b);
            if (ma || mb) return ma == mb ? 0 : ma ? 1 : -1;
            return descending ? col.Compare(b, a) : col.Compare(a, b);
        })).ToArray();
        return TakeRows(sorted);
    }

    private static bool IsMissing(TableColumn c, int row) => c[row] is null || c[row] is double d && double.IsNaN(d);

    /// <summary>Rows for which <paramref name="predicate"/> is true.</summary>
    public Table Where(Func<TableRow, bool> predicate) =>
        TakeRows(Enumerable.Range(0, RowCount).Where(i => predicate(new TableRow(this, i))).ToArray());

    /// <summary>A new table with one more column (values must have <see cref="RowCount"/> elements).</summary>
    public Table AddColumn(string name, Array values) => new(_columns.Append(MakeColumn(name, values))) { Caption = Caption };

    /// <summary>A new table with one more numeric column computed from each row.</summary>
    public Table AddColumn(string name, Func<TableRow, double> compute) =>
        AddColumn(name, Enumerable.Range(0, RowCount).Select(i => compute(new TableRow(this, i))).ToArray());

    /// <summary>A new table with only the named columns, in that order.</summary>
    public Table Select(params string[] names) => new(names.Select(n => this[n])) { Caption = Caption };

    /// <summary>Groups rows by the values of one column (groups in order of first appearance).</summary>
    public TableGroups GroupBy(string column) => new(this, this[column]);

    /// <summary>The rows in the given order.</summary>
    internal Table TakeRows(int[] rows) => new(_columns.Select(c => c.Take(rows))) { Caption = Caption };

    /// <summary>A table with a caption.</summary>
    public Table WithCaption(string caption) => new(_columns) { Caption = caption };

    /// <inheritdoc />
    public MimeBundle ToMimeBundle() => new MimeBundle().Add("text/plain", ToString()).Add("text/html", ToHtml());
}

/// <summary>One row of a table, for predicates and computed columns.</summary>
public readonly struct TableRow
{
    private readonly Table _table;

    /// <summary>Row index.</summary>
    public int Index { get; }

    internal TableRow(Table table, int index) { _table = table; Index = index; }

    /// <summary>Numeric value of a column (long converted to double).</summary>
    public double Number(string column) => _table[column].Type == ColumnType.String
        ? throw new InvalidOperationException($"Table: column '{column}' holds text, use Text(\"{column}\")")
        : _table[column].NumberAt(Index);

    /// <summary>Text of a column (numbers formatted).</summary>
    public string Text(string column) => _table[column].Format(Index);

    /// <summary>Raw value of a column.</summary>
    public object? this[string column] => _table[column][Index];
}
