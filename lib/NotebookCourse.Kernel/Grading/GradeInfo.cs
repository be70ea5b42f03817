using System.Globalization;
using System.Text.Json.Nodes;

namespace NotebookCourse.Kernel.Grading;

/// <summary>
/// The grading metadata of one cell, stored under <c>metadata.notebookcourse</c>:
/// <c>{"grade_id": "exercise-1-check", "kind": "check", "points": 2, "checksum": "sha256:…"}</c> for a check
/// cell, <c>{"grade_id": "exercise-1", "kind": "solution", "solution": true}</c> for a solution cell.
/// </summary>
/// <param name="GradeId">Stable id that matches the cell between source, student version and submission.</param>
/// <param name="Kind">Solution or check.</param>
/// <param name="Points">Points a passing check earns (0 for solution cells).</param>
/// <param name="Checksum">For check cells: <see cref="Grading.Checksum.Of"/> of the source students receive.</param>
public sealed record GradeInfo(string GradeId, GradeKind Kind, double Points = 0, string? Checksum = null)
{
    /// <summary>The cell metadata key that holds the grading fields.</summary>
    public const string MetadataKey = "notebookcourse";

    /// <summary>Writes the fields into <paramref name="metadata"/>, keeping any other keys under the same object.</summary>
    public void WriteTo(JsonObject metadata)
    {
        if (metadata[MetadataKey] is not JsonObject obj) metadata[MetadataKey] = obj = new JsonObject();
        obj["grade_id"] = GradeId;
        obj["kind"] = Kind == GradeKind.Check ? "check" : "solution";
        obj["solution"] = Kind == GradeKind.Solution;
        obj["grade"] = Kind == GradeKind.Check;
        if (Kind == GradeKind.Check)
        {
            // Whole numbers as integers so the JSON reads "points": 2, not 2.0.
            obj["points"] = Points == Math.Floor(Points) && Points < int.MaxValue ? JsonValue.Create((int)Points) : JsonValue.Create(Points);
            obj["checksum"] = Checksum;
        }
        else
        {
            obj.Remove("points");
            obj.Remove("checksum");
        }
    }

    /// <summary>Reads the fields from cell metadata; null when the cell carries no grade id.</summary>
    public static GradeInfo? ReadFrom(JsonObject metadata)
    {
        if (metadata[MetadataKey] is not JsonObject obj || obj["grade_id"] is not JsonValue idValue
            || !idValue.TryGetValue<string>(out var id) || string.IsNullOrWhiteSpace(id))
            return null;
        bool check = obj["kind"] is JsonValue k && k.TryGetValue<string>(out var kind) ? kind == "check"
            : obj["grade"] is JsonValue g && g.TryGetValue<bool>(out bool grade) && grade;
        double points = Number(obj["points"]) ?? (check ? 1 : 0);
        string? checksum = obj["checksum"] is JsonValue c && c.TryGetValue<string>(out var s) ? s : null;
        return new GradeInfo(id, check ? GradeKind.Check : GradeKind.Solution, points, checksum);
    }

    // JsonValue built in code holds the CLR type it was created from (int, double, …), parsed JSON holds a number
    // element; reading through the JSON text handles both the same way.
    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : null;

    /// <summary>The instructor's explicit grade id in the source cell's metadata, if any.</summary>
    public static string? ExplicitId(JsonObject metadata) =>
        metadata[MetadataKey] is JsonObject obj && obj["grade_id"] is JsonValue v && v.TryGetValue<string>(out var id)
            && !string.IsNullOrWhiteSpace(id) ? id : null;

    /// <summary>Points formatted for tables: "2", "0.5".</summary>
    public static string FormatPoints(double points) => points.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>What a graded cell is.</summary>
public enum GradeKind
{
    /// <summary>Holds the student's answer (solution regions).</summary>
    Solution,
    /// <summary>Asserts on the student's answer; earns its points when it runs without error.</summary>
    Check,
}
