using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using static NotebookCourse.Onnx.OnnxAttribute;

namespace NotebookCourse.Onnx.Export;

internal static partial class LayerConverters
{
    private static ExportValue Conv1d(OnnxExportContext ctx, Conv1d c, ExportValue x, Tensor y)
    {
        if (x.Example.dim() != 3)
            throw new OnnxExportException($"onnx export: Conv1d '{ctx.PathOf(c)}' gets an input of shape {ShapeUtil.Format(x.Example.shape)}; export it with a batch axis (N, C, L)");
        int pad = c.padding.Resolve("Conv1d", c.stride, 1, c.kernel_size, c.dilation).W;
        string[] inputs = c.bias is { } b ? [x.Name, ctx.Weight(c.weight), ctx.Weight(b)] : [x.Name, ctx.Weight(c.weight)];
        return ctx.Node("Conv", inputs, y, Ints("kernel_shape", c.kernel_size), Ints("strides", c.stride), Ints("pads", pad, pad),
            Ints("dilations", c.dilation), Int("group", c.groups));
    }

    /// <summary>
    /// GroupNorm at opset 17 (GroupNormalization only arrived in opset 18): (N, C, *) → Reshape (N, G, -1) →
    /// InstanceNormalization with unit scale → Reshape back → per-channel Mul/Add.
    /// </summary>
    private static ExportValue GroupNorm(OnnxExportContext ctx, GroupNorm g, ExportValue x, Tensor y, string path)
    {
        var b = ctx.Builder;
        int rank = x.Example.dim(), groups = g.num_groups;
        if (rank < 2)
            throw new OnnxExportException($"onnx export: GroupNorm '{path}' gets an input of shape {ShapeUtil.Format(x.Example.shape)}; it needs (N, C, *)");
        string grouped = b.Node("Reshape", [x.Name, ctx.Int64s(path + ".grouped_shape", 0, groups, -1)]);
        string normed = b.Node("InstanceNormalization",
            [grouped, ctx.Constant(path + ".group_scale", Fill(groups, 1f), groups), ctx.Constant(path + ".group_shift", new float[groups], groups)],
            Float("epsilon", g.eps));
        // Back to (N, C, *): -1 absorbs a (possibly dynamic) length for 1-D data; 2-D and more keep the example's spatial sizes.
        long[] backShape = rank == 3 ? [0, g.num_channels, -1] : [0, .. x.Example.shape.Skip(1).Select(d => (long)d)];
        string back = b.Node("Reshape", [normed, ctx.Int64s(path + ".shape", backShape)]);
        if (g.weight is null || g.bias is null) return ctx.Node("Identity", [back], y);
        // (C) → (C, 1, …, 1) so the affine part broadcasts over the spatial axes.
        string perChannel = ctx.Int64s(path + ".channel_shape", [g.num_channels, .. Enumerable.Repeat(1L, rank - 2)]);
        string scale = b.Node("Reshape", [ctx.Weight(g.weight), perChannel]);
        string shift = b.Node("Reshape", [ctx.Weight(g.bias), perChannel]);
        return ctx.Node("Add", [b.Node("Mul", [back, scale]), shift], y);
    }
}
