using System.Diagnostics;

namespace NotebookCourse.Benchmarks;

/// <summary>
/// `--isa avx2`: both sides limited to AVX2+FMA on an AVX-512 machine, to see what students' AVX2 laptops get.
/// The limit must be in the environment before either runtime starts, so the app starts itself again with it; the
/// PyTorch worker inherits it (ATen's CPU dispatch, oneDNN's ISA cap, OpenBLAS's core type).
/// </summary>
static class IsaLimit
{
    static readonly (string Name, string Value)[] Avx2 =
    [
        ("DOTNET_EnableAVX512", "0"),          // .NET: no Vector512/AVX-512 paths (Gemm picks its 6×16 AVX2 kernel)
        ("ATEN_CPU_CAPABILITY", "avx2"),       // PyTorch's own vectorized kernels
        ("DNNL_MAX_CPU_ISA", "AVX2"),          // oneDNN (convolutions), older name
        ("ONEDNN_MAX_CPU_ISA", "AVX2"),        // oneDNN, newer name
        ("OPENBLAS_CORETYPE", "Haswell"),      // OpenBLAS GEMM kernels
    ];

    /// <summary>The process exit code after running again under the limit, or null when no re-run is needed.</summary>
    public static int? Apply(string[] args, string? isa)
    {
        if (isa == null) return null;
        if (isa != "avx2") { Console.Error.WriteLine($"bench: --isa {isa} is not supported; use --isa avx2"); return 2; }
        if (Avx2.All(v => Environment.GetEnvironmentVariable(v.Name) == v.Value)) return null;   // already limited
        var self = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(IsaLimit).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (name, value) in Avx2) psi.Environment[name] = value;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("bench: could not start itself again with the AVX2 limit");
        p.WaitForExit();
        return p.ExitCode;
    }

    /// <summary>One line for the header when the limit is active.</summary>
    public static string? Describe() =>
        Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0"
            ? "ISA limit: AVX2+FMA on both sides (" + string.Join(", ", Avx2.Select(v => $"{v.Name}={Environment.GetEnvironmentVariable(v.Name) ?? "unset"}")) + ")"
            : null;
}
