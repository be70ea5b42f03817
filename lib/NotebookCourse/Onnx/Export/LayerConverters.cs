using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using static NotebookCourse.Onnx.OnnxAttribute;

namespace NotebookCourse.Onnx.Export;

/// <summary>Maps each course layer to ONNX nodes; the engine runs the layer on the example to get its output.</summary>
internal static partial class LayerConverters
{
    /// <summary>What the error message lists as exportable.</summary>
    internal const string Supported =
        "Sequential (nested too), Linear, Conv2d, ConvTranspose2d, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, BatchNorm1d/2d, " +
        "LayerNorm, ReLU, LeakyReLU, Sigmoid, Tanh, GELU, SiLU, Softmax, LogSoftmax, Flatten, Unflatten, Dropout, Identity, " +
        "Upsample, Embedding, MultiheadAttention (self-attention, no masks), Conv1d, GroupNorm, any module implementing IOnnxExportable, " +
        "and modules with custom forward code built from traced ops";

    /// <summary>Layers converted as a whole (their forward is not traced op by op).</summary>
    private static bool IsKnown(Module m) => m is Nn.Linear or Conv2d or Nn.Conv1d or ConvTranspose2d or MaxPool2d or AvgPool2d or AdaptiveAvgPool2d
        or BatchNormBase or Nn.LayerNorm or Nn.GroupNorm or Nn.Flatten or Unflatten or Upsample or Embedding or MultiheadAttention
        or ReLU or LeakyReLU or Sigmoid or Tanh or SiLU or GELU or Softmax or LogSoftmax;

    public static ExportValue Convert(OnnxExportContext ctx, Module m, string path, ExportValue x)
    {
        switch (m)
        {
            case IOnnxExportable custom: return custom.ExportOnnx(ctx, x);
            case Sequential seq: return ExportSequential(ctx, seq, x);
            case Identity or Dropout: return x; // eval mode: dropout passes its input through
        }
        if (!IsKnown(m))
            return ctx.Tracer?.TraceModule(m, path, x) ?? throw new OnnxExportException(
                $"onnx export: {Where(m, path)} has custom forward code and no tracer is active; export it with OnnxExport");
        var y = m.call(x.Example); // the engine's output gives the converters (and the next layer) the shapes
        string where = Where(m, path);
        return m switch
        {
            Linear l => Linear(ctx, l, x, y),
            Conv2d c => Conv(ctx, c, x, y, where),
            Conv1d c => Conv1d(ctx, c, x, y),
            GroupNorm g => GroupNorm(ctx, g, x, y, path),
            ConvTranspose2d c => ConvTranspose(ctx, c, x, y),
            MaxPool2d p => ctx.Node("MaxPool", [x], y, Ints("kernel_shape", p.kernel_size.H, p.kernel_size.W),
                Ints("strides", p.stride.H, p.stride.W), Pads(p.padding), Ints("dilations", p.dilation.H, p.dilation.W),
                Int("ceil_mode", p.ceil_mode ? 1 : 0)),
            AvgPool2d p => ctx.Node("AveragePool", [x], y, Ints("kernel_shape", p.kernel_size.H, p.kernel_size.W),
                Ints("strides", p.stride.H, p.stride.W), Pads(p.padding), Int("ceil_mode", p.ceil_mode ? 1 : 0),
                Int("count_include_pad", p.count_include_pad ? 1 : 0)),
            AdaptiveAvgPool2d p => AdaptivePool(ctx, p, x, y, where),
            BatchNormBase bn => BatchNorm(ctx, bn, x, y, where),
            LayerNorm ln => LayerNorm(ctx, ln, x, y, path),
            Flatten f => Flatten(ctx, f, x, y, path),
            Unflatten u => (u.dim == 0 || u.dim == -x.Example.dim())
                ? throw new OnnxExportException($"onnx export: {where} splits the batch axis, which must stay dynamic in the exported file; unflatten dim 1 or later")
                : ctx.Node("Reshape", [x.Name, ctx.Int64s(path + ".shape", ReshapeTarget(y.shape))], y),
            Upsample u => Resize(ctx, u, x, y, path),
            Embedding e => ctx.Node("Gather", [ctx.Weight(e.weight), x.Name], y),
            MultiheadAttention a => Attention(ctx, a, x, y, path),
            _ => Activation(ctx, m, path, x, y) ?? throw new OnnxExportException($"onnx export: {where} cannot be exported. Supported: {Supported}."),
        };
    }

