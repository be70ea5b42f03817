namespace NotebookCourse.Runtime;

/// <summary>
/// The garbage-collector settings the course runs under, as environment variables. They can only be given before
/// the runtime starts (the gen0 budget has no runtimeconfig.json knob), so every launcher sets them:
/// <c>environment/course</c> and <c>course.ps1</c> export them, the kernelspec's <c>env</c> block passes them to the
/// Jupyter kernel, and the benchmark prints whether they are active.
/// </summary>
/// <remarks>
/// Why: a training step allocates tens of MiB of activations that die before the next step. With the default gen0
/// budget (a few MiB, sized from the L3 cache) and 4 MiB regions, the GC runs every few steps and hands regions back
/// to the OS, so fresh pages fault in again on the next allocations (about 10 µs per 4 KiB page on a VM), and tensors
/// above 4 MiB go to the large-object heap whatever LOHThreshold says. A 64 MiB gen0 budget with 16 MiB regions keeps
/// a step's garbage in memory that is already mapped. Measured on the 2-core host (1 thread, tokens/s or s/epoch):
/// GPT training 8.9k → 16.4–18.7k tok/s, LeNet epoch 3.8 → 3.1 s, MLP epoch unchanged. 16 MiB regions alone made the
/// LeNet epoch 2.4× slower (9.2 s): the two go together.
/// </remarks>
public static class GcTuning
{
    /// <summary>Variable name → value (hexadecimal, as the runtime reads DOTNET_GC* values).</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["DOTNET_GCgen0size"] = "0x4000000",     // 64 MiB minimum gen0 budget
        ["DOTNET_GCRegionSize"] = "0x1000000",   // 16 MiB regions: 4-16 MiB tensors stay out of the large-object heap
    };

    /// <summary>True when this process started with every variable of <see cref="Environment"/> at its value.</summary>
    public static bool IsActive => Environment.All(kv =>
        string.Equals(System.Environment.GetEnvironmentVariable(kv.Key), kv.Value, StringComparison.OrdinalIgnoreCase));

    /// <summary>One line for logs: the settings in effect, or which are missing and how to get them.</summary>
    public static string Describe()
    {
        var missing = Environment.Where(kv => !string.Equals(System.Environment.GetEnvironmentVariable(kv.Key), kv.Value,
            StringComparison.OrdinalIgnoreCase)).Select(kv => $"{kv.Key}={kv.Value}").ToList();
        return missing.Count == 0
            ? "GC: course settings (gen0 budget 64 MiB, 16 MiB regions)"
            : $"GC: not the course settings (training is slower); start through ./environment/course or set {string.Join(" ", missing)}";
    }
}
