using System.Runtime.InteropServices;

namespace NotebookCourse.Onnx;

/// <summary>
/// The slice of ONNX Runtime's C function table (<c>OrtApi</c>) this binding calls. The table is an array of
/// function pointers that only ever grows at the end, so a slot index stays valid in every later release; the
/// indices below count from the first member of the struct in onnxruntime_c_api.h.
/// </summary>
internal sealed unsafe class OrtApi
{
    /// <summary>The table version we ask for; 13 (ORT 1.13) has every slot used here and 1.30 still serves it.</summary>
    public const uint ApiVersion = 13;

    // Slot numbers in the OrtApi struct (0-based).
    private const int SlotGetErrorCode = 1, SlotGetErrorMessage = 2, SlotCreateEnv = 3, SlotCreateSession = 7,
        SlotCreateSessionFromArray = 8, SlotRun = 9, SlotCreateSessionOptions = 10, SlotSetSessionExecutionMode = 13,
        SlotDisableMemPattern = 17, SlotSetSessionGraphOptimizationLevel = 23, SlotSetIntraOpNumThreads = 24,
        SlotSessionGetInputCount = 30, SlotSessionGetOutputCount = 31, SlotSessionGetInputTypeInfo = 33,
        SlotSessionGetOutputTypeInfo = 34, SlotSessionGetInputName = 36, SlotSessionGetOutputName = 37,
        SlotCreateTensorWithDataAsOrtValue = 49, SlotGetTensorMutableData = 51, SlotCastTypeInfoToTensorInfo = 55,
        SlotGetOnnxTypeFromTypeInfo = 56, SlotGetTensorElementType = 60, SlotGetDimensionsCount = 61,
        SlotGetDimensions = 62, SlotGetTensorShapeElementCount = 64, SlotGetTensorTypeAndShape = 65,
        SlotCreateCpuMemoryInfo = 69, SlotAllocatorFree = 76, SlotGetAllocatorWithDefaultOptions = 78,
        SlotReleaseEnv = 92, SlotReleaseStatus = 93, SlotReleaseMemoryInfo = 94, SlotReleaseSession = 95,
        SlotReleaseValue = 96, SlotReleaseTypeInfo = 98, SlotReleaseTensorTypeAndShapeInfo = 99,
        SlotReleaseSessionOptions = 100, SlotGetAvailableProviders = 125, SlotReleaseAvailableProviders = 126,
        SlotAppendCuda = 152;

    public readonly delegate* unmanaged<IntPtr, int> GetErrorCode;
    public readonly delegate* unmanaged<IntPtr, IntPtr> GetErrorMessage;
    public readonly delegate* unmanaged<int, byte*, IntPtr*, IntPtr> CreateEnv;
    public readonly delegate* unmanaged<IntPtr, void*, IntPtr, IntPtr*, IntPtr> CreateSession;
    public readonly delegate* unmanaged<IntPtr, void*, nuint, IntPtr, IntPtr*, IntPtr> CreateSessionFromArray;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr> Run;
    public readonly delegate* unmanaged<IntPtr*, IntPtr> CreateSessionOptions;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetSessionExecutionMode;
    public readonly delegate* unmanaged<IntPtr, IntPtr> DisableMemPattern;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetIntraOpNumThreads;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> SessionGetInputCount;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> SessionGetOutputCount;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr> SessionGetInputName;
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr> SessionGetOutputName;
    public readonly delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged<IntPtr, void**, IntPtr> GetTensorMutableData;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged<IntPtr, int*, IntPtr> GetOnnxTypeFromTypeInfo;
    public readonly delegate* unmanaged<IntPtr, int*, IntPtr> GetTensorElementType;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> GetDimensionsCount;
    public readonly delegate* unmanaged<IntPtr, long*, nuint, IntPtr> GetDimensions;
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> GetTensorShapeElementCount;
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> GetTensorTypeAndShape;
    public readonly delegate* unmanaged<int, int, IntPtr*, IntPtr> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr> AllocatorFree;
    public readonly delegate* unmanaged<IntPtr*, IntPtr> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseEnv;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseStatus;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseSession;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseValue;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged<IntPtr, void> ReleaseSessionOptions;
    public readonly delegate* unmanaged<IntPtr*, int*, IntPtr> GetAvailableProviders;
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> ReleaseAvailableProviders;
    public readonly delegate* unmanaged<IntPtr, void*, IntPtr> SessionOptionsAppendExecutionProviderCuda;

