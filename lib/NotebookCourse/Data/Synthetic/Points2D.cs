namespace NotebookCourse.Data;

/// <summary>A labelled 2-D point set: <see cref="X"/> holds n rows of (x, y), row-major.</summary>
/// <param name="X">Coordinates, length 2n.</param>
/// <param name="Labels">Class (or mixture component) of each point.</param>
public sealed record PointSet(float[] X, long[] Labels)
{
    /// <summary>Number of points.</summary>
    public int Count => Labels.Length;
    /// <summary>x coordinates.</summary>
    public double[] Xs => Enumerable.Range(0, Count).Select(i => (double)X[2 * i]).ToArray();
    /// <summary>y coordinates.</summary>
    public double[] Ys => Enumerable.Range(0, Count).Select(i => (double)X[2 * i + 1]).ToArray();
    /// <summary>The points of one class (for plotting each class as its own series).</summary>
    public (double[] Xs, double[] Ys) OfClass(long label)
    {
        var idx = Enumerable.Range(0, Count).Where(i => Labels[i] == label).ToArray();
        return (idx.Select(i => (double)X[2 * i]).ToArray(), idx.Select(i => (double)X[2 * i + 1]).ToArray());
    }
    /// <summary>As a dataset of shape-(2) examples.</summary>
    public Dataset ToDataset() => new ArrayDataset(X, [2], Labels);
}

/// <summary>Seeded generators of 2-D toy data: Gaussian mixtures, moons, circles and spirals.</summary>
/// <example><code>var moons = Points2D.Moons(200, noise: 0.1, seed: 0);</code></example>
public static class Points2D
{
    /// <summary>
    /// n points from a mixture of Gaussians with the given means, per-component standard deviations (isotropic) and
    /// mixing weights (uniform when null); the label is the component.
    /// </summary>
    public static PointSet GaussianMixture(int n, (double X, double Y)[] means, double[] stds, double[]? weights = null, ulong seed = 0)
    {
        if (means.Length == 0 || stds.Length != means.Length)
            throw new ArgumentException($"Points2D.GaussianMixture: {means.Length} means need as many stds, got {stds.Length}");
        weights ??= Enumerable.Repeat(1.0, means.Length).ToArray();
        if (weights.Length != means.Length)
            throw new ArgumentException($"Points2D.GaussianMixture: {means.Length} components but {weights.Length} weights");
        var rng = new Rng(seed);
        var x = new float[2 * n];
        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            int k = rng.Categorical(weights);
            labels[i] = k;
            x[2 * i] = (float)rng.NextGaussian(means[k].X, stds[k]);
            x[2 * i + 1] = (float)rng.NextGaussian(means[k].Y, stds[k]);
        }
        return new PointSet(x, labels);
    }

    /// <summary>Two interleaving half circles (label 0 upper, 1 lower), with Gaussian noise.</summary>
    public static PointSet Moons(int n, double noise = 0.1, ulong seed = 0)
    {
        var rng = new Rng(seed);
        var x = new float[2 * n];
        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            int k = i % 2;
            double t = Math.PI * rng.NextDouble();
            double px = k == 0 ? Math.Cos(t) : 1 - Math.Cos(t);
            double py = k == 0 ? Math.Sin(t) : 0.5 - Math.Sin(t);
            x[2 * i] = (float)(px + noise * rng.NextGaussian());
            x[2 * i + 1] = (float)(py + noise * rng.NextGaussian());
            labels[i] = k;
        }
        return new PointSet(x, labels);
    }

    /// <summary>Two concentric circles: outer radius 1 (label 0), inner radius <paramref name="factor"/> (label 1).</summary>
    public static PointSet Circles(int n, double noise = 0.05, double factor = 0.5, ulong seed = 0)
    {
        if (factor is <= 0 or >= 1) throw new ArgumentException($"Points2D.Circles: factor must be in (0, 1), got {factor}");
        var rng = new Rng(seed);
        var x = new float[2 * n];
        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            int k = i % 2;
            double r = k == 0 ? 1 : factor, t = 2 * Math.PI * rng.NextDouble();
            x[2 * i] = (float)(r * Math.Cos(t) + noise * rng.NextGaussian());
            x[2 * i + 1] = (float)(r * Math.Sin(t) + noise * rng.NextGaussian());
            labels[i] = k;
        }
        return new PointSet(x, labels);
    }

    /// <summary>
    /// <paramref name="classes"/> interleaved spiral arms (the classic "not linearly separable" example); radius grows
    /// from 0 to 1 along each arm, which turns <paramref name="turns"/> times.
    /// </summary>
    public static PointSet Spirals(int n, int classes = 2, double noise = 0.05, double turns = 1.0, ulong seed = 0)
    {
        if (classes < 1) throw new ArgumentException($"Points2D.Spirals: classes must be ≥ 1, got {classes}");
        var rng = new Rng(seed);
        var x = new float[2 * n];
        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            int k = i % classes;
            double r = rng.NextDouble();
            double t = 2 * Math.PI * (turns * r + (double)k / classes);
            x[2 * i] = (float)(r * Math.Cos(t) + noise * rng.NextGaussian());
            x[2 * i + 1] = (float)(r * Math.Sin(t) + noise * rng.NextGaussian());
            labels[i] = k;
        }
        return new PointSet(x, labels);
    }
}
