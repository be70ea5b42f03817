using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace NotebookCourse.Kernel.Jupyter.Roslyn;

/// <summary>
/// Completion for a pending cell from the semantic model of its script (the session's state plus the cell), without
/// Roslyn's Features layer: members after a dot, otherwise every symbol and keyword in scope.
/// </summary>
public static class ScriptCompletion
{
    private static readonly string[] Keywords =
    [
        "var", "new", "return", "if", "else", "for", "foreach", "while", "do", "switch", "case", "break", "continue",
        "using", "class", "record", "struct", "interface", "public", "private", "static", "readonly", "const", "void",
        "int", "long", "float", "double", "bool", "string", "object", "true", "false", "null", "await", "async", "in",
        "is", "as", "typeof", "nameof", "try", "catch", "finally", "throw", "lock", "default", "this",
    ];

    /// <summary>Completions at UTF-16 offset <paramref name="cursor"/> of <paramref name="code"/>, the last submission of <paramref name="script"/>.</summary>
    public static CompletionResult Complete(Script script, string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        int start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        var prefix = code[start..cursor];

        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.Last();
        var model = compilation.GetSemanticModel(tree);
        IEnumerable<ISymbol> symbols;
        IEnumerable<string> keywords = [];
        if (start > 0 && code[start - 1] == '.' && tree.GetRoot().FindToken(start - 1).Parent is { } parent)
            symbols = MembersOf(model, parent, start);
        else
        {
            symbols = model.LookupSymbols(start);
            keywords = Keywords;
        }

        return new CompletionResult(Rank(Names(symbols).Concat(keywords), prefix), start, cursor);
    }

    /// <summary>The names students can type for <paramref name="symbols"/> (no compiler-generated or unnamed ones).</summary>
    internal static IEnumerable<string> Names(IEnumerable<ISymbol> symbols) =>
        symbols.Where(s => s.CanBeReferencedByName && !s.IsImplicitlyDeclared || s is INamespaceSymbol).Select(s => s.Name);

    /// <summary>Names starting with <paramref name="prefix"/> (any case), exact-case matches first, then alphabetical.</summary>
    internal static IReadOnlyList<string> Rank(IEnumerable<string> names, string prefix) =>
        names.Where(n => n.Length > 0 && n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && !n.Contains('<'))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n.StartsWith(prefix, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(n => n, StringComparer.OrdinalIgnoreCase)
            .ToList();

    private static IEnumerable<ISymbol> MembersOf(SemanticModel model, SyntaxNode dotParent, int position)
    {
        ExpressionSyntax? left = dotParent switch
        {
            MemberAccessExpressionSyntax ma => ma.Expression,
            QualifiedNameSyntax qn => qn.Left,
            MemberBindingExpressionSyntax => null, // a?.b: the conditional access' receiver
            _ => null,
        };
        if (dotParent is MemberBindingExpressionSyntax && dotParent.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>() is { } ca)
            left = ca.Expression;
        if (left is null) return [];
        return MembersOf(model, model.GetSymbolInfo(left).Symbol, model.GetTypeInfo(left).Type, position);
    }

    /// <summary>What can follow a dot after an expression that binds to <paramref name="symbol"/> of type <paramref name="type"/>.</summary>
    internal static IEnumerable<ISymbol> MembersOf(SemanticModel model, ISymbol? symbol, ITypeSymbol? type, int position)
    {
        switch (symbol)
        {
            case INamespaceSymbol ns: return model.LookupNamespacesAndTypes(position, ns);
            case ITypeSymbol t: return model.LookupStaticMembers(position, t); // Math.  torch.
        }
        return type is null ? [] : model.LookupSymbols(position, type, includeReducedExtensionMethods: true)
            .Where(s => !s.IsStatic || s is IMethodSymbol { ReducedFrom: not null });
    }
}
