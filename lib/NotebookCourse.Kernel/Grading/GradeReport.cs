using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookCourse.Kernel.Grading;

/// <summary>The grade of one check cell.</summary>
/// <param name="GradeId">The check's grade id.</param>
/// <param name="PointsPossible">What the check is worth.</param>
/// <param name="PointsEarned">All of it when the cell ran without error, otherwise 0.</param>
/// <param name="Error">"ename: evalue" of the failure, null when it passed.</param>
/// <param name="Tampered">Why the student's copy of the check was not what was handed out; null when it was.</param>
public sealed record CheckGrade(string GradeId, double PointsPossible, double PointsEarned, string? Error, string? Tampered)
{
    /// <summary>True when the check earned its points.</summary>
    public bool Passed => Error is null;
}

/// <summary>
/// The result of grading one submission: a row per check, totals, notes, and where the executed graded notebook is.
/// Serialises to JSON (for spreadsheets and scripts) and to a readable table.
/// </summary>
public sealed record GradeReport(
    string Notebook, string Submission, string Source, IReadOnlyList<CheckGrade> Checks, IReadOnlyList<string> Notes,
    string? GradedNotebook = null)
{
    /// <summary>Sum of earned points.</summary>
    public double PointsEarned => Checks.Sum(c => c.PointsEarned);

    /// <summary>Sum of possible points.</summary>
    public double PointsPossible => Checks.Sum(c => c.PointsPossible);

    /// <summary>The report as JSON (snake_case keys, two-space indentation).</summary>
    public string ToJson()
    {
        var root = new JsonObject
        {
            ["notebook"] = Notebook,
            ["submission"] = Submission,
            ["source"] = Source,
            ["graded_notebook"] = GradedNotebook,
            ["points_earned"] = PointsEarned,
            ["points_possible"] = PointsPossible,
            ["checks"] = new JsonArray(Checks.Select(c => (JsonNode)new JsonObject
            {
                ["grade_id"] = c.GradeId,
                ["points_earned"] = c.PointsEarned,
                ["points_possible"] = c.PointsPossible,
                ["passed"] = c.Passed,
                ["error"] = c.Error,
                ["tampered"] = c.Tampered,
            }).ToArray()),
            ["notes"] = new JsonArray(Notes.Select(n => (JsonNode)n!).ToArray()),
        };
        return root.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n";
    }

    /// <summary>A fixed-width table: notebook, grade id, points earned/possible, and the error of each failed check.</summary>
    public string ToTable()
    {
        var rows = Checks.Select(c => (Id: c.GradeId,
            Points: $"{GradeInfo.FormatPoints(c.PointsEarned)}/{GradeInfo.FormatPoints(c.PointsPossible)}",
            Detail: string.Join("; ", new[] { c.Error, c.Tampered is null ? null : $"tampered: {c.Tampered}" }.Where(s => s is not null))))
            .ToList();
        string total = $"{GradeInfo.FormatPoints(PointsEarned)}/{GradeInfo.FormatPoints(PointsPossible)}";
        int nbWidth = Math.Max("notebook".Length, Notebook.Length);
        int idWidth = Math.Max("grade_id".Length, rows.Select(r => r.Id.Length).DefaultIfEmpty(0).Max());
        int ptWidth = Math.Max("points".Length, rows.Select(r => r.Points.Length).Append(total.Length).Max());
        var sb = new StringBuilder();
        sb.AppendLine($"{"notebook".PadRight(nbWidth)}  {"grade_id".PadRight(idWidth)}  {"points".PadRight(ptWidth)}  error");
        foreach (var r in rows)
            sb.AppendLine($"{Notebook.PadRight(nbWidth)}  {r.Id.PadRight(idWidth)}  {r.Points.PadRight(ptWidth)}  {r.Detail}".TrimEnd());
        sb.AppendLine($"{Notebook.PadRight(nbWidth)}  {"total".PadRight(idWidth)}  {total}");
        foreach (var note in Notes) sb.AppendLine($"note: {note}");
        return sb.ToString();
    }

    /// <summary>One line for an error message: the first line of "ename: evalue".</summary>
    internal static string OneLine(string? name, string? value)
    {
        string text = $"{name}: {value}";
        int newline = text.IndexOfAny(['\r', '\n']);
        return newline < 0 ? text : text[..newline];
    }
}
