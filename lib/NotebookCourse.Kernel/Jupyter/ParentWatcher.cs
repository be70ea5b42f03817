namespace NotebookCourse.Kernel.Jupyter;

/// <summary>
/// Ends the kernel when the frontend that launched it dies (stdin EOF is unreliable: VS Code and jupyter_client
/// may not give the kernel a pipe). Polls JPY_PARENT_PID, and on Linux also notices being re-parented.
/// </summary>
internal static class ParentWatcher
{
    /// <summary>Completes when the parent is gone; never completes when the parent cannot be watched.</summary>
    public static Task WaitForParentExitAsync(TimeSpan interval, CancellationToken ct)
    {
        // On Windows jupyter_client passes a handle, not a pid, in JPY_PARENT_PID.
        int jpyParent = !OperatingSystem.IsWindows() && int.TryParse(Environment.GetEnvironmentVariable("JPY_PARENT_PID"), out var p) ? p : 0;
        return WaitAsync(jpyParent, ReadLinuxParentPid, interval, ct);
    }

    /// <summary>Polls until <paramref name="parentPid"/> (if &gt; 0) exits or <paramref name="currentParent"/> changes.</summary>
    internal static async Task WaitAsync(int parentPid, Func<int> currentParent, TimeSpan interval, CancellationToken ct)
    {
        int initial = currentParent();
        if (parentPid <= 0 && initial <= 1) { await Task.Delay(Timeout.Infinite, ct); return; }
        while (true)
        {
            await Task.Delay(interval, ct);
            if (parentPid > 0 && !IsAlive(parentPid)) return;
            if (initial > 1 && currentParent() is var now && now > 0 && now != initial) return;
        }
    }

    /// <summary>The parent pid from /proc/self/stat (Linux), or -1 where unavailable.</summary>
    private static int ReadLinuxParentPid()
    {
        try
        {
            if (!OperatingSystem.IsLinux()) return -1;
            var stat = File.ReadAllText("/proc/self/stat");
            // Fields after the parenthesized command name: state, ppid, ...
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1]);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or IndexOutOfRangeException) { return -1; }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
