namespace NotebookCourse.Kernel.Grading;

/// <summary>What a marked region holds.</summary>
public enum RegionKind
{
    /// <summary>Instructor solution: replaced by a stub (code) or removed (markdown).</summary>
    Solution,
    /// <summary>Hidden tests: removed from the student version, restored when grading.</summary>
    HiddenTests,
}

/// <summary>A marked region of a cell: the 0-based lines of its BEGIN and END markers.</summary>
/// <param name="Kind">Solution or hidden tests.</param>
/// <param name="BeginLine">0-based line of the BEGIN marker.</param>
/// <param name="EndLine">0-based line of the END marker.</param>
/// <param name="Indent">Leading whitespace of the BEGIN marker line, reused by the stub.</param>
public sealed record MarkerRegion(RegionKind Kind, int BeginLine, int EndLine, string Indent);
