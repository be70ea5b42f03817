using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using NotebookCourse.Viz;

namespace NotebookCourse.Tests.Viz;

public sealed class FigureTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static List<string> Texts(string svg) => XDocument.Parse(svg).Descendants(Svg + "text").Select(t => t.Value).ToList();

    private static Figure LossFigure() => Figure.Create()
        .Line([1, 2, 3, 4], [2.3, 1.1, 0.7, 0.52], "entrenamiento")
        .Line([1, 2, 3, 4], [2.4, 1.4, 1.0, 0.95], "validación")
        .Title("Pérdida").XLabel("época").YLabel("pérdida").Legend();

    [Fact]
    public void Svg_parses_and_has_title_labels_legend_and_nice_ticks()
    {
        var texts = Texts(LossFigure().ToSvg());
        Assert.Contains("Pérdida", texts);
        Assert.Contains("época", texts);
        Assert.Contains("pérdida", texts);
        Assert.Contains("entrenamiento", texts);
        Assert.Contains("validación", texts);
        // y data 0.52..2.4 -> ticks 0.5, 1.0, ..., 2.5; x 1..4 -> 1, 2, 3, 4 (step 1, no decimals).
        Assert.Contains("0.5", texts);
        Assert.Contains("2.5", texts);
        Assert.Contains("1.0", texts);
        Assert.Contains("4", texts);
        Assert.DoesNotContain("4.0", texts);
        Assert.Equal(2, XDocument.Parse(LossFigure().ToSvg()).Descendants(Svg + "path").Count());
    }

    [Fact]
    public void Svg_escapes_markup_in_user_text_and_keeps_utf8()
    {
        var fig = Plot.Bar(["a<b", "x & y", "Niño\"s"], [1, 2, 3], "serie 'ñ'").Title("¿Qué <b>pasa</b>?");
        var svg = fig.ToSvg();
        Assert.DoesNotContain("<b>", svg);
        var texts = Texts(svg);
        Assert.Contains("¿Qué <b>pasa</b>?", texts);
        Assert.Contains("a<b", texts);
        Assert.Contains("x & y", texts);
        Assert.Contains("Niño\"s", texts);
    }

    [Fact]
    public void Text_plain_summarises_the_figure()
    {
        Assert.Equal("Figure: 2 series, 'Pérdida'", LossFigure().ToString());
        var sub = Figure.Subplots(1, 2).At(0, 0).Line([1.0, 2.0]).Title("a").At(0, 1).Scatter([1.0], [2.0]).Title("b");
        Assert.Equal("Figure: 1x2 axes, 2 series, 'a', 'b'", sub.ToString());
    }

    [Fact]
    public void Plotly_json_has_traces_axes_titles_and_nulls_for_nan()
    {
        var fig = LossFigure();
        fig.Line([5.0, 6.0], [double.NaN, 1.0], "hueco");
        var j = fig.ToPlotly();
        var data = j["data"]!.AsArray();
        Assert.Equal(3, data.Count);
        Assert.Equal("scatter", (string?)data[0]!["type"]);
        Assert.Equal("lines", (string?)data[0]!["mode"]);
        Assert.Equal("validación", (string?)data[1]!["name"]);
        Assert.Null(data[2]!["y"]![0]);
        Assert.Equal("época", (string?)j["layout"]!["xaxis"]!["title"]!["text"]);
        Assert.Equal("<b>Pérdida</b>", (string?)j["layout"]!["annotations"]![0]!["text"]);
        Assert.True((bool)j["layout"]!["showlegend"]!);
        // Round-trips through text (what the kernel sends).
        Assert.NotNull(JsonNode.Parse(j.ToJsonString()));
    }

    [Fact]
    public void Subplots_use_separate_axes_in_plotly_and_svg()
    {
        var fig = Figure.Subplots(2, 2).SuperTitle("Resumen")
            .At(0, 0).Line([0.0, 1, 2], [0.0, 1, 4], "cuadrado")
            .At(0, 1).Histogram([1, 2, 2, 3, 3, 3], bins: 3).Title("histograma")
            .At(1, 0).Bar(["gato", "perro"], [3, 5]).Title("barras")
            .At(1, 1).Scatter([1.0, 2], [2.0, 1], "puntos");
        var j = fig.ToPlotly();
        var data = j["data"]!.AsArray();
        Assert.Null(data[0]!["xaxis"]);
        Assert.Equal("x2", (string?)data[1]!["xaxis"]);
        Assert.Equal("y4", (string?)data[3]!["yaxis"]);
        Assert.NotNull(j["layout"]!["xaxis4"]);
        var texts = Texts(fig.ToSvg());
        Assert.Contains("Resumen", texts);
        Assert.Contains("histograma", texts);
        Assert.Contains("perro", texts);
        // Four clipped plotting groups, one per axes, with distinct ids.
        var clips = XDocument.Parse(fig.ToSvg()).Descendants(Svg + "clipPath").Select(c => c.Attribute("id")!.Value).ToList();
        Assert.Equal(4, clips.Distinct().Count());
    }

    [Fact]
    public void Histogram_bins_count_every_value_once_including_the_max()
    {
        var fig = Plot.Histogram([0, 0.1, 0.5, 0.99, 1.0, 1.0], bins: 2);
        var h = (HistogramTrace)fig.Current.Traces[0];
        Assert.Equal([0, 0.5, 1.0], h.Edges);
        Assert.Equal([2.0, 4.0], h.Counts);
    }

    [Fact]
    public void Confusion_matrix_shows_labels_and_counts()
    {
        var counts = new int[,] { { 50, 2, 0 }, { 3, 40, 7 }, { 0, 5, 45 } };
        var fig = Plot.ConfusionMatrix(counts, ["Camiseta/top", "Pantalón", "Jersey"]).Title("Matriz de confusión");
        var texts = Texts(fig.ToSvg());
        Assert.Contains("Pantalón", texts);
        Assert.Contains("40", texts);
        Assert.Contains("predicción", texts);
        Assert.Contains("clase real", texts);
        var norm = Plot.ConfusionMatrix(counts, ["a", "b", "c"], normalize: true);
        Assert.Contains("0.80", Texts(norm.ToSvg())); // 40 / 50
        var trace = fig.ToPlotly()["data"]![0]!;
        Assert.Equal("heatmap", (string?)trace["type"]);
        Assert.Equal(40, (double)trace["z"]![1]![1]!);
        Assert.Contains("need an n×n matrix", Assert.Throws<ArgumentException>(() => Plot.ConfusionMatrix(counts, ["a"])).Message);
    }

    [Fact]
    public void Nice_ticks_are_round_and_cover_the_data()
    {
        var (lo, hi, t) = NiceScale.Ticks(0.013, 0.87);
        Assert.Equal(0, lo);
        Assert.Equal(1, hi, 9);
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], NiceScale.Labels(t));
        Assert.Equal(["0", "250", "500", "750", "1000"], NiceScale.Labels(NiceScale.Ticks(3, 990, 4).Ticks));
        Assert.Equal(["-1.0", "-0.5", "0.0", "0.5", "1.0"], NiceScale.Labels(NiceScale.Ticks(-1, 1, 4).Ticks));
        Assert.Equal(["0.00", "0.25", "0.50", "0.75", "1.00"], NiceScale.Labels([0, 0.25, 0.5, 0.75, 1]));
        var (clo, chi, ct) = NiceScale.Ticks(5, 5); // constant data still gets a range
        Assert.True(chi > clo && ct.Length >= 2);
    }

    [Fact]
    public void Save_writes_svg_html_and_json_and_refuses_png_for_vector_figures()
    {
        var dir = Directory.CreateTempSubdirectory("nc-fig-").FullName;
        try
        {
            var fig = LossFigure();
            fig.Save(Path.Combine(dir, "f.svg"));
            XDocument.Load(Path.Combine(dir, "f.svg"));
            fig.Save(Path.Combine(dir, "f.html"), plotlyJsPath: "node_modules/plotly.js-dist-min/plotly.min.js");
            var html = File.ReadAllText(Path.Combine(dir, "f.html"));
            Assert.Contains("<script src=\"node_modules/plotly.js-dist-min/plotly.min.js\"></script>", html);
            Assert.Contains("Plotly.newPlot", html);
            Assert.Contains("validación", html);
            fig.Save(Path.Combine(dir, "g.html"));
            Assert.Contains("without a plotly.js path", File.ReadAllText(Path.Combine(dir, "g.html")));
            fig.Save(Path.Combine(dir, "f.json"));
            Assert.Equal("scatter", (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "f.json")))!["data"]![0]!["type"]);
            Assert.Contains(".svg", Assert.Throws<ArgumentException>(() => fig.Save(Path.Combine(dir, "f.png"))).Message);
            Assert.Equal(4, Directory.GetFiles(dir).Length);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Bundle_has_the_three_representations()
    {
        var b = LossFigure().ToMimeBundle();
        Assert.Equal(["text/plain", "image/svg+xml", "application/vnd.plotly.v1+json"], b.Data.Keys);
        Assert.IsAssignableFrom<JsonNode>(b.Data["application/vnd.plotly.v1+json"]);
    }

    [Fact]
    public void Mismatched_lengths_name_the_series()
    {
        var e = Assert.Throws<ArgumentException>(() => Figure.Create().Line([1.0, 2.0], [1.0], "pérdida"));
        Assert.Contains("x has 2 values but y has 1 (series 'pérdida')", e.Message);
    }

    [Fact]
    public void Svg_numbers_use_invariant_culture()
    {
        var old = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("es-ES");
            Assert.DoesNotContain("1,5", string.Join("|", Texts(Plot.Line([0.0, 1.5]).ToSvg())));
        }
        catch (CultureNotFoundException) { } // invariant-globalization builds only have the invariant culture
        finally { CultureInfo.CurrentCulture = old; }
    }
}

public sealed class FigureInputTypeTests
{
    [Fact]
    public void Float_int_and_double_inputs_all_work()
    {
        var losses = new List<float> { 2.5f, 1.25f, 0.5f };
        var fig = Plot.Line(losses, "pérdida").Line([1, 2, 3], new[] { 0.1, 0.2, 0.3 }).Scatter(new long[] { 1 }, new float[] { 0.75f })
            .Bar(["a"], new[] { 3 });
        var first = (XYTrace)fig.Current.Traces[0];
        Assert.Equal([0.0, 1.0, 2.0], first.X);
        Assert.Equal([2.5, 1.25, 0.5], first.Y);
        Assert.Equal([1.0, 2.0, 3.0], ((XYTrace)fig.Current.Traces[1]).X);
        Assert.Equal(0.75, ((XYTrace)fig.Current.Traces[2]).Y[0]);
        Assert.Equal([3.0], ((BarTrace)fig.Current.Traces[3]).Values);
        Assert.Equal([1.0, 2.0], ((HistogramTrace)Plot.Histogram(new[] { 1, 2, 2 }, bins: 2).Current.Traces[0]).Counts);
    }
}
