using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace NotebookCourse.Kernel.Jupyter.Roslyn;

/// <summary>
/// Completion of <c>name.</c> / <c>name.pre</c> where <c>name</c> was declared by an earlier cell (a variable such as
/// <c>model</c>, a type such as <c>torch</c>, or a namespace). Such names mean the same at the end of the executed
/// cells as in the pending one, so their members are looked up once in the session's last, already-bound compilation
/// and cached until the next cell runs: no new compilation per keystroke.
/// </summary>
internal static class MemberCompletionFastPath
{
    // Member names per executed state and receiver name; a new cell gives a new compilation, hence a fresh table.
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, string[]?>> Cache = new();

    /// <summary>The completion, or null when the fast path does not apply (the caller then binds the pending cell).</summary>
    public static CompletionResult? TryComplete(ScriptState<object>? state, string code, int cursor)
    {
        if (state is null) return null;
        cursor = Math.Clamp(cursor, 0, code.Length);
        int start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        if (start == 0 || code[start - 1] != '.') return null;

        // Parsing alone is cheap; it tells whether the dot follows a plain name (not a call, index or string).
        var root = CSharpSyntaxTree.ParseText(code, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script)).GetRoot();
        var dot = root.FindToken(start - 1);
        if (!dot.IsKind(SyntaxKind.DotToken) || dot.Parent is not MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax id })
            return null;
        // A using in the pending cell can bring extension methods the executed cells do not see.
        if (root is CompilationUnitSyntax { Usings.Count: > 0 }) return null;
        var name = id.Identifier.ValueText;
        // A name the pending cell itself declares or assigns may mean something else there: bind the cell instead.
        if (root.DescendantTokens().Count(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == name) > 1) return null;

        var compilation = state.Script.GetCompilation();
        var names = Cache.GetOrCreateValue(compilation).GetOrAdd(name, n => Members(compilation, n));
        return names is null ? null : new CompletionResult(ScriptCompletion.Rank(names, code[start..cursor]), start, cursor);
    }

    private static string[]? Members(Compilation compilation, string name)
    {
        var tree = compilation.SyntaxTrees.LastOrDefault();
        if (tree is null) return null;
        var model = compilation.GetSemanticModel(tree);
        int end = tree.Length;
        var symbol = model.LookupSymbols(end, name: name).FirstOrDefault();
        ITypeSymbol? type = symbol switch
        {
            IFieldSymbol f => f.Type,
            IPropertySymbol p => p.Type,
            ILocalSymbol l => l.Type,
            _ => null,
        };
        if (symbol is null || (type is null && symbol is not (INamespaceSymbol or ITypeSymbol))) return null;
        return ScriptCompletion.Names(ScriptCompletion.MembersOf(model, symbol, type, end)).Distinct(StringComparer.Ordinal).ToArray();
    }
}
