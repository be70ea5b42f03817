using System.CommandLine;
using NotebookCourse.Kernel.Ipynb;

namespace NotebookCourse.Kernel.Runner;

/// <summary>The runner's command-line verbs: <c>run</c> and <c>strip</c>.</summary>
public static class RunnerCommands
{
    /// <summary><c>run [NOTEBOOK|DIR ...] [--fast] [--param k=v ...] [--out DIR] [--timeout S] [--allow-errors]</c></summary>
    public static Command Run()
    {
        var paths = new Argument<string[]>("notebooks")
        {
            Description = "Notebooks or folders (default: notebooks/ of the repository)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var fast = new Option<bool>("--fast") { Description = "Shorthand for --param fast=true" };
        var param = new Option<string[]>("--param", "-p")
        {
            Description = "Override a parameter of the cell tagged 'parameters': name=value (repeatable)",
        };
        var outDir = new Option<string?>("--out") { Description = "Folder for executed copies (default artifacts/executed/)" };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Per-cell timeout in seconds",
            DefaultValueFactory = _ => 600,
        };
        var allowErrors = new Option<bool>("--allow-errors")
        {
            Description = "Keep running after a failing cell so every cell gets its output (the notebook still counts as failed)",
        };
        var command = new Command("run", "Execute notebooks headlessly and write executed copies") { paths, fast, param, outDir, timeout, allowErrors };
        command.SetAction(async (parse, ct) => await RunAsync(
            parse.GetValue(paths) ?? [], parse.GetValue(fast), parse.GetValue(param) ?? [], parse.GetValue(outDir),
            parse.GetValue(timeout), Console.Error, Console.Out, ct, parse.GetValue(allowErrors)));
        return command;
    }

    /// <summary><c>strip NOTEBOOK...</c>: clears outputs and execution counts in place, atomically.</summary>
    public static Command Strip()
    {
        var paths = new Argument<string[]>("notebooks") { Arity = ArgumentArity.OneOrMore, Description = "Notebooks to strip" };
        var command = new Command("strip", "Clear outputs and execution counts (clean diffs)") { paths };
        command.SetAction(parse => StripAll(parse.GetValue(paths) ?? [], Console.Error));
        return command;
    }

    /// <summary>The body of <c>run</c>; returns the process exit code (0 all passed, 1 a failure, 2 bad usage).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> paths, bool fast, IReadOnlyList<string> parameters,
        string? outDir, double timeoutSeconds, TextWriter progress, TextWriter output, CancellationToken ct,
        bool allowErrors = false)
    {
        IReadOnlyList<string> notebooks;
        Dictionary<string, string> values;
        try
        {
            values = ParseParameters(parameters);
            if (fast) values["fast"] = "true";
            string? root = RepoPaths.FindRoot();
            if (paths.Count == 0)
            {
                string dir = root is null
                    ? throw new ArgumentException($"run: no notebooks given and no {RepoPaths.SolutionFile} above {Directory.GetCurrentDirectory()}; pass notebook paths")
                    : Path.Combine(root, "notebooks");
                if (!Directory.Exists(dir)) throw new ArgumentException($"run: the notebooks folder {dir} does not exist");
                paths = [dir];
            }
            notebooks = RepoPaths.ExpandNotebooks(paths);
            outDir ??= Path.Combine(root ?? Directory.GetCurrentDirectory(), "artifacts", "executed");
            if (timeoutSeconds <= 0) throw new ArgumentException($"run: --timeout must be positive, got {timeoutSeconds}");
        }
        catch (ArgumentException e)
        {
            progress.WriteLine(e.Message);
            return 2;
        }

        var options = new RunOptions
        {
            Parameters = values, OutDirectory = outDir, CellTimeout = TimeSpan.FromSeconds(timeoutSeconds), Progress = progress,
            AllowErrors = allowErrors,
        };
        var results = new List<NotebookRunResult>();
        foreach (var nb in notebooks)
        {
            if (ct.IsCancellationRequested) break;
            results.Add(await NotebookRunner.RunAsync(nb, options, ct));
        }
        output.WriteLine(RunSummary.Format(results));
        return results.All(r => r.Passed) && !ct.IsCancellationRequested ? 0 : 1;
    }

    /// <summary>Parses "name=value" pairs; a later pair overrides an earlier one.</summary>
    public static Dictionary<string, string> ParseParameters(IEnumerable<string> pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"run: --param expects name=value, got '{pair}'");
            values[pair[..eq].Trim()] = pair[(eq + 1)..];
        }
        return values;
    }

    /// <summary>The body of <c>strip</c>; returns the exit code.</summary>
    public static int StripAll(IEnumerable<string> paths, TextWriter log)
    {
        int rc = 0;
        foreach (var path in paths)
        {
            try
            {
                var nb = NotebookFile.Read(path);
                foreach (var cell in nb.Cells.Where(c => c.IsCode))
                {
                    cell.Outputs.Clear();
                    cell.ExecutionCount = null;
                }
                NotebookFile.Write(nb, path);
                log.WriteLine($"stripped {path}");
            }
            catch (NotebookFormatException e)
            {
                log.WriteLine($"strip: {e.Message}");
                rc = 1;
            }
        }
        return rc;
    }
}
