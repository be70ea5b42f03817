using System.Globalization;
using System.Text.RegularExpressions;

namespace NotebookCourse.Kernel.Grading;

/// <summary>
/// The exercise markup of one cell's source: its marked regions (validated: balanced, not nested) and its
/// <c>// points: N</c> comment. Markers are whole lines (leading whitespace allowed, text after the marker ignored).
/// <code>var markup = CellMarkup.Parse(source, isCode: true, "03-cnn.ipynb", cell: 12);
/// string student = markup.StudentSource();</code>
/// </summary>
public sealed partial class CellMarkup
{
    private readonly string[] _lines;

    private CellMarkup(string[] lines, IReadOnlyList<MarkerRegion> regions, double? points)
    {
        _lines = lines;
        Regions = regions;
        Points = points;
    }

    /// <summary>Regions in source order.</summary>
    public IReadOnlyList<MarkerRegion> Regions { get; }

    /// <summary>The value of the cell's <c>// points: N</c> comment, if it has one.</summary>
    public double? Points { get; }

    /// <summary>True when the cell holds at least one solution region.</summary>
    public bool HasSolution => Regions.Any(r => r.Kind == RegionKind.Solution);

    /// <summary>True when the cell holds hidden tests.</summary>
    public bool HasHiddenTests => Regions.Any(r => r.Kind == RegionKind.HiddenTests);

    [GeneratedRegex(@"^\s*//\s*points\s*:\s*(?<value>\S+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PointsComment();

    /// <summary>
    /// Parses a cell; throws <see cref="ExerciseFormatException"/> naming <paramref name="notebook"/>,
    /// <paramref name="cell"/> (1-based) and the line for unbalanced, nested or mismatched markers.
    /// Markdown cells recognise only the HTML-comment solution markers; code cells only the <c>//</c> ones.
    /// </summary>
    public static CellMarkup Parse(string source, bool isCode, string notebook, int cell)
    {
        string[] lines = source.Split('\n');
        var regions = new List<MarkerRegion>();
        (RegionKind Kind, int Line, string Indent)? open = null;
        double? points = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string text = lines[i].TrimEnd('\r');
            string trimmed = text.TrimStart();
            var marker = Classify(trimmed, isCode);
            if (marker is { } m)
            {
                if (m.Begin)
                {
                    if (open is { } o)
                        throw new ExerciseFormatException(notebook, cell, i + 1,
                            $"'{Text(m.Kind, true, isCode)}' inside the {Name(o.Kind)} region opened on line {o.Line + 1}; " +
                            $"regions cannot nest: close it with '{Text(o.Kind, false, isCode)}' first");
                    open = (m.Kind, i, text[..^trimmed.Length]);
                }
                else
                {
                    if (open is not { } o)
                        throw new ExerciseFormatException(notebook, cell, i + 1,
                            $"'{Text(m.Kind, false, isCode)}' without a matching '{Text(m.Kind, true, isCode)}' before it");
                    if (o.Kind != m.Kind)
                        throw new ExerciseFormatException(notebook, cell, i + 1,
                            $"'{Text(m.Kind, false, isCode)}' closes the {Name(o.Kind)} region opened on line {o.Line + 1}; " +
                            $"expected '{Text(o.Kind, false, isCode)}'");
                    regions.Add(new MarkerRegion(o.Kind, o.Line, i, o.Indent));
                    open = null;
                }
                continue;
            }
            if (isCode && open is null or { Kind: RegionKind.HiddenTests } && PointsComment().Match(text) is { Success: true } pm)
            {
                string value = pm.Groups["value"].Value;
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) || p < 0 || !double.IsFinite(p))
                    throw new ExerciseFormatException(notebook, cell, i + 1,
                        $"'// points: {value}' is not a valid number of points; write a non-negative number such as '// points: 2'");
                if (points is not null)
                    throw new ExerciseFormatException(notebook, cell, i + 1,
                        "a second '// points:' comment; a check cell carries one (split it into two check cells)");
                points = p;
            }
        }
        if (open is { } unclosed)
            throw new ExerciseFormatException(notebook, cell, unclosed.Line + 1,
                $"'{Text(unclosed.Kind, true, isCode)}' is never closed; add '{Text(unclosed.Kind, false, isCode)}' after the region");
        return new CellMarkup(lines, regions, points);
    }

    /// <summary>
    /// The student's version of the source: each code solution region becomes the stub at the BEGIN marker's
    /// indentation, markdown solution regions and hidden tests disappear, everything outside the markers stays.
    /// </summary>
    public string StudentSource(bool isCode)
    {
        var output = new List<string>(_lines.Length);
        int next = 0;
        foreach (var region in Regions)
        {
            for (; next < region.BeginLine; next++) output.Add(_lines[next]);
            if (region.Kind == RegionKind.Solution && isCode)
            {
                string lineEnd = _lines[region.BeginLine].EndsWith('\r') ? "\r" : "";
                output.Add(region.Indent + Markers.Stub + lineEnd);
            }
            next = region.EndLine + 1;
        }
        for (; next < _lines.Length; next++) output.Add(_lines[next]);
        return string.Join('\n', output);
    }

    /// <summary>The source with hidden tests removed and solutions kept (what grading compares against).</summary>
    public string WithoutHiddenTests()
    {
        var output = new List<string>(_lines.Length);
        int next = 0;
        foreach (var region in Regions.Where(r => r.Kind == RegionKind.HiddenTests))
        {
            for (; next < region.BeginLine; next++) output.Add(_lines[next]);
            next = region.EndLine + 1;
        }
        for (; next < _lines.Length; next++) output.Add(_lines[next]);
        return string.Join('\n', output);
    }

    private static (RegionKind Kind, bool Begin)? Classify(string trimmed, bool isCode)
    {
        if (isCode)
        {
            if (trimmed.StartsWith(Markers.BeginSolution, StringComparison.Ordinal)) return (RegionKind.Solution, true);
            if (trimmed.StartsWith(Markers.EndSolution, StringComparison.Ordinal)) return (RegionKind.Solution, false);
            if (trimmed.StartsWith(Markers.BeginHiddenTests, StringComparison.Ordinal)) return (RegionKind.HiddenTests, true);
            if (trimmed.StartsWith(Markers.EndHiddenTests, StringComparison.Ordinal)) return (RegionKind.HiddenTests, false);
            return null;
        }
        if (trimmed.StartsWith(Markers.BeginSolutionMarkdown, StringComparison.Ordinal)) return (RegionKind.Solution, true);
        if (trimmed.StartsWith(Markers.EndSolutionMarkdown, StringComparison.Ordinal)) return (RegionKind.Solution, false);
        return null;
    }

    private static string Text(RegionKind kind, bool begin, bool isCode) => (kind, begin, isCode) switch
    {
        (RegionKind.Solution, true, true) => Markers.BeginSolution,
        (RegionKind.Solution, false, true) => Markers.EndSolution,
        (RegionKind.Solution, true, false) => Markers.BeginSolutionMarkdown,
        (RegionKind.Solution, false, false) => Markers.EndSolutionMarkdown,
        (_, true, _) => Markers.BeginHiddenTests,
        _ => Markers.EndHiddenTests,
    };

    private static string Name(RegionKind kind) => kind == RegionKind.Solution ? "solution" : "hidden-tests";
}
