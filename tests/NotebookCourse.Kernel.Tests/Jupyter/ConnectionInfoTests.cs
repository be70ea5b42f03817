using NotebookCourse.Kernel.Jupyter;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>Connection-file parsing and its error messages.</summary>
public class ConnectionInfoTests
{
    private const string Valid = """
        {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
         "ip": "127.0.0.1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "notebookcourse"}
        """;

    [Fact]
    public void Parses_every_field_and_round_trips()
    {
        var c = ConnectionInfo.Parse(Valid);
        Assert.Equal((5001, 5002, 5003, 5004, 5005), (c.ShellPort, c.IopubPort, c.StdinPort, c.ControlPort, c.HbPort));
        Assert.Equal(("127.0.0.1", "abc", "notebookcourse"), (c.Ip, c.Key, c.KernelName));
        Assert.Equal(c, ConnectionInfo.Parse(c.ToJson()));
    }

    [Theory]
    [InlineData("hb_port", "missing field 'hb_port'")]
    [InlineData("shell_port", "missing field 'shell_port'")]
    public void Missing_port_is_named(string field, string expected)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Valid)!.AsObject();
        json.Remove(field);
        var e = Assert.Throws<ArgumentException>(() => ConnectionInfo.Parse(json.ToJsonString(), "conn.json"));
        Assert.Contains(expected, e.Message);
        Assert.Contains("conn.json", e.Message);
    }

    [Theory]
    [InlineData("\"shell_port\": 5001", "\"shell_port\": \"x\"", "'shell_port' must be a port number")]
    [InlineData("\"shell_port\": 5001", "\"shell_port\": 70000", "'shell_port' must be a port number")]
    [InlineData("\"transport\": \"tcp\"", "\"transport\": \"ipc\"", "transport 'ipc' is not supported")]
    [InlineData("\"signature_scheme\": \"hmac-sha256\"", "\"signature_scheme\": \"hmac-md5\"", "signature_scheme 'hmac-md5'")]
    [InlineData("\"ip\": \"127.0.0.1\"", "\"ip\": \"localhost:1\"", "ip 'localhost:1' is not an IP address")]
    public void Invalid_values_are_explained(string from, string to, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ConnectionInfo.Parse(Valid.Replace(from, to)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Invalid_json_and_unreadable_file_are_explained()
    {
        Assert.Contains("invalid JSON", Assert.Throws<ArgumentException>(() => ConnectionInfo.Parse("{oops")).Message);
        var path = Path.Combine(Path.GetTempPath(), "does-not-exist-" + Guid.NewGuid() + ".json");
        Assert.Contains(path, Assert.Throws<ArgumentException>(() => ConnectionInfo.Load(path)).Message);
    }
}

/// <summary>Binding: only the connection's IP, and a clear error when a port is taken.</summary>
public class KernelBindingTests
{
    [Fact]
    public async Task Busy_port_gives_a_clear_error_and_frees_the_ports_already_bound()
    {
        var quiet = new KernelHostOptions { Zmtp = new() { Log = TextWriter.Null } };
        await using var first = KernelHost.Start(new ConnectionInfo(), new FakeBackend(), quiet);
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int shellPort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var clash = new ConnectionInfo { ShellPort = shellPort, IopubPort = first.Connection.IopubPort };
        var e = Assert.Throws<InvalidOperationException>(() => KernelHost.Start(clash, new FakeBackend(), quiet));
        Assert.Contains($"127.0.0.1:{first.Connection.IopubPort}", e.Message);
        // The shell port bound before the failure must be free again.
        var again = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, shellPort);
        again.Start();
        again.Stop();
    }

    [Fact]
    public async Task Channels_listen_only_on_the_given_ip()
    {
        await using var host = KernelHost.Start(new ConnectionInfo { Ip = "127.0.0.1" }, new FakeBackend(), new KernelHostOptions { Zmtp = new() { Log = TextWriter.Null } });
        var listeners = System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners();
        var ours = listeners.Where(l => l.Port == host.Connection.ShellPort).ToList();
        Assert.NotEmpty(ours);
        Assert.All(ours, l => Assert.Equal(System.Net.IPAddress.Loopback, l.Address));
    }
}
