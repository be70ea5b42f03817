using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace NotebookCourse.Kernel.Session;

/// <summary>
/// Builds Jupyter error outputs (ename, evalue, traceback) whose lines name the cell and the line within the cell,
/// leaving out the frames Roslyn and the async machinery add around a submission.
/// </summary>
internal static class ErrorFormatter
{
    private static readonly string[] _hiddenNamespaces =
    [
        "System.Runtime.CompilerServices", "System.Runtime.ExceptionServices", "System.Threading",
        "Microsoft.CodeAnalysis", "NotebookCourse.Kernel.Session", "Internal.Runtime",
    ];

    /// <summary>A compile error: every error diagnostic with its cell line and a caret under the column.</summary>
    public static CellResult Compile(IEnumerable<Diagnostic> diagnostics, string cellName, string code, int count)
    {
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var lines = code.Split('\n');
        var traceback = new List<string>();
        foreach (var d in errors)
        {
            traceback.Add($"{Where(d, cellName)}: error {d.Id}: {d.GetMessage()}");
            var span = d.Location.GetLineSpan();
            if (d.Location.IsInSource && IsCellFile(span.Path, cellName) && span.StartLinePosition.Line < lines.Length)
            {
                string src = lines[span.StartLinePosition.Line].TrimEnd('\r');
                traceback.Add("    " + src);
                traceback.Add("    " + new string(' ', Math.Min(span.StartLinePosition.Character, src.Length)) + "^");
            }
        }
        var first = errors.FirstOrDefault();
        string evalue = first is null ? "compilation failed" : $"{Where(first, cellName)}: {first.Id}: {first.GetMessage()}";
        return new CellResult(CellStatus.CompileError, count, "CompilationError", evalue, traceback);
    }

    /// <summary>An exception thrown by the cell, with frames mapped to cells.</summary>
    public static CellResult Exception(Exception ex, int count, Func<string, string?> cellOfSubmission)
    {
        ex = Unwrap(ex);
        var traceback = new List<string>();
        for (var e = ex; e != null; e = e.InnerException is { } inner ? Unwrap(inner) : null)
        {
            traceback.Add((e == ex ? "" : "---> ") + $"{e.GetType().FullName}: {e.Message}");
            traceback.AddRange(Frames(e, cellOfSubmission));
        }
        return new CellResult(CellStatus.Exception, count, ex.GetType().Name, ex.Message, traceback);
    }

    private static Exception Unwrap(Exception ex)
    {
        while (true)
        {
            if (ex is TargetInvocationException { InnerException: { } t }) ex = t;
            else if (ex is AggregateException { InnerExceptions.Count: 1 } a) ex = a.InnerExceptions[0];
            else return ex;
        }
    }

    private static IEnumerable<string> Frames(Exception ex, Func<string, string?> cellOfSubmission)
    {
        foreach (var frame in new StackTrace(ex, fNeedFileInfo: true).GetFrames())
        {
            var method = frame.GetMethod();
            if (method is null) continue;
            var outer = method.DeclaringType;
            while (outer?.DeclaringType != null) outer = outer.DeclaringType;
            string typeName = outer?.FullName ?? "";
            string file = frame.GetFileName() ?? "";
            int line = frame.GetFileLineNumber();
            if (typeName.StartsWith("Submission#", StringComparison.Ordinal))
            {
                // Roslyn roots the cell's file name at the base directory; #load-ed files keep their own name.
                string cell = cellOfSubmission(typeName) ?? "cell";
                if (file.Length > 0 && Path.GetFileName(file) != cell) cell = Path.GetFileName(file);
                string at = line > 0 ? $"{cell}, line {line}" : cell;
                string name = UserMethodName(method);
                yield return name.Length > 0 ? $"   at {at}, in {name}" : $"   at {at}";
                continue;
            }
            if (_hiddenNamespaces.Any(ns => typeName.StartsWith(ns, StringComparison.Ordinal))) continue;
            string where = file.Length > 0 && line > 0 ? $" in {Path.GetFileName(file)}:line {line}" : "";
            yield return $"   at {method.DeclaringType?.FullName?.Replace('+', '.')}.{method.Name}({Parameters(method)}){where}";
        }
    }

    private static string UserMethodName(MethodBase method)
    {
        // Compiler-generated members (<Initialize>, state machines, lambdas) carry '<' in their names.
        string name = method.Name == "MoveNext" && method.DeclaringType is { } sm ? sm.Name : method.Name;
        if (name.StartsWith('<'))
        {
            int close = name.IndexOf('>');
            string inner = close > 1 ? name[1..close] : "";
            return inner.Length > 0 && !inner.Contains('<') && inner != "Initialize" && inner != "Main" ? inner + "()" : "";
        }
        return name + "()";
    }

    private static string Parameters(MethodBase m) =>
        string.Join(", ", m.GetParameters().Select(p => $"{p.ParameterType.Name} {p.Name}"));

    private static string Where(Diagnostic d, string cellName)
    {
        if (!d.Location.IsInSource) return cellName;
        var span = d.Location.GetLineSpan();
        string file = IsCellFile(span.Path, cellName) ? cellName : Path.GetFileName(span.Path);
        return $"{file}, line {span.StartLinePosition.Line + 1}, column {span.StartLinePosition.Character + 1}";
    }

    private static bool IsCellFile(string path, string cellName) => 
        string.IsNullOrEmpty(path) || path == cellName || Path.GetFileName(path) == cellName;
}
