namespace NotebookCourse.Onnx;

/// <summary>
/// Builds an ONNX model node by node (opset 17, IR version 8): named inputs with a dynamic batch dimension,
/// weights as initializers, nodes with attributes, declared outputs. <see cref="Build"/> runs
/// <see cref="OnnxChecker"/>, so a broken graph fails here, naming the node, instead of inside ONNX Runtime.
/// </summary>
/// <example><code>
/// var b = new OnnxGraphBuilder("mlp");
/// var x = b.AddInput("input", -1, 784);                       // -1 on axis 0 becomes dim_param "batch"
/// var w = b.AddInitializer("fc.weight", weights, 10, 784);
/// var c = b.AddInitializer("fc.bias", bias, 10);
/// var y = b.Node("Gemm", [x, w, c], OnnxAttribute.Int("transB", 1));
/// b.AddOutput(y, -1, 10);
/// File.WriteAllBytes("mlp.onnx", b.Build().ToByteArray());
/// </code></example>
public sealed class OnnxGraphBuilder
{
    /// <summary>Default operator set version.</summary>
    public const long DefaultOpset = 17;

    private readonly ModelProto _model = new();
    private readonly HashSet<string> _names = [];
    private readonly Dictionary<string, int> _counters = [];

    /// <summary>Starts an empty graph.</summary>
    public OnnxGraphBuilder(string graphName = "graph", long opset = DefaultOpset)
    {
        _model.Graph.Name = graphName;
        _model.OpsetImport.Add(new OperatorSetIdProto("", opset));
    }

    /// <summary>The model being built (nodes can be inspected or edited before <see cref="Build"/>).</summary>
    public ModelProto Model => _model;

    /// <summary>The graph being built.</summary>
    public GraphProto Graph => _model.Graph;

    /// <summary>Declares a float input; -1 dimensions become symbolic ("batch" on axis 0, "dim{axis}" elsewhere).</summary>
    public string AddInput(string name, params long[] shape) => AddInput(name, OnnxElementType.Float, shape);

    /// <summary>Declares an input of any element type (int64 token ids for embeddings, ...).</summary>
    public string AddInput(string name, OnnxElementType type, params long[] shape)
    {
        Claim(name, "input");
        Graph.Input.Add(new ValueInfoProto { Name = name, ElemType = type, Shape = Dims(shape) });
        return name;
    }

    /// <summary>Declares an existing value as a graph output, with its expected shape (-1 = dynamic).</summary>
    public string AddOutput(string valueName, params long[] shape) => AddOutput(valueName, OnnxElementType.Float, shape);

    /// <summary>Declares an existing value as a graph output of the given element type.</summary>
    public string AddOutput(string valueName, OnnxElementType type, params long[] shape)
    {
        if (!_names.Contains(valueName))
            throw new ArgumentException($"onnx: cannot declare output '{valueName}': no input, initializer or node output has that name");
        Graph.Output.Add(new ValueInfoProto { Name = valueName, ElemType = type, Shape = Dims(shape) });
        return valueName;
    }

    /// <summary>Adds a float weight tensor.</summary>
    public string AddInitializer(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        Claim(name, "initializer");
        Graph.Initializer.Add(TensorProto.FromFloats(name, values, dims));
        return name;
    }

    /// <summary>Adds an int64 tensor (shapes, axes, indices).</summary>
    public string AddInitializer(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        Claim(name, "initializer");
        Graph.Initializer.Add(TensorProto.FromInt64s(name, values, dims));
        return name;
    }

    /// <summary>Adds a 1-D int64 constant with a generated name (e.g. a Reshape target shape).</summary>
    public string AddInt64s(string prefix, params long[] values) => AddInitializer(UniqueName(prefix), values, values.Length);

    /// <summary>Adds a node with one output, named automatically; returns the output name.</summary>
    public string Node(string opType, string[] inputs, params AttributeProto[] attributes)
    {
        CheckDefined(opType, inputs);
        return AddNode(opType, inputs, [UniqueName(opType.ToLowerInvariant())], attributes).Output[0];
    }

    /// <summary>Adds a node with explicit output names; the node is named "{opType}_{n}".</summary>
    public NodeProto AddNode(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        CheckDefined(opType, inputs);
        var node = new NodeProto { OpType = opType, Name = UniqueName(opType) };
        node.Input.AddRange(inputs);
        foreach (var output in outputs) { Claim(output, $"output of node '{node.Name}'"); node.Output.Add(output); }
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return node;
    }

    /// <summary>A name not used yet: prefix, prefix_1, prefix_2, ...</summary>
    public string UniqueName(string prefix)
    {
        if (!_names.Contains(prefix) && !_counters.ContainsKey(prefix)) { _counters[prefix] = 0; return prefix; }
        int n = _counters.GetValueOrDefault(prefix);
        string name;
        do name = $"{prefix}_{++n}"; while (_names.Contains(name));
        _counters[prefix] = n;
        return name;
    }

    /// <summary>Finishes the model; by default checks it first (see <see cref="OnnxChecker"/>).</summary>
    public ModelProto Build(bool check = true)
    {
        if (Graph.Output.Count == 0) throw new InvalidOperationException("onnx: the graph has no outputs; call AddOutput before Build");
        if (check) OnnxChecker.Check(_model);
        return _model;
    }

    private void CheckDefined(string opType, string[] inputs)
    {
        foreach (var input in inputs)
            if (input.Length > 0 && !_names.Contains(input))
                throw new ArgumentException($"onnx: a {opType} node uses '{input}', which is not defined yet " +
                                            "(add the input, initializer or producing node first)");
    }

    private void Claim(string name, string what)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"onnx: {what} needs a non-empty name");
        if (!_names.Add(name)) throw new ArgumentException($"onnx: the name '{name}' ({what}) is already used in this graph");
    }

    private static OnnxDim[] Dims(long[] shape)
    {
        var dims = new OnnxDim[shape.Length];
        for (int i = 0; i < shape.Length; i++)
            dims[i] = shape[i] >= 0 ? OnnxDim.Fixed(shape[i]) : OnnxDim.Symbolic(i == 0 ? "batch" : $"dim{i}");
        return dims;
    }
}
