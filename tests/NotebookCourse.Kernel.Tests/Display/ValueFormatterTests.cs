using NotebookCourse.Kernel.Display;
using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Tests.Display;

public sealed class ValueFormatterTests
{
    private sealed class Rich : IRichDisplay
    {
        public MimeBundle ToMimeBundle() => new MimeBundle().Add("text/html", "<i>rich</i>");
        public override string ToString() => "rich text";
    }

    private sealed record Point(int X, int Y);

    [Theory]
    [InlineData(null, "null")]
    [InlineData("plain string", "plain string")]
    [InlineData(true, "true")]
    [InlineData(42, "42")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.5f, "1.5")]
    public void Scalars_are_plain_text_in_invariant_culture(object? value, string expected) =>
        Assert.Equal(expected, ValueFormatter.Format(value).PlainText);

    [Fact]
    public void Collections_are_listed_with_type_and_count_and_truncated()
    {
        Assert.Equal("int[3] { 1, 2, 3 }", ValueFormatter.ToText(new[] { 1, 2, 3 }));
        Assert.Equal("List<string>(2) { \"a\", \"b\\n\" }", ValueFormatter.ToText(new List<string> { "a", "b\n" }));
        Assert.Equal("Dictionary<string, int>(1) { [\"k\"] = 7 }", ValueFormatter.ToText(new Dictionary<string, int> { ["k"] = 7 }));
        Assert.Equal("double[0] {}", ValueFormatter.ToText(Array.Empty<double>()));
        string big = ValueFormatter.ToText(Enumerable.Range(0, 100).ToArray());
        Assert.StartsWith("int[100] { 0, 1, 2,", big);
        Assert.EndsWith("19, … }", big);
        Assert.Equal("Point { X = 1, Y = 2 }", ValueFormatter.ToText(new Point(1, 2)));
    }

    [Fact]
    public void Rich_types_keep_their_bundle_and_get_text_plain_when_missing()
    {
        var bundle = ValueFormatter.Format(new Rich());
        Assert.Equal("<i>rich</i>", bundle.Data["text/html"]);
        Assert.Equal("rich text", bundle.PlainText);
    }
}
