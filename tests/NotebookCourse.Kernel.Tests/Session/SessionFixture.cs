using NotebookCourse.Kernel.Session;

namespace NotebookCourse.Kernel.Tests.Session;

/// <summary>One warmed-up session shared by a test class: Roslyn's first compile costs seconds.</summary>
public sealed class SessionFixture : IDisposable
{
    public SessionFixture()
    {
        Directory.CreateDirectory(BaseDirectory);
        Session = new NotebookSession(new NotebookSessionOptions
        {
            BaseDirectory = BaseDirectory,
            CellTimeout = TimeSpan.FromSeconds(30),
            CancelGrace = TimeSpan.FromSeconds(1),
        });
        Session.WarmUpAsync().GetAwaiter().GetResult();
    }

    public string BaseDirectory { get; } = Path.Combine(Path.GetTempPath(), "nbc-session-" + Guid.NewGuid().ToString("N"));

    public NotebookSession Session { get; }

    internal async Task<(CellResult Result, RecordingObserver Observer)> Run(string code, CellOptions? options = null,
        CancellationToken ct = default)
    {
        var observer = new RecordingObserver();
        var result = await Session.ExecuteAsync(code, observer, options, ct);
        return (result, observer);
    }

    public void Dispose()
    {
        Session.Dispose();
        try { Directory.Delete(BaseDirectory, recursive: true); } catch (IOException) { }
    }
}
