using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookCourse.Kernel.Jupyter;

/// <summary>
/// The notebookcourse kernelspec (mirrors environment/kernelspec/notebookcourse/kernel.json, a test keeps them equal)
/// and where Jupyter looks for kernelspecs on each OS.
/// </summary>
public static class Kernelspec
{
    /// <summary>Kernel name used in notebook metadata.</summary>
    public const string Name = "notebookcourse";

    /// <summary>Name shown in kernel pickers.</summary>
    public const string DisplayName = "C# (NotebookCourse)";

    /// <summary>The kernel.json content with argv running <paramref name="kernelDll"/> through <paramref name="dotnet"/>.</summary>
    public static JsonObject Build(string dotnet, string kernelDll) => new()
    {
        ["argv"] = new JsonArray(dotnet, kernelDll, "kernel", "-f", "{connection_file}"),
        ["display_name"] = DisplayName,
        ["language"] = "C#",
        ["interrupt_mode"] = "message",
        ["metadata"] = new JsonObject { ["debugger"] = false },
        ["env"] = EnvObject(),
    };

    // The GC settings training needs (NotebookCourse.Runtime.GcTuning): Jupyter passes them to the kernel process.
    static JsonObject EnvObject()
    {
        var env = new JsonObject();
        foreach (var (name, value) in NotebookCourse.Runtime.GcTuning.Environment) env[name] = value;
        return env;
    }

    /// <summary>The per-user kernels folder: JUPYTER_DATA_DIR, else the OS convention.</summary>
    public static string UserKernelsDir()
    {
        var dataDir = Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR");
        if (!string.IsNullOrEmpty(dataDir)) return Path.Combine(dataDir, "kernels");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter", "kernels");
        if (OperatingSystem.IsMacOS()) return Path.Combine(home, "Library", "Jupyter", "kernels");
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "share") : xdg, "jupyter", "kernels");
    }

    /// <summary>The kernels folder under an installation prefix ({prefix}/share/jupyter/kernels).</summary>
    public static string PrefixKernelsDir(string prefix) => Path.Combine(Path.GetFullPath(prefix), "share", "jupyter", "kernels");

    /// <summary>The active Python environment's prefix (VIRTUAL_ENV or CONDA_PREFIX), for --sys-prefix.</summary>
    public static string SysPrefix() =>
        new[] { "VIRTUAL_ENV", "CONDA_PREFIX" }.Select(Environment.GetEnvironmentVariable).FirstOrDefault(p => !string.IsNullOrEmpty(p))
        ?? throw new InvalidOperationException("kernel install --sys-prefix: no Python environment is active (VIRTUAL_ENV and CONDA_PREFIX are unset); activate it, or use --user or --prefix DIR");

    /// <summary>Writes kernelspec into <paramref name="kernelsDir"/>/notebookcourse and returns that folder.</summary>
    public static string Install(string kernelsDir, string dotnet, string kernelDll)
    {
        if (!File.Exists(kernelDll))
            throw new InvalidOperationException($"kernel install: the kernel '{kernelDll}' does not exist; build lib/NotebookCourse.Kernel first");
        var dir = Path.Combine(kernelsDir, Name);
        Directory.CreateDirectory(dir);
        var json = Build(dotnet, Path.GetFullPath(kernelDll)).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var tmp = Path.Combine(dir, "kernel.json.tmp");
        File.WriteAllText(tmp, json + "\n");
        File.Move(tmp, Path.Combine(dir, "kernel.json"), overwrite: true);
        return dir;
    }

    /// <summary>The running kernel's own dll and the dotnet host that can run it.</summary>
    public static (string Dotnet, string KernelDll) CurrentKernel()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "NotebookCourse.Kernel.dll");
        var process = Environment.ProcessPath ?? "";
        var name = Path.GetFileNameWithoutExtension(process);
        var dotnet = name == "dotnet" ? process : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        return (dotnet, dll);
    }
}
