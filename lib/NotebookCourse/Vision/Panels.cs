using NotebookCourse.Tensors;
using NotebookCourse.Viz;

namespace NotebookCourse.Vision;

/// <summary>
/// Side-by-side pictures of tensors of different sizes (an image, a 3×3 kernel, a 26×26 feature map) in one
/// <see cref="ImageGrid"/>. Every panel is enlarged by a whole factor (nearest neighbour, so each pixel stays a sharp
/// square) and centred in a common cell on a light-gray background. Colours: a panel without negative values is gray
/// from 0 (black) to its maximum (white); a panel with negative values uses a diverging map: blue &lt; 0, white = 0,
/// red &gt; 0, scaled by its largest |value|. (3, H, W) panels are RGB in [0, 1], shown as they are.
/// </summary>
/// <example><code>Panels.Row(("entrada", x), ("kernel", ClassicKernels.SobelX()), ("mapa", y))</code></example>
public static class Panels
{
    private const float Background = 0.92f;
    private static readonly float[] Negative = [0.13f, 0.35f, 0.75f], Positive = [0.80f, 0.12f, 0.10f], Tint = [1f, 0.55f, 0f];

    /// <summary>All panels in one row.</summary>
    public static ImageGrid Row(params (string Caption, Tensor Image)[] panels) => Show(panels);

    /// <summary>
    /// Panels in a grid of <paramref name="columns"/> (0: one row up to 8 panels). With <paramref name="sameScale"/>
    /// every panel uses the same enlargement, so a smaller output really looks smaller than its input.
    /// </summary>
    public static ImageGrid Show(IEnumerable<(string Caption, Tensor Image)> panels, int columns = 0, bool sameScale = false, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var list = panels.ToList();
        if (list.Count == 0) throw new ArgumentException("Panels.Show: no panels to show");
        var planes = new List<(int C, int H, int W, float[] V)>(list.Count);
        for (int i = 0; i < list.Count; i++) planes.Add(Read(list[i].Image, list[i].Caption, i));
        int m = planes.Max(p => Math.Max(p.H, p.W));
        int cell = m >= 24 ? m : m * (int)Math.Ceiling(24.0 / m); // tiny tensors get room for a visible enlargement
        var images = new List<float[]>(list.Count);
        foreach (var p in planes)
        {
            int f = sameScale ? cell / m : Math.Max(1, Math.Min(cell / p.H, cell / p.W));
            images.Add(Compose(p.C == 3 ? p.V : Colorize(p.V), p.H, p.W, f, cell));
        }
        int cols = columns > 0 ? columns : Math.Min(list.Count, 8);
        var grid = new ImageGrid(images, [3, cell, cell], list.Select(p => p.Caption), cols) { Title = title };
        grid.Scale = ScaleForText(grid.Scale, cell, Math.Min(cols, list.Count), list.Max(p => p.Caption?.Length ?? 0), title?.Length ?? 0);
        return grid;
    }

    /// <summary>
    /// Enlarges the cells when captions or the title would not fit: about 6.5 px per caption character (11 px font)
    /// and 8.5 px per title character (14 px bold), capped so a grid stays a reasonable size.
    /// </summary>
    private static int ScaleForText(int scale, int cell, int cols, int captionChars, int titleChars)
    {
        const int pad = 4, maxScale = 8;
        int forCaption = (int)Math.Ceiling((captionChars * 6.5 + 4) / cell);
        int forTitle = (int)Math.Ceiling((titleChars * 8.5 - (cols + 1) * pad) / (cols * (double)cell));
        return Math.Clamp(Math.Max(scale, Math.Max(forCaption, forTitle)), 1, Math.Max(scale, maxScale));
    }

