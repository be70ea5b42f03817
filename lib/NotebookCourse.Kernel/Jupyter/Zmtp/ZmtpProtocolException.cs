namespace NotebookCourse.Kernel.Jupyter.Zmtp;

/// <summary>A peer broke the ZMTP protocol (bad greeting, oversized or truncated frame); its connection is closed.</summary>
public sealed class ZmtpProtocolException(string message) : Exception(message);
