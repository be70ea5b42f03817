using System.Runtime.InteropServices;

namespace NotebookCourse.Onnx;

/// <summary>
/// Base of the owning handles for ORT objects. Each subclass releases its object with the matching Release*
/// function; a process-wide live count lets tests prove that create/run/dispose cycles release everything.
/// </summary>
internal abstract class OrtHandle : SafeHandle
{
    private static long _live;

    /// <summary>ORT objects created through this binding and not yet released.</summary>
    public static long LiveCount => Interlocked.Read(ref _live);

    protected OrtHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Takes ownership of a pointer ORT just returned.</summary>
    public void Own(IntPtr pointer)
    {
        if (pointer == IntPtr.Zero) return;
        SetHandle(pointer);
        Interlocked.Increment(ref _live);
    }

    protected sealed override bool ReleaseHandle()
    {
        Release(handle);
        Interlocked.Decrement(ref _live);
        return true;
    }

    protected abstract void Release(IntPtr pointer);
}

internal sealed unsafe class OrtSessionHandle : OrtHandle
{
    protected override void Release(IntPtr p) => OnnxRuntime.Api.ReleaseSession(p);
}

internal sealed unsafe class OrtSessionOptionsHandle : OrtHandle
{
    protected override void Release(IntPtr p) => OnnxRuntime.Api.ReleaseSessionOptions(p);
}

internal sealed unsafe class OrtValueHandle : OrtHandle
{
    protected override void Release(IntPtr p) => OnnxRuntime.Api.ReleaseValue(p);
}

internal sealed unsafe class OrtMemoryInfoHandle : OrtHandle
{
    protected override void Release(IntPtr p) => OnnxRuntime.Api.ReleaseMemoryInfo(p);
}

internal sealed unsafe class OrtTypeInfoHandle : OrtHandle
{
    protected override void Release(IntPtr p) => OnnxRuntime.Api.ReleaseTypeInfo(p);
}

internal sealed unsafe class OrtTensorTypeAndShapeInfoHandle : OrtHandle
{
    protected override void Release(IntPtr p) => OnnxRuntime.Api.ReleaseTensorTypeAndShapeInfo(p);
}
