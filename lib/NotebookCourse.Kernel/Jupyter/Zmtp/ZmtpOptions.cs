namespace NotebookCourse.Kernel.Jupyter.Zmtp;

/// <summary>Limits and logging shared by the kernel's ZMTP sockets.</summary>
public sealed record ZmtpOptions
{
    /// <summary>Largest frame accepted from a peer; a bigger one closes that peer's connection.</summary>
    public long MaxFrameSize { get; init; } = 256L * 1024 * 1024;

    /// <summary>Time a new peer has to complete greeting and READY.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where protocol problems are reported (stderr by default).</summary>
    public TextWriter Log { get; init; } = Console.Error;
}
