using NotebookCourse.Autograd;
using NotebookCourse.Nn;
using NotebookCourse.Tensors;

namespace NotebookCourse.Onnx.Export;

/// <summary>
/// Exports a model built from course layers (Sequential, nested or not, of Linear, Conv2d, BatchNorm2d, ...) to ONNX,
/// in eval mode, with a dynamic batch dimension and the weights as initializers named like the state dict.
/// Modules with their own forward code are traced op by op on the example input (see Onnx/Export/README.md);
/// <see cref="IOnnxExportable"/> lets a module write its nodes itself.
/// </summary>
/// <example><code>
/// var net = nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(6 * 12 * 12, 10));
/// OnnxExport.Export(net, [1, 1, 28, 28], "lenet.onnx");           // input "input" (batch, 1, 28, 28) → "output"
/// using var session = new InferenceSession("lenet.onnx");
/// </code></example>
public static class OnnxExport
{
    /// <summary>Exports to <paramref name="path"/> (written to a temporary file, then renamed, so a failure leaves no broken file).</summary>
    public static void Export(Module model, int[] exampleInputShape, string path, string inputName = "input",
                              string outputName = "output", long opset = OnnxGraphBuilder.DefaultOpset) =>
        Save(ToModel(model, RandomExample(exampleInputShape), inputName, outputName, opset), path);

    /// <summary>Exports with an explicit example input (an int64 tensor of token ids for models that start with an Embedding).</summary>
    public static void Export(Module model, Tensor exampleInput, string path, string inputName = "input",
                              string outputName = "output", long opset = OnnxGraphBuilder.DefaultOpset) =>
        Save(ToModel(model, exampleInput, inputName, outputName, opset), path);

    /// <summary>The exported model as the bytes of an .onnx file.</summary>
    public static byte[] ExportBytes(Module model, int[] exampleInputShape, string inputName = "input",
                                     string outputName = "output", long opset = OnnxGraphBuilder.DefaultOpset) =>
        ToModel(model, RandomExample(exampleInputShape), inputName, outputName, opset).ToByteArray();

    /// <summary>
    /// Builds the checked ONNX model by tracing <paramref name="model"/>'s forward on the example (eval mode): known
    /// layers map whole, other code op by op (see README). The forward runs twice more cheaply than it sounds — a probe
    /// with batch + 1 (and sequence + 1) and other values, then the example — and the two runs are compared to find the
    /// dynamic axes and to refuse values computed from the input outside the trace. The model's modes are restored.
    /// <c>dynamicSequence</c> makes axis 1 of the input dynamic too; null means yes for int64 token inputs of rank ≥ 2.
    /// </summary>
    public static ModelProto ToModel(Module model, Tensor exampleInput, string inputName = "input",
                                     string outputName = "output", long opset = OnnxGraphBuilder.DefaultOpset, bool? dynamicSequence = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(exampleInput);
        if (opset < 17)
            throw new ArgumentException($"onnx export: opset {opset} is too old; LayerNormalization needs opset 17 or newer");
        if (exampleInput.dim() < 1)
            throw new ArgumentException("onnx export: the example input needs a batch axis first, e.g. shape [1, 784]");
        if (exampleInput.dtype is not (DType.float32 or DType.int64))
            throw new ArgumentException($"onnx export: the example input must be float32 (or int64 token ids), got {exampleInput.dtype}");
        bool dynSeq = dynamicSequence ?? (exampleInput.dtype == DType.int64 && exampleInput.dim() >= 2);
        if (dynSeq && exampleInput.dim() < 2)
            throw new ArgumentException($"onnx export: dynamicSequence needs an input with a sequence axis 1, got shape {ShapeUtil.Format(exampleInput.shape)}");

        var modes = model.named_modules().Select(p => (p.module, p.module.training)).ToList();
        model.eval();
        try
        {
            var probeInput = ProbeExample(exampleInput, dynSeq);
            var (_, probe) = Trace(model, probeInput, null, 0, inputName, outputName, opset, dynSeq);
            return Trace(model, exampleInput, probe, dynSeq ? probeInput.shape[1] : 0, inputName, outputName, opset, dynSeq).Model;
        }
        finally
        {
            foreach (var (m, training) in modes) m.train(training); // pre-order: each module's own flag wins last
        }
    }

    private static (ModelProto Model, TraceLog Log) Trace(Module model, Tensor example, TraceLog? probe, int probeSeq,
        string inputName, string outputName, long opset, bool dynSeq)
    {
        // Ops are traced where autograd records them, so the example requires grad (a fresh leaf; the caller's is untouched).
        using var _ = GradMode.Set(true);
        var x = example.dtype == DType.float32 ? example.detach().clone().requires_grad_() : example.detach();
        var builder = new OnnxGraphBuilder(model.GetType().Name, opset);
        var elem = example.dtype == DType.int64 ? OnnxElementType.Int64 : OnnxElementType.Float;
        var inputDims = example.shape.Select((d, i) => i == 0 || (dynSeq && i == 1) ? -1L : d).ToArray();
        var input = new ExportValue(builder.AddInput(inputName, elem, inputDims), x);
        var ctx = new OnnxExportContext(model, builder);
        var tracer = new OnnxTracer(ctx, probe, inputName, example.shape, dynSeq) { ProbeInputSeq = probeSeq };
        ctx.Tracer = tracer;
        var result = tracer.Run(model, input);
        // An output name must be produced by a node: a model that does nothing (Identity) still gets one.
        builder.AddNode("Identity", [result.Name], [outputName]);
        var outShape = result.Example.shape;
        var probeShape = probe?.OutputShape;
        if (probeShape != null && probeShape.Length != outShape.Length)
            throw new OnnxExportException($"onnx export: the output has rank {outShape.Length} for the example but {probeShape.Length} for another batch size; forward must not depend on the batch size");
        var outDims = outShape.Select((d, i) => i == 0 || (probeShape != null && probeShape[i] != d) ? -1L : d).ToArray();
        var outElem = result.Example.dtype == DType.int64 ? OnnxElementType.Int64 : result.Example.dtype == DType.@bool ? OnnxElementType.Bool : OnnxElementType.Float;
        builder.AddOutput(outputName, outElem, outDims);
        var built = builder.Build();
        if (probe != null) ExportShapeCheck.Run(built, ctx.EngineShapes);
        return (built, tracer.Log);
    }

    /// <summary>Another input for the probe run: batch + 1 (and sequence + 1), other random values in the same range.</summary>
    private static Tensor ProbeExample(Tensor example, bool dynSeq)
    {
        var shape = example.shape;
        shape[0] += 1;
        if (dynSeq) shape[1] += 1;
        var gen = new torch.Generator(12345);
        if (example.dtype == DType.float32) return torch.randn(shape, gen);
        var ids = example.ToArray<long>();
        long low = ids.Length == 0 ? 0 : ids.Min(), high = ids.Length == 0 ? 1 : ids.Max() + 1;
        return torch.randint(low, Math.Max(high, low + 1), shape, gen);
    }

    /// <summary>Writes a model atomically: temporary file in the same folder, then rename over <paramref name="path"/>.</summary>
    public static void Save(ModelProto model, string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(tmp, model.ToByteArray());
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private static Tensor RandomExample(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0 || shape.Any(d => d <= 0))
            throw new ArgumentException($"onnx export: example input shape {ShapeUtil.Format(shape)} needs a batch axis and positive sizes, e.g. [1, 1, 28, 28]");
        return torch.randn(shape, new torch.Generator(0));
    }

}