    /// <summary>Reads the slots from the table that <c>OrtApiBase.GetApi</c> returned.</summary>
    public OrtApi(IntPtr table)
    {
        var t = (IntPtr*)table;
        GetErrorCode = (delegate* unmanaged<IntPtr, int>)t[SlotGetErrorCode];
        GetErrorMessage = (delegate* unmanaged<IntPtr, IntPtr>)t[SlotGetErrorMessage];
        CreateEnv = (delegate* unmanaged<int, byte*, IntPtr*, IntPtr>)t[SlotCreateEnv];
        CreateSession = (delegate* unmanaged<IntPtr, void*, IntPtr, IntPtr*, IntPtr>)t[SlotCreateSession];
        CreateSessionFromArray = (delegate* unmanaged<IntPtr, void*, nuint, IntPtr, IntPtr*, IntPtr>)t[SlotCreateSessionFromArray];
        Run = (delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr>)t[SlotRun];
        CreateSessionOptions = (delegate* unmanaged<IntPtr*, IntPtr>)t[SlotCreateSessionOptions];
        SetSessionExecutionMode = (delegate* unmanaged<IntPtr, int, IntPtr>)t[SlotSetSessionExecutionMode];
        DisableMemPattern = (delegate* unmanaged<IntPtr, IntPtr>)t[SlotDisableMemPattern];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<IntPtr, int, IntPtr>)t[SlotSetSessionGraphOptimizationLevel];
        SetIntraOpNumThreads = (delegate* unmanaged<IntPtr, int, IntPtr>)t[SlotSetIntraOpNumThreads];
        SessionGetInputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[SlotSessionGetInputCount];
        SessionGetOutputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[SlotSessionGetOutputCount];
        SessionGetInputTypeInfo = (delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)t[SlotSessionGetInputTypeInfo];
        SessionGetOutputTypeInfo = (delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)t[SlotSessionGetOutputTypeInfo];
        SessionGetInputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr>)t[SlotSessionGetInputName];
        SessionGetOutputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr>)t[SlotSessionGetOutputName];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)t[SlotCreateTensorWithDataAsOrtValue];
        GetTensorMutableData = (delegate* unmanaged<IntPtr, void**, IntPtr>)t[SlotGetTensorMutableData];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)t[SlotCastTypeInfoToTensorInfo];
        GetOnnxTypeFromTypeInfo = (delegate* unmanaged<IntPtr, int*, IntPtr>)t[SlotGetOnnxTypeFromTypeInfo];
        GetTensorElementType = (delegate* unmanaged<IntPtr, int*, IntPtr>)t[SlotGetTensorElementType];
        GetDimensionsCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[SlotGetDimensionsCount];
        GetDimensions = (delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)t[SlotGetDimensions];
        GetTensorShapeElementCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)t[SlotGetTensorShapeElementCount];
        GetTensorTypeAndShape = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)t[SlotGetTensorTypeAndShape];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, IntPtr*, IntPtr>)t[SlotCreateCpuMemoryInfo];
        AllocatorFree = (delegate* unmanaged<IntPtr, IntPtr, IntPtr>)t[SlotAllocatorFree];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<IntPtr*, IntPtr>)t[SlotGetAllocatorWithDefaultOptions];
        ReleaseEnv = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseEnv];
        ReleaseStatus = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseStatus];
        ReleaseMemoryInfo = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseMemoryInfo];
        ReleaseSession = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseSession];
        ReleaseValue = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseValue];
        ReleaseTypeInfo = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseTypeInfo];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseTensorTypeAndShapeInfo];
        ReleaseSessionOptions = (delegate* unmanaged<IntPtr, void>)t[SlotReleaseSessionOptions];
        GetAvailableProviders = (delegate* unmanaged<IntPtr*, int*, IntPtr>)t[SlotGetAvailableProviders];
        ReleaseAvailableProviders = (delegate* unmanaged<IntPtr, int, IntPtr>)t[SlotReleaseAvailableProviders];
        SessionOptionsAppendExecutionProviderCuda = (delegate* unmanaged<IntPtr, void*, IntPtr>)t[SlotAppendCuda];
    }

    /// <summary>Turns a non-null <c>OrtStatus*</c> into an exception carrying ORT's message, and frees the status.</summary>
    public void Check(IntPtr status, string operation)
    {
        if (status == IntPtr.Zero) return;
        int code = GetErrorCode(status);
        string message = Marshal.PtrToStringUTF8(GetErrorMessage(status)) ?? "(no message)";
        ReleaseStatus(status);
        throw new OnnxRuntimeException($"onnx: {operation} failed: {message}", (OrtErrorCode)code);
    }

    /// <summary>Reads a status without throwing: null on success, else ORT's message (status freed).</summary>
    public string? StatusMessage(IntPtr status)
    {
        if (status == IntPtr.Zero) return null;
        string message = Marshal.PtrToStringUTF8(GetErrorMessage(status)) ?? "(no message)";
        ReleaseStatus(status);
        return message;
    }
}
