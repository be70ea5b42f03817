namespace NotebookCourse.Kernel.Grading;

/// <summary>Settings of <c>grade</c> and <c>validate</c> runs.</summary>
public sealed record GradeOptions
{
    /// <summary>Inject <c>fast = true</c> when the notebook declares that parameter (default: yes).</summary>
    public bool Fast { get; init; } = true;

    /// <summary>Longest time one cell may run; a student's endless loop costs that check its points.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Where progress lines go; null is silent.</summary>
    public TextWriter? Progress { get; init; }
}
