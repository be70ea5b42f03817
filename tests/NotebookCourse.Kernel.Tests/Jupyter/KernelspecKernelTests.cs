using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace NotebookCourse.Kernel.Tests.Jupyter;

/// <summary>
/// The real kernel process, started by jupyter_client from the kernelspec that <c>kernel install --prefix</c> wrote:
/// cells, display, errors, stdin, completion, inspection, interrupts, a forged message, restart (kernel_check.py).
/// </summary>
public class KernelspecKernelTests(InstalledKernel kernel, ITestOutputHelper output) : IClassFixture<InstalledKernel>
{
    [Fact]
    public void Kernel_install_writes_a_kernelspec_that_runs_this_build()
    {
        var spec = JsonNode.Parse(File.ReadAllText(kernel.KernelJson))!;
        var argv = spec["argv"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "NotebookCourse.Kernel.dll"), argv[1]);
        Assert.Equal(["kernel", "-f", "{connection_file}"], argv[2..]);
        Assert.Equal("C# (NotebookCourse)", spec["display_name"]!.GetValue<string>());
        Assert.Equal("message", spec["interrupt_mode"]!.GetValue<string>());
    }

    [JupyterClientFact]
    public void Real_kernel_from_its_kernelspec_passes_every_check()
    {
        var script = Path.Combine(SourceDir(), "kernel_check.py");
        var (code, stdout, stderr) = Tools.Run(JupyterClientFactAttribute.Python, [script], kernel.Prefix, kernel.Environment(), 150);
        output.WriteLine(stdout);
        output.WriteLine(stderr);
        Assert.True(code == 0, $"kernel_check.py failed (exit {code}):\n{stdout}\n{stderr}");
        Assert.Contains("ALL CHECKS PASSED", stdout);
    }

    // Python scripts live next to this file; tests run from the source tree.
    internal static string SourceDir([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
