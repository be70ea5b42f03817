using System.Diagnostics;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>
/// The kernelspec installed the way users install it (<c>kernel install --prefix</c>) into a temporary prefix, and
/// the environment that makes Jupyter tools find it there (and keep their runtime files out of the home folder).
/// </summary>
public sealed class InstalledKernel : IDisposable
{
    public InstalledKernel()
    {
        Prefix = Directory.CreateTempSubdirectory("nbc-kernelspec-").FullName;
        var dll = Path.Combine(AppContext.BaseDirectory, "NotebookCourse.Kernel.dll");
        var (code, stdout, stderr) = Tools.Run("dotnet", [dll, "kernel", "install", "--prefix", Prefix], Prefix, Environment(), 60);
        if (code != 0) throw new InvalidOperationException($"kernel install --prefix failed ({code}):\n{stdout}\n{stderr}");
        KernelJson = Path.Combine(Prefix, "share", "jupyter", "kernels", "notebookcourse", "kernel.json");
    }

    /// <summary>The temporary installation prefix.</summary>
    public string Prefix { get; }

    /// <summary>The kernel.json that <c>kernel install</c> wrote.</summary>
    public string KernelJson { get; }

    /// <summary>JUPYTER_PATH pointing at the prefix, a private runtime folder, and CI unset for child tools.</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["JUPYTER_PATH"] = Path.Combine(Prefix, "share", "jupyter"),
        ["JUPYTER_RUNTIME_DIR"] = Path.Combine(Prefix, "runtime"),
        ["JUPYTER_PLATFORM_DIRS"] = "1",
        ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1",
    };

    public void Dispose()
    {
        try { Directory.Delete(Prefix, recursive: true); } catch (IOException) { } // a kernel may still hold a file
    }
}

/// <summary>Runs external tools with a time limit, capturing their output.</summary>
internal static class Tools
{
    public static (int Code, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, string workDir,
        IReadOnlyDictionary<string, string> env, int timeoutSeconds, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, WorkingDirectory = workDir,
        };
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            return (-1, stdout.Result, stderr.Result + $"\n[{Path.GetFileName(file)} did not finish in {timeoutSeconds} s and was killed]");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Whether /usr/bin/python3 can import every module named.</summary>
    public static bool PythonHas(params string[] modules)
    {
        if (!File.Exists(JupyterClientFactAttribute.Python)) return false;
        try
        {
            return Run(JupyterClientFactAttribute.Python, ["-c", "import " + string.Join(", ", modules)], Path.GetTempPath(),
                new Dictionary<string, string>(), 60).Code == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}

/// <summary>Skips only when nbconvert/nbclient are missing outside CI; under CI=true the test runs and fails.</summary>
public sealed class NbconvertFactAttribute : FactAttribute
{
    public NbconvertFactAttribute()
    {
        if (System.Environment.GetEnvironmentVariable("CI") != "true" && !Tools.PythonHas("nbclient", "nbconvert", "jupyter_client"))
            Skip = "python3 with nbclient and nbconvert not found: install Debian python3-nbclient and jupyter-nbconvert (course setup does)";
    }
}