    /// <summary>
    /// A gray picture (3, H, W) of a 2-D image with one rectangular window tinted orange: where a kernel is looking.
    /// The image is stretched from its minimum (black) to its maximum (white); the window may stick out of the image
    /// (only the part inside is tinted), which shows a window over zero padding.
    /// </summary>
    /// <example><code>Panels.Row(("posición (1, 2)", Panels.Highlight(x, top: 1, left: 2, height: 3, width: 3)))</code></example>
    public static Tensor Highlight(Tensor image, int top, int left, int height, int width)
    {
        var (c, h, w, v) = Read(image, "Highlight", 0);
        if (c != 1) throw new ArgumentException($"Panels.Highlight: expects one gray image (H, W), got shape ({string.Join(", ", image.shape)})");
        if (height < 1 || width < 1) throw new ArgumentException($"Panels.Highlight: window {height}×{width} must be at least 1×1");
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var x in v) if (float.IsFinite(x)) { min = Math.Min(min, x); max = Math.Max(max, x); }
        float range = max > min ? max - min : 1f;
        int n = h * w;
        var rgb = new float[3 * n];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x;
                float g = float.IsFinite(v[i]) ? (v[i] - min) / range : 0f;
                bool inside = y >= top && y < top + height && x >= left && x < left + width;
                for (int ch = 0; ch < 3; ch++)
                    rgb[ch * n + i] = inside ? 0.45f * g + 0.55f * Tint[ch] : g;
            }
        return torch.tensor(rgb, 3, h, w);
    }

    private static (int C, int H, int W, float[] V) Read(Tensor t, string caption, int index)
    {
        ArgumentNullException.ThrowIfNull(t, $"Panels: panel {index} ('{caption}')");
        var s = t.shape;
        var (c, h, w) = s.Length switch
        {
            2 => (1, s[0], s[1]),
            3 when s[0] is 1 or 3 => (s[0], s[1], s[2]),
            4 when s[0] == 1 && s[1] is 1 or 3 => (s[1], s[2], s[3]),
            _ => throw new ArgumentException(
                $"Panels: panel {index} ('{caption}') has shape ({string.Join(", ", s)}); expected (H, W), (1, H, W), " +
                "(3, H, W) or one image of a batch (1, C, H, W); pick one image with x[0] or one channel with x[0, c]"),
        };
        if (h == 0 || w == 0) throw new ArgumentException($"Panels: panel {index} ('{caption}') is empty: shape ({string.Join(", ", s)})");
        return (c, h, w, t.detach().ToArray<float>());
    }

    /// <summary>One channel to RGB planes (see the class remarks for the colour rules).</summary>
    private static float[] Colorize(float[] v)
    {
        int n = v.Length;
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var x in v) if (float.IsFinite(x)) { min = Math.Min(min, x); max = Math.Max(max, x); }
        var rgb = new float[3 * n];
        bool signed = min < 0;
        float scale = signed ? Math.Max(-min, max) : max;
        if (!(scale > 0)) scale = 1;
        for (int i = 0; i < n; i++)
        {
            float t = float.IsFinite(v[i]) ? v[i] / scale : 0f;
            for (int ch = 0; ch < 3; ch++)
            {
                rgb[ch * n + i] = !signed ? t
                    : t >= 0 ? 1 + t * (Positive[ch] - 1)
                    : 1 - t * (Negative[ch] - 1);
            }
        }
        return rgb;
    }

    /// <summary>Enlarges an RGB image by <paramref name="f"/> and centres it in a cell×cell canvas.</summary>
    private static float[] Compose(float[] rgb, int h, int w, int f, int cell)
    {
        int plane = cell * cell;
        var dst = new float[3 * plane];
        dst.AsSpan().Fill(Background);
        int oy = (cell - h * f) / 2, ox = (cell - w * f) / 2;
        for (int ch = 0; ch < 3; ch++)
            for (int y = 0; y < h * f; y++)
            {
                int cy = oy + y;
                if ((uint)cy >= (uint)cell) continue;
                for (int x = 0; x < w * f; x++)
                {
                    int cx = ox + x;
                    if ((uint)cx >= (uint)cell) continue;
                    dst[ch * plane + cy * cell + cx] = Math.Clamp(rgb[ch * h * w + y / f * w + x / f], 0f, 1f);
                }
            }
        return dst;
    }
}
