using NotebookCourse.Autograd;
using NotebookCourse.Nn;
using NotebookCourse.Tensors;

namespace NotebookCourse.Onnx.Export;

/// <summary>
/// Traces one forward pass: every op the engine records (<see cref="Function.Record"/>) becomes ONNX nodes, module
/// calls of known layers go through <see cref="LayerConverters"/> as a whole, and tensors that no traced op produced
/// become constants. Values are tracked by tensor identity. See Onnx/Export/README.md for the limits.
/// </summary>
internal sealed partial class OnnxTracer : IOpTracer
{
    private readonly OnnxExportContext _ctx;
    private readonly Dictionary<Tensor, string> _names = new(ReferenceEqualityComparer.Instance);
    private readonly List<(Module Module, string Path)> _stack = [];
    private readonly TraceLog? _probe;
    private readonly string _inputName;
    private readonly int[] _inputShape;
    private readonly bool _dynamicSequence;
    private string? _seqScalar, _seq1d;

    public OnnxTracer(OnnxExportContext ctx, TraceLog? probe, string inputName, int[] inputShape, bool dynamicSequence)
    {
        _ctx = ctx; _probe = probe; _inputName = inputName; _inputShape = inputShape; _dynamicSequence = dynamicSequence;
    }

    /// <summary>What this run saw (the probe run's log is compared with the real one).</summary>
    public TraceLog Log { get; } = new();

    private OnnxGraphBuilder B => _ctx.Builder;

    /// <summary>Runs <paramref name="model"/> on the example (already mapped to the graph input) and returns the output value.</summary>
    public ExportValue Run(Module model, ExportValue input)
    {
        _names[input.Example] = input.Name;
        var y = Call(model, input.Example);
        Log.OutputShape = y.shape;
        return new ExportValue(ValueOf(y), y);
    }

    /// <summary>A module call inside a traced forward (and the root call): known layers are converted whole.</summary>
    public Tensor Call(Module module, Tensor input)
    {
        var previous = OpTrace.Current;
        OpTrace.Current = null; // converters run the layer on the example; its inner ops must not be traced again
        try
        {
            var y = _ctx.Export(module, new ExportValue(ValueOf(input), input));
            _names[y.Example] = y.Name;
            return y.Example;
        }
        finally { OpTrace.Current = previous; }
    }

    /// <summary>Runs the forward of a module with custom code, tracing the ops it records.</summary>
    public ExportValue TraceModule(Module module, string path, ExportValue x)
    {
        _names[x.Example] = x.Name;
        _stack.Add((module, path));
        var previous = OpTrace.Current;
        OpTrace.Current = this;
        OpTrace.Pending = null;
        Tensor y;
        try { y = module.forward(x.Example); }
        catch (Exception e) when (e is not OnnxExportException)
        {
            throw new OnnxExportException($"onnx export: the forward of {Where()} failed while tracing: {e.Message}", e);
        }
        finally
        {
            OpTrace.Current = previous;
            OpTrace.Pending = null;
            _stack.RemoveAt(_stack.Count - 1);
        }
        return new ExportValue(ValueOf(y), y);
    }

    /// <summary>An op recorded by the engine during the traced forward.</summary>
    public void Op(string name, Tensor result, Tensor[] inputs)
    {
        var pending = OpTrace.Pending;
        OpTrace.Pending = null;
        // Ops that do not record for autograd (comparisons, casts, ops on masks and ids) matter only on traced values,
        // and ops run under no_grad are the internals of a composite op (or a choice of the model): not traced.
        if (!GradMode.IsEnabled) return;
        if (!(result.requires_grad && result.grad_fn != null) && !inputs.Any(_names.ContainsKey)) return;
        var previous = OpTrace.Current;
        OpTrace.Current = null; // conversions may run engine ops to read attributes
        try
        {
            var entry = new TraceLog.OpEntry(name, inputs.Select(t => t.shape).ToArray(), result.shape, Where());
            int k = Log.Ops.Count;
            Log.Ops.Add(entry);
            var probe = _probe == null ? null : k < _probe.Ops.Count && _probe.Ops[k].Name == name ? _probe.Ops[k]
                : throw PathDiffers($"op {k} is '{name}' here but '{(k < _probe.Ops.Count ? _probe.Ops[k].Name : "(none)")}' for another input");
            _names[result] = Convert(name, result, inputs, pending, entry, probe);
        }
        finally { OpTrace.Current = previous; }
    }

    /// <summary>The ONNX name of a tensor: a traced value, a registered weight, or a new constant.</summary>
    public string ValueOf(Tensor t)
    {
        if (_names.TryGetValue(t, out var name)) return name;
        if (_ctx.IsWeight(t)) return _names[t] = _ctx.Weight(t);
        if (t.grad_fn is { } fn)
            throw new OnnxExportException($"onnx export: in {Where()}, a tensor of shape {ShapeUtil.Format(t.shape)} was computed by op '{fn.Name}' " +
                                          "outside the traced forward (e.g. before export started, or in another thread); compute it inside forward");
        return _names[t] = Constant(t);
    }

    private string Where()
    {
        if (_stack.Count == 0) return "module '(model)'";
        var (m, path) = _stack[^1];
        return $"module '{(path.Length == 0 ? "(model)" : path)}' ({m.GetType().Name})";
    }

    private OnnxExportException PathDiffers(string detail) => new(
        $"onnx export: the forward of {Where()} runs different ops for an input of another batch size or other values ({detail}). " +
        "Tracing records one run, so forward must not branch on the data (.item(), ToArray(), comparisons turned into C# bools) " +
        "or on the batch size; move such logic out of forward or export with a fixed input");

    private OnnxExportException Unsupported(string op, string detail = "") => new(
        $"onnx export: op '{op}' in {Where()} cannot be exported{detail}. Traced ops: {TracedOps}. " +
        "Known layers called inside forward with child.call(x) (nn.Conv2d, nn.Linear, ...) are converted whole; use the layer instead of " +
        "the functional form (and .call(x), not .forward(x)), or implement IOnnxExportable on the module");

    // ---- dynamic sizes --------------------------------------------------------------------------------------------

    /// <summary>The sequence length (axis 1 of the graph input) as an int64 scalar, built once from Shape.</summary>
    private string SeqScalar() => _seqScalar ??= B.Node("Gather", [B.Node("Shape", [_inputName]), _ctx.Int64Scalar("seq_axis", 1)], OnnxAttribute.Int("axis", 0));

    /// <summary>The sequence length as a 1-element int64 vector.</summary>
    private string Seq1d() => _seq1d ??= B.Node("Unsqueeze", [SeqScalar(), _ctx.Int64s("zero_axis", 0)]);

    private bool IsSeqLength(int size, int probeSize) =>
        _dynamicSequence && _inputShape.Length > 1 && size == _inputShape[1] && _probe != null && probeSize == ProbeInputSeq;

    /// <summary>The probe's sequence length (axis 1 of its input), to recognise sequence-sized constants.</summary>
    public int ProbeInputSeq { get; init; }
}
