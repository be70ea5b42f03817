using NotebookCourse.Nn;
using NotebookCourse.Tensors;

namespace NotebookCourse.Onnx.Export;

/// <summary>
/// Exports a model built from course layers (Sequential, nested or not, of Linear, Conv2d, BatchNorm2d, ...) to ONNX,
/// in eval mode, with a dynamic batch dimension and the weights as initializers named like the state dict.
/// Custom modules take part by implementing <see cref="IOnnxExportable"/>; arbitrary forward code is not traced.
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
    /// Builds the checked ONNX model: runs the example through the engine layer by layer (eval mode, no grad) to
    /// learn every shape, emits the nodes, and runs <see cref="OnnxChecker"/>. The model's train/eval modes are restored.
    /// </summary>
    public static ModelProto ToModel(Module model, Tensor exampleInput, string inputName = "input",
                                     string outputName = "output", long opset = OnnxGraphBuilder.DefaultOpset)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(exampleInput);
        if (opset < 17)
            throw new ArgumentException($"onnx export: opset {opset} is too old; LayerNormalization needs opset 17 or newer");
        if (exampleInput.dim() < 1)
            throw new ArgumentException("onnx export: the example input needs a batch axis first, e.g. shape [1, 784]");
        if (exampleInput.dtype is not (DType.float32 or DType.int64))
            throw new ArgumentException($"onnx export: the example input must be float32 (or int64 token ids), got {exampleInput.dtype}");

        var modes = model.named_modules().Select(p => (p.module, p.module.training)).ToList();
        model.eval();
        try
        {
            using var _ = torch.no_grad();
            var builder = new OnnxGraphBuilder(model.GetType().Name, opset);
            var elem = exampleInput.dtype == DType.int64 ? OnnxElementType.Int64 : OnnxElementType.Float;
            var input = new ExportValue(builder.AddInput(inputName, elem, DynamicBatch(exampleInput.shape)), exampleInput);
            var ctx = new OnnxExportContext(model, builder);
            var result = ctx.Export(model, input);
            // An output name must be produced by a node: a model that does nothing (Identity) still gets one.
            builder.AddNode("Identity", [result.Name], [outputName]);
            builder.AddOutput(outputName, DynamicBatch(result.Example.shape));
            var built = builder.Build();
            ExportShapeCheck.Run(built, ctx.EngineShapes);
            return built;
        }
        finally
        {
            foreach (var (m, training) in modes) m.train(training); // pre-order: each module's own flag wins last
        }
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

    private static long[] DynamicBatch(int[] shape) => shape.Select((d, i) => i == 0 ? -1L : d).ToArray();
}
