using System.Collections.Concurrent;
using NotebookCourse.Kernel.Session;
using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Tests.Session;

/// <summary>Records every observer call in order, from any thread.</summary>
internal sealed class RecordingObserver : ICellObserver
{
    public ConcurrentQueue<(string Kind, string Name, string Text)> Events { get; } = new();
    public List<string> Traceback { get; private set; } = [];

    public void Stream(string name, string text) => Events.Enqueue(("stream", name, text));
    public void Display(MimeBundle bundle, string? displayId) => Events.Enqueue(("display", displayId ?? "", bundle.PlainText));
    public void UpdateDisplay(MimeBundle bundle, string displayId) => Events.Enqueue(("update", displayId, bundle.PlainText));
    public void Result(MimeBundle bundle) => Events.Enqueue(("result", "", bundle.PlainText));

    public void Error(string ename, string evalue, IReadOnlyList<string> traceback)
    {
        Traceback = traceback.ToList();
        Events.Enqueue(("error", ename, evalue));
    }

    public string Stdout => string.Concat(Events.Where(e => e is { Kind: "stream", Name: "stdout" }).Select(e => e.Text));
    public string Stderr => string.Concat(Events.Where(e => e is { Kind: "stream", Name: "stderr" }).Select(e => e.Text));
    public string? ResultText => Events.Where(e => e.Kind == "result").Select(e => e.Text).SingleOrDefault();
}

/// <summary>An observer that answers Console.ReadLine with fixed lines.</summary>
internal sealed class AnsweringObserver(params string[] answers) : ICellObserver, ICellInputProvider
{
    private int _next;
    public RecordingObserver Inner { get; } = new();
    public string? ReadLine(string prompt, bool password) => _next < answers.Length ? answers[_next++] : null;
    public void Stream(string name, string text) => Inner.Stream(name, text);
    public void Display(MimeBundle bundle, string? displayId) => Inner.Display(bundle, displayId);
    public void UpdateDisplay(MimeBundle bundle, string displayId) => Inner.UpdateDisplay(bundle, displayId);
    public void Result(MimeBundle bundle) => Inner.Result(bundle);
    public void Error(string ename, string evalue, IReadOnlyList<string> traceback) => Inner.Error(ename, evalue, traceback);
}
