using NotebookCourse.Nn;
using NotebookCourse.Tensors;

namespace NotebookCourse.Autograd;

/// <summary>Receives the recorded ops and module calls of a forward pass while a tracer (ONNX export) is active.</summary>
internal interface IOpTracer
{
    /// <summary>An op recorded by <see cref="Function.Record"/> (called only when the op is recorded for autograd).</summary>
    void Op(string name, Tensor result, Tensor[] inputs);

    /// <summary>A module call; the tracer runs the module (or converts it as a whole) and returns its output.</summary>
    Tensor Call(Module module, Tensor input);
}

/// <summary>
/// The per-thread tracer hook. Null except while a model is being traced, so the op paths pay one thread-static read,
/// and only on the recording path (grad enabled and an input that requires grad).
/// </summary>
internal static class OpTrace
{
    /// <summary>The active tracer of this thread, or null.</summary>
    [ThreadStatic] internal static IOpTracer? Current;

    /// <summary>
    /// What an op whose recorded inputs do not tell the whole story adds for the next recorded op (masked_fill's mask,
    /// where's condition); set only while tracing.
    /// </summary>
    [ThreadStatic] internal static object? Pending;

    /// <summary>
    /// Runs an op that never records (comparisons, logical_not, dtype conversion) with the tracer paused, then reports
    /// it; the tracer converts it only when one of its inputs is a traced value. Called only while tracing.
    /// </summary>
    internal static Tensor Untraced(string name, Func<Tensor> compute, params Tensor[] inputs)
    {
        var tracer = Current!;
        Current = null;
        Tensor result;
        try { result = compute(); }
        finally { Current = tracer; }
        tracer.Op(name, result, inputs);
        return result;
    }
}
