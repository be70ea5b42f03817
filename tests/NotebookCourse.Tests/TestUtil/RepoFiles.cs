namespace NotebookCourse.Tests.TestUtil;

/// <summary>Paths inside the repository, found from the test binaries (the first folder above them holding
/// NotebookCourse.sln), so fixtures are read from the source tree instead of being copied to the output.</summary>
public static class RepoFiles
{
    private static readonly Lazy<string?> _root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "NotebookCourse.sln"))) return dir.FullName;
        return null;
    });

    /// <summary>The repository root, or null when the tests run outside a checkout.</summary>
    public static string? TryRoot => _root.Value;

    /// <summary>The repository root; throws when the tests run outside a checkout.</summary>
    public static string Root => _root.Value ??
        throw new DirectoryNotFoundException("NotebookCourse.sln not found above " + AppContext.BaseDirectory);

    /// <summary>A path below the repository root, e.g. <c>RepoFiles.Path("tests", "fixtures", "onnx")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}
