using System.Runtime.InteropServices;

namespace NotebookCourse.Onnx;

/// <summary>
/// A model loaded into ONNX Runtime, ready to run. Inputs are validated (names, element types, shapes) before
/// ORT sees them, so mistakes read as course-style errors rather than runtime internals.
/// </summary>
/// <example><code>
/// using var session = new InferenceSession("lenet.onnx", new SessionConfig { Threads = 2 });
/// var outputs = session.Run(("input", pixels, new[] { 7, 1, 28, 28 }));
/// float[] logits = outputs["logits"].AsFloats();
/// </code></example>
public sealed unsafe partial class InferenceSession : IDisposable
{
    private readonly OrtSessionHandle _session = new();
    private readonly IntPtr[] _inputNamePtrs, _outputNamePtrs;
    private bool _disposed;

    /// <summary>Loads a model file.</summary>
    public InferenceSession(string modelPath, SessionConfig? config = null)
        : this(config ?? new SessionConfig(), modelPath, null) { }

    /// <summary>Loads a model from its serialized bytes.</summary>
    public InferenceSession(byte[] modelBytes, SessionConfig? config = null)
        : this(config ?? new SessionConfig(), null, modelBytes ?? throw new ArgumentNullException(nameof(modelBytes))) { }

    private InferenceSession(SessionConfig config, string? path, byte[]? bytes)
    {
        if (path != null && !File.Exists(path))
            throw new FileNotFoundException($"onnx: model file '{path}' does not exist (working folder: {Environment.CurrentDirectory})", path);
        OnnxRuntime.Initialize(config.LibraryPath);
        var warnings = new List<string>();
        Provider = CreateSession(config, path, bytes, config.Provider, warnings);
        Warnings = warnings;
        if (config.PrintWarnings) foreach (var w in warnings) Console.Error.WriteLine(w);
        Inputs = ReadNodeInfos(input: true);
        Outputs = ReadNodeInfos(input: false);
        _inputNamePtrs = Inputs.Select(i => Marshal.StringToCoTaskMemUTF8(i.Name)).ToArray();
        _outputNamePtrs = Outputs.Select(o => Marshal.StringToCoTaskMemUTF8(o.Name)).ToArray();
    }

    /// <summary>The execution provider the session actually uses (after any fallback).</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>Fallback warnings raised while creating the session (empty when the request was met).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The model's inputs, in order; -1 marks a dynamic dimension such as the batch.</summary>
    public IReadOnlyList<OnnxNodeInfo> Inputs { get; }

    /// <summary>The model's outputs, in order.</summary>
    public IReadOnlyList<OnnxNodeInfo> Outputs { get; }

    private ExecutionProvider CreateSession(SessionConfig config, string? path, byte[]? bytes,
                                            ExecutionProvider requested, List<string> warnings)
    {
        var api = OnnxRuntime.Api;
        using var options = new OrtSessionOptionsHandle();
        IntPtr raw;
        api.Check(api.CreateSessionOptions(&raw), "CreateSessionOptions");
        options.Own(raw);
        if (config.Threads < 0) throw new ArgumentException($"onnx: SessionConfig.Threads must be >= 0, got {config.Threads}");
        api.Check(api.SetIntraOpNumThreads(raw, config.Threads), "SetIntraOpNumThreads");
        api.Check(api.SetSessionGraphOptimizationLevel(raw, (int)config.Optimization), "SetSessionGraphOptimizationLevel");
        var provider = ProviderSelection.Apply(raw, requested, config.DeviceId, warnings);

        IntPtr session;
        IntPtr status;
        if (path != null)
        {
            // ORTCHAR_T is wchar_t on Windows and UTF-8 char elsewhere.
            if (OperatingSystem.IsWindows())
                fixed (char* p = path) status = api.CreateSession(OnnxRuntime.Env, p, raw, &session);
            else
            {
                var utf8 = Marshal.StringToCoTaskMemUTF8(path);
                try { status = api.CreateSession(OnnxRuntime.Env, (void*)utf8, raw, &session); }
                finally { Marshal.FreeCoTaskMem(utf8); }
            }
        }
        else
        {
            fixed (byte* p = bytes) status = api.CreateSessionFromArray(OnnxRuntime.Env, p, (nuint)bytes!.Length, raw, &session);
        }
        if (status != IntPtr.Zero && provider != ExecutionProvider.Cpu)
        {
            // A GPU provider can be added yet fail when the session initializes it (driver, memory): retry on CPU.
            var why = api.StatusMessage(status);
            warnings.Add($"onnx: creating the session on {provider} failed ({why}); running on the CPU instead.");
            return CreateSession(config, path, bytes, ExecutionProvider.Cpu, warnings);
        }
        string what = path != null ? $"loading model '{path}'" : $"loading a model from {bytes!.Length} bytes";
        api.Check(status, what);
        _session.Own(session);
        return provider;
    }

