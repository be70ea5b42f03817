using NotebookCourse.Tensors;

namespace NotebookCourse.Tests.TestUtil;

/// <summary>Value assertions on tensors with readable failure messages.</summary>
public static class TensorAssert
{
    /// <summary>Shape equals <paramref name="shape"/>.</summary>
    public static void Shape(Tensor t, params int[] shape) =>
        Assert.True(t.shape.SequenceEqual(shape), $"expected shape ({string.Join(", ", shape)}), got ({string.Join(", ", t.shape)})");

    /// <summary>Every element within atol + rtol·|expected|.</summary>
    public static void Close(Tensor t, float[] expected, float atol = 1e-5f, float rtol = 1e-5f)
    {
        var a = t.ToArray<float>();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - expected[i]) <= atol + rtol * Math.Abs(expected[i]) || (float.IsNaN(a[i]) && float.IsNaN(expected[i])),
                $"element {i}: got {a[i]}, expected {expected[i]}");
    }

    /// <summary>Both tensors have the same shape and values within tolerance.</summary>
    public static void Close(Tensor t, Tensor expected, float atol = 1e-5f, float rtol = 1e-5f)
    {
        Shape(t, expected.shape);
        Close(t, expected.ToArray<float>(), atol, rtol);
    }
}
