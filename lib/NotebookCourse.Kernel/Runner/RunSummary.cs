using System.Text;

namespace NotebookCourse.Kernel.Runner;

/// <summary>The table printed after a run, ending with the line "N passed, M failed".</summary>
public static class RunSummary
{
    /// <summary>Formats the summary; the last line is exactly "N passed, M failed".</summary>
    public static string Format(IReadOnlyList<NotebookRunResult> results)
    {
        var sb = new StringBuilder();
        int width = Math.Max("notebook".Length, results.Select(r => Path.GetFileName(r.Notebook).Length).DefaultIfEmpty(0).Max());
        sb.AppendLine($"{"notebook".PadRight(width)}  status  seconds");
        foreach (var r in results)
        {
            sb.Append($"{Path.GetFileName(r.Notebook).PadRight(width)}  {(r.Passed ? "passed" : "FAILED"),-6}  {r.Seconds,7:0.0}");
            if (!r.Passed) sb.Append("  ").Append(r.CellName is null ? r.Error : $"{r.CellName}: {r.Error}");
            sb.AppendLine();
        }
        int passed = results.Count(r => r.Passed);
        sb.Append($"{passed} passed, {results.Count - passed} failed");
        return sb.ToString();
    }
}
