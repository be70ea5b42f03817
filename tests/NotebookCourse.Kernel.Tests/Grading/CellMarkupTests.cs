using NotebookCourse.Kernel.Grading;

namespace NotebookCourse.Kernel.Tests.Grading;

public sealed class CellMarkupTests
{
    private const string Stub = Markers.Stub;

    private static CellMarkup Code(string source) => CellMarkup.Parse(source, isCode: true, "ex.ipynb", 3);

    [Fact]
    public void Solution_region_becomes_a_stub_at_the_marker_indentation_and_outside_code_stays()
    {
        string source = "static Tensor Double(Tensor x)\n{\n    // BEGIN SOLUTION\n    return x * 2;\n    // END SOLUTION\n}\nvar y = Double(x);";
        var markup = Code(source);
        Assert.True(markup.HasSolution);
        Assert.Equal($"static Tensor Double(Tensor x)\n{{\n    {Stub}\n}}\nvar y = Double(x);", markup.StudentSource(isCode: true));
    }

    [Fact]
    public void Several_regions_in_one_cell_are_each_replaced()
    {
        string source = "int A()\n{\n  // BEGIN SOLUTION\n  return 1;\n  // END SOLUTION\n}\nint B()\n{\n\t// BEGIN SOLUTION\n\treturn 2;\n\t// END SOLUTION\n}";
        var markup = Code(source);
        Assert.Equal(2, markup.Regions.Count);
        Assert.Equal($"int A()\n{{\n  {Stub}\n}}\nint B()\n{{\n\t{Stub}\n}}", markup.StudentSource(isCode: true));
    }

    [Fact]
    public void Windows_line_endings_are_kept_around_the_stub()
    {
        var markup = Code("int F()\r\n{\r\n  // BEGIN SOLUTION\r\n  return 1;\r\n  // END SOLUTION\r\n}");
        Assert.Equal($"int F()\r\n{{\r\n  {Stub}\r\n}}", markup.StudentSource(isCode: true));
    }

    [Fact]
    public void Markdown_solution_regions_are_removed_and_code_markers_in_markdown_are_text()
    {
        string source = "Explain why.\n<!-- BEGIN SOLUTION -->\nBecause ReLU is piecewise linear.\n<!-- END SOLUTION -->\nMarkers look like `// BEGIN SOLUTION`:\n// BEGIN SOLUTION";
        var markup = CellMarkup.Parse(source, isCode: false, "ex.ipynb", 1);
        Assert.Single(markup.Regions);
        Assert.Equal("Explain why.\nMarkers look like `// BEGIN SOLUTION`:\n// BEGIN SOLUTION", markup.StudentSource(isCode: false));
    }

    [Fact]
    public void Hidden_tests_are_removed_from_the_student_version_and_solutions_kept_by_WithoutHiddenTests()
    {
        string source = "// points: 2\nAssert(y == 4);\n// BEGIN HIDDEN TESTS\nAssert(Double(3) == 6);\n// END HIDDEN TESTS\nConsole.WriteLine(\"ok\");";
        var markup = Code(source);
        Assert.True(markup.HasHiddenTests);
        Assert.False(markup.HasSolution);
        Assert.Equal(2, markup.Points);
        string visible = "// points: 2\nAssert(y == 4);\nConsole.WriteLine(\"ok\");";
        Assert.Equal(visible, markup.StudentSource(isCode: true));
        Assert.Equal(visible, markup.WithoutHiddenTests());
        Assert.Equal("a\n  // BEGIN SOLUTION\n  b\n  // END SOLUTION", Code("a\n  // BEGIN SOLUTION\n  b\n  // END SOLUTION").WithoutHiddenTests());
    }

    [Fact]
    public void Points_comment_accepts_fractions_and_is_absent_by_default()
    {
        Assert.Equal(0.5, Code("//Points: 0.5\nx();").Points);
        Assert.Null(Code("x();").Points);
    }

    [Theory]
    [InlineData("a\n// BEGIN SOLUTION\nb", 2, "is never closed")]
    [InlineData("a\n// END SOLUTION", 2, "without a matching '// BEGIN SOLUTION'")]
    [InlineData("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION\n// END SOLUTION", 2, "cannot nest")]
    [InlineData("// BEGIN SOLUTION\n// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS\n// END SOLUTION", 2, "cannot nest")]
    [InlineData("// BEGIN HIDDEN TESTS\nx\n// END SOLUTION", 3, "expected '// END HIDDEN TESTS'")]
    [InlineData("// points: two\nx();", 1, "not a valid number")]
    [InlineData("// points: -1\nx();", 1, "not a valid number")]
    [InlineData("// points: 1\n// points: 2", 2, "second '// points:'")]
    public void Bad_markup_names_notebook_cell_and_line(string source, int line, string problem)
    {
        var e = Assert.Throws<ExerciseFormatException>(() => Code(source));
        Assert.Equal(3, e.Cell);
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"ex.ipynb, cell 3, line {line}: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Unclosed_markdown_region_is_an_error_too()
    {
        var e = Assert.Throws<ExerciseFormatException>(() => CellMarkup.Parse("x\n<!-- BEGIN SOLUTION -->\ny", false, "m.ipynb", 7));
        Assert.Equal("m.ipynb, cell 7, line 2: '<!-- BEGIN SOLUTION -->' is never closed; add '<!-- END SOLUTION -->' after the region", e.Message);
    }

    [Fact]
    public void Checksum_ignores_line_endings_and_trailing_blanks_but_not_code_changes()
    {
        string a = Checksum.Of("Assert(y == 4);\nDone();\n");
        Assert.StartsWith("sha256:", a);
        Assert.Equal(71, a.Length);
        Assert.Equal(a, Checksum.Of("Assert(y == 4);  \r\nDone();"));
        Assert.NotEqual(a, Checksum.Of("Assert(y == 5);\nDone();"));
        Assert.NotEqual(a, Checksum.Of("Assert(y ==4);\nDone();"));
    }
}
