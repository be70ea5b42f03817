using System.Runtime.InteropServices;

namespace NotebookCourse.Onnx;

/// <summary>Appends the requested execution provider to session options, falling back to the CPU with a reason.</summary>
internal static unsafe class ProviderSelection
{
    private const string DmlExport = "OrtSessionOptionsAppendExecutionProvider_DML";

    /// <summary>Configures <paramref name="options"/>; returns the provider in use and adds a warning on fallback.</summary>
    public static ExecutionProvider Apply(IntPtr options, ExecutionProvider requested, int deviceId, List<string> warnings)
    {
        switch (requested)
        {
            case ExecutionProvider.Cpu:
                return ExecutionProvider.Cpu;
            case ExecutionProvider.Cuda:
            {
                var why = TryCuda(options, deviceId);
                if (why == null) return ExecutionProvider.Cuda;
                warnings.Add($"onnx: CUDA was requested but is unavailable ({why}); running on the CPU instead.");
                return ExecutionProvider.Cpu;
            }
            case ExecutionProvider.DirectML:
            {
                var why = TryDirectML(options, deviceId);
                if (why == null) return ExecutionProvider.DirectML;
                warnings.Add($"onnx: DirectML was requested but is unavailable ({why}); running on the CPU instead.");
                return ExecutionProvider.Cpu;
            }
            default:
            {
                var cuda = TryCuda(options, deviceId);
                if (cuda == null) return ExecutionProvider.Cuda;
                var dml = TryDirectML(options, deviceId);
                if (dml == null) return ExecutionProvider.DirectML;
                warnings.Add($"onnx: no GPU execution provider is usable (CUDA: {cuda}; DirectML: {dml}); running on the CPU.");
                return ExecutionProvider.Cpu;
            }
        }
    }

    /// <summary>Null on success, else why CUDA could not be added.</summary>
    private static string? TryCuda(IntPtr options, int deviceId)
    {
        if (!OnnxRuntime.AvailableProviders.Contains("CUDAExecutionProvider"))
            return "this ONNX Runtime build has no CUDA provider";
        // OrtCUDAProviderOptions (legacy struct, 64-bit layout): device_id@0, cudnn_conv_algo_search@4,
        // gpu_mem_limit@8, arena_extend_strategy@16, do_copy_in_default_stream@20, has_user_compute_stream@24,
        // user_compute_stream@32, default_memory_arena_cfg@40, then fields newer headers appended (zero = default).
        // The buffer is oversized and zeroed so later additions read their defaults.
        byte* block = stackalloc byte[256];
        new Span<byte>(block, 256).Clear();
        *(int*)block = deviceId;
        *(nuint*)(block + 8) = nuint.MaxValue;
        *(int*)(block + 20) = 1;
        var api = OnnxRuntime.Api;
        return api.StatusMessage(api.SessionOptionsAppendExecutionProviderCuda(options, block));
    }

    /// <summary>Null on success, else why DirectML could not be added.</summary>
    private static string? TryDirectML(IntPtr options, int deviceId)
    {
        if (!NativeLibrary.TryGetExport(OnnxRuntime.Library, DmlExport, out var append))
            return OperatingSystem.IsWindows() ? "this ONNX Runtime build has no DirectML provider" : "DirectML exists only on Windows";
        var api = OnnxRuntime.Api;
        // DirectML cannot run with memory patterns or parallel execution (documented ORT requirement).
        api.Check(api.DisableMemPattern(options), "DisableMemPattern");
        api.Check(api.SetSessionExecutionMode(options, 0 /* ORT_SEQUENTIAL */), "SetSessionExecutionMode");
        return api.StatusMessage(((delegate* unmanaged<IntPtr, int, IntPtr>)append)(options, deviceId));
    }
}
