using System.Text.Json.Nodes;
using NotebookCourse.Runtime;

namespace NotebookCourse.Kernel.Ipynb;

/// <summary>Builds Jupyter output objects in the shape nbformat 4 defines.</summary>
public static class NotebookOutputs
{
    /// <summary>A stream output ("stdout" or "stderr").</summary>
    public static JsonObject Stream(string name, string text) =>
        new() { ["output_type"] = "stream", ["name"] = name, ["text"] = text };

    /// <summary>A display_data output.</summary>
    public static JsonObject DisplayData(MimeBundle bundle) =>
        new() { ["output_type"] = "display_data", ["data"] = Data(bundle), ["metadata"] = bundle.Metadata.DeepClone() };

    /// <summary>An execute_result output for In [<paramref name="executionCount"/>].</summary>
    public static JsonObject ExecuteResult(MimeBundle bundle, int executionCount) => new()
    {
        ["output_type"] = "execute_result", ["execution_count"] = executionCount,
        ["data"] = Data(bundle), ["metadata"] = bundle.Metadata.DeepClone(),
    };

    /// <summary>An error output.</summary>
    public static JsonObject Error(string ename, string evalue, IEnumerable<string> traceback) => new()
    {
        ["output_type"] = "error", ["ename"] = ename, ["evalue"] = evalue,
        ["traceback"] = new JsonArray(traceback.Select(l => (JsonNode)l!).ToArray()),
    };

    /// <summary>The data object of a bundle: text as strings, JSON mime types as JSON.</summary>
    public static JsonObject Data(MimeBundle bundle)
    {
        var data = new JsonObject();
        foreach (var (mime, content) in bundle.Data)
            data[mime] = content is JsonNode node ? node.DeepClone() : JsonValue.Create((string)content);
        return data;
    }
}
