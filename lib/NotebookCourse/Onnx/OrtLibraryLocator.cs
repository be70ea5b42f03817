using System.Runtime.InteropServices;

namespace NotebookCourse.Onnx;

/// <summary>
/// Finds the native ONNX Runtime library. Order: explicit path, <c>NOTEBOOKCOURSE_ORT_PATH</c>, the repository's
/// npm cache (<c>.cache/npm/node_modules/onnxruntime-node</c>, where <c>course setup</c> puts it), a NuGet-cache
/// copy of Microsoft.ML.OnnxRuntime(.Gpu), then the system loader.
/// </summary>
public static class OrtLibraryLocator
{
    /// <summary>Environment variable naming the library file or the folder holding it.</summary>
    public const string EnvVar = "NOTEBOOKCOURSE_ORT_PATH";

    /// <summary>The command that installs the library where the locator looks.</summary>
    public const string FixCommand = "./environment/course setup";

    /// <summary>File names of the library on this OS, most specific first.</summary>
    public static string[] LibraryFileNames =>
        OperatingSystem.IsWindows() ? ["onnxruntime.dll"]
        : OperatingSystem.IsMacOS() ? ["libonnxruntime.1.dylib", "libonnxruntime.dylib"]
        : ["libonnxruntime.so.1", "libonnxruntime.so"];

    /// <summary>Candidate files in discovery order, each with where it came from (files may not exist).</summary>
    public static IEnumerable<(string Source, string Path)> Candidates(string? explicitPath = null)
    {
        if (!string.IsNullOrEmpty(explicitPath))
            foreach (var p in Expand(explicitPath)) yield return ("explicit path", p);
        var env = Environment.GetEnvironmentVariable(EnvVar);
        if (!string.IsNullOrEmpty(env))
            foreach (var p in Expand(env)) yield return ($"${EnvVar}", p);
        foreach (var root in RepoRoots())
            foreach (var p in NpmCandidates(root)) yield return ("course setup (npm onnxruntime-node)", p);
        foreach (var p in NuGetCandidates()) yield return ("NuGet cache", p);
    }

    /// <summary>Returns the first candidate file that exists, or null (the system loader is not probed here).</summary>
    public static string? FindFile(string? explicitPath = null)
    {
        foreach (var (_, path) in Candidates(explicitPath))
            if (File.Exists(path)) return path;
        return null;
    }

    /// <summary>Loads the library: first existing candidate that loads, else the system loader, else a listing error.</summary>
    internal static (IntPtr Handle, string Path) Load(string? explicitPath) => Load(Candidates(explicitPath), probeSystem: true);

    /// <summary>Loads the first candidate that exists and loads; <paramref name="probeSystem"/> adds the system loader.</summary>
    internal static (IntPtr Handle, string Path) Load(IEnumerable<(string Source, string Path)> candidates, bool probeSystem)
    {
        var tried = new List<string>();
        foreach (var (source, path) in candidates)
        {
            if (!File.Exists(path)) { tried.Add($"{source}: {path} (not found)"); continue; }
            if (NativeLibrary.TryLoad(path, out var handle)) return (handle, path);
            tried.Add($"{source}: {path} (exists but failed to load: {LastLoadError(path)})");
        }
        if (probeSystem && !tried.Any(t => t.StartsWith("NuGet cache")))
            tried.Add($"NuGet cache: {System.IO.Path.Combine(NuGetRoot(), "microsoft.ml.onnxruntime*")} (no package installed)");
        foreach (var name in probeSystem ? LibraryFileNames.Append("onnxruntime") : [])
        {
            if (NativeLibrary.TryLoad(name, typeof(OrtLibraryLocator).Assembly, DllImportSearchPath.SafeDirectories
                    | DllImportSearchPath.AssemblyDirectory, out var handle)) return (handle, name);
            tried.Add($"system loader: {name} (not found)");
        }
        var message = "onnx: the ONNX Runtime native library was not found. Tried, in order:\n  " +
                      string.Join("\n  ", tried) +
                      $"\nFix: run `{FixCommand}` from the repository root (it installs onnxruntime-node into .cache/npm), " +
                      $"or set {EnvVar} to the library file or its folder.";
        throw new OnnxRuntimeNotFoundException(message, tried);
    }

    private static string LastLoadError(string path)
    {
        try { NativeLibrary.Free(NativeLibrary.Load(path)); return "unknown"; }
        catch (Exception e) { return e.Message; }
    }

    /// <summary>A file path as given; a directory expands to the library names inside it.</summary>
    private static IEnumerable<string> Expand(string path)
    {
        if (Directory.Exists(path))
        {
            foreach (var name in LibraryFileNames) yield return System.IO.Path.Combine(path, name);
        }
        else yield return path;
    }

    /// <summary>Folders holding NotebookCourse.sln, found by walking up from the app folder and the working folder.</summary>
    internal static IEnumerable<string> RepoRoots()
    {
        var seen = new HashSet<string>();
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "NotebookCourse.sln")))
                {
                    if (seen.Add(dir.FullName)) yield return dir.FullName;
                    break;
                }
            }
        }
    }

    private static IEnumerable<string> NpmCandidates(string repoRoot)
    {
        var bin = System.IO.Path.Combine(repoRoot, ".cache", "npm", "node_modules", "onnxruntime-node", "bin");
        string os = OperatingSystem.IsWindows() ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : "linux";
        string arch = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "arm64" : "x64";
        var napiDirs = Directory.Exists(bin)
            ? Directory.GetDirectories(bin, "napi-v*").OrderByDescending(d => d, StringComparer.Ordinal).ToArray()
            : [System.IO.Path.Combine(bin, "napi-v6")];
        foreach (var napi in napiDirs)
            foreach (var name in LibraryFileNames)
                yield return System.IO.Path.Combine(napi, os, arch, name);
    }

    private static string NuGetRoot()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return string.IsNullOrEmpty(root)
            ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")
            : root;
    }

    private static IEnumerable<string> NuGetCandidates()
    {
        var root = NuGetRoot();
        if (!Directory.Exists(root)) yield break;
        string rid = RuntimeInformation.RuntimeIdentifier.StartsWith("win") ? (RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "win-arm64" : "win-x64")
            : OperatingSystem.IsMacOS() ? (RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "osx-arm64" : "osx-x64")
            : RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        // GPU builds first: they also run on CPU, and they are why a user would have installed them.
        foreach (var package in new[] { "microsoft.ml.onnxruntime.gpu.linux", "microsoft.ml.onnxruntime.gpu.windows",
                     "microsoft.ml.onnxruntime.gpu", "microsoft.ml.onnxruntime.directml", "microsoft.ml.onnxruntime" })
        {
            var dir = System.IO.Path.Combine(root, package);
            if (!Directory.Exists(dir)) continue;
            var versions = Directory.GetDirectories(dir)
                .OrderByDescending(d => Version.TryParse(System.IO.Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0));
            foreach (var version in versions)
                foreach (var name in LibraryFileNames)
                    yield return System.IO.Path.Combine(version, "runtimes", rid, "native", name);
        }
    }
}
