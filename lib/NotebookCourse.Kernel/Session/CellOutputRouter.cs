using System.Text;
using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Session;

/// <summary>
/// Installs, once per process, console writers and a display sink that send output to whichever cell is running
/// on the calling code path (see <see cref="CellContext"/>); code outside any cell keeps the original console.
/// </summary>
internal static class CellOutputRouter
{
    private static readonly object _gate = new();
    private static bool _installed;

    public static void EnsureInstalled()
    {
        lock (_gate)
        {
            if (_installed) return;
            // TextWriter.Synchronized serialises writes from the cell's background threads.
            Console.SetOut(TextWriter.Synchronized(new RoutingWriter("stdout", Console.Out)));
            Console.SetError(TextWriter.Synchronized(new RoutingWriter("stderr", Console.Error)));
            Console.SetIn(TextReader.Synchronized(new RoutingReader(Console.In)));
            NotebookHost.Display = new RoutingDisplaySink();
            NotebookHost.InNotebook = true;
            _installed = true;
        }
    }

    /// <summary>
    /// Console input inside a cell comes from the observer (Jupyter's input_request) and never from the process's
    /// own stdin, which the runner does not own; outside cells the original reader is used.
    /// </summary>
    private sealed class RoutingReader(TextReader fallback) : TextReader
    {
        public override string? ReadLine() => CellContext.Current is { } cell
            ? (cell.Observer as ICellInputProvider)?.ReadLine("", password: false)
            : fallback.ReadLine();

        public override int Read()
        {
            if (CellContext.Current is null) return fallback.Read();
            // Character reads inside a cell are served a line at a time from the provider.
            throw new NotSupportedException("Console.Read() is not supported in notebook cells; use Console.ReadLine()");
        }

        public override int Peek() => CellContext.Current is null ? fallback.Peek() : -1;
    }

    /// <summary>A console writer that forwards each write to the current cell as a stream output.</summary>
    private sealed class RoutingWriter(string streamName, TextWriter fallback) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Write(ReadOnlySpan<char> buffer) => Write(new string(buffer));

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            if (CellContext.Current is { } cell) cell.Observer.Stream(streamName, value);
            else fallback.Write(value);
        }

        public override void WriteLine(string? value) => Write((value ?? "") + new string(CoreNewLine));

        public override void Flush()
        {
            if (CellContext.Current is null) fallback.Flush();
        }
    }
}
