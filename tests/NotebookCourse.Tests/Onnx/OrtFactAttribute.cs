using NotebookCourse.Onnx;

namespace NotebookCourse.Tests.Onnx;

/// <summary>
/// A fact that needs the native ONNX Runtime. Locally it is skipped, with the reason, when the library is not
/// installed; with CI=true it always runs, so a missing library fails the build instead of hiding.
/// </summary>
public sealed class OrtFactAttribute : FactAttribute
{
    public OrtFactAttribute()
    {
        if (!OrtTestEnvironment.ShouldRun(out var reason)) Skip = reason;
    }
}

/// <summary>Theory variant of <see cref="OrtFactAttribute"/>.</summary>
public sealed class OrtTheoryAttribute : TheoryAttribute
{
    public OrtTheoryAttribute()
    {
        if (!OrtTestEnvironment.ShouldRun(out var reason)) Skip = reason;
    }
}

internal static class OrtTestEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool ShouldRun(out string reason)
    {
        reason = "";
        if (IsCi) return true;
        if (OrtLibraryLocator.FindFile() != null) return true;
        reason = "ONNX Runtime native library not installed (run ./environment/course setup); with CI=true this test fails instead";
        return false;
    }
}
