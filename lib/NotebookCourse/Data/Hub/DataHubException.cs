namespace NotebookCourse.Data.Hub;

/// <summary>
/// A dataset file could not be made available: missing, truncated or with the wrong checksum. The message names the
/// dataset and file, what was expected and found, and the remedy.
/// </summary>
public sealed class DataHubException : IOException
{
    /// <summary>Creates the exception with its full, user-facing message.</summary>
    public DataHubException(string message, Exception? inner = null) : base(message, inner) { }
}
