using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NotebookCourse.Tests.Data;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 for download tests. Each request is answered by a handler that gets the
/// path and the Range start (if any) and says what to send: status, body, how many body bytes to actually write
/// before closing (to simulate a dropped connection).
/// </summary>
internal sealed class TinyHttpServer : IDisposable
{
    public sealed record Reply(int Status, byte[] Body, long? ContentRangeStart = null, long? TotalLength = null, int? CutAfter = null);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, long?, Reply> _handler;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _loop;
    public List<(string Path, long? RangeStart)> Requests { get; } = new();

    public TinyHttpServer(Func<string, long?, Reply> handler)
    {
        _handler = handler;
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{path}";

    private async Task AcceptLoop()
    {
        while (!_cts.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_cts.Token); }
            catch { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private void Serve(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
            var requestLine = reader.ReadLine() ?? "";
            string path = requestLine.Split(' ').ElementAtOrDefault(1)?.TrimStart('/') ?? "";
            long? rangeStart = null;
            string? line;
            while (!string.IsNullOrEmpty(line = reader.ReadLine()))
            {
                if (line.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))
                {
                    var spec = line["Range:".Length..].Trim(); // bytes=N-
                    rangeStart = long.Parse(spec["bytes=".Length..].TrimEnd('-'));
                }
            }
            lock (Requests) Requests.Add((path, rangeStart));
            var reply = _handler(path, rangeStart);
            var head = new StringBuilder();
            head.Append($"HTTP/1.1 {reply.Status} {(reply.Status switch { 200 => "OK", 206 => "Partial Content", 404 => "Not Found", 416 => "Range Not Satisfiable", _ => "X" })}\r\n");
            head.Append($"Content-Length: {reply.Body.Length}\r\n");
            if (reply.ContentRangeStart is long from)
                head.Append($"Content-Range: bytes {from}-{from + reply.Body.Length - 1}/{reply.TotalLength}\r\n");
            head.Append("Connection: close\r\n\r\n");
            var h = Encoding.ASCII.GetBytes(head.ToString());
            try
            {
                stream.Write(h);
                stream.Write(reply.Body, 0, reply.CutAfter ?? reply.Body.Length);
                stream.Flush();
            }
            catch (IOException) { }
        }
    }

    public void Dispose()
    {
        _cts.Cancel();
        _listener.Stop();
        try { _loop.Wait(1000); } catch { }
    }
}
