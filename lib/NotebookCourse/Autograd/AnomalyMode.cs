using NotebookCourse.Tensors;

namespace NotebookCourse.Autograd;

/// <summary>
/// Opt-in NaN/Inf detection: when on, every recorded op checks its forward output and every backward step checks the
/// gradients it produced, and throws an error naming the op. Costs a scan per op, so it is off by default.
/// </summary>
public static class AnomalyMode
{
    private static volatile bool _enabled;

    /// <summary>Whether detection is on.</summary>
    public static bool IsEnabled => _enabled;

    /// <summary>Turns detection on or off globally.</summary>
    public static void Set(bool enabled) => _enabled = enabled;

    /// <summary>Turns detection on until the returned scope is disposed.</summary>
    public static IDisposable Scope()
    {
        bool prev = _enabled; _enabled = true;
        return new Restore(prev);
    }

    private sealed class Restore(bool previous) : IDisposable
    {
        public void Dispose() => _enabled = previous;
    }

    internal static void CheckForward(string op, Tensor output)
    {
        if (output.dtype != DType.float32) return;
        if (FirstNonFinite(output) is { } bad)
            throw new ArithmeticException($"anomaly: forward of '{op}' produced {bad} in its output of shape {ShapeUtil.Format(output._shape)}; check this op's inputs (log of ≤0, division by 0, overflow in exp)");
    }

    internal static void CheckBackward(string op, int inputIndex, Tensor grad)
    {
        if (FirstNonFinite(grad) is { } bad)
            throw new ArithmeticException($"anomaly: backward of '{op}' produced {bad} in the gradient of input {inputIndex} (shape {ShapeUtil.Format(grad._shape)})");
    }

    private static string? FirstNonFinite(Tensor t)
    {
        var s = t.SpanF();
        for (int i = 0; i < s.Length; i++)
            if (!float.IsFinite(s[i])) return $"{s[i]} at flat index {i}";
        return null;
    }
}
