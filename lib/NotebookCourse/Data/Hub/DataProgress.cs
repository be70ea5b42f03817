namespace NotebookCourse.Data.Hub;

/// <summary>What the data hub is doing, reported to a progress hook (a progress bar, a log line).</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="File">File name.</param>
/// <param name="Stage">"download", "verify" or "done".</param>
/// <param name="BytesDone">Bytes downloaded so far (including a resumed part).</param>
/// <param name="BytesTotal">Expected size in bytes.</param>
public readonly record struct DataProgress(string Dataset, string File, string Stage, long BytesDone, long BytesTotal)
{
    /// <summary>Fraction done in [0, 1].</summary>
    public double Fraction => BytesTotal <= 0 ? 0 : Math.Clamp((double)BytesDone / BytesTotal, 0, 1);
}