    private OnnxNodeInfo[] ReadNodeInfos(bool input)
    {
        var api = OnnxRuntime.Api;
        var s = _session.DangerousGetHandle();
        nuint count;
        api.Check(input ? api.SessionGetInputCount(s, &count) : api.SessionGetOutputCount(s, &count), "SessionGetInputCount");
        IntPtr allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator), "GetAllocatorWithDefaultOptions");
        var infos = new OnnxNodeInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            IntPtr namePtr;
            api.Check(input ? api.SessionGetInputName(s, i, allocator, &namePtr) : api.SessionGetOutputName(s, i, allocator, &namePtr),
                      "SessionGetInputName");
            string name = Marshal.PtrToStringUTF8(namePtr) ?? "";
            api.Check(api.AllocatorFree(allocator, namePtr), "AllocatorFree");

            using var typeInfo = new OrtTypeInfoHandle();
            IntPtr ti;
            api.Check(input ? api.SessionGetInputTypeInfo(s, i, &ti) : api.SessionGetOutputTypeInfo(s, i, &ti), "SessionGetInputTypeInfo");
            typeInfo.Own(ti);
            int onnxType;
            api.Check(api.GetOnnxTypeFromTypeInfo(ti, &onnxType), "GetOnnxTypeFromTypeInfo");
            if (onnxType != 1 /* ONNX_TYPE_TENSOR */) { infos[(int)i] = new OnnxNodeInfo(name, OnnxElementType.Undefined, []); continue; }
            IntPtr tensorInfo; // owned by typeInfo, not released separately
            api.Check(api.CastTypeInfoToTensorInfo(ti, &tensorInfo), "CastTypeInfoToTensorInfo");
            var (type, shape) = ReadTypeAndShape(tensorInfo);
            infos[(int)i] = new OnnxNodeInfo(name, type, shape);
        }
        return infos;
    }

    internal static (OnnxElementType Type, int[] Shape) ReadTypeAndShape(IntPtr tensorInfo)
    {
        var api = OnnxRuntime.Api;
        int type;
        api.Check(api.GetTensorElementType(tensorInfo, &type), "GetTensorElementType");
        nuint rank;
        api.Check(api.GetDimensionsCount(tensorInfo, &rank), "GetDimensionsCount");
        var dims = new long[(int)rank];
        fixed (long* d = dims) api.Check(api.GetDimensions(tensorInfo, d, rank), "GetDimensions");
        var shape = new int[dims.Length];
        for (int k = 0; k < dims.Length; k++) shape[k] = dims[k] < 0 ? -1 : checked((int)dims[k]);
        return ((OnnxElementType)type, shape);
    }

    /// <summary>Releases the native session; safe to call twice.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _session.Dispose();
        foreach (var p in _inputNamePtrs) Marshal.FreeCoTaskMem(p);
        foreach (var p in _outputNamePtrs) Marshal.FreeCoTaskMem(p);
    }

    /// <summary>E.g. <c>InferenceSession[Cpu](input: float (-1, 784)) -> (logits: float (-1, 10))</c>.</summary>
    public override string ToString() =>
        $"InferenceSession[{Provider}]({string.Join(", ", Inputs)}) -> ({string.Join(", ", Outputs)})";
}
