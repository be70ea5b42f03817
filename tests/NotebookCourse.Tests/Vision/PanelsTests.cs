using NotebookCourse.Tensors;
using NotebookCourse.Vision;

namespace NotebookCourse.Tests.Vision;

public sealed class PanelsTests
{
    // Pixel (x, y) of the composed RGB picture; cells start at Pad = 4 and are separated by 4 white pixels.
    private static (byte R, byte G, byte B) At(byte[] rgb, int width, int x, int y)
    {
        int p = (y * width + x) * 3;
        return (rgb[p], rgb[p + 1], rgb[p + 2]);
    }

    [Fact]
    public void Panels_of_different_sizes_share_one_cell_and_tiny_ones_are_enlarged()
    {
        var img = torch.rand(28, 28);
        var grid = Panels.Row(("entrada", img), ("kernel", ClassicKernels.SobelX()), ("mapa", torch.zeros(1, 26, 26)));
        Assert.Equal(3, grid.Count);
        Assert.Equal((3, 28, 28), (grid.C, grid.H, grid.W));
        Assert.Contains("entrada, kernel, mapa", grid.ToString());
    }

    [Fact]
    public void Signed_values_use_blue_white_red_and_unsigned_use_gray()
    {
        // A 1x3 kernel [-2, 0, 2] alone: cell 24, each value becomes an 8x8 block in cell rows 8..15.
        var grid = Panels.Row(("k", torch.tensor(new float[] { -2, 0, 2 }, 1, 3)));
        var rgb = grid.ToRgb();
        int w = grid.PixelWidth, s = grid.Scale, ox = 4, oy = 4 + 8 * s;
        var neg = At(rgb, w, ox + 4 * s, oy + 4 * s);
        var zero = At(rgb, w, ox + 12 * s, oy + 4 * s);
        var pos = At(rgb, w, ox + 20 * s, oy + 4 * s);
        Assert.True(neg.B > neg.R + 100, $"negative should be blue, got {neg}");
        Assert.Equal((255, 255, 255), zero);
        Assert.True(pos.R > pos.B + 100, $"positive should be red, got {pos}");
        var bg = At(rgb, w, ox + 4 * s, 4 + s); // above the kernel: background gray
        Assert.Equal(bg.R, bg.B);
        Assert.InRange(bg.R, (byte)225, (byte)240);

        var gray = Panels.Row(("g", torch.tensor(new float[] { 0, 2, 4, 1 }, 2, 2))).ToRgb();
        var grayGrid = Panels.Row(("g", torch.tensor(new float[] { 0, 2, 4, 1 }, 2, 2)));
        int gs = grayGrid.Scale;
        var black = At(gray, grayGrid.PixelWidth, 4 + 2 * gs, 4 + 2 * gs);
        var white = At(gray, grayGrid.PixelWidth, 4 + 2 * gs, 4 + 14 * gs);
        Assert.Equal((0, 0, 0), black);
        Assert.Equal((255, 255, 255), white);
    }

    [Fact]
    public void SameScale_keeps_a_smaller_output_visibly_smaller()
    {
        var big = torch.ones(8, 8);
        var small = torch.ones(4, 4);
        var fit = Panels.Show([("a", big), ("b", small)]).ToRgb();
        var same = Panels.Show([("a", big), ("b", small)], sameScale: true);
        var sameRgb = same.ToRgb();
        int s = same.Scale, w = same.PixelWidth;
        int ox = 4 + same.W * s + 4;   // second cell
        // cell 24 = 8·3: with sameScale the 4x4 panel is 12x12 centred (6..17), so the cell corner is background.
        Assert.NotEqual((255, 255, 255), At(sameRgb, w, ox + 1 * s, 4 + 1 * s));
        Assert.Equal((255, 255, 255), At(sameRgb, w, ox + 12 * s, 4 + 12 * s));
        Assert.Equal((255, 255, 255), At(fit, w, ox + 1 * s, 4 + 1 * s)); // fitted: fills the whole cell
    }

    [Fact]
    public void Bad_shapes_name_the_panel_and_say_what_to_do()
    {
        var ex = Assert.Throws<ArgumentException>(() => Panels.Row(("ok", torch.zeros(3, 3)), ("lote", torch.zeros(4, 1, 28, 28))));
        Assert.Contains("panel 1 ('lote') has shape (4, 1, 28, 28)", ex.Message);
        Assert.Contains("x[0]", ex.Message);
        Assert.Throws<ArgumentException>(() => Panels.Show([]));
    }

    [Fact]
    public void Highlight_tints_only_the_window_and_keeps_the_gray_elsewhere()
    {
        var img = torch.arange(0f, 16f).view(4, 4);
        var rgb = Panels.Highlight(img, top: 1, left: 2, height: 3, width: 3);   // window sticks out on the right
        Assert.Equal([3, 4, 4], rgb.shape);
        Assert.Equal(1f, rgb[0, 3, 3].item(), 6);                  // brightest pixel, inside: 0.45·1 + 0.55·1 (red)
        for (int ch = 0; ch < 3; ch++) Assert.Equal(1f / 15f, rgb[ch, 0, 1].item(), 6); // outside: plain gray
        Assert.Equal(0.45f * 11f / 15f, rgb[2, 2, 3].item(), 5);   // inside: the tint adds no blue
        Assert.True(rgb[0, 1, 2].item() > rgb[2, 1, 2].item() + 0.4f, "inside the window red > blue (orange tint)");
        Assert.Throws<ArgumentException>(() => Panels.Highlight(torch.zeros(3, 4, 4), 0, 0, 2, 2));
    }

    [Fact]
    public void Long_captions_and_titles_get_wider_cells()
    {
        var img = torch.zeros(28, 28);
        var plain = Panels.Row(("a", img), ("b", img));
        var wordy = Panels.Row(("una leyenda larga para 84 px", img), ("b", img));
        var huge = Panels.Row((new string('x', 500), img));
        var titled = Panels.Show([("a", img), ("b", img)], title: "Un título muy largo que no cabría en dos celdas");
        Assert.Equal(3, plain.Scale);   // ImageGrid's default for 28 pixels
        Assert.True(wordy.W * wordy.Scale >= 28 * 6.5, $"caption cell {wordy.W * wordy.Scale} px");
        Assert.Equal(8, huge.Scale);    // capped: a runaway caption must not make a giant picture
        Assert.True(titled.PixelWidth >= 47 * 8.5 - 1, $"title row {titled.PixelWidth} px");
    }
}
