using System.Runtime.InteropServices;

namespace NotebookCourse.Onnx;

/// <summary>
/// The process-wide ONNX Runtime: the loaded native library, its function table and the one <c>OrtEnv</c>
/// (ORT wants a single environment per process). Loaded on first use.
/// </summary>
/// <example><code>Console.WriteLine($"{OnnxRuntime.Version} from {OnnxRuntime.LibraryPath}");</code></example>
public static unsafe class OnnxRuntime
{
    private static readonly object Gate = new();
    private static OrtApi? _api;
    private static IntPtr _env, _library;
    private static string? _path, _version;

    /// <summary>Loads the library (once) from <paramref name="libraryPath"/> or the usual places; see <see cref="OrtLibraryLocator"/>.</summary>
    public static void Initialize(string? libraryPath = null)
    {
        if (_api != null) return;
        lock (Gate)
        {
            if (_api != null) return;
            var (handle, path) = OrtLibraryLocator.Load(libraryPath);
            if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out var getApiBase))
                throw new OnnxRuntimeException($"onnx: {path} has no OrtGetApiBase export; it is not an ONNX Runtime library. " +
                                               $"Run `{OrtLibraryLocator.FixCommand}` or point {OrtLibraryLocator.EnvVar} at libonnxruntime.");
            var apiBase = ((delegate* unmanaged<IntPtr>)getApiBase)();
            var version = Marshal.PtrToStringUTF8(((delegate* unmanaged<IntPtr>)((IntPtr*)apiBase)[1])()) ?? "?";
            var table = ((delegate* unmanaged<uint, IntPtr>)((IntPtr*)apiBase)[0])(OrtApi.ApiVersion);
            if (table == IntPtr.Zero)
                throw new OnnxRuntimeException($"onnx: ONNX Runtime {version} at {path} does not offer C API version {OrtApi.ApiVersion} " +
                                               "(1.13 or newer is needed). Run `./environment/course setup` to install 1.30.");
            var api = new OrtApi(table);
            IntPtr env;
            fixed (byte* logId = "NotebookCourse\0"u8)
                api.Check(api.CreateEnv(3 /* ORT_LOGGING_LEVEL_ERROR */, logId, &env), "CreateEnv");
            (_library, _path, _version, _env) = (handle, path, version, env);
            _api = api;
        }
    }

    /// <summary>True when the native library can be loaded (loads it as a side effect).</summary>
    public static bool IsAvailable
    {
        get
        {
            try { Initialize(); return true; }
            catch (OnnxRuntimeException) { return false; }
        }
    }

    /// <summary>The ONNX Runtime version string, e.g. "1.30.0".</summary>
    public static string Version { get { Initialize(); return _version!; } }

    /// <summary>Where the native library was loaded from.</summary>
    public static string LibraryPath { get { Initialize(); return _path!; } }

    /// <summary>Execution providers compiled into the loaded library, e.g. CPUExecutionProvider, CUDAExecutionProvider.</summary>
    /// <remarks>Being listed does not guarantee the provider works: CUDA also needs the CUDA/cuDNN libraries.</remarks>
    public static IReadOnlyList<string> AvailableProviders
    {
        get
        {
            var api = Api;
            IntPtr list;
            int count;
            api.Check(api.GetAvailableProviders(&list, &count), "GetAvailableProviders");
            var names = new string[count];
            for (int i = 0; i < count; i++) names[i] = Marshal.PtrToStringUTF8(((IntPtr*)list)[i]) ?? "";
            api.Check(api.ReleaseAvailableProviders(list, count), "ReleaseAvailableProviders");
            return names;
        }
    }

    internal static OrtApi Api { get { Initialize(); return _api!; } }

    internal static IntPtr Env { get { Initialize(); return _env; } }

    internal static IntPtr Library { get { Initialize(); return _library; } }
}
