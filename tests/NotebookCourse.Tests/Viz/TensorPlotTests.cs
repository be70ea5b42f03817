using NotebookCourse.Viz;

namespace NotebookCourse.Tests.Viz;

/// <summary>Figures and image grids made directly from tensors.</summary>
public sealed class TensorPlotTests
{
    private static XYTrace OnlyXY(Figure f, int i = 0) => Assert.IsType<XYTrace>(f.AllAxes[0].Traces[i]);

    [Fact]
    public void Line_of_a_tensor_plots_against_its_index()
    {
        var t = OnlyXY(Plot.Line(torch.tensor(new[] { 3f, 1f, 4f, 1f }), "pérdida"));
        Assert.Equal([0d, 1, 2, 3], t.X);
        Assert.Equal([3d, 1, 4, 1], t.Y);
        Assert.Equal("pérdida", t.Name);
        Assert.Equal(LineMode.Lines, t.Mode);
    }

    [Fact]
    public void Line_of_two_tensors_chains_a_second_series_and_reads_grad_tensors()
    {
        var x = torch.linspace(-1f, 1f, 5);
        var w = torch.tensor(2f, requires_grad: true);
        var y = w * x * x;                                  // part of a graph: plotting must not care
        var fig = Plot.Line(x, y, "f").Line(x, x * 4f, "f'", dashed: true).Scatter(x, y, "puntos");
        Assert.Equal(3, fig.AllAxes[0].Traces.Count);
        Assert.Equal([2d, 0.5, 0, 0.5, 2], OnlyXY(fig).Y);
        Assert.True(OnlyXY(fig, 1).Dashed);
        Assert.Equal(LineMode.Markers, OnlyXY(fig, 2).Mode);
        // A (n, 1) column counts as a series.
        Assert.Equal([1d, 2], OnlyXY(Plot.Line(torch.tensor(new[] { 1f, 2f }, 2, 1))).Y);
    }

    [Fact]
    public void Series_helpers_reject_matrices_naming_the_shape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Plot.Line(torch.zeros(3, 4)));
        Assert.Contains("got shape (3, 4)", ex.Message);
        Assert.Contains("flatten", ex.Message);
        Assert.Contains("x has 3 values but y has 4",
            Assert.Throws<ArgumentException>(() => Plot.Line(torch.zeros(3), torch.zeros(4))).Message);
    }

    [Fact]
    public void Heatmap_and_histogram_take_tensors()
    {
        var m = Assert.IsType<HeatmapTrace>(Plot.Heatmap(torch.arange(0f, 6f).view(2, 3)).AllAxes[0].Traces[0]);
        Assert.Equal(2, m.Z.GetLength(0));
        Assert.Equal(5d, m.Z[1, 2]);
        Assert.Contains("expects a 2-D tensor", Assert.Throws<ArgumentException>(() => Plot.Heatmap(torch.zeros(4))).Message);
        var h = Assert.IsType<HistogramTrace>(Plot.Histogram(torch.tensor(new[] { 0f, 0f, 1f, 1f, 1f, 1f }, 2, 3), bins: 2).AllAxes[0].Traces[0]);
        Assert.Equal([2d, 4], h.Counts);
    }

    [Fact]
    public void Images_from_an_nchw_tensor_place_each_image_in_its_cell()
    {
        // Three 2x2 grayscale images with constant values 0, 0.5 and 1.
        var X = torch.tensor(new[] { 0f, 0, 0, 0, 0.5f, 0.5f, 0.5f, 0.5f, 1, 1, 1, 1 }, 3, 1, 2, 2);
        var grid = Plot.Images(X, ["a", "b", "c"], columns: 3);
        grid.Scale = 2;
        Assert.Equal((3, 1, 2, 2), (grid.Count, grid.C, grid.H, grid.W));
        var rgb = grid.ToRgb();
        // First pixel of each image: cell origins are Pad + i·(W·Scale + Pad) = 4, 12, 20 on row 4.
        byte At(int x, int y) => rgb[(y * grid.PixelWidth + x) * 3];
        Assert.Equal([0, 128, 255], new[] { At(4, 4), At(12, 4), At(20, 4) });
    }

    [Fact]
    public void Images_accept_nhw_and_rgb_batches_and_one_image()
    {
        Assert.Equal((4, 1, 5, 6), Info(Plot.Images(torch.zeros(4, 5, 6))));
        Assert.Equal((2, 3, 5, 6), Info(Plot.Images(torch.zeros(2, 3, 5, 6))));
        Assert.Equal((1, 1, 28, 28), Info(Plot.Image(torch.zeros(1, 28, 28), "Bolso")));
        Assert.Equal((1, 1, 7, 7), Info(Plot.Image(torch.zeros(7, 7))));
        Assert.Contains("got shape (2, 2, 5, 6)", Assert.Throws<ArgumentException>(() => Plot.Images(torch.zeros(2, 2, 5, 6))).Message);
        Assert.Contains("Plot.Images", Assert.Throws<ArgumentException>(() => Plot.Image(torch.zeros(2, 1, 5, 6))).Message);
        static (int, int, int, int) Info(ImageGrid g) => (g.Count, g.C, g.H, g.W);
    }

    [Fact]
    public void A_long_title_widens_the_svg_and_centres_the_picture()
    {
        var grid = Plot.Image(torch.zeros(1, 28, 28), "pesos");
        grid.Title = "Pesos aprendidos (claro → botín)";
        var svg = System.Xml.Linq.XDocument.Parse(grid.ToSvg()).Root!;
        double width = double.Parse(svg.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(width >= grid.Title.Length * 14 * 0.6, $"svg width {width} is too narrow for the title");
        var image = svg.Descendants().Single(e => e.Name.LocalName == "image");
        double x = double.Parse(image.Attribute("x")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((width - grid.PixelWidth) / 2, x, 1);
        // Without a title the drawing is exactly the picture.
        grid.Title = null;
        var plain = System.Xml.Linq.XDocument.Parse(grid.ToSvg()).Root!;
        Assert.Equal(grid.PixelWidth.ToString(), plain.Attribute("width")!.Value);
    }
}
