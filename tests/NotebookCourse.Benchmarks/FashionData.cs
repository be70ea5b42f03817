using NotebookCourse.Data;
using NotebookCourse.Tensors;

namespace NotebookCourse.Benchmarks;

/// <summary>The Fashion-MNIST training split as two preloaded tensors, normalized like the course: (x/255 − 0.2860)/0.3530.</summary>
static class FashionData
{
    static (Tensor x, Tensor y)? cached;

    /// <summary>Images [60000,1,28,28] float and labels [60000] long, loaded once per process.</summary>
    public static (Tensor x, Tensor y) Train()
    {
        if (cached is { } c) return c;
        var ds = FashionMnist.Train();
        int n = ds.Count, size = ds.Height * ds.Width;
        var pixels = new float[(long)n * size];
        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            var raw = ds.RawPixels(i);
            var dst = pixels.AsSpan(i * size, size);
            for (int k = 0; k < size; k++) dst[k] = (raw[k] / 255f - 0.2860f) / 0.3530f;
            labels[i] = ds.Labels[i];
        }
        cached = (torch.tensor(pixels, n, 1, ds.Height, ds.Width), torch.tensor(labels, n));
        // Give back the loading garbage (raw bytes, the array torch.tensor copied) so it does not count in peaks.
        pixels = null!;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return cached.Value;
    }
}
