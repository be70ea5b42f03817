using NotebookCourse.Nn;
using NotebookCourse.Tensors;

namespace NotebookCourse.Onnx.Export;

/// <summary>
/// What converters (built-in layers and <see cref="IOnnxExportable"/> modules) write into while a model is exported:
/// the graph builder, dotted names of the model's modules and tensors, and helpers for nodes and constants.
/// </summary>
public sealed class OnnxExportContext
{
    private readonly Dictionary<Module, string> _modulePaths = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Tensor, string> _tensorNames = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Tensor, string> _emitted = new(ReferenceEqualityComparer.Instance);

    internal OnnxExportContext(Module root, OnnxGraphBuilder builder)
    {
        Root = root;
        Builder = builder;
        foreach (var (name, m) in root.named_modules()) _modulePaths.TryAdd(m, name);
        foreach (var (name, p) in root.named_parameters()) _tensorNames.TryAdd(p, name);
        foreach (var (name, b) in root.named_buffers()) _tensorNames.TryAdd(b, name);
    }

    /// <summary>The model being exported.</summary>
    public Module Root { get; }

    /// <summary>The underlying graph builder (for anything the helpers below do not cover).</summary>
    public OnnxGraphBuilder Builder { get; }

    /// <summary>The dotted path of a module of the model ("features.0"; "" is the model itself).</summary>
    public string PathOf(Module module) =>
        _modulePaths.TryGetValue(module, out var path) ? path
            : throw new OnnxExportException($"onnx export: a {module.GetType().Name} is used in forward but is not registered in the model; register it with register_module so its weights get names");

    /// <summary>Exports a submodule applied to <paramref name="input"/> (a layer, a Sequential or an <see cref="IOnnxExportable"/>).</summary>
    public ExportValue Export(Module module, ExportValue input)
    {
        // A weightless layer made inside forward (nn.ReLU().call(x)) needs no name; one with weights must be registered.
        bool anonymous = !_modulePaths.ContainsKey(module) && !module.parameters().Any() && !module.buffers().Any();
        return LayerConverters.Convert(this, module, anonymous ? $"<{module.GetType().Name}>" : PathOf(module), input);
    }

    /// <summary>
    /// The initializer holding a parameter or buffer of the model, named by its dotted name ("fc1.weight");
    /// added on first use, so shared weights are stored once.
    /// </summary>
    public string Weight(Tensor tensor)
    {
        if (_emitted.TryGetValue(tensor, out var done)) return done;
        if (!_tensorNames.TryGetValue(tensor, out var name))
            throw new OnnxExportException($"onnx export: a weight of shape {ShapeUtil.Format(tensor.shape)} is not a registered parameter or buffer of the model; register it so the exported file can name it");
        Builder.AddInitializer(name, tensor.detach().ToArray<float>(), Dims(tensor.shape));
        _emitted[tensor] = name;
        return name;
    }

    /// <summary>A float constant (scalar when <paramref name="dims"/> is empty) with a unique name built from <paramref name="prefix"/>.</summary>
    public string Constant(string prefix, float[] values, params long[] dims) =>
        Builder.AddInitializer(Builder.UniqueName(prefix), values, dims);

    /// <summary>A 0-D int64 constant (an index, a Range bound) with a unique name built from <paramref name="prefix"/>.</summary>
    public string Int64Scalar(string prefix, long value) => Builder.AddInitializer(Builder.UniqueName(prefix), [value]);

    /// <summary>True for a registered parameter or buffer of the model.</summary>
    internal bool IsWeight(Tensor tensor) => _tensorNames.ContainsKey(tensor);

    /// <summary>The tracer of this export (modules with custom forward code are traced through it).</summary>
    internal OnnxTracer? Tracer { get; set; }

    /// <summary>A 1-D int64 constant (shapes, axes) with a unique name built from <paramref name="prefix"/>.</summary>
    public string Int64s(string prefix, params long[] values) => Builder.AddInt64s(prefix, values);

    /// <summary>Adds a node on values; <paramref name="example"/> is what the engine computes for it.</summary>
    public ExportValue Node(string opType, ExportValue[] inputs, Tensor example, params AttributeProto[] attributes) =>
        Node(opType, inputs.Select(v => v.Name).ToArray(), example, attributes);

    /// <summary>Adds a node whose inputs are given by name (values, weights or constants).</summary>
    public ExportValue Node(string opType, string[] inputs, Tensor example, params AttributeProto[] attributes)
    {
        var name = Builder.Node(opType, inputs, attributes);
        EngineShapes[name] = example.shape;
        return new(name, example);
    }

    /// <summary>What the engine computed for each value (checked against ONNX shape inference after the export).</summary>
    internal Dictionary<string, int[]> EngineShapes { get; } = new(StringComparer.Ordinal);

    internal static long[] Dims(int[] shape) => shape.Select(d => (long)d).ToArray();
}
