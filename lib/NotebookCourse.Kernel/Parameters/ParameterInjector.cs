using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NotebookCourse.Kernel.Ipynb;
using NotebookCourse.Kernel.Session;

namespace NotebookCourse.Kernel.Parameters;

/// <summary>
/// Papermill's convention for C#: the cell tagged <c>parameters</c> declares defaults (<c>bool fast = false;</c>);
/// overrides go into a new cell tagged <c>injected-parameters</c> right after it, typed like the defaults.
/// <code>ParameterInjector.Inject(nb, new Dictionary&lt;string, string&gt; { ["fast"] = "true" }, "00-intro.ipynb");</code>
/// </summary>
public static class ParameterInjector
{
    /// <summary>Tag of the cell holding the defaults.</summary>
    public const string ParametersTag = "parameters";

    /// <summary>Tag of the cell the runner adds.</summary>
    public const string InjectedTag = "injected-parameters";

    /// <summary>
    /// Adds (or replaces) the injected-parameters cell. Throws <see cref="ArgumentException"/> for a name the
    /// parameters cell does not declare or a value that does not parse as the declared type.
    /// </summary>
    public static void Inject(Notebook nb, IReadOnlyDictionary<string, string> values, string notebookName)
    {
        if (values.Count == 0) return;
        int index = nb.Cells.FindIndex(c => c.IsCode && c.HasTag(ParametersTag));
        if (index < 0)
            throw new ArgumentException(
                $"{notebookName}: no cell is tagged '{ParametersTag}', so --param {string.Join(", ", values.Keys)} cannot be applied; tag the cell that declares the defaults");
        var declared = DeclaredParameters(nb.Cells[index].Source);
        var lines = new List<string> { "// Injected parameters" };
        foreach (var (name, raw) in values)
        {
            if (!declared.TryGetValue(name, out var type))
                throw new ArgumentException(
                    $"{notebookName}: unknown parameter '{name}'; the parameters cell declares: {string.Join(", ", declared.Keys.Order())}");
            lines.Add($"{type} {name} = {Literal(type, raw, name, notebookName)};");
        }
        nb.Cells.RemoveAll(c => c.HasTag(InjectedTag));
        index = nb.Cells.FindIndex(c => c.IsCode && c.HasTag(ParametersTag));
        nb.Cells.Insert(index + 1, NotebookCell.Code(string.Join("\n", lines), InjectedTag));
    }

    /// <summary>Name → declared type keyword of every top-level variable in a parameters cell.</summary>
    public static IReadOnlyDictionary<string, string> DeclaredParameters(string source)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var root = CSharpSyntaxTree.ParseText(source, ScriptSyntax.ParseOptions).GetCompilationUnitRoot();
        foreach (var member in root.Members)
        {
            // Script top-level declarations parse as fields or as local declarations depending on the form.
            VariableDeclarationSyntax? decl = member switch
            {
                FieldDeclarationSyntax f => f.Declaration,
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax l } => l.Declaration,
                _ => null,
            };
            if (decl is null) continue;
            foreach (var v in decl.Variables)
            {
                string type = decl.Type.ToString();
                if (type == "var") type = InferFromLiteral(v.Initializer?.Value);
                result[v.Identifier.Text] = type;
            }
        }
        return result;
    }

    private static string InferFromLiteral(ExpressionSyntax? value) => value?.Kind() switch
    {
        SyntaxKind.TrueLiteralExpression or SyntaxKind.FalseLiteralExpression => "bool",
        SyntaxKind.StringLiteralExpression => "string",
        SyntaxKind.NumericLiteralExpression => ((LiteralExpressionSyntax)value).Token.Value switch
        {
            int => "int", long => "long", float => "float", double => "double", _ => "var",
        },
        _ => "var",
    };

    private static string Literal(string type, string raw, string name, string notebookName)
    {
        var inv = CultureInfo.InvariantCulture;
        string? literal = type switch
        {
            "bool" => bool.TryParse(raw, out bool b) ? (b ? "true" : "false") : null,
            "int" => int.TryParse(raw, NumberStyles.Integer, inv, out int i) ? i.ToString(inv) : null,
            "long" => long.TryParse(raw, NumberStyles.Integer, inv, out long l) ? l.ToString(inv) + "L" : null,
            "double" => double.TryParse(raw, NumberStyles.Float, inv, out double d) ? RealLiteral(d, "double", "d") : null,
            "float" => float.TryParse(raw, NumberStyles.Float, inv, out float f) ? RealLiteral(f, "float", "f") : null,
            "string" => SymbolDisplay.FormatLiteral(raw, quote: true),
            _ => throw new ArgumentException(
                $"{notebookName}: parameter '{name}' is declared as '{type}'; only bool, int, long, float, double and string can be set with --param"),
        };
        return literal ?? throw new ArgumentException(
            $"{notebookName}: --param {name}={raw}: '{raw}' is not a valid {type} (the parameters cell declares {type} {name})");
    }

    private static string RealLiteral(double v, string type, string suffix) =>
        double.IsNaN(v) ? $"{type}.NaN"
        : double.IsPositiveInfinity(v) ? $"{type}.PositiveInfinity"
        : double.IsNegativeInfinity(v) ? $"{type}.NegativeInfinity"
        : (suffix == "f" ? ((float)v).ToString("R", CultureInfo.InvariantCulture) : v.ToString("R", CultureInfo.InvariantCulture)) + suffix;
}
