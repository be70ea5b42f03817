using System.CommandLine;
using NotebookCourse.Kernel.Ipynb;

namespace NotebookCourse.Kernel.Grading;

/// <summary>
/// The instructor verbs: <c>assign</c>, <c>grade</c> and <c>validate</c>. Exit codes: 0 done (a student losing points
/// is still 0), 1 <c>validate</c> found problems (or System.CommandLine rejected the arguments), 2 a tooling error
/// (unreadable notebook, bad markup, an output path that would overwrite an input).
/// </summary>
public static class GradingCommands
{
    /// <summary><c>assign SOURCE.ipynb... --out DIR</c></summary>
    public static Command Assign()
    {
        var sources = new Argument<string[]>("sources") { Arity = ArgumentArity.OneOrMore, Description = "Instructor notebooks (with solutions)" };
        var outDir = new Option<string>("--out") { Description = "Folder for the student versions", Required = true };
        var command = new Command("assign", "Make student versions: solutions become stubs, hidden tests removed, outputs cleared") { sources, outDir };
        command.SetAction(parse => AssignAll(parse.GetValue(sources) ?? [], parse.GetValue(outDir)!, Console.Out, Console.Error));
        return command;
    }

    /// <summary><c>grade SUBMISSION.ipynb --source SOURCE.ipynb [--out DIR] [--timeout S] [--no-fast]</c></summary>
    public static Command Grade()
    {
        var submission = new Argument<string>("submission") { Description = "The student's notebook" };
        var source = new Option<string>("--source") { Description = "The instructor's notebook it was assigned from", Required = true };
        var outDir = new Option<string?>("--out") { Description = "Folder for the graded notebook and the report (default artifacts/graded/)" };
        var timeout = Timeout();
        var noFast = new Option<bool>("--no-fast") { Description = "Do not inject fast=true" };
        var command = new Command("grade", "Grade a submission: restore the original checks and hidden tests, run, score each check")
            { submission, source, outDir, timeout, noFast };
        command.SetAction(async (parse, ct) => await GradeAsync(parse.GetValue(submission)!, parse.GetValue(source)!,
            parse.GetValue(outDir), Options(parse.GetValue(timeout), !parse.GetValue(noFast)), Console.Out, Console.Error, ct));
        return command;
    }

    /// <summary><c>validate NOTEBOOK... [--timeout S] [--no-fast]</c></summary>
    public static Command Validate()
    {
        var notebooks = new Argument<string[]>("notebooks") { Arity = ArgumentArity.OneOrMore, Description = "Instructor notebooks" };
        var timeout = Timeout();
        var noFast = new Option<bool>("--no-fast") { Description = "Do not inject fast=true" };
        var command = new Command("validate", "Check that the solutions pass every check and that the student version compiles")
            { notebooks, timeout, noFast };
        command.SetAction(async (parse, ct) => await ValidateAsync(parse.GetValue(notebooks) ?? [],
            Options(parse.GetValue(timeout), !parse.GetValue(noFast)), Console.Out, Console.Error, ct));
        return command;
    }

    /// <summary>The body of <c>assign</c>; returns the exit code.</summary>
    public static int AssignAll(IReadOnlyList<string> sources, string outDir, TextWriter output, TextWriter errors)
    {
        int rc = 0;
        foreach (var path in sources)
        {
            try
            {
                string target = Path.Combine(outDir, Path.GetFileName(path));
                if (Grader.SamePath(target, path))
                    throw new ArgumentException($"assign: --out {outDir} would overwrite the instructor's {path}; choose another folder");
                var student = StudentVersion.Create(NotebookFile.Read(path), Path.GetFileName(path));
                NotebookFile.Write(student, target);
                int checks = student.Cells.Count(c => GradeInfo.ReadFrom(c.Metadata)?.Kind == GradeKind.Check);
                double points = student.Cells.Select(c => GradeInfo.ReadFrom(c.Metadata)).Where(i => i?.Kind == GradeKind.Check).Sum(i => i!.Points);
                output.WriteLine($"assigned {path} -> {target} ({checks} check{(checks == 1 ? "" : "s")}, {GradeInfo.FormatPoints(points)} point{(points == 1 ? "" : "s")})");
            }
            catch (Exception e) when (e is NotebookFormatException or ExerciseFormatException or ArgumentException or IOException)
            {
                errors.WriteLine($"assign: {e.Message}");
                rc = 2;
            }
        }
        return rc;
    }

    /// <summary>The body of <c>grade</c>; returns the exit code (0 even when points are lost).</summary>
    public static async Task<int> GradeAsync(string submission, string source, string? outDir, GradeOptions options,
        TextWriter output, TextWriter errors, CancellationToken ct)
    {
        if (BadTimeout(options, "grade", errors)) return 2;
        try
        {
            outDir ??= Path.Combine(Runner.RepoPaths.FindRoot() ?? Directory.GetCurrentDirectory(), "artifacts", "graded");
            var report = await Grader.GradeAsync(submission, source, outDir, options with { Progress = errors }, ct);
            output.Write(report.ToTable());
            output.WriteLine($"graded notebook: {report.GradedNotebook}");
            return 0;
        }
        catch (Exception e) when (e is NotebookFormatException or ExerciseFormatException or ArgumentException or IOException)
        {
            errors.WriteLine($"grade: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            errors.WriteLine("grade: interrupted; no report written");
            return 130;
        }
    }

    /// <summary>The body of <c>validate</c>; returns the exit code (1 when a notebook has problems).</summary>
    public static async Task<int> ValidateAsync(IReadOnlyList<string> notebooks, GradeOptions options, TextWriter output,
        TextWriter errors, CancellationToken ct)
    {
        if (BadTimeout(options, "validate", errors)) return 2;
        int rc = 0;
        foreach (var path in notebooks)
        {
            try
            {
                var result = await Validator.ValidateAsync(path, options with { Progress = errors }, ct);
                foreach (var w in result.Warnings) output.WriteLine($"{result.Notebook}: warning: {w}");
                foreach (var p in result.Problems) output.WriteLine($"{result.Notebook}: problem: {p}");
                output.WriteLine(result.Ok ? $"{result.Notebook}: valid" : $"{result.Notebook}: {result.Problems.Count} problem(s)");
                if (!result.Ok) rc = Math.Max(rc, 1);
            }
            catch (Exception e) when (e is NotebookFormatException or IOException)
            {
                errors.WriteLine($"validate: {e.Message}");
                rc = 2;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                errors.WriteLine("validate: interrupted");
                return 130;
            }
        }
        return rc;
    }

    private static Option<double> Timeout() => new("--timeout")
    {
        Description = "Per-cell timeout in seconds", DefaultValueFactory = _ => 300,
    };

    // A non-positive --timeout is passed through as zero and rejected by the command bodies with exit code 2.
    private static GradeOptions Options(double timeoutSeconds, bool fast) =>
        new() { CellTimeout = TimeSpan.FromSeconds(Math.Max(0, timeoutSeconds)), Fast = fast };

    private static bool BadTimeout(GradeOptions options, string verb, TextWriter errors)
    {
        if (options.CellTimeout > TimeSpan.Zero) return false;
        errors.WriteLine($"{verb}: --timeout must be a positive number of seconds");
        return true;
    }
}
