using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using NotebookCourse.Runtime;

namespace NotebookCourse.Tests.Runtime;

/// <summary>The GC settings are written in three launchers; they must agree with <see cref="GcTuning"/>.</summary>
public class GcTuningTests
{
    private static string RepoRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    [Fact]
    public void Course_script_exports_every_setting_with_its_value()
    {
        var script = File.ReadAllText(Path.Combine(RepoRoot(), "environment", "course"));
        foreach (var (name, value) in GcTuning.Environment)
            Assert.Contains($"{name}=\"${{{name}:-{value}}}\"", script);
    }

    [Fact]
    public void Windows_script_sets_every_setting_with_its_value()
    {
        var script = File.ReadAllText(Path.Combine(RepoRoot(), "environment", "course.ps1"));
        foreach (var (name, value) in GcTuning.Environment)
            Assert.Contains($"$env:{name} = \"{value}\"", script);
    }

    [Fact]
    public void Kernelspec_template_passes_the_settings_to_the_kernel()
    {
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "environment", "kernelspec", "notebookcourse", "kernel.json")))!;
        var env = spec["env"]!.AsObject();
        Assert.Equal(GcTuning.Environment.Count, env.Count);
        foreach (var (name, value) in GcTuning.Environment) Assert.Equal(value, (string?)env[name]);
    }

    [Fact]
    public void Describe_names_what_is_missing()
    {
        var line = GcTuning.Describe();
        if (GcTuning.IsActive)
        {
            Assert.StartsWith("GC: course settings", line);
            // the runtime really read them: the region size is visible in the GC's own configuration
            Assert.Equal(16L << 20, Convert.ToInt64(GC.GetConfigurationVariables()["GCRegionSize"]));
        }
        else
        {
            Assert.Contains("./environment/course", line);
            Assert.Contains(GcTuning.Environment.Keys.First(k => Environment.GetEnvironmentVariable(k) != GcTuning.Environment[k]), line);
        }
    }
}
