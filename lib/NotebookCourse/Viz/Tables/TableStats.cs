namespace NotebookCourse.Viz;

public sealed partial class Table
{
    /// <summary>
    /// Summary statistics of the numeric columns: count (non-missing), mean, std (sample, n−1), min, 25%, 50%, 75%
    /// (linear interpolation between order statistics) and max.
    /// </summary>
    public Table Describe()
    {
        var numeric = _columns.Where(c => c.IsNumeric).ToList();
        if (numeric.Count == 0) throw new InvalidOperationException("Table.Describe: the table has no numeric columns");
        string[] stats = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"];
        var cols = new List<TableColumn> { new("stat", stats) };
        foreach (var c in numeric)
        {
            var v = c.AsDouble().Where(x => !double.IsNaN(x)).OrderBy(x => x).ToArray();
            double mean = v.Length > 0 ? v.Average() : double.NaN;
            double std = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : double.NaN;
            cols.Add(new TableColumn(c.Name, [v.Length, mean, std, Quantile(v, 0), Quantile(v, 0.25), Quantile(v, 0.5), Quantile(v, 0.75), Quantile(v, 1)]));
        }
        return new Table(cols) { Caption = Caption };
    }

    /// <summary>Quantile q of sorted values, interpolating linearly between neighbours (NaN when empty).</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}

/// <summary>Rows of a table grouped by one key column; aggregate with <see cref="Mean"/>, <see cref="Sum"/> or <see cref="Count"/>.</summary>
public sealed class TableGroups
{
    private readonly Table _table;
    private readonly TableColumn _key;
    private readonly List<(int First, List<int> Rows)> _groups = new();

    internal TableGroups(Table table, TableColumn key)
    {
        _table = table;
        _key = key;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int r = 0; r < table.RowCount; r++)
        {
            string k = key.Format(r);
            if (!index.TryGetValue(k, out int g)) { index[k] = g = _groups.Count; _groups.Add((r, new List<int>())); }
            _groups[g].Rows.Add(r);
        }
    }

    /// <summary>Number of groups.</summary>
    public int GroupCount => _groups.Count;

    /// <summary>One row per group: the key, then the mean of every other numeric column (NaNs ignored).</summary>
    public Table Mean() => Aggregate(v => v.Length == 0 ? double.NaN : v.Average());

    /// <summary>One row per group: the key, then the sum of every other numeric column.</summary>
    public Table Sum() => Aggregate(v => v.Sum());

    /// <summary>One row per group: the key and the number of rows.</summary>
    public Table Count() => new([KeyColumn(), new TableColumn("count", _groups.Select(g => (long)g.Rows.Count).ToArray())]);

    private TableColumn KeyColumn() => _key.Take(_groups.Select(g => g.First).ToArray());

    private Table Aggregate(Func<double[], double> f)
    {
        var cols = new List<TableColumn> { KeyColumn() };
        foreach (var c in _table.Columns)
        {
            if (c.Name == _key.Name || !c.IsNumeric) continue;
            var all = c.AsDouble();
            cols.Add(new TableColumn(c.Name, _groups.Select(g => f(g.Rows.Select(r => all[r]).Where(x => !double.IsNaN(x)).ToArray())).ToArray()));
        }
        return new Table(cols) { Caption = _table.Caption };
    }
}
