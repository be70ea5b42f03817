using NotebookCourse.Tensors;

namespace NotebookCourse.Onnx.Export;

/// <summary>
/// What one tracing run saw, in order: each recorded op (name, shapes, the attributes read from it) and each constant
/// (shape and values). The export traces twice — a probe with another batch size (and sequence length), other values —
/// and compares the runs: sizes that change are dynamic axes, constants that change were computed from the input.
/// </summary>
internal sealed class TraceLog
{
    public readonly List<OpEntry> Ops = [];
    public readonly List<ConstEntry> Constants = [];
    public int[]? OutputShape;

    /// <summary>One traced op: its name, input and output shapes, and the attributes it was converted with.</summary>
    public sealed record OpEntry(string Name, int[][] InputShapes, int[] OutputShape, string Module)
    {
        public long[] Params { get; set; } = [];
    }

    /// <summary>One constant baked into the graph.</summary>
    public sealed record ConstEntry(DType DType, int[] Shape, double[] Values, string Where);

    public static double[] ValuesOf(Tensor t) => t.dtype switch
    {
        DType.float32 => t.SpanF().ToArray().Select(v => (double)v).ToArray(),
        DType.int64 => t.SpanL().ToArray().Select(v => (double)v).ToArray(),
        _ => t.SpanB().ToArray().Select(v => v ? 1.0 : 0.0).ToArray(),
    };
}
