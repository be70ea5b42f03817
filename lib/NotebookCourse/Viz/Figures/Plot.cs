using System.Numerics;
using NotebookCourse.Tensors;

namespace NotebookCourse.Viz;

/// <summary>
/// One-line figures: <c>Plot.Line(epochs, losses, "entrenamiento")</c>. Each returns a <see cref="Figure"/>
/// that can be refined fluently (<c>.Title(...)</c>, <c>.Scatter(...)</c>) and displays itself in notebooks.
/// </summary>
public static class Plot
{
    /// <summary>A line plot of y against x.</summary>
    public static Figure Line<TX, TY>(IEnumerable<TX> xs, IEnumerable<TY> ys, string? name = null)
        where TX : INumberBase<TX> where TY : INumberBase<TY> => Figure.Create().Line(xs, ys, name);
    /// <summary>A line plot of y against 0, 1, 2, …</summary>
    public static Figure Line<T>(IEnumerable<T> ys, string? name = null) where T : INumberBase<T> => Figure.Create().Line(ys, name);
    /// <summary>A scatter plot.</summary>
    public static Figure Scatter<TX, TY>(IEnumerable<TX> xs, IEnumerable<TY> ys, string? name = null)
        where TX : INumberBase<TX> where TY : INumberBase<TY> => Figure.Create().Scatter(xs, ys, name);
    /// <summary>A bar chart.</summary>
    public static Figure Bar<T>(IEnumerable<string> categories, IEnumerable<T> values, string? name = null) where T : INumberBase<T> =>
        Figure.Create().Bar(categories, values, name);
    /// <summary>A histogram with <paramref name="bins"/> equal-width bins.</summary>
    public static Figure Histogram<T>(IEnumerable<T> values, int bins = 20, string? name = null) where T : INumberBase<T> =>
        Figure.Create().Histogram(values, bins, name);
    /// <summary>A heatmap of a matrix.</summary>
    public static Figure Heatmap(double[,] z, IEnumerable<string>? columnLabels = null, IEnumerable<string>? rowLabels = null, bool annotate = false) =>
        Figure.Create().Heatmap(z, columnLabels, rowLabels, annotate);
    /// <summary>A confusion matrix (rows: true class, columns: predicted class).</summary>
    public static Figure ConfusionMatrix(int[,] counts, IEnumerable<string> labels, bool normalize = false) => Figure.Create().ConfusionMatrix(counts, labels, normalize);
    /// <summary>A grid of images with captions (see <see cref="ImageGrid"/>).</summary>
    public static ImageGrid Images(IEnumerable<float[]> images, int[] shape, IEnumerable<string>? captions = null, int columns = 8) =>
        new(images, shape, captions, columns);

    /// <summary>A line plot of a 1-D tensor against 0, 1, 2, … (e.g. a loss history).</summary>
    public static Figure Line(Tensor ys, string? name = null) => Figure.Create().Line(ys, name);
    /// <summary>A line plot of one 1-D tensor against another (e.g. a function sampled at x).</summary>
    public static Figure Line(Tensor xs, Tensor ys, string? name = null) => Figure.Create().Line(xs, ys, name);
    /// <summary>A scatter plot of two 1-D tensors.</summary>
    public static Figure Scatter(Tensor xs, Tensor ys, string? name = null) => Figure.Create().Scatter(xs, ys, name);
    /// <summary>A histogram of all values of a tensor (any shape).</summary>
    public static Figure Histogram(Tensor values, int bins = 20, string? name = null) =>
        Figure.Create().Histogram(values.flatten().ToArray<double>(), bins, name);
    /// <summary>A heatmap of a 2-D tensor (a matrix), optionally with the values written in the cells.</summary>
    public static Figure Heatmap(Tensor matrix, bool annotate = false) =>
        Figure.Create().Heatmap(TensorValues.Matrix(matrix, "Plot.Heatmap"), annotate: annotate);

    /// <summary>
    /// A grid of images straight from a tensor batch: (N, C, H, W) with C = 1 or 3, or (N, H, W).
    /// <c>Plot.Images(X[..16], captions: labels.Select(l => FashionMnist.ClassNames[l]))</c>
    /// </summary>
    public static ImageGrid Images(Tensor images, IEnumerable<string>? captions = null, int columns = 8)
    {
        var (list, shape) = TensorValues.ImageBatch(images, "Plot.Images");
        return new ImageGrid(list, shape, captions, columns);
    }

    /// <summary>One image from a tensor: (C, H, W) with C = 1 or 3, or (H, W).</summary>
    public static ImageGrid Image(Tensor image, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.dim() is not (2 or 3))
            throw new ArgumentException($"Plot.Image: expects one image (C, H, W) or (H, W), got shape ({string.Join(", ", image.shape)}); for a batch use Plot.Images");
        return Images(image.unsqueeze(0), caption is null ? null : [caption], columns: 1);
    }
}
