namespace NotebookCourse.Onnx;

/// <summary>A model failed <see cref="OnnxChecker"/>; the message names the offending node and values.</summary>
public sealed class OnnxCheckException : Exception
{
    /// <summary>Every problem found, one line each.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Creates the exception.</summary>
    public OnnxCheckException(IReadOnlyList<string> problems)
        : base("onnx: the model failed the check:\n  " + string.Join("\n  ", problems)) => Problems = problems;
}

/// <summary>
/// Our own structural check of a model before it is written or run: every op is one the course supports,
/// every node input is defined earlier (graph input, initializer or previous node output), output names are
/// unique, and shapes agree wherever they are known (see <see cref="OnnxShapeInference"/>).
/// </summary>
public static class OnnxChecker
{
    /// <summary>Operators the course exports and tests (default ONNX domain).</summary>
    public static readonly IReadOnlySet<string> SupportedOps = new HashSet<string>
    {
        "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Exp", "Log", "Neg", "Conv", "ConvTranspose",
        "MaxPool", "AveragePool", "GlobalAveragePool", "BatchNormalization", "LayerNormalization", "Relu", "LeakyRelu",
        "Sigmoid", "Tanh", "Gelu", "Erf", "Softmax", "Reshape", "Flatten", "Transpose", "Concat", "Resize", "Gather",
        "Unsqueeze", "Squeeze", "Slice", "Where", "Equal", "Cast", "Constant", "ReduceMean", "Identity",
        // traced forward code (Onnx/Export/OnnxTracer)
        "Max", "Min", "Abs", "Sin", "Cos", "LogSoftmax", "Expand", "ReduceSum", "Range", "Shape", "Trilu", "InstanceNormalization",
        "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "Not",
    };

    /// <summary>Throws <see cref="OnnxCheckException"/> listing every problem, if there is any.</summary>
    public static void Check(ModelProto model)
    {
        var problems = Problems(model);
        if (problems.Count > 0) throw new OnnxCheckException(problems);
    }

    /// <summary>Every problem found, one line each (empty when the model is fine).</summary>
    public static IReadOnlyList<string> Problems(ModelProto model)
    {
        var problems = new List<string>();
        var g = model.Graph;
        long opset = model.DefaultOpset;
        if (opset == 0) problems.Add("model: no default-domain opset is imported (expected e.g. opset 17)");
        if (model.IrVersion < 3) problems.Add($"model: ir_version {model.IrVersion} is too old (use 8)");

        var shapes = new Dictionary<string, long[]?>();
        var constants = new Dictionary<string, TensorProto>();
        foreach (var t in g.Initializer)
        {
            if (!shapes.TryAdd(t.Name, t.Dims)) problems.Add($"initializer '{t.Name}': name defined twice");
            constants[t.Name] = t;
            long bytesPerElement = t.DataType switch
            {
                OnnxElementType.Float or OnnxElementType.Int32 => 4,
                OnnxElementType.Int64 or OnnxElementType.Double => 8,
                _ => 0,
            };
            if (bytesPerElement > 0 && t.RawData.Length != t.ElementCount * bytesPerElement)
                problems.Add($"initializer '{t.Name}': dims {OnnxShapes.Format(t.Dims)} need {t.ElementCount * bytesPerElement} bytes, raw_data has {t.RawData.Length}");
        }
        foreach (var input in g.Input)
            if (!shapes.ContainsKey(input.Name)) shapes[input.Name] = input.ShapeAsLongs;
            else if (!constants.ContainsKey(input.Name)) problems.Add($"input '{input.Name}': name defined twice");

        for (int i = 0; i < g.Node.Count; i++)
        {
            var node = g.Node[i];
            string label = $"node {i} '{node.Name}' ({node.OpType})";
            if (node.Domain is not ("" or "ai.onnx"))
                problems.Add($"{label}: custom domain '{node.Domain}' is not supported; export only default-domain ops");
            else if (!SupportedOps.Contains(node.OpType))
                problems.Add($"{label}: op '{node.OpType}' is not in the supported set ({string.Join(", ", SupportedOps.Order())})");
            else if (node.OpType == "Gelu" && opset < 20)
                problems.Add($"{label}: Gelu needs opset 20, the model imports opset {opset}; express it with Erf, Mul and Add");

            bool inputsKnown = true;
            var inputShapes = new long[]?[node.Input.Count];
            for (int k = 0; k < node.Input.Count; k++)
            {
                var name = node.Input[k];
                if (name.Length == 0) continue; // omitted optional input
                if (!shapes.TryGetValue(name, out inputShapes[k]))
                {
                    problems.Add($"{label}: input {k} '{name}' is not defined by a graph input, an initializer or an earlier node");
                    inputsKnown = false;
                }
            }
            long[]?[] outputShapes = new long[]?[node.Output.Count];
            if (inputsKnown && SupportedOps.Contains(node.OpType))
            {
                var shapeProblems = new List<string>();
                outputShapes = OnnxShapeInference.Infer(node, inputShapes, n => constants.GetValueOrDefault(n), shapeProblems);
                foreach (var p in shapeProblems) problems.Add($"{label}: {p}");
            }
            if (node.OpType == "Constant" && node.GetAttribute("value")?.T is TensorProto value && node.Output.Count == 1)
                constants[node.Output[0]] = value;
            for (int k = 0; k < node.Output.Count; k++)
            {
                var name = node.Output[k];
                if (name.Length == 0) continue;
                if (!shapes.TryAdd(name, k < outputShapes.Length ? outputShapes[k] : null))
                    problems.Add($"{label}: output '{name}' is already defined (every value must have exactly one producer)");
            }
        }

        foreach (var output in g.Output)
        {
            if (!shapes.TryGetValue(output.Name, out var inferred))
            {
                problems.Add($"output '{output.Name}': no node, input or initializer produces it");
                continue;
            }
            var declared = output.ShapeAsLongs;
            if (declared != null && inferred != null && !Compatible(declared, inferred))
                problems.Add($"output '{output.Name}': declared shape {OnnxShapes.Format(declared)} but the graph computes {OnnxShapes.Format(inferred)}" +
                             $"{Producer(g, output.Name)}");
        }
        return problems;
    }

    /// <summary>True when the shapes have the same rank and agree on every dimension both know.</summary>
    internal static bool Compatible(long[] a, long[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (a[i] >= 0 && b[i] >= 0 && a[i] != b[i]) return false;
        return true;
    }

    private static string Producer(GraphProto g, string value)
    {
        var node = g.Node.Find(n => n.Output.Contains(value));
        return node == null ? "" : $" (produced by node '{node.Name}' ({node.OpType}))";
    }
}
