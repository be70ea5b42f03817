using System.Numerics;

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
}
