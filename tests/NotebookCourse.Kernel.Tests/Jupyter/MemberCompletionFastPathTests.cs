using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using NotebookCourse.Kernel.Jupyter;
using NotebookCourse.Kernel.Jupyter.Roslyn;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>The member fast path answers like the full binding of the pending cell, and steps aside when it could differ.</summary>
public class MemberCompletionFastPathTests
{
    private static readonly Lazy<ScriptState<object>> Previous = new(() =>
        CSharpScript.RunAsync("using System.Linq;\nvar model = new List<int> { 1 };\nvar text = \"abc\";",
            ScriptOptions.Default.AddReferences(typeof(Enumerable).Assembly).WithImports("System", "System.Collections.Generic")).GetAwaiter().GetResult());

    private static CompletionResult Slow(string code) => ScriptCompletion.Complete(Previous.Value.Script.ContinueWith(code), code, code.Length);

    [Theory]
    [InlineData("model.")]
    [InlineData("model.Ad")]
    [InlineData("var n = model.c")]          // case-insensitive prefix, extension methods (Count())
    [InlineData("Console.WriteLine(text.Le")]
    [InlineData("Math.Ab")]                  // a type: static members
    [InlineData("System.")]                  // a namespace: namespaces and types
    public void Answers_like_binding_the_pending_cell(string code)
    {
        var fast = MemberCompletionFastPath.TryComplete(Previous.Value, code, code.Length);
        Assert.NotNull(fast);
        var slow = Slow(code);
        Assert.Equal(slow.Matches, fast!.Matches);
        Assert.Equal((slow.Start, slow.End), (fast.Start, fast.End));
        Assert.NotEmpty(fast.Matches);
    }

    [Fact]
    public void Offers_extension_methods_and_hides_statics()
    {
        var r = MemberCompletionFastPath.TryComplete(Previous.Value, "model.", 6)!;
        Assert.Contains("Where", r.Matches);   // System.Linq, imported by an earlier cell
        Assert.Contains("Add", r.Matches);
        Assert.DoesNotContain("ReferenceEquals", r.Matches);
    }

    [Theory]
    [InlineData("var model = \"s\";\nmodel.Le")]  // the pending cell redeclares the name
    [InlineData("model.Count.")]                   // the receiver is not a plain name
    [InlineData("model[0].")]
    [InlineData("unknownName.")]                   // not declared by earlier cells
    [InlineData("using System.Text;\ntext.")]      // a using could add extension methods
    [InlineData("var x = 1")]                      // no dot at all
    public void Steps_aside_when_the_pending_cell_could_mean_something_else(string code)
    {
        Assert.Null(MemberCompletionFastPath.TryComplete(Previous.Value, code, code.Length));
    }

    [Fact]
    public void Steps_aside_before_any_cell_ran() => Assert.Null(MemberCompletionFastPath.TryComplete(null, "model.", 6));
}
