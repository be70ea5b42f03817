using System.Buffers;

namespace NotebookCourse.Kernels;

/// <summary>
/// How conv2d batches images into one GEMM: a chunk of B images puts its im2col matrices side by side
/// (ColRows × B·P), so the GEMM is wide and its packing cost is shared. Also holds the per-worker scratch.
/// </summary>
internal sealed class ConvChunk : IDisposable
{
    // Aim for GEMMs at least this wide, but keep the column buffer a few MB so it stays in the last-level cache.
    const int TargetColumns = 1024;
    const int MaxColFloats = 1 << 20;

    public readonly int Images, Columns;
    public readonly float[] Col, Tmp;

    ConvChunk(int images, int colRows, int p, int tmpRows)
    {
        Images = images;
        Columns = images * p;
        Col = ArrayPool<float>.Shared.Rent(Math.Max(1, colRows * Columns));
        Tmp = ArrayPool<float>.Shared.Rent(Math.Max(1, tmpRows * Columns));
    }

    /// <summary>Images per chunk for this geometry.</summary>
    public static int ImagesPerChunk(in Conv2dGeometry g)
    {
        // Images with enough pixels already make a wide GEMM alone, and a single image needs no gather/scatter copy.
        if (g.P >= TargetColumns / 2) return 1;
        int b = Math.Max(1, (TargetColumns + g.P - 1) / g.P);
        b = Math.Min(b, Math.Max(1, MaxColFloats / Math.Max(1, g.ColRows * g.P)));
        return Math.Max(1, Math.Min(b, g.N));
    }

    /// <summary>Rents scratch for a chunk: Col (ColRows × B·P) and Tmp (tmpRows × B·P).</summary>
    public static ConvChunk Rent(in Conv2dGeometry g, int tmpRows) => new(ImagesPerChunk(g), g.ColRows, g.P, tmpRows);

    public void Dispose()
    {
        ArrayPool<float>.Shared.Return(Col);
        ArrayPool<float>.Shared.Return(Tmp);
    }
}
