using NotebookCourse.Tensors;

namespace NotebookCourse.Viz;

/// <summary>
/// Tensor overloads of the fluent <see cref="Figure"/> methods, so a notebook can chain
/// <c>Plot.Line(x, y, "f").Line(x, dy, "f'")</c> without converting to arrays. Tensors with requires_grad are read
/// as they are (no graph is recorded).
/// </summary>
public static class TensorFigureExtensions
{
    /// <summary>Adds a line of a 1-D tensor against 0, 1, 2, …</summary>
    public static Figure Line(this Figure figure, Tensor ys, string? name = null, string? color = null) =>
        figure.Line(TensorValues.Series(ys, "Figure.Line"), name, color);

    /// <summary>Adds a line of <paramref name="ys"/> against <paramref name="xs"/> (two 1-D tensors of one length).</summary>
    public static Figure Line(this Figure figure, Tensor xs, Tensor ys, string? name = null, string? color = null, bool dashed = false) =>
        figure.Line(TensorValues.Series(xs, "Figure.Line (x)"), TensorValues.Series(ys, "Figure.Line (y)"), name, color, dashed);

    /// <summary>Adds a scatter series of two 1-D tensors.</summary>
    public static Figure Scatter(this Figure figure, Tensor xs, Tensor ys, string? name = null, string? color = null, double size = 5) =>
        figure.Scatter(TensorValues.Series(xs, "Figure.Scatter (x)"), TensorValues.Series(ys, "Figure.Scatter (y)"), name, color, size);
}
