using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using NotebookCourse.Kernel.Jupyter.Roslyn;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>Completion and inspection over a script that continues an earlier cell's state, as the session does.</summary>
public class ScriptCompletionTests
{
    private static readonly Lazy<ScriptState<object>> Previous = new(() =>
        CSharpScript.RunAsync("using System.Collections.Generic;\n/// <summary>Numbers collected so far.</summary>\nvar model = new List<int>();",
            ScriptOptions.Default.WithImports("System")).GetAwaiter().GetResult());

    private static Script<object> Cell(string code) => Previous.Value.Script.ContinueWith(code);

    [Theory]
    [InlineData("model.Ad", "Add", "AddRange")]
    [InlineData("Math.Ab", "Abs", null)]
    [InlineData("System.Collections.Gen", "Generic", null)]
    [InlineData("var y = mod", "model", null)]
    [InlineData("fore", "foreach", null)]
    public void Completes_members_symbols_in_scope_and_keywords(string code, string expected, string? alsoExpected)
    {
        var r = ScriptCompletion.Complete(Cell(code), code, code.Length);
        Assert.Contains(expected, r.Matches);
        if (alsoExpected is not null) Assert.Contains(alsoExpected, r.Matches);
        var prefix = code[r.Start..r.End];
        Assert.All(r.Matches, m => Assert.StartsWith(prefix, m, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(code.Length, r.End);
        Assert.Equal(code.LastIndexOfAny([' ', '.']) + 1, r.Start);
    }

    [Fact]
    public void Instance_members_exclude_statics_and_include_extension_methods()
    {
        const string code = "model.";
        var r = ScriptCompletion.Complete(Cell(code + "\nSystem.Linq.Enumerable.Empty<int>();"), code + "\nSystem.Linq.Enumerable.Empty<int>();", code.Length);
        Assert.Contains("Count", r.Matches);
        Assert.DoesNotContain("ReferenceEquals", r.Matches); // static member of object
        Assert.Equal((code.Length, code.Length), (r.Start, r.End));
    }

    [Fact]
    public void Inspect_shows_signature_and_framework_docs()
    {
        const string code = "Math.Abs(-2.5)";
        var bundle = ScriptInspection.Inspect(Cell(code), code, "Math.Ab".Length);
        Assert.NotNull(bundle);
        Assert.Contains("double Math.Abs(double value)", bundle!.PlainText);
        Assert.Contains("absolute value", bundle.PlainText);
        Assert.Contains("```csharp", (string)bundle.Data["text/markdown"]);
    }

    [Fact]
    public void Inspect_finds_variables_of_earlier_cells_and_nothing_on_blank()
    {
        const string code = "model.Count";
        var bundle = ScriptInspection.Inspect(Cell(code), code, 3);
        Assert.StartsWith("List<int> model", bundle!.PlainText);
        Assert.Contains("Numbers collected so far.", bundle.PlainText);
        Assert.Null(ScriptInspection.Inspect(Cell("   "), "   ", 1));
    }
}
