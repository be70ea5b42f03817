using System.Text.Json.Nodes;
using NotebookCourse.Runtime;

namespace NotebookCourse.Viz;

/// <summary>
/// A grid of images with captions (e.g. a batch of Fashion-MNIST with predicted labels). Images are float arrays of
/// shape (1, H, W), (3, H, W) or (H, W); single-channel images use a gray or viridis map. Values in [0, 1] are shown
/// as they are; otherwise each image is stretched from its min to its max (set <see cref="Range"/> to fix it).
/// Displays as PNG, SVG (with captions) and Plotly, and saves to .png/.svg/.html.
/// </summary>
/// <example><code>Plot.Images(batch.Take(16).Select(i => ds[i].Data), [1, 28, 28], captions, columns: 8)</code></example>
public sealed class ImageGrid : IRichDisplay
{
    private readonly List<float[]> _images;
    private readonly string[]? _captions;
    private const int Pad = 4, CaptionHeight = 16;

    /// <summary>Channels, height and width of every image.</summary>
    public int C { get; }
    /// <summary>Image height.</summary>
    public int H { get; }
    /// <summary>Image width.</summary>
    public int W { get; }
    /// <summary>Images per row.</summary>
    public int Columns { get; }
    /// <summary>Each image pixel becomes a Scale×Scale block.</summary>
    public int Scale { get; set; }
    /// <summary>Fixed value range mapped to black..white (null: automatic, see the class remarks).</summary>
    public (float Min, float Max)? Range { get; set; }
    /// <summary>Use the viridis colour map instead of gray for single-channel images.</summary>
    public bool Viridis { get; set; }
    /// <summary>Optional title (SVG, HTML and Plotly views).</summary>
    public string? Title { get; set; }

    /// <summary>Creates the grid; every image must have <paramref name="shape"/>.</summary>
    public ImageGrid(IEnumerable<float[]> images, int[] shape, IEnumerable<string>? captions = null, int columns = 8)
    {
        (C, H, W) = shape.Length switch
        {
            2 => (1, shape[0], shape[1]),
            3 when shape[0] is 1 or 3 => (shape[0], shape[1], shape[2]),
            _ => throw new ArgumentException($"ImageGrid: shape must be (H, W), (1, H, W) or (3, H, W), got ({string.Join(", ", shape)})"),
        };
        _images = images.ToList();
        if (_images.Count == 0) throw new ArgumentException("ImageGrid: no images to show");
        for (int i = 0; i < _images.Count; i++)
            if (_images[i].Length != C * H * W)
                throw new ArgumentException($"ImageGrid: image {i} has {_images[i].Length} values, shape ({string.Join(", ", shape)}) needs {C * H * W}");
        _captions = captions?.ToArray();
        if (_captions is not null && _captions.Length != _images.Count)
            throw new ArgumentException($"ImageGrid: {_images.Count} images but {_captions.Length} captions");
        Columns = Math.Clamp(columns, 1, _images.Count);
        Scale = Math.Max(1, (int)Math.Ceiling(84.0 / Math.Max(H, W)));
    }

    /// <summary>Number of images.</summary>
    public int Count => _images.Count;
    private int Rows => (Count + Columns - 1) / Columns;
    private int CellW => W * Scale;
    private int CellH => H * Scale + (_captions is null ? 0 : CaptionHeight);
    /// <summary>Width of the composed picture in pixels.</summary>
    public int PixelWidth => Columns * CellW + (Columns + 1) * Pad;
    /// <summary>Height of the composed picture in pixels.</summary>
    public int PixelHeight => Rows * CellH + (Rows + 1) * Pad;

    private (int X, int Y) CellOrigin(int i) => (Pad + i % Columns * (CellW + Pad), Pad + i / Columns * (CellH + Pad));

