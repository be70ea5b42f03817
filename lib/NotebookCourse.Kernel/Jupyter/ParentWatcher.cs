using System.Runtime.InteropServices;

namespace NotebookCourse.Kernel.Jupyter;

/// <summary>
/// Ends the kernel when the frontend that launched it dies (stdin EOF is unreliable: VS Code and jupyter_client
/// may not give the kernel a pipe). Polls JPY_PARENT_PID, or on Unix notices being re-parented.
/// </summary>
internal static partial class ParentWatcher
{
    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentPid();

    /// <summary>Completes when the parent is gone; never completes when the parent cannot be watched.</summary>
    public static async Task WaitForParentExitAsync(TimeSpan interval, CancellationToken ct)
    {
        if (OperatingSystem.IsWindows()) { await Task.Delay(Timeout.Infinite, ct); return; } // JPY_PARENT_PID is a handle there
        int initial = SafeGetppid();
        int.TryParse(Environment.GetEnvironmentVariable("JPY_PARENT_PID"), out int jpyParent);
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(interval, ct);
            if (jpyParent > 0 && !IsAlive(jpyParent)) return;
            if (initial > 1 && SafeGetppid() is int now && now > 0 && now != initial) return;
        }
    }

    private static int SafeGetppid()
    {
        try { return GetParentPid(); } catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return -1; }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
