using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookCourse.Kernel.Ipynb;

/// <summary>
/// Reads nbformat 4.0–4.5 and writes 4.5 the way Jupyter does; writes are atomic (temp file + rename).
/// <code>var nb = NotebookFile.Read("notebooks/00-intro.ipynb"); NotebookFile.Write(nb, "out.ipynb");</code>
/// </summary>
public static class NotebookFile
{
    private static readonly HashSet<string> CellKeys = ["cell_type", "id", "source", "metadata", "execution_count", "outputs"];
    private static readonly HashSet<string> TopKeys = ["cells", "metadata", "nbformat", "nbformat_minor"];

    /// <summary>Reads a notebook; throws <see cref="NotebookFormatException"/> naming the file and the problem.</summary>
    public static Notebook Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path, Encoding.UTF8); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookFormatException(path, $"cannot be read: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses notebook JSON; <paramref name="source"/> names it in errors.</summary>
    public static Notebook Parse(string json, string source)
    {
        try { return ParseUnchecked(json, source); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            // JsonNode reports some defects (duplicate keys, wrong value kinds) only when the tree is walked.
            throw new NotebookFormatException(source, $"is not a valid notebook: {e.Message}", e);
        }
    }

    private static Notebook ParseUnchecked(string json, string source)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false }); }
        catch (JsonException e)
        {
            throw new NotebookFormatException(source,
                $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
        if (root is not JsonObject obj) throw new NotebookFormatException(source, "the top level must be a JSON object");

        int major = ReadInt(obj, "nbformat", source, "the notebook");
        int minor = ReadInt(obj, "nbformat_minor", source, "the notebook");
        if (major != 4)
            throw new NotebookFormatException(source,
                $"nbformat {major}.{minor} is not supported; this runtime reads nbformat 4.0–4.5 (convert it with `jupyter nbconvert --to notebook`)");

        var nb = new Notebook { NbFormat = major, NbFormatMinor = minor };
        nb.Metadata = obj["metadata"] switch
        {
            null => new JsonObject(),
            JsonObject m => (JsonObject)m.DeepClone(),
            _ => throw new NotebookFormatException(source, "'metadata' must be an object"),
        };
        if (obj["cells"] is not JsonArray cells) throw new NotebookFormatException(source, "'cells' must be a list");
        for (int i = 0; i < cells.Count; i++) nb.Cells.Add(ParseCell(cells[i], source, i));
        foreach (var (key, value) in obj)
            if (!TopKeys.Contains(key)) nb.Extra[key] = value?.DeepClone();
        AssignMissingIds(nb);
        return nb;
    }

    private static NotebookCell ParseCell(JsonNode? node, string source, int index)
    {
        string where = $"cell {index}";
        if (node is not JsonObject obj) throw new NotebookFormatException(source, $"{where} must be an object");
        string type = obj["cell_type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s
            : throw new NotebookFormatException(source, $"{where} has no 'cell_type'");
        if (type is not ("code" or "markdown" or "raw"))
            throw new NotebookFormatException(source, $"{where} has unknown cell_type '{type}' (expected code, markdown or raw)");
        var cell = new NotebookCell
        {
            CellType = type,
            Source = LineSplitter.Join(obj["source"] ?? "")
                ?? throw new NotebookFormatException(source, $"{where}: 'source' must be a string or a list of strings"),
            Metadata = obj["metadata"] switch
            {
                null => new JsonObject(),
                JsonObject m => (JsonObject)m.DeepClone(),
                _ => throw new NotebookFormatException(source, $"{where}: 'metadata' must be an object"),
            },
        };
        if (obj["id"] is JsonValue idv)
            cell.Id = idv.TryGetValue<string>(out var id) ? id : throw new NotebookFormatException(source, $"{where}: 'id' must be a string");
        if (type == "code")
        {
            cell.ExecutionCount = obj["execution_count"] switch
            {
                null => null,
                JsonValue v when v.TryGetValue<int>(out int n) => n,
                _ => throw new NotebookFormatException(source, $"{where}: 'execution_count' must be an integer or null"),
            };
            if (obj["outputs"] is JsonArray outputs)
                for (int o = 0; o < outputs.Count; o++) cell.Outputs.Add(ParseOutput(outputs[o], source, $"{where}, output {o}"));
            else if (obj["outputs"] is not null)
                throw new NotebookFormatException(source, $"{where}: 'outputs' must be a list");
        }
        foreach (var (key, value) in obj)
            if (!CellKeys.Contains(key)) cell.Extra[key] = value?.DeepClone();
        return cell;
    }

    private static JsonObject ParseOutput(JsonNode? node, string source, string where)
    {
        if (node is not JsonObject obj || obj["output_type"] is not JsonValue)
            throw new NotebookFormatException(source, $"{where} must be an object with an 'output_type'");
        var output = (JsonObject)obj.DeepClone();
        if (output["text"] is { } text)
            output["text"] = LineSplitter.Join(text)
                ?? throw new NotebookFormatException(source, $"{where}: 'text' must be a string or a list of strings");
        if (output["data"] is JsonObject data)
            foreach (var mime in data.Select(p => p.Key).ToList())
                if (!LineSplitter.IsJsonMime(mime) && data[mime] is JsonArray && LineSplitter.Join(data[mime]) is { } joined)
                    data[mime] = joined;
        return output;
    }

    private static int ReadInt(JsonObject obj, string key, string source, string what) =>
        obj[key] is JsonValue v && v.TryGetValue<int>(out int n) ? n
            : throw new NotebookFormatException(source, $"{what} has no integer '{key}' (is this a Jupyter notebook?)");

    /// <summary>Serialises as nbformat 4.5 text, byte-identical to Jupyter's own writer.</summary>
    public static string Serialize(Notebook nb)
    {
        AssignMissingIds(nb);
        var root = new JsonObject();
        foreach (var (key, value) in nb.Extra) root[key] = value?.DeepClone();
        root["cells"] = new JsonArray(nb.Cells.Select(c => (JsonNode)SerializeCell(c)).ToArray());
        var metadata = (JsonObject)nb.Metadata.DeepClone();
        // Transient keys nbformat never stores.
        foreach (var key in new[] { "orig_nbformat", "orig_nbformat_minor", "signature" }) metadata.Remove(key);
        root["metadata"] = metadata;
        root["nbformat"] = 4;
        root["nbformat_minor"] = Math.Max(5, nb.NbFormatMinor);
        return JupyterJsonWriter.Write(root);
    }

    private static JsonObject SerializeCell(NotebookCell cell)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in cell.Extra) obj[key] = value?.DeepClone();
        obj["cell_type"] = cell.CellType;
        obj["id"] = cell.Id;
        var metadata = (JsonObject)cell.Metadata.DeepClone();
        metadata.Remove("trusted");
        obj["metadata"] = metadata;
        obj["source"] = LineSplitter.Split(cell.Source);
        if (cell.IsCode)
        {
            obj["execution_count"] = cell.ExecutionCount;
            obj["outputs"] = new JsonArray(cell.Outputs.Select(o => (JsonNode)SerializeOutput(o)).ToArray());
        }
        return obj;
    }

    private static JsonObject SerializeOutput(JsonObject output)
    {
        var obj = (JsonObject)output.DeepClone();
        if (LineSplitter.Join(obj["text"]) is { } text && obj["text"] is JsonValue) obj["text"] = LineSplitter.Split(text);
        if (obj["data"] is JsonObject data)
            foreach (var mime in data.Select(p => p.Key).ToList())
                if (LineSplitter.IsSplitMime(mime) && data[mime] is JsonValue v && v.TryGetValue<string>(out var s))
                    data[mime] = LineSplitter.Split(s);
        return obj;
    }

    /// <summary>Writes atomically: a temp file next to the target, then a rename; the target is never half-written.</summary>
    public static void Write(Notebook nb, string path)
    {
        string text = Serialize(nb);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Gives cells without an id (nbformat &lt; 4.5, or built in code) a stable one derived from position and source,
    /// so executed copies of the same notebook are identical from run to run.
    /// </summary>
    private static void AssignMissingIds(Notebook nb)
    {
        var used = new HashSet<string>(nb.Cells.Where(c => c.Id != null).Select(c => c.Id!), StringComparer.Ordinal);
        for (int i = 0; i < nb.Cells.Count; i++)
        {
            var cell = nb.Cells[i];
            if (cell.Id != null) continue;
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{i}\n{cell.CellType}\n{cell.Source}"));
            string id = Convert.ToHexStringLower(hash)[..8];
            for (int k = 1; used.Contains(id); k++) id = $"{Convert.ToHexStringLower(hash)[..8]}-{k}";
            cell.Id = id;
            used.Add(id);
        }
    }
}
