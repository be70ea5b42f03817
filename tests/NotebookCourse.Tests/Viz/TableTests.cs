using System.Xml.Linq;
using NotebookCourse.Viz;

namespace NotebookCourse.Tests.Viz;

public sealed class TableTests
{
    private sealed record Run(string Optimizer, double Lr, int Epochs, double Accuracy);

    private static Table Runs() => Table.FromRecords(new[]
    {
        new Run("SGD", 0.1, 10, 0.81),
        new Run("Adam", 0.001, 10, 0.88),
        new Run("SGD", 0.01, 20, 0.84),
        new Run("Adam", 0.0003, 20, 0.9),
        new Run("RMSprop", 0.001, 10, double.NaN),
    });

    [Fact]
    public void From_records_keeps_declaration_order_and_types()
    {
        var t = Runs();
        Assert.Equal(["Optimizer", "Lr", "Epochs", "Accuracy"], t.Columns.Select(c => c.Name));
        Assert.Equal([ColumnType.String, ColumnType.Double, ColumnType.Long, ColumnType.Double], t.Columns.Select(c => c.Type));
        Assert.Equal(5, t.RowCount);
        Assert.Equal(20L, t["Epochs"][2]);
    }

    [Fact]
    public void Sort_head_where_and_add_column()
    {
        var t = Runs();
        var best = t.SortBy("Accuracy", descending: true);
        Assert.Equal(["Adam", "Adam", "SGD", "SGD", "RMSprop"], best["Optimizer"].AsString()); // NaN last
        Assert.Equal(["SGD", "SGD"], t.SortBy("Accuracy").Head(2)["Optimizer"].AsString());
        Assert.Equal([0.1, 0.001, 0.001, 0.01, 0.0003], t.SortBy("Epochs")["Lr"].AsDouble()); // rows 0, 1, 4 (10 epochs) then 2, 3: stable for ties
        Assert.Equal(2, t.Where(r => r.Text("Optimizer") == "SGD").RowCount);
        var withErr = t.AddColumn("error", r => 1 - r.Number("Accuracy"));
        Assert.Equal(0.12, withErr["error"].AsDouble()[1], 12);
        Assert.Equal(4, t.Columns.Count); // the original is unchanged
        Assert.Contains("has 2 values but", Assert.Throws<ArgumentException>(() => t.AddColumn("x", new double[2])).Message);
        Assert.Contains("columns are Optimizer, Lr", Assert.Throws<ArgumentException>(() => t["acc"]).Message);
    }

    [Fact]
    public void Group_by_mean_ignores_missing_values_and_keeps_first_appearance_order()
    {
        var g = Runs().GroupBy("Optimizer").Mean();
        Assert.Equal(["SGD", "Adam", "RMSprop"], g["Optimizer"].AsString());
        Assert.Equal(["Optimizer", "Lr", "Epochs", "Accuracy"], g.Columns.Select(c => c.Name));
        Assert.Equal(0.825, g["Accuracy"].AsDouble()[0], 12);
        Assert.Equal(15, g["Epochs"].AsDouble()[1], 12);
        Assert.True(double.IsNaN(g["Accuracy"].AsDouble()[2]));
        Assert.Equal([2L, 2L, 1L], Runs().GroupBy("Optimizer").Count()["count"].AsLong());
    }

    [Fact]
    public void Describe_matches_hand_computed_statistics()
    {
        var t = Table.FromColumns(("x", new double[] { 4, 1, 3, 2, double.NaN }), ("name", new[] { "a", "b", "c", "d", "e" }));
        var d = t.Describe();
        Assert.Equal(["count", "mean", "std", "min", "25%", "50%", "75%", "max"], d["stat"].AsString());
        var x = d["x"].AsDouble();
        Assert.Equal(4, x[0]);
        Assert.Equal(2.5, x[1], 12);
        Assert.Equal(Math.Sqrt(5.0 / 3), x[2], 12);
        Assert.Equal([1, 1.75, 2.5, 3.25, 4], x[3..]);
        Assert.Equal(2, d.Columns.Count); // text columns are left out
    }

    [Fact]
    public void Displays_as_escaped_html_and_aligned_text()
    {
        var t = Table.FromColumns(("clase", new[] { "Pantalón", "<b>x</b>" }), ("precisión", new[] { 0.91234567, 12.5 }))
            .WithCaption("Métricas");
        var b = t.ToMimeBundle();
        var html = (string)b.Data["text/html"];
        var doc = XDocument.Parse("<root>" + html + "</root>");
        var cells = doc.Descendants("td").Select(e => e.Value).ToList();
        Assert.Equal(["Pantalón", "0.9123", "<b>x</b>", "12.5"], cells);
        Assert.Equal(["clase", "precisión"], doc.Descendants("th").Select(e => e.Value));
        var lines = b.PlainText.Split('\n');
        Assert.Equal("Métricas", lines[0]);
        Assert.Equal("clase     precisión", lines[1]);
        Assert.Equal("Pantalón     0.9123", lines[3]);
        Assert.Equal("<b>x</b>       12.5", lines[4]);
        Assert.EndsWith("[2 rows x 2 columns]", b.PlainText);
    }

    [Fact]
    public void Long_tables_elide_the_middle_rows()
    {
        var t = Table.FromColumns(("i", Enumerable.Range(0, 100).ToArray()));
        var text = t.ToString();
        Assert.Contains("…", text);
        Assert.Contains("99", text);
        Assert.DoesNotContain(" 50\n", text);
        Assert.Equal(Table.DisplayRows, XDocument.Parse("<r>" + t.ToHtml() + "</r>").Descendants("tr").Count(r => r.Elements("td").Count() == 1 && r.Element("td")!.Attribute("colspan") is null));
    }
}
