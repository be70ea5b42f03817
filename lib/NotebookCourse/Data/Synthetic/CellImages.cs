namespace NotebookCourse.Data;

/// <summary>
/// Microscopy-like images for segmentation: bright, slightly textured elliptical cells on an uneven, noisy
/// background, with the ground-truth binary mask and the number of cells. Cells never touch (a 2-pixel gap), so
/// counting the connected components of the true mask gives exactly <c>Count</c>.
/// Examples are (1, H, W) images in about [0, 1]; the label is the cell count; <see cref="Mask"/> gives the target.
/// </summary>
/// <example><code>var cells = new CellImages(count: 64, size: 64, seed: 0); var mask = cells.Mask(0);</code></example>
public sealed class CellImages : Dataset
{
    private readonly float[][] _images;
    private readonly float[][] _masks;
    private readonly int[] _counts;

    /// <summary>Image side in pixels.</summary>
    public int Size { get; }

    /// <summary>Generates <paramref name="count"/> images of <paramref name="size"/>² pixels with min..max cells each.</summary>
    public CellImages(int count, int size = 64, int minCells = 3, int maxCells = 9, double noise = 0.05, ulong seed = 0)
    {
        if (size < 16) throw new ArgumentException($"CellImages: size must be at least 16, got {size}");
        if (minCells < 0 || maxCells < minCells) throw new ArgumentException($"CellImages: need 0 ≤ minCells ≤ maxCells, got {minCells}..{maxCells}");
        Size = size;
        _images = new float[count][]; _masks = new float[count][]; _counts = new int[count];
        for (int i = 0; i < count; i++)
            (_images[i], _masks[i], _counts[i]) = Generate(size, minCells, maxCells, noise, Rng.Derive(seed, i));
    }

    /// <inheritdoc />
    public override int Count => _images.Length;

    /// <inheritdoc />
    public override Sample Get(int index)
    {
        CheckIndex(index);
        return new Sample((float[])_images[index].Clone(), [1, Size, Size], _counts[index]);
    }

    /// <summary>Ground-truth mask (1 inside a cell, 0 outside), (1, H, W) row-major.</summary>
    public float[] Mask(int index)
    {
        CheckIndex(index);
        return (float[])_masks[index].Clone();
    }

    /// <summary>Number of cells in an image.</summary>
    public int CellCount(int index)
    {
        CheckIndex(index);
        return _counts[index];
    }

    /// <summary>A dataset whose examples are (image, mask) pairs stacked as 2 channels (image first), label = count.</summary>
    public Dataset WithMasks() => new PairView(this);

    private sealed class PairView(CellImages cells) : Dataset
    {
        public override int Count => cells.Count;
        public override Sample Get(int i)
        {
            CheckIndex(i);
            return new Sample([.. cells._images[i], .. cells._masks[i]], [2, cells.Size, cells.Size], cells._counts[i]);
        }
    }

    private static (float[] Image, float[] Mask, int Count) Generate(int size, int minCells, int maxCells, double noise, Rng rng)
    {
        var img = new float[size * size];
        var mask = new float[size * size];
        var owner = new int[size * size]; // 0 = background, k = cell k (used to keep a gap between cells)
        int target = minCells + rng.NextInt(maxCells - minCells + 1);
        int placed = 0;
        double rMin = size / 16.0, rMax = size / 8.0;
        for (int attempt = 0; attempt < 200 && placed < target; attempt++)
        {
            double a = rng.Uniform(rMin, rMax), b = a * rng.Uniform(0.6, 1.0), theta = rng.Uniform(0, Math.PI);
            double cx = rng.Uniform(a + 1, size - a - 2), cy = rng.Uniform(a + 1, size - a - 2);
            if (!Fits(owner, size, cx, cy, a + 2, b + 2, theta)) continue;
            placed++;
            double brightness = rng.Uniform(0.55, 0.9);
            ForEachInside(size, cx, cy, a, b, theta, (x, y, d2) =>
            {
                int p = y * size + x;
                owner[p] = placed;
                mask[p] = 1f;
                // Brighter nucleus in the middle, softer towards the membrane.
                img[p] = (float)(brightness * (0.75 + 0.25 * (1 - d2)));
            });
        }
        // Uneven illumination plus sensor noise, as in real micrographs.
        double gx = rng.Uniform(-0.1, 0.1), gy = rng.Uniform(-0.1, 0.1), bg = rng.Uniform(0.08, 0.18);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                int p = y * size + x;
                double background = bg + gx * (x / (double)size - 0.5) + gy * (y / (double)size - 0.5);
                img[p] = (float)Math.Clamp(Math.Max(img[p], background) + noise * rng.NextGaussian(), 0, 1);
            }
        return (img, mask, placed);
    }

    private static bool Fits(int[] owner, int size, double cx, double cy, double a, double b, double theta)
    {
        bool ok = true;
        ForEachInside(size, cx, cy, a, b, theta, (x, y, _) => { if (owner[y * size + x] != 0) ok = false; });
        return ok;
    }

    /// <summary>Calls <paramref name="visit"/>(x, y, normalised squared radius) for pixels inside the ellipse.</summary>
    private static void ForEachInside(int size, double cx, double cy, double a, double b, double theta, Action<int, int, double> visit)
    {
        double cos = Math.Cos(theta), sin = Math.Sin(theta);
        int x0 = Math.Max(0, (int)(cx - a - 1)), x1 = Math.Min(size - 1, (int)(cx + a + 1));
        int y0 = Math.Max(0, (int)(cy - a - 1)), y1 = Math.Min(size - 1, (int)(cy + a + 1));
        for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++)
            {
                double dx = x - cx, dy = y - cy;
                double u = (dx * cos + dy * sin) / a, v = (-dx * sin + dy * cos) / b;
                double d2 = u * u + v * v;
                if (d2 <= 1) visit(x, y, d2);
            }
    }
}
