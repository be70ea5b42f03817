using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Jupyter;

/// <summary>Settings of a kernel host.</summary>
public sealed record KernelHostOptions
{
    /// <summary>Transport limits (frame cap, handshake timeout) and the log.</summary>
    public ZmtpOptions Zmtp { get; init; } = new();

    /// <summary>Characters of stream output per cell (and of one display's text) beyond which output is cut with a note.</summary>
    public int MaxOutputChars { get; init; } = 1_000_000;

    /// <summary>Where protocol problems are logged (stderr by default).</summary>
    public TextWriter Log => Zmtp.Log;
}
