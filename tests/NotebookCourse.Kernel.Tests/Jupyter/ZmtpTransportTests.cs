using System.Net;
using System.Net.Sockets;
using System.Text;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>Greeting, handshake and framing: broken peers are disconnected and the socket keeps serving others.</summary>
public class ZmtpTransportTests
{
    private static readonly ZmtpOptions Quiet = new() { Log = TextWriter.Null, MaxFrameSize = 1000 };

    // Built by hand from the spec (not with ZmtpGreeting) so the tests do not share the implementation's mistakes.
    private static byte[] RawGreeting(byte major = 3, string mechanism = "NULL")
    {
        var g = new byte[64];
        g[0] = 0xFF; g[9] = 0x7F; g[10] = major; g[11] = 0;
        Encoding.ASCII.GetBytes(mechanism).CopyTo(g, 12);
        return g;
    }

    private static byte[] RawReady(string socketType)
    {
        var body = new List<byte> { 5 };
        body.AddRange("READY"u8.ToArray());
        body.Add(11);
        body.AddRange("Socket-Type"u8.ToArray());
        body.AddRange(new byte[] { 0, 0, 0, (byte)socketType.Length });
        body.AddRange(Encoding.ASCII.GetBytes(socketType));
        return [0x04, (byte)body.Count, .. body];
    }

    private static async Task<TcpClient> RawHandshakeAsync(int port, string socketType = "DEALER")
    {
        var tcp = await ZmtpTestClient.RawAsync(port);
        await tcp.GetStream().WriteAsync(RawGreeting());
        await tcp.GetStream().WriteAsync(RawReady(socketType));
        return tcp;
    }

    private static async Task AssertStillServesAsync(RouterSocket router)
    {
        await using var good = await ZmtpTestClient.ConnectAsync(router.Port, ZmtpSocketType.Dealer);
        await good.SendAsync("hello"u8.ToArray());
        var msg = await router.Incoming.ReadAsync(ZmtpTestClient.Timeout());
        Assert.Equal("hello", Encoding.ASCII.GetString(msg[1]));
    }

    private static RouterSocket NewRouter()
    {
        var r = new RouterSocket(IPAddress.Loopback, 0, Quiet);
        r.Start();
        return r;
    }

    [Fact]
    public async Task Non_zmtp_bytes_close_the_peer_and_the_socket_keeps_serving()
    {
        await using var router = NewRouter();
        using var tcp = await ZmtpTestClient.RawAsync(router.Port);
        await tcp.GetStream().WriteAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        Assert.True(await ZmtpTestClient.ServerClosesAsync(tcp));
        await AssertStillServesAsync(router);
    }

    [Theory]
    [InlineData(2, "NULL")]
    [InlineData(3, "PLAIN")]
    [InlineData(3, "CURVE")]
    public async Task Unsupported_version_or_mechanism_is_rejected(byte major, string mechanism)
    {
        await using var router = NewRouter();
        using var tcp = await ZmtpTestClient.RawAsync(router.Port);
        await tcp.GetStream().WriteAsync(RawGreeting(major, mechanism));
        Assert.True(await ZmtpTestClient.ServerClosesAsync(tcp));
        await AssertStillServesAsync(router);
    }

    [Fact]
    public async Task Incompatible_socket_type_is_rejected()
    {
        await using var router = NewRouter();
        using var tcp = await RawHandshakeAsync(router.Port, "PUB");
        Assert.True(await ZmtpTestClient.ServerClosesAsync(tcp));
        Assert.Equal(0, router.PeerCount);
    }

    [Theory]
    [InlineData(new byte[] { 0x02, 0, 0, 0, 0, 0, 0, 0x03, 0xE9 })]          // long frame of 1001 bytes > cap of 1000
    [InlineData(new byte[] { 0x02, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })] // absurd 2^63 size
    [InlineData(new byte[] { 0x06, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })] // long command, size > long.MaxValue
    [InlineData(new byte[] { 0x80, 1, 0x41 })]                               // reserved flag bit set
    public async Task Oversized_or_invalid_frames_close_the_peer(byte[] frame)
    {
        await using var router = NewRouter();
        using var tcp = await RawHandshakeAsync(router.Port);
        await tcp.GetStream().WriteAsync(frame);
        Assert.True(await ZmtpTestClient.ServerClosesAsync(tcp));
        await AssertStillServesAsync(router);
    }

