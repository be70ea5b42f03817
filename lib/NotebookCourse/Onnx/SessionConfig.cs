namespace NotebookCourse.Onnx;

/// <summary>Where ONNX Runtime executes the graph.</summary>
public enum ExecutionProvider
{
    /// <summary>The CPU provider, always present.</summary>
    Cpu,
    /// <summary>NVIDIA GPUs (needs an ORT build with CUDA and the CUDA/cuDNN libraries).</summary>
    Cuda,
    /// <summary>DirectX 12 GPUs on Windows (the Windows onnxruntime-node build ships it).</summary>
    DirectML,
    /// <summary>Tries CUDA, then DirectML, then the CPU; <see cref="InferenceSession.Provider"/> says which won.</summary>
    Best,
}

/// <summary>How much ONNX Runtime rewrites the graph before running it (values of <c>GraphOptimizationLevel</c>).</summary>
public enum GraphOptimization
{
    /// <summary>Run the graph as written.</summary>
    Disabled = 0,
    /// <summary>Constant folding and redundant-node removal.</summary>
    Basic = 1,
    /// <summary>Basic plus operator fusions.</summary>
    Extended = 2,
    /// <summary>Everything, including layout changes.</summary>
    All = 99,
}

/// <summary>Options for an <see cref="InferenceSession"/>.</summary>
/// <example><code>new SessionConfig { Threads = 2, Provider = ExecutionProvider.Cpu }</code></example>
public sealed record SessionConfig
{
    /// <summary>Intra-op threads; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int Threads { get; init; }

    /// <summary>The execution provider to request; GPU requests fall back to the CPU with a warning.</summary>
    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>Graph optimization level.</summary>
    public GraphOptimization Optimization { get; init; } = GraphOptimization.All;

    /// <summary>GPU device index for CUDA or DirectML.</summary>
    public int DeviceId { get; init; }

    /// <summary>Explicit native library file or folder; used only if the library is not loaded yet.</summary>
    public string? LibraryPath { get; init; }

    /// <summary>Print provider fallback warnings to standard error (they are always kept in <see cref="InferenceSession.Warnings"/>).</summary>
    public bool PrintWarnings { get; init; } = true;
}