    private static ExportValue ExportSequential(OnnxExportContext ctx, Sequential seq, ExportValue x)
    {
        foreach (var child in seq) x = ctx.Export(child, x);
        return x;
    }

    private static string Where(Module m, string path) => $"module '{(path.Length == 0 ? "(model)" : path)}' ({m.GetType().Name})";

    private static ExportValue Linear(OnnxExportContext ctx, Linear l, ExportValue x, Tensor y)
    {
        string w = ctx.Weight(l.weight);
        string? b = l.bias is { } bias ? ctx.Weight(bias) : null;
        if (x.Example.dim() == 2)
            return ctx.Node("Gemm", b is null ? [x.Name, w] : [x.Name, w, b], y, Int("transB", 1));
        // Gemm is 2-D only; for (N, *, in) inputs x·Wᵀ is a MatMul with the transposed weight, then a broadcast Add.
        var wt = ctx.Builder.Node("Transpose", [w], Ints("perm", 1, 0));
        var mm = ctx.Builder.Node("MatMul", [x.Name, wt]);
        return b is null ? new(mm, y) : ctx.Node("Add", [mm, b], y);
    }

    private static ExportValue Conv(OnnxExportContext ctx, Conv2d c, ExportValue x, Tensor y, string where)
    {
        var pad = c.padding.Resolve("Conv2d", c.stride, c.kernel_size.H, c.kernel_size.W, c.dilation);
        string[] inputs = c.bias is { } b ? [x.Name, ctx.Weight(c.weight), ctx.Weight(b)] : [x.Name, ctx.Weight(c.weight)];
        return ctx.Node("Conv", inputs, y, Ints("kernel_shape", c.kernel_size.H, c.kernel_size.W), Ints("strides", c.stride.H, c.stride.W),
            Pads(pad), Ints("dilations", c.dilation.H, c.dilation.W), Int("group", c.groups));
    }

    private static ExportValue ConvTranspose(OnnxExportContext ctx, ConvTranspose2d c, ExportValue x, Tensor y)
    {
        // Both PyTorch and ONNX store the weight as (in, out/groups, kH, kW), so it goes out unchanged.
        string[] inputs = c.bias is { } b ? [x.Name, ctx.Weight(c.weight), ctx.Weight(b)] : [x.Name, ctx.Weight(c.weight)];
        return ctx.Node("ConvTranspose", inputs, y, Ints("kernel_shape", c.kernel_size.H, c.kernel_size.W),
            Ints("strides", c.stride.H, c.stride.W), Pads(c.padding), Ints("dilations", c.dilation.H, c.dilation.W),
            Ints("output_padding", c.output_padding.H, c.output_padding.W), Int("group", c.groups));
    }

    private static ExportValue AdaptivePool(OnnxExportContext ctx, AdaptiveAvgPool2d p, ExportValue x, Tensor y, string where)
    {
        int h = x.Example.shape[2], w = x.Example.shape[3], oh = y.shape[2], ow = y.shape[3];
        if (oh == 1 && ow == 1) return ctx.Node("GlobalAveragePool", [x], y);
        if (h % oh == 0 && w % ow == 0) // equal, non-overlapping windows: a plain average pool
            return ctx.Node("AveragePool", [x], y, Ints("kernel_shape", h / oh, w / ow), Ints("strides", h / oh, w / ow));
        throw new OnnxExportException($"onnx export: {where} maps {h}×{w} to {oh}×{ow}, which needs windows of unequal size; " +
                                      "only output size 1 or sizes that divide the input evenly export (ONNX has no adaptive pooling)");
    }

