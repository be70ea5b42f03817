namespace NotebookCourse.Kernel.Grading;

/// <summary>The marker comments instructors write in exercise notebooks, and the stub students receive.</summary>
public static class Markers
{
    /// <summary>Opens a solution region in a code cell.</summary>
    public const string BeginSolution = "// BEGIN SOLUTION";

    /// <summary>Closes a solution region in a code cell.</summary>
    public const string EndSolution = "// END SOLUTION";

    /// <summary>Opens a solution region in a markdown cell.</summary>
    public const string BeginSolutionMarkdown = "<!-- BEGIN SOLUTION -->";

    /// <summary>Closes a solution region in a markdown cell.</summary>
    public const string EndSolutionMarkdown = "<!-- END SOLUTION -->";

    /// <summary>Opens tests that students never see (restored at grading time).</summary>
    public const string BeginHiddenTests = "// BEGIN HIDDEN TESTS";

    /// <summary>Closes hidden tests.</summary>
    public const string EndHiddenTests = "// END HIDDEN TESTS";

    /// <summary>The statement that replaces each solution region in the student version.</summary>
    public const string Stub = "throw new NotImplementedException(\"Ejercicio: escribe tu solución aquí\");";

    /// <summary>Tag that makes a code cell a check cell without a points comment or hidden tests.</summary>
    public const string CheckTag = "check";
}
