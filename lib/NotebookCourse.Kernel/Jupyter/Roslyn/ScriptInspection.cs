using System.Text;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;
using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Jupyter.Roslyn;

/// <summary>Hover / Shift+Tab help: the signature and XML summary of the symbol under the cursor.</summary>
public static class ScriptInspection
{
    private static readonly SymbolDisplayFormat Format = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType |
                       SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeRef,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName |
                          SymbolDisplayParameterOptions.IncludeDefaultValue | SymbolDisplayParameterOptions.IncludeParamsRefOut,
        localOptions: SymbolDisplayLocalOptions.IncludeType,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    // Variables of earlier cells are fields of Roslyn's submission classes: hide that detail from students.
    private static string Display(ISymbol s) => System.Text.RegularExpressions.Regex.Replace(s.ToDisplayString(Format), @"Submission#\d+\.", "");

    /// <summary>A text/plain + text/markdown bundle for the symbol at UTF-16 offset <paramref name="cursor"/>, or null.</summary>
    public static MimeBundle? Inspect(Script script, string code, int cursor)
    {
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.Last();
        var model = compilation.GetSemanticModel(tree);
        cursor = Math.Clamp(cursor, 0, code.Length);
        // At the end of a word (the usual cursor position) the token to inspect is the one just before.
        int position = cursor > 0 && (cursor == code.Length || !char.IsLetterOrDigit(code[cursor])) ? cursor - 1 : cursor;
        var token = tree.GetRoot().FindToken(position);
        var node = token.Parent;
        if (node is null) return null;
        var info = model.GetSymbolInfo(node);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault() ?? model.GetDeclaredSymbol(node) ?? model.GetTypeInfo(node).Type;
        if (symbol is null or IErrorTypeSymbol) return null;

        var overloads = symbol is IMethodSymbol m && info.Symbol is null
            ? info.CandidateSymbols.OfType<IMethodSymbol>().Cast<ISymbol>().ToList()
            : [symbol];
        var text = new StringBuilder();
        foreach (var s in overloads) text.AppendLine(Display(s));
        var summary = Summary(symbol, compilation);
        if (summary.Length > 0) text.AppendLine().AppendLine(summary);
        var plain = text.ToString().TrimEnd();
        var markdown = "```csharp\n" + string.Join("\n", overloads.Select(Display)) + "\n```" +
            (summary.Length > 0 ? "\n\n" + summary : "");
        return MimeBundle.Text(plain).Add("text/markdown", markdown);
    }

    /// <summary>The summary of a symbol's XML docs: from source, else from the .xml file beside its assembly.</summary>
    private static string Summary(ISymbol symbol, Compilation compilation)
    {
        var xml = symbol.GetDocumentationCommentXml();
        if (string.IsNullOrWhiteSpace(xml) && symbol.GetDocumentationCommentId() is { } id &&
            compilation.GetMetadataReference(symbol.ContainingAssembly) is PortableExecutableReference { FilePath: { } dll })
            xml = XmlDocFiles.Lookup(dll, id);
        if (string.IsNullOrWhiteSpace(xml)) return "";
        try
        {
            var summary = XElement.Parse(xml).Element("summary");
            if (summary is null) return "";
            // <see cref="T:System.Math"/> → Math; <paramref name="x"/> → x.
            foreach (var see in summary.Descendants().Where(e => e.Name == "see" || e.Name == "paramref" || e.Name == "typeparamref").ToList())
                see.ReplaceWith(new XText(((string?)see.Attribute("cref"))?.Split(':', '.').Last() ?? (string?)see.Attribute("name") ?? (string?)see.Attribute("langword") ?? see.Value));
            return string.Join(" ", summary.Value.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        }
        catch (System.Xml.XmlException) { return ""; }
    }
}
