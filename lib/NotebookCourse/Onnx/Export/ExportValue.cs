using NotebookCourse.Tensors;

namespace NotebookCourse.Onnx.Export;

/// <summary>
/// A value of the graph being exported: its ONNX name and the engine tensor it holds for the example input, which
/// gives ranks and sizes to the converters (the batch axis stays dynamic in the file).
/// </summary>
public readonly record struct ExportValue(string Name, Tensor Example);

/// <summary>
/// A custom module that knows how to write itself as ONNX nodes (e.g. a residual block: body, then Add).
/// Example: <c>public ExportValue ExportOnnx(OnnxExportContext ctx, ExportValue x) { var y = ctx.Export(body, x);
/// return ctx.Node("Add", [y, x], y.Example + x.Example); }</c>
/// </summary>
public interface IOnnxExportable
{
    /// <summary>Emits this module's nodes for input <paramref name="input"/>; returns the output value.</summary>
    ExportValue ExportOnnx(OnnxExportContext ctx, ExportValue input);
}

/// <summary>The model cannot be exported (unsupported layer or setting); the message names the module path and type.</summary>
public sealed class OnnxExportException : Exception
{
    /// <summary>An export error with its message.</summary>
    public OnnxExportException(string message) : base(message) { }

    /// <summary>An export error caused by another exception (e.g. one thrown by a traced forward).</summary>
    public OnnxExportException(string message, Exception inner) : base(message, inner) { }
}
