using NotebookCourse.Kernel.Ipynb;
using NotebookCourse.Kernel.Parameters;

namespace NotebookCourse.Kernel.Tests.Parameters;

public sealed class ParameterInjectorTests
{
    private static Notebook WithParameters(string source)
    {
        var nb = Notebook.CreateCourseNotebook();
        nb.Cells.Add(NotebookCell.Code("using System;"));
        nb.Cells.Add(NotebookCell.Code(source, "parameters"));
        nb.Cells.Add(NotebookCell.Code("Console.WriteLine(epochs);"));
        return nb;
    }

    private static Dictionary<string, string> P(params (string, string)[] pairs) => pairs.ToDictionary(p => p.Item1, p => p.Item2);

    [Fact]
    public void Injected_cell_follows_the_parameters_cell_with_typed_assignments()
    {
        var nb = WithParameters("bool fast = false;\nint epochs = 5;\ndouble lr = 1e-3; float wd = 0f;\nlong seed = 1;\nstring name = \"x\";\nvar steps = 10;");
        ParameterInjector.Inject(nb, P(("fast", "True"), ("epochs", "2"), ("lr", "0.5"), ("wd", "1e-4"), ("seed", "42"),
            ("name", "say \"hi\""), ("steps", "7")), "nb.ipynb");
        var cell = nb.Cells[2];
        Assert.True(cell.HasTag(ParameterInjector.InjectedTag));
        Assert.Equal(
            "// Injected parameters\nbool fast = true;\nint epochs = 2;\ndouble lr = 0.5d;\nfloat wd = 0.0001f;\nlong seed = 42L;\nstring name = \"say \\\"hi\\\"\";\nint steps = 7;",
            cell.Source);
        Assert.Equal(4, nb.Cells.Count);
    }

    [Fact]
    public void Injecting_again_replaces_the_earlier_injected_cell()
    {
        var nb = WithParameters("int epochs = 5;");
        ParameterInjector.Inject(nb, P(("epochs", "2")), "nb.ipynb");
        ParameterInjector.Inject(nb, P(("epochs", "3")), "nb.ipynb");
        var injected = Assert.Single(nb.Cells, c => c.HasTag(ParameterInjector.InjectedTag));
        Assert.Contains("int epochs = 3;", injected.Source);
    }

    [Fact]
    public void Unknown_name_bad_value_and_missing_parameters_cell_are_errors()
    {
        var unknown = Assert.Throws<ArgumentException>(() =>
            ParameterInjector.Inject(WithParameters("bool fast = false; int epochs = 5;"), P(("epoch", "2")), "nb.ipynb"));
        Assert.Equal("nb.ipynb: unknown parameter 'epoch'; the parameters cell declares: epochs, fast", unknown.Message);

        var bad = Assert.Throws<ArgumentException>(() =>
            ParameterInjector.Inject(WithParameters("int epochs = 5;"), P(("epochs", "2.5")), "nb.ipynb"));
        Assert.Contains("'2.5' is not a valid int", bad.Message);

        var nb = Notebook.CreateCourseNotebook();
        nb.Cells.Add(NotebookCell.Code("int epochs = 5;"));
        var none = Assert.Throws<ArgumentException>(() => ParameterInjector.Inject(nb, P(("epochs", "1")), "nb.ipynb"));
        Assert.Contains("no cell is tagged 'parameters'", none.Message);
    }
}
