namespace NotebookCourse.Onnx.Export;

/// <summary>
/// Compares ONNX shape inference with the shapes the engine produced, value by value, so a converter that emits the
/// wrong node (e.g. a 2-D Flatten where the engine keeps 3 axes) fails the export instead of writing a file whose
/// later nodes happen to hide the difference.
/// </summary>
internal static class ExportShapeCheck
{
    public static void Run(ModelProto model, IReadOnlyDictionary<string, int[]> engineShapes)
    {
        var g = model.Graph;
        var shapes = new Dictionary<string, long[]?>(StringComparer.Ordinal);
        var constants = g.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var t in g.Initializer) shapes[t.Name] = t.Dims;
        foreach (var i in g.Input) shapes[i.Name] = i.ShapeAsLongs;
        var mismatches = new List<string>();
        foreach (var node in g.Node)
        {
            var inputs = node.Input.Select(n => n.Length == 0 ? null : shapes.GetValueOrDefault(n)).ToArray();
            var outputs = OnnxShapeInference.Infer(node, inputs, n => constants.GetValueOrDefault(n), []);
            for (int k = 0; k < node.Output.Count; k++)
            {
                var inferred = k < outputs.Length ? outputs[k] : null;
                shapes[node.Output[k]] = inferred;
                if (inferred == null || !engineShapes.TryGetValue(node.Output[k], out var engine)) continue;
                // Axis 0 is the dynamic batch: -1 in the file, the example's size in the engine.
                bool same = inferred.Length == engine.Length &&
                            inferred.Select((d, i) => d < 0 || i == 0 || d == engine[i]).All(ok => ok);
                if (!same)
                    mismatches.Add($"node '{node.Name}' ({node.OpType}) computes {OnnxShapes.Format(inferred)} in ONNX, the engine's layer gives {OnnxShapes.Format(engine.Select(d => (long)d).ToArray())}");
            }
        }
        if (mismatches.Count > 0)
            throw new OnnxExportException("onnx export: internal error, the exported graph disagrees with the engine (please report it):\n  " + string.Join("\n  ", mismatches));
    }
}
