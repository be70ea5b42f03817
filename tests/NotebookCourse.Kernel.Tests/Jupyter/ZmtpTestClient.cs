using System.Net.Sockets;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>A well-behaved managed ZMTP client (DEALER, SUB, REQ...) for tests, plus raw-byte access for bad peers.</summary>
internal sealed class ZmtpTestClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    public ZmtpConnection Connection { get; }

    private ZmtpTestClient(TcpClient tcp, ZmtpConnection connection) { _tcp = tcp; Connection = connection; }

    public static async Task<ZmtpTestClient> ConnectAsync(int port, string socketType, byte[]? identity = null)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var conn = new ZmtpConnection(tcp.GetStream(), socketType, new ZmtpOptions { Log = TextWriter.Null }, identity);
        await conn.HandshakeAsync(Timeout());
        return new ZmtpTestClient(tcp, conn);
    }

    public Task SendAsync(params byte[][] frames) => Connection.SendAsync(frames);

    public async Task<List<byte[]>> ReceiveAsync(int ms = 5000) =>
        await Connection.ReceiveAsync(Timeout(ms)) ?? throw new IOException("server closed the connection");

    /// <summary>Receives, or null when nothing arrives within <paramref name="ms"/>.</summary>
    public async Task<List<byte[]>?> TryReceiveAsync(int ms)
    {
        try { return await Connection.ReceiveAsync(Timeout(ms)); }
        catch (OperationCanceledException) { return null; }
    }

    public static CancellationToken Timeout(int ms = 5000) => new CancellationTokenSource(ms).Token;

    /// <summary>Opens a raw TCP connection for sending deliberately broken bytes.</summary>
    public static async Task<TcpClient> RawAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        return tcp;
    }

    /// <summary>True when the server closes <paramref name="tcp"/> (reads reach EOF) within the timeout.</summary>
    public static Task<bool> ServerClosesAsync(TcpClient tcp, int ms = 5000) => ServerClosesAsync(tcp.GetStream(), ms);

    /// <summary>True when the server closes the stream within the timeout.</summary>
    public static async Task<bool> ServerClosesAsync(Stream stream, int ms = 5000)
    {
        var buffer = new byte[4096];
        var ct = Timeout(ms);
        try
        {
            while (true)
                if (await stream.ReadAsync(buffer, ct) == 0) return true;
        }
        catch (OperationCanceledException) { return false; }
        catch (IOException) { return true; }
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        _tcp.Dispose();
    }
}
