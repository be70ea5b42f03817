using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using NotebookCourse.Kernel.Jupyter;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>The kernelspec template, the installer and the kernel command line.</summary>
public class KernelspecTests
{
    private static string RepoRoot([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    [Fact]
    public void Installer_writes_the_same_spec_as_the_environment_template()
    {
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "environment", "kernelspec", "notebookcourse", "kernel.json")))!;
        var built = Kernelspec.Build("dotnet", "{kernel_dll}");
        Assert.True(JsonNode.DeepEquals(template, built), $"template and installer differ:\n{template}\n{built}");
        Assert.Equal("C# (NotebookCourse)", (string)built["display_name"]!);
        Assert.Equal("message", (string)built["interrupt_mode"]!);
    }

    [Fact]
    public void Install_command_writes_kernel_json_under_the_prefix()
    {
        var prefix = Directory.CreateTempSubdirectory("nbc-prefix-");
        try
        {
            int rc = KernelCommand.Create().Parse(["install", "--prefix", prefix.FullName]).Invoke();
            Assert.Equal(0, rc);
            var file = Path.Combine(prefix.FullName, "share", "jupyter", "kernels", "notebookcourse", "kernel.json");
            var spec = JsonNode.Parse(File.ReadAllText(file))!;
            var argv = spec["argv"]!.AsArray().Select(n => (string)n!).ToArray();
            Assert.Equal(["kernel", "-f", "{connection_file}"], argv[2..]);
            Assert.True(Path.IsPathRooted(argv[1]) && File.Exists(argv[1]), $"argv[1] must be the built kernel dll, got '{argv[1]}'");
            Assert.EndsWith("NotebookCourse.Kernel.dll", argv[1]);
        }
        finally { prefix.Delete(recursive: true); }
    }

    [Fact]
    public void Install_rejects_two_destinations_and_a_missing_kernel()
    {
        Assert.Equal(1, KernelCommand.Create().Parse(["install", "--user", "--prefix", Path.GetTempPath()]).Invoke());
        var e = Assert.Throws<InvalidOperationException>(() => Kernelspec.Install(Path.GetTempPath(), "dotnet", "/nonexistent/NotebookCourse.Kernel.dll"));
        Assert.Contains("/nonexistent/NotebookCourse.Kernel.dll", e.Message);
    }

    [Fact]
    public void Prefix_folder_follows_the_jupyter_layout()
    {
        Assert.Equal(Path.Combine(Path.GetFullPath("/opt/env"), "share", "jupyter", "kernels"), Kernelspec.PrefixKernelsDir("/opt/env"));
        Assert.EndsWith(Path.Combine("jupyter", "kernels"), Kernelspec.UserKernelsDir().Replace("Jupyter", "jupyter"));
    }

    [Fact]
    public async Task Kernel_without_or_with_a_bad_connection_file_fails_with_a_message()
    {
        Assert.Equal(2, await KernelCommand.Create().Parse([]).InvokeAsync());
        var missing = Path.Combine(Path.GetTempPath(), "nbc-missing-" + Guid.NewGuid() + ".json");
        Assert.Equal(1, await KernelCommand.RunAsync(missing, CancellationToken.None));
    }
}