    private static ExportValue BatchNorm(OnnxExportContext ctx, BatchNormBase bn, ExportValue x, Tensor y, string where)
    {
        if (!bn.track_running_stats || bn.running_mean is null || bn.running_var is null)
            throw new OnnxExportException($"onnx export: {where} has track_running_stats=false, so it normalizes with each batch's own statistics; " +
                                          "ONNX BatchNormalization needs running statistics (create the layer with trackRunningStats: true and train it)");
        int c = bn.num_features;
        string scale = bn.weight is { } w ? ctx.Weight(w) : ctx.Constant(ctx.PathOf(bn) + ".ones", Fill(c, 1f), c);
        string shift = bn.bias is { } b ? ctx.Weight(b) : ctx.Constant(ctx.PathOf(bn) + ".zeros", new float[c], c);
        return ctx.Node("BatchNormalization", [x.Name, scale, shift, ctx.Weight(bn.running_mean), ctx.Weight(bn.running_var)], y,
            Float("epsilon", bn.eps));
    }

    private static ExportValue LayerNorm(OnnxExportContext ctx, LayerNorm ln, ExportValue x, Tensor y, string path)
    {
        var shape = ln.normalized_shape;
        long[] dims = shape.Select(d => (long)d).ToArray();
        int n = shape.Aggregate(1, (a, d) => a * d);
        string scale = ln.weight is { } w ? ctx.Weight(w) : ctx.Constant(path + ".ones", Fill(n, 1f), dims);
        string[] inputs = ln.bias is { } b ? [x.Name, scale, ctx.Weight(b)] : [x.Name, scale];
        return ctx.Node("LayerNormalization", inputs, y, Int("axis", -shape.Length), Float("epsilon", ln.eps));
    }

    private static ExportValue Flatten(OnnxExportContext ctx, Flatten f, ExportValue x, Tensor y, string path)
    {
        int rank = x.Example.dim();
        int start = f.start_dim < 0 ? f.start_dim + rank : f.start_dim, end = f.end_dim < 0 ? f.end_dim + rank : f.end_dim;
        if (start == 1 && end == rank - 1) return ctx.Node("Flatten", [x], y, Int("axis", 1)); // ONNX Flatten always yields 2-D
        // start 0 merges the batch axis into the first output axis: its size is unknown, so -1 there.
        long[] target = start == 0 ? y.shape.Select((d, i) => i == 0 ? -1L : d).ToArray() : ReshapeTarget(y.shape);
        return ctx.Node("Reshape", [x.Name, ctx.Int64s(path + ".shape", target)], y);
    }

    /// <summary>Target shape for Reshape: 0 keeps the (dynamic) batch size, the other sizes are fixed.</summary>
    private static long[] ReshapeTarget(int[] outShape) => outShape.Select((d, i) => i == 0 ? 0L : d).ToArray();

    private static ExportValue Resize(OnnxExportContext ctx, Upsample u, ExportValue x, Tensor y, string path)
    {
        int h = x.Example.shape[2], w = x.Example.shape[3], oh = y.shape[2], ow = y.shape[3];
        float sh = u.scale_factor is double f ? (float)f : Scale(h, oh), sw = u.scale_factor is double g ? (float)g : Scale(w, ow);
        string scales = ctx.Constant(path + ".scales", [1f, 1f, sh, sw], 4);
        // Nearest: PyTorch picks floor(i·in/out) ("asymmetric" + "floor"); bilinear maps pixel centres
        // ("pytorch_half_pixel", or "align_corners" when asked).
        AttributeProto[] attrs = u.mode == "nearest"
            ? [String("mode", "nearest"), String("coordinate_transformation_mode", "asymmetric"), String("nearest_mode", "floor")]
            : [String("mode", "linear"), String("coordinate_transformation_mode", u.align_corners == true ? "align_corners" : "pytorch_half_pixel")];
        return ctx.Node("Resize", [x.Name, "", scales], y, attrs);
    }

    /// <summary>A float scale whose floor(in·scale) is exactly the wanted size (plain out/in can round just below it).</summary>
    private static float Scale(int input, int output)
    {
        float s = (float)output / input;
        while (MathF.Floor(input * s) < output) s = MathF.BitIncrement(s);
        return s;
    }

    private static AttributeProto Pads(IntPair p) => Ints("pads", p.H, p.W, p.H, p.W);

    private static float[] Fill(int n, float v) { var a = new float[n]; Array.Fill(a, v); return a; }
}
