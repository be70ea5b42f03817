using System.Diagnostics;
using NotebookCourse.Kernel.Jupyter;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>The kernel notices its frontend dying.</summary>
public class ParentWatcherTests
{
    [Fact]
    public async Task Completes_when_the_watched_parent_exits()
    {
        if (OperatingSystem.IsWindows()) return; // the Windows path does not poll a pid
        using var parent = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        var wait = ParentWatcher.WaitAsync(parent.Id, () => -1, TimeSpan.FromMilliseconds(20), CancellationToken.None);
        await Task.Delay(100);
        Assert.False(wait.IsCompleted);
        parent.Kill();
        await parent.WaitForExitAsync();
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Completes_when_reparented_and_not_before()
    {
        int ppid = 4242;
        var wait = ParentWatcher.WaitAsync(0, () => ppid, TimeSpan.FromMilliseconds(10), CancellationToken.None);
        await Task.Delay(100);
        Assert.False(wait.IsCompleted);
        ppid = 1;
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
