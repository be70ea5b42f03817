using System.Text;
using System.Text.Json.Nodes;
using NotebookCourse.Kernel.Ipynb;
using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Tests.Ipynb;

public sealed class NotebookFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nbc-ipynb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void Notebook_written_by_jupyter_nbformat_round_trips_byte_for_byte()
    {
        // reference.ipynb was written by nbformat 5.5 (make_reference_notebook.py): control characters, every
        // Python line break, unicode, JSON mime data, unknown metadata, numbers like 1e-05 and -0.0.
        byte[] original = File.ReadAllBytes(Fixture("reference.ipynb"));
        var nb = NotebookFile.Read(Fixture("reference.ipynb"));
        Assert.Equal(original, Encoding.UTF8.GetBytes(NotebookFile.Serialize(nb)));
    }

    [Fact]
    public void Reading_joins_lines_and_keeps_unknown_metadata()
    {
        var nb = NotebookFile.Read(Fixture("reference.ipynb"));
        var run = nb.Cells.Single(c => c.Id == "run");
        Assert.Equal("Console.WriteLine(\"hi\");\n1 + 1", run.Source);
        Assert.Equal(3, run.ExecutionCount);
        Assert.StartsWith("hi\nthere\r\nline\r", run.Outputs[0]["text"]!.GetValue<string>());
        Assert.Equal("a\nb\n", run.Outputs[2]["data"]!["text/plain"]!.GetValue<string>());
        Assert.IsType<JsonObject>(run.Outputs[2]["data"]!["application/vnd.plotly.v1+json"]);
        Assert.Equal("ünïcødé ✓ 日本", nb.Metadata["zeta_unknown"]!["a"]!.GetValue<string>());
        Assert.True(nb.Cells[1].HasTag("parameters"));
        Assert.Equal("", nb.Cells.Single(c => c.Id == "empty").Source);
    }

    [Fact]
    public void Built_notebook_has_standard_output_shapes_and_course_kernelspec()
    {
        var nb = Notebook.CreateCourseNotebook();
        var cell = NotebookCell.Code("x");
        cell.ExecutionCount = 1;
        cell.Outputs.Add(NotebookOutputs.Stream("stdout", "a\nb"));
        cell.Outputs.Add(NotebookOutputs.ExecuteResult(MimeBundle.Text("42").Add("text/html", "<b>42</b>\n"), 1));
        cell.Outputs.Add(NotebookOutputs.Error("E", "bad", ["tb 1"]));
        nb.Cells.Add(cell);
        string path = Path.Combine(_dir, "built.ipynb");
        NotebookFile.Write(nb, path);

        var json = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal("notebookcourse", json["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("C#", json["metadata"]!["language_info"]!["name"]!.GetValue<string>());
        Assert.Equal(5, json["nbformat_minor"]!.GetValue<int>());
        var outputs = json["cells"]![0]!["outputs"]!.AsArray();
        Assert.Equal("[\"a\\n\",\"b\"]", outputs[0]!["text"]!.ToJsonString());
        Assert.Equal("<b>42</b>\n", outputs[1]!["data"]!["text/html"]!.AsArray().Single()!.GetValue<string>());
        Assert.Equal(1, outputs[1]!["execution_count"]!.GetValue<int>());
        Assert.Equal("error", outputs[2]!["output_type"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{8}$", json["cells"]![0]!["id"]!.GetValue<string>());
        Assert.EndsWith("}\n", File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Old_minor_versions_are_read_and_given_stable_ids()
    {
        string v44 = """{"cells":[{"cell_type":"code","execution_count":null,"metadata":{},"outputs":[],"source":"1"}],"metadata":{},"nbformat":4,"nbformat_minor":4}""";
        var a = NotebookFile.Parse(v44, "old.ipynb");
        var b = NotebookFile.Parse(v44, "old.ipynb");
        Assert.NotNull(a.Cells[0].Id);
        Assert.Equal(a.Cells[0].Id, b.Cells[0].Id);
        Assert.Contains("\"nbformat_minor\": 5", NotebookFile.Serialize(a));
    }

    [Theory]
    [InlineData("{\"cells\": [", "is not valid JSON (line 1")]
    [InlineData("[1, 2]", "the top level must be a JSON object")]
    [InlineData("{\"cells\": [], \"metadata\": {}, \"nbformat\": 3, \"nbformat_minor\": 0}", "nbformat 3.0 is not supported")]
    [InlineData("{\"cells\": [], \"metadata\": {}}", "no integer 'nbformat'")]
    [InlineData("{\"cells\": [{\"cell_type\": \"python\", \"source\": \"\"}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}", "cell 0 has unknown cell_type 'python'")]
    [InlineData("{\"cells\": [], \"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}", "cells")]
    [InlineData("{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"a\"], \"outputs\": [{\"output_type\": \"stream\", \"text\": [1]}]}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}", "cell 0")]
    [InlineData("{\"cells\": [{\"cell_type\": \"code\", \"source\": 5}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}", "cell 0: 'source' must be a string")]
    public void Malformed_notebooks_give_an_error_naming_the_file_and_problem_and_stay_untouched(string text, string problem)
    {
        string path = Path.Combine(_dir, "broken.ipynb");
        File.WriteAllText(path, text);
        var error = Assert.Throws<NotebookFormatException>(() => NotebookFile.Read(path));
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.Equal(text, File.ReadAllText(path));
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(2.5, "2.5")]
    [InlineData(-123.456, "-123.456")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1.5e-10, "1.5e-10")]
    [InlineData(3.0, "3.0")]
    public void Floats_are_written_like_python_repr(double value, string expected) =>
        Assert.Equal(expected, JupyterJsonWriter.PythonFloat(value));
}
