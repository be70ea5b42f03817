using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NotebookCourse.Kernel.Session;

/// <summary>Answer to Jupyter's is_complete_request.</summary>
public enum CodeCompleteness
{
    /// <summary>Ready to run.</summary>
    Complete,
    /// <summary>Needs more lines (open brace, unfinished statement).</summary>
    Incomplete,
    /// <summary>Syntactically wrong however it continues.</summary>
    Invalid,
}

/// <summary>Syntax-tree checks shared by the session and the kernel.</summary>
public static class ScriptSyntax
{
    /// <summary>Parse options of notebook cells (C# script, latest language).</summary>
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.Latest, DocumentationMode.Parse, SourceCodeKind.Script);

    /// <summary>Whether <paramref name="code"/> is a complete submission, e.g. "for (;;) {" → Incomplete.</summary>
    public static CodeCompleteness IsComplete(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, ParseOptions);
        if (!SyntaxFactory.IsCompleteSubmission(tree)) return CodeCompleteness.Incomplete;
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)
            ? CodeCompleteness.Invalid
            : CodeCompleteness.Complete;
    }
}
