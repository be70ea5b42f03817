using NotebookCourse.Kernel.Grading;
using NotebookCourse.Kernel.Ipynb;

namespace NotebookCourse.Kernel.Tests.Grading;

/// <summary>A tiny instructor notebook with two exercises, built in code so each test can vary it.</summary>
internal static class ExerciseFixture
{
    public const string SquareSolution = "    return x * x;";
    public const string EvensSolution = "    return Enumerable.Range(0, n).Where(i => i % 2 == 0).ToArray();";

    public const string SquareCheck =
        "// points: 2\nif (Square(3) != 9) throw new Exception($\"Square(3) should be 9, got {Square(3)}\");\n" +
        "// BEGIN HIDDEN TESTS\nif (Square(-4) != 16) throw new Exception($\"Square(-4) should be 16, got {Square(-4)}\");\n// END HIDDEN TESTS\n" +
        "Console.WriteLine(\"ok\");";

    public const string SquareCheckVisible =
        "// points: 2\nif (Square(3) != 9) throw new Exception($\"Square(3) should be 9, got {Square(3)}\");\nConsole.WriteLine(\"ok\");";

    public const string EvensCheck = "if (!Evens(5).SequenceEqual(new[] { 0, 2, 4 })) throw new Exception(\"Evens(5) should be 0, 2, 4\");";

    /// <summary>Cells: 0 usings, 1 parameters, 2 md, 3 Square (solution), 4 its check, 5 Evens (solution), 6 its check, 7 md answer.</summary>
    public static Notebook Source()
    {
        var nb = Notebook.CreateCourseNotebook();
        nb.Cells.Add(NotebookCell.Code("using NotebookCourse;"));
        nb.Cells.Add(NotebookCell.Code("bool fast = false;", "parameters"));
        nb.Cells.Add(NotebookCell.Markdown("## Ejercicio 1\nEscribe `Square`."));
        nb.Cells.Add(NotebookCell.Code($"static int Square(int x)\n{{\n    // BEGIN SOLUTION\n{SquareSolution}\n    // END SOLUTION\n}}"));
        nb.Cells.Add(NotebookCell.Code(SquareCheck));
        nb.Cells.Add(NotebookCell.Code($"static int[] Evens(int n)\n{{\n    // BEGIN SOLUTION\n{EvensSolution}\n    // END SOLUTION\n}}"));
        nb.Cells.Add(NotebookCell.Code(EvensCheck));
        nb.Cells.Add(NotebookCell.Markdown("¿Por qué?\n<!-- BEGIN SOLUTION -->\nPorque sí.\n<!-- END SOLUTION -->"));
        for (int i = 0; i < nb.Cells.Count; i++) nb.Cells[i].Id = $"c{i}";
        return nb;
    }

    /// <summary>The student version with each stub replaced by the given body (null keeps the stub).</summary>
    public static Notebook Submission(string? square, string? evens)
    {
        var nb = StudentVersion.Create(Source(), "ex.ipynb");
        string stub = "    " + Markers.Stub;
        if (square is not null) nb.Cells[3].Source = nb.Cells[3].Source.Replace(stub, square);
        if (evens is not null) nb.Cells[5].Source = nb.Cells[5].Source.Replace(stub, evens);
        return nb;
    }
}
