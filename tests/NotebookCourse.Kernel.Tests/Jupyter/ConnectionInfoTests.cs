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
