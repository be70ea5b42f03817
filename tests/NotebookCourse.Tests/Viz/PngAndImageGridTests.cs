using System.Text.Json.Nodes;
using System.Xml.Linq;
using NotebookCourse.Viz;

namespace NotebookCourse.Tests.Viz;

public sealed class PngAndImageGridTests
{
    [Theory]
    [InlineData(1, 7, 5)]
    [InlineData(3, 13, 4)]
    [InlineData(4, 1, 1)]
    public void Png_decodes_back_to_identical_pixels(int channels, int w, int h)
    {
        var px = new byte[w * h * channels];
        new Random(w * 31 + h).NextBytes(px);
        var (dw, dh, dc, back) = PngDecoder.Decode(Png.Encode(w, h, px, channels));
        Assert.Equal((w, h, channels), (dw, dh, dc));
        Assert.Equal(px, back);
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Fact]
    public void Png_rejects_bad_input_with_sizes_in_the_message()
    {
        Assert.Contains("needs 12 bytes, got 11", Assert.Throws<ArgumentException>(() => Png.Encode(2, 2, new byte[11], 3)).Message);
        Assert.Contains("got 2", Assert.Throws<ArgumentException>(() => Png.Encode(2, 2, new byte[8], 2)).Message);
    }

    [Fact]
    public void Image_grid_png_places_each_scaled_image_in_its_cell()
    {
        // Two 2x2 images; image 1 is the negative of image 0.
        float[] a = [0f, 1f, 0.5f, 0.25f], b = a.Select(v => 1 - v).ToArray();
        var grid = new ImageGrid([a, b], [1, 2, 2], ["Camiseta/top", "Botín"], columns: 2) { Scale = 3 };
        var (w, h, c, px) = PngDecoder.Decode(grid.ToPng());
        Assert.Equal((grid.PixelWidth, grid.PixelHeight, 3), (w, h, c));
        Assert.Equal(2 * 6 + 3 * 4, w);
        byte At(int x, int y) => px[(y * w + x) * 3];
        // Image 0 starts at (4, 4): pixel (1, 0) = 1.0 -> 255 covers x 7..9, y 4..6.
        Assert.Equal(0, At(4, 4));
        Assert.Equal(255, At(9, 6));
        Assert.Equal(128, At(4 + 2, 4 + 3)); // value 0.5, row 1 col 0
        Assert.Equal(64, At(4 + 3, 4 + 3));  // value 0.25 rounds to 64
        // Image 1 starts at x = 4 + 6 + 4 = 14.
        Assert.Equal(255, At(14, 4));
        Assert.Equal(255, At(0, 0)); // white padding
    }

    [Fact]
    public void Image_grid_bundle_has_png_svg_plotly_and_captions()
    {
        var imgs = Enumerable.Range(0, 5).Select(i => Enumerable.Range(0, 16).Select(j => (float)((i + j) % 7)).ToArray()).ToList();
        var grid = Plot.Images(imgs, [4, 4], ["uno", "dos", "tres & <cuatro>", "cinco", "Pantalón"], columns: 3);
        grid.Title = "Muestras";
        var bundle = grid.ToMimeBundle();
        Assert.StartsWith("ImageGrid: 5 images (4x4), 'Muestras'", bundle.PlainText);
        var png = Convert.FromBase64String((string)bundle.Data["image/png"]);
        Assert.Equal(grid.PixelWidth, PngDecoder.Decode(png).Width);
        var svg = XDocument.Parse((string)bundle.Data["image/svg+xml"]);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();
        Assert.Contains("tres & <cuatro>", texts);
        Assert.Contains("Pantalón", texts);
        Assert.Contains("Muestras", texts);
        var href = svg.Descendants(ns + "image").Single().Attribute("href")!.Value;
        Assert.Equal(png, Convert.FromBase64String(href["data:image/png;base64,".Length..]));
        var plotly = (JsonObject)bundle.Data["application/vnd.plotly.v1+json"];
        Assert.Equal("image", (string?)plotly["data"]![0]!["type"]);
        Assert.Equal(5, plotly["layout"]!["annotations"]!.AsArray().Count);
    }

    [Fact]
    public void Image_grid_checks_shapes_and_saves_png_atomically()
    {
        Assert.Contains("image 1 has 3 values", Assert.Throws<ArgumentException>(() => new ImageGrid([new float[4], new float[3]], [2, 2])).Message);
        Assert.Contains("got (2, 2, 2)", Assert.Throws<ArgumentException>(() => new ImageGrid([new float[8]], [2, 2, 2])).Message);
        var dir = Directory.CreateTempSubdirectory("nc-grid-").FullName;
        try
        {
            var grid = new ImageGrid([new float[] { 0, 1, 1, 0 }], [1, 2, 2]);
            var path = Path.Combine(dir, "sub", "g.png");
            grid.Save(path);
            Assert.Equal(grid.ToPng(), File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!)); // no temp file left behind
        }
        finally { Directory.Delete(dir, true); }
    }
}