    /// <summary>The composed picture as RGB bytes (white background and caption bands).</summary>
    public byte[] ToRgb()
    {
        int pw = PixelWidth, ph = PixelHeight;
        var rgb = new byte[pw * ph * 3];
        rgb.AsSpan().Fill(255);
        for (int i = 0; i < Count; i++)
        {
            var img = _images[i];
            var (lo, hi) = ValueRange(img);
            var (ox, oy) = CellOrigin(i);
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++)
                {
                    var (r, g, b) = PixelColor(img, y * W + x, lo, hi);
                    for (int dy = 0; dy < Scale; dy++)
                    {
                        int row = (oy + y * Scale + dy) * pw;
                        for (int dx = 0; dx < Scale; dx++)
                        {
                            int p = (row + ox + x * Scale + dx) * 3;
                            rgb[p] = r; rgb[p + 1] = g; rgb[p + 2] = b;
                        }
                    }
                }
        }
        return rgb;
    }

    private (float Lo, float Hi) ValueRange(float[] img)
    {
        if (Range is { } r) return r;
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in img) if (float.IsFinite(v)) { min = Math.Min(min, v); max = Math.Max(max, v); }
        if (min >= 0 && max <= 1) return (0, 1);
        return max > min ? (min, max) : (min - 0.5f, min + 0.5f);
    }

    private (byte, byte, byte) PixelColor(float[] img, int p, float lo, float hi)
    {
        byte Q(float v) => (byte)Math.Round(Math.Clamp((v - lo) / (hi - lo), 0, 1) * 255);
        if (C == 3) return (Q(img[p]), Q(img[H * W + p]), Q(img[2 * H * W + p]));
        if (Viridis) return Colors.Map((img[p] - lo) / (hi - lo));
        var q = Q(img[p]);
        return (q, q, q);
    }

    /// <summary>The composed picture as PNG bytes.</summary>
    public byte[] ToPng() => Png.Encode(PixelWidth, PixelHeight, ToRgb(), 3);

    /// <summary>SVG with the picture embedded and the captions as text.</summary>
    public string ToSvg(string? pngBase64 = null)
    {
        pngBase64 ??= Convert.ToBase64String(ToPng());
        int top = Title is null ? 0 : 24;
        // A title longer than the picture would be clipped: widen the drawing and centre the picture under it.
        int width = Math.Max(PixelWidth, Title is null ? 0 : EstimatedTitleWidth(Title) + 2 * Pad);
        double left = (width - PixelWidth) / 2.0;
        var svg = new SvgWriter(width, PixelHeight + top, ToString());
        if (Title is not null) svg.Text(width / 2.0, 17, Title, "middle", 14, bold: true);
        svg.Image(left, top, PixelWidth, PixelHeight, pngBase64);
        if (_captions is not null)
            for (int i = 0; i < Count; i++)
            {
                var (ox, oy) = CellOrigin(i);
                svg.Text(left + ox + CellW / 2.0, top + oy + H * Scale + 12, _captions[i], "middle", 11, cssClass: "caption");
            }
        return svg.ToString();
    }

    /// <summary>Width of a 14 px bold title in a sans-serif font, on the generous side (about 0.62 em per character).</summary>
    internal static int EstimatedTitleWidth(string title) => (int)Math.Ceiling(title.Length * 14 * 0.62);

    /// <summary>Plotly figure: one image trace with the composed picture and the captions as annotations.</summary>
    public JsonObject ToPlotly(string? pngBase64 = null)
    {
        pngBase64 ??= Convert.ToBase64String(ToPng());
        var annotations = new JsonArray();
        if (_captions is not null)
            for (int i = 0; i < Count; i++)
            {
                var (ox, oy) = CellOrigin(i);
                annotations.Add(new JsonObject
                {
                    ["text"] = PlotlyExport.HtmlText(_captions[i]), ["x"] = ox + CellW / 2.0, ["y"] = oy + H * Scale + 8,
                    ["xref"] = "x", ["yref"] = "y", ["showarrow"] = false, ["font"] = new JsonObject { ["size"] = 11 },
                });
            }
        var hidden = new JsonObject { ["visible"] = false };
        var layout = new JsonObject
        {
            ["width"] = Math.Max(PixelWidth, Title is null ? 0 : EstimatedTitleWidth(Title)) + 40, ["height"] = PixelHeight + (Title is null ? 40 : 70),
            ["margin"] = new JsonObject { ["l"] = 20, ["r"] = 20, ["t"] = Title is null ? 20 : 50, ["b"] = 20 },
            ["xaxis"] = hidden.DeepClone(), ["yaxis"] = hidden.DeepClone(), ["annotations"] = annotations,
        };
        if (Title is not null) layout["title"] = new JsonObject { ["text"] = Title };
        var trace = new JsonObject { ["type"] = "image", ["source"] = "data:image/png;base64," + pngBase64, ["hoverinfo"] = "skip" };
        return new JsonObject { ["data"] = new JsonArray(trace), ["layout"] = layout };
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"ImageGrid: {Count} images ({(C == 1 ? "" : $"{C}x")}{H}x{W})" + (Title is null ? "" : $", '{Title}'") +
        (_captions is null ? "" : ": " + string.Join(", ", _captions.Take(8)) + (Count > 8 ? ", …" : ""));

    /// <inheritdoc />
    public MimeBundle ToMimeBundle()
    {
        var b64 = Convert.ToBase64String(ToPng());
        var bundle = new MimeBundle()
            .Add("text/plain", ToString())
            .Add("image/png", b64)
            .Add("image/svg+xml", ToSvg(b64))
            .Add("application/vnd.plotly.v1+json", ToPlotly(b64));
        bundle.Metadata["image/png"] = new JsonObject { ["width"] = PixelWidth, ["height"] = PixelHeight };
        return bundle;
    }

    /// <summary>Saves as .png, .svg or .html (see <see cref="Figure.Save"/>), atomically.</summary>
    public void Save(string path, string? plotlyJsPath = null)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".png": FigureFiles.WriteAtomic(path, ToPng()); break;
            case ".svg": FigureFiles.WriteAtomic(path, ToSvg()); break;
            case ".html": FigureFiles.WriteAtomic(path, FigureFiles.PlotlyHtml(ToPlotly(), ToString(), plotlyJsPath, ToSvg())); break;
            default: throw new ArgumentException($"ImageGrid.Save: unknown extension in '{path}'; use .png, .svg or .html");
        }
    }
}
