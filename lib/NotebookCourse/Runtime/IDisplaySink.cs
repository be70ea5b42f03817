namespace NotebookCourse.Runtime;

/// <summary>
/// Where displays go. The headless runner and the Jupyter kernel install their own sink through
/// <see cref="NotebookHost.Display"/>; outside a notebook the console sink prints text/plain.
/// </summary>
public interface IDisplaySink
{
    /// <summary>Shows a new display; <paramref name="displayId"/> (optional) lets it be updated later.</summary>
    void Display(MimeBundle bundle, string? displayId);

    /// <summary>Replaces the content of an earlier display with the same id.</summary>
    void Update(MimeBundle bundle, string displayId);
}

/// <summary>Prints text/plain to the console; updates print again (CI logs stay readable).</summary>
public sealed class ConsoleDisplaySink : IDisplaySink
{
    /// <inheritdoc />
    public void Display(MimeBundle bundle, string? displayId) => Console.Out.WriteLine(bundle.PlainText);

    /// <inheritdoc />
    public void Update(MimeBundle bundle, string displayId) => Console.Out.WriteLine(bundle.PlainText);
}
