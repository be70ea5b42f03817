using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>Shape checks and small helpers shared by the functional ops.</summary>
internal static class FunctionalUtil
{
    public static string Fmt(Tensor t) => ShapeUtil.Format(t._shape);

    /// <summary>Throws unless <paramref name="t"/> is float32 (names the op and the argument).</summary>
    public static void RequireFloat(Tensor t, string op, string what)
    {
        if (t.dtype != DType.float32)
            throw new ArgumentException($"{op}: {what} must be float32, got {t.dtype} of shape {Fmt(t)}; convert with .@float()");
    }

    /// <summary>A 0-d float32 tensor.</summary>
    public static Tensor ScalarF(float v) => new(new[] { v }, Array.Empty<int>());

    /// <summary>A fresh contiguous float32 tensor over <paramref name="data"/>.</summary>
    public static Tensor FromArray(float[] data, int[] shape) => new(data, shape);

    /// <summary>Validates reduction ("none", "mean", "sum").</summary>
    public static void CheckReduction(string reduction, string op)
    {
        if (reduction is not ("none" or "mean" or "sum"))
            throw new ArgumentException($"{op}: reduction must be \"none\", \"mean\" or \"sum\", got \"{reduction}\"");
    }
}
