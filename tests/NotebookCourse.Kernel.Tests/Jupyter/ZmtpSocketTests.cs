using System.Net;
using System.Text;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>ROUTER routing, PUB prefix filtering (both subscription forms) and REP echo.</summary>
public class ZmtpSocketTests
{
    private static readonly ZmtpOptions Quiet = new() { Log = TextWriter.Null };
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);
    private static string S(byte[] b) => Encoding.UTF8.GetString(b);

    [Fact]
    public async Task Router_prefixes_identity_and_routes_replies_to_the_right_peer()
    {
        await using var router = new RouterSocket(IPAddress.Loopback, 0, Quiet);
        router.Start();
        await using var a = await ZmtpTestClient.ConnectAsync(router.Port, ZmtpSocketType.Dealer, B("alice"));
        await using var b = await ZmtpTestClient.ConnectAsync(router.Port, ZmtpSocketType.Dealer);
        await a.SendAsync(B("from a"));
        await b.SendAsync(B("from b"));
        var m1 = await router.Incoming.ReadAsync(ZmtpTestClient.Timeout());
        var m2 = await router.Incoming.ReadAsync(ZmtpTestClient.Timeout());
        var fromB = S(m1[1]) == "from b" ? m1 : m2;
        var fromA = S(m1[1]) == "from a" ? m1 : m2;
        Assert.Equal("alice", S(fromA[0]));
        Assert.NotEqual(fromA[0], fromB[0]);
        Assert.Equal(0, fromB[0][0]); // generated identities start with a zero byte

        Assert.True(await router.SendAsync([fromB[0], B("to b")]));
        Assert.Equal("to b", S((await b.ReceiveAsync())[0]));
        Assert.Null(await a.TryReceiveAsync(200));
        Assert.False(await router.SendAsync([B("nobody"), B("lost")]));
    }

    [Fact]
    public async Task Pub_delivers_only_to_matching_prefixes_in_both_subscription_forms()
    {
        await using var pub = new PubSocket(IPAddress.Loopback, 0, Quiet);
        pub.Start();
        await using var legacy = await ZmtpTestClient.ConnectAsync(pub.Port, ZmtpSocketType.Sub);
        await using var modern = await ZmtpTestClient.ConnectAsync(pub.Port, ZmtpSocketType.Sub);
        await legacy.SendAsync([0x01, .. B("kernel.")]);                                   // ZMTP 3.0 message form
        await modern.Connection.SendCommandAsync(new ZmtpCommand("SUBSCRIBE", B("status"))); // ZMTP 3.1 command form
        await WaitForAsync(() => pub.SubscriptionCount == 2);

        Assert.Equal(1, await pub.PublishAsync([B("kernel.x.stream"), B("one")]));
        Assert.Equal(1, await pub.PublishAsync([B("status"), B("two")]));
        Assert.Equal(0, await pub.PublishAsync([B("other"), B("three")]));
        Assert.Equal("one", S((await legacy.ReceiveAsync())[1]));
        Assert.Equal("two", S((await modern.ReceiveAsync())[1]));
        Assert.Null(await legacy.TryReceiveAsync(200));
        Assert.Null(await modern.TryReceiveAsync(50));

        await legacy.SendAsync([0x00, .. B("kernel.")]);
        await modern.Connection.SendCommandAsync(new ZmtpCommand("CANCEL", B("status")));
        await WaitForAsync(() => pub.SubscriptionCount == 0);
        Assert.Equal(0, await pub.PublishAsync([B("kernel.x.stream"), B("four")]));
    }

    [Fact]
    public async Task Empty_subscription_receives_everything()
    {
        await using var pub = new PubSocket(IPAddress.Loopback, 0, Quiet);
        pub.Start();
        await using var sub = await ZmtpTestClient.ConnectAsync(pub.Port, ZmtpSocketType.Sub);
        await sub.SendAsync([0x01]);
        await WaitForAsync(() => pub.SubscriptionCount == 1);
        await pub.PublishAsync([B("anything"), B("x")]);
        Assert.Equal("anything", S((await sub.ReceiveAsync())[0]));
    }

    [Fact]
    public async Task Rep_echoes_with_the_request_envelope()
    {
        await using var rep = new RepSocket(IPAddress.Loopback, 0, Quiet);
        rep.Start();
        await using var req = await ZmtpTestClient.ConnectAsync(rep.Port, ZmtpSocketType.Req);
        await req.SendAsync([], B("ping"));
        var reply = await req.ReceiveAsync();
        Assert.Equal(2, reply.Count);
        Assert.Empty(reply[0]);
        Assert.Equal("ping", S(reply[1]));
    }

    internal static async Task WaitForAsync(Func<bool> condition, int ms = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(ms);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not reached in time");
            await Task.Delay(5);
        }
    }
}