    [Fact]
    public async Task Truncated_frame_closes_the_peer_and_delivers_nothing()
    {
        await using var router = NewRouter();
        using (var tcp = await RawHandshakeAsync(router.Port))
        {
            await tcp.GetStream().WriteAsync(new byte[] { 0x00, 100, 1, 2, 3 });
            var stream = tcp.GetStream();
            tcp.Client.Shutdown(SocketShutdown.Send);
            Assert.True(await ZmtpTestClient.ServerClosesAsync(stream));
        }
        Assert.False(router.Incoming.TryRead(out _));
        await AssertStillServesAsync(router);
    }

    [Fact]
    public async Task Message_cut_after_a_more_frame_is_dropped()
    {
        await using var router = NewRouter();
        using (var tcp = await RawHandshakeAsync(router.Port))
        {
            await tcp.GetStream().WriteAsync(new byte[] { 0x01, 1, 0x41 }); // MORE set, then EOF
            var stream = tcp.GetStream();
            tcp.Client.Shutdown(SocketShutdown.Send);
            Assert.True(await ZmtpTestClient.ServerClosesAsync(stream));
        }
        Assert.False(router.Incoming.TryRead(out _));
    }

    [Fact]
    public async Task Short_and_long_frames_and_multipart_round_trip()
    {
        await using var router = new RouterSocket(IPAddress.Loopback, 0, Quiet with { MaxFrameSize = 1 << 20 });
        router.Start();
        await using var dealer = await ZmtpTestClient.ConnectAsync(router.Port, ZmtpSocketType.Dealer);
        var big = new byte[70_000];
        new Random(1).NextBytes(big);
        await dealer.SendAsync([], new byte[255], new byte[256], big);
        var msg = await router.Incoming.ReadAsync(ZmtpTestClient.Timeout());
        Assert.Equal(5, msg.Count);
        Assert.Equal([0, 255, 256, 70_000], msg.Skip(1).Select(f => f.Length));
        Assert.Equal(big, msg[4]);
        await router.SendAsync([msg[0], .. msg.Skip(1)]);
        var back = await dealer.ReceiveAsync();
        Assert.Equal(big, back[3]);
    }

    [Fact]
    public async Task Ping_is_answered_with_pong_echoing_the_context()
    {
        await using var router = NewRouter();
        using var tcp = await RawHandshakeAsync(router.Port);
        var stream = tcp.GetStream();
        var ping = new byte[] { 0x04, 9, 4, (byte)'P', (byte)'I', (byte)'N', (byte)'G', 0, 10, (byte)'a', (byte)'b' };
        await stream.WriteAsync(ping);
        // Server sends greeting (64) + READY (flags, size, body) + PONG; find PONG's body at the end.
        var received = new List<byte>();
        var buffer = new byte[256];
        var ct = ZmtpTestClient.Timeout();
        while (!EndsWithPong(received))
        {
            int n = await stream.ReadAsync(buffer, ct);
            Assert.NotEqual(0, n);
            received.AddRange(buffer.AsSpan(0, n).ToArray());
        }
        static bool EndsWithPong(List<byte> r) => r.Count >= 9 && r.Skip(r.Count - 9).SequenceEqual(new byte[] { 0x04, 7, 4, (byte)'P', (byte)'O', (byte)'N', (byte)'G', (byte)'a', (byte)'b' });
    }

    [Fact]
    public async Task Handshake_times_out_for_a_silent_peer()
    {
        await using var router = new RouterSocket(IPAddress.Loopback, 0, Quiet with { HandshakeTimeout = TimeSpan.FromMilliseconds(200) });
        router.Start();
        using var tcp = await ZmtpTestClient.RawAsync(router.Port);
        Assert.True(await ZmtpTestClient.ServerClosesAsync(tcp));
    }
}
