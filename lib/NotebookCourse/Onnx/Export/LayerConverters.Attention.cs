using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using static NotebookCourse.Onnx.OnnxAttribute;

namespace NotebookCourse.Onnx.Export;

internal static partial class LayerConverters
{
    /// <summary>
    /// Self-attention (the single-input forward, no masks) as primitive ops: one projection to q|k|v, Slice, per-head
    /// Reshape/Transpose, scaled MatMul, Softmax, MatMul, merge heads, output projection. The batch and
    /// sequence length stay dynamic (Reshape keeps both with 0).
    /// </summary>
    private static ExportValue Attention(OnnxExportContext ctx, MultiheadAttention a, ExportValue x, Tensor y, string path)
    {
        var b = ctx.Builder;
        int e = a.embed_dim, h = a.num_heads, d = a.head_dim;
        // Work in (N, L, E); a sequence-first input is transposed in and out.
        string input = a.batch_first ? x.Name : b.Node("Transpose", [x.Name], Ints("perm", 1, 0, 2));
        string qkv = b.Node("MatMul", [input, b.Node("Transpose", [ctx.Weight(a.in_proj_weight)], Ints("perm", 1, 0))]);
        if (a.in_proj_bias is { } bias) qkv = b.Node("Add", [qkv, ctx.Weight(bias)]);
        string axis = ctx.Int64s(path + ".axis", 2);
        string Part(int k) => b.Node("Slice", [qkv, ctx.Int64s(path + ".start", k * e), ctx.Int64s(path + ".end", (k + 1) * e), axis]);
        string heads = ctx.Int64s(path + ".heads_shape", 0, 0, h, d);
        string Heads(string v, params long[] perm) => b.Node("Transpose", [b.Node("Reshape", [v, heads])], Ints("perm", perm));
        string q = Heads(Part(0), 0, 2, 1, 3), kT = Heads(Part(1), 0, 2, 3, 1), v = Heads(Part(2), 0, 2, 1, 3);
        string scores = b.Node("Mul", [b.Node("MatMul", [q, kT]), ctx.Constant(path + ".scale", [1f / MathF.Sqrt(d)])]);
        string context = b.Node("MatMul", [b.Node("Softmax", [scores], Int("axis", -1)), v]);            // (N, H, L, D)
        string merged = b.Node("Reshape", [b.Node("Transpose", [context], Ints("perm", 0, 2, 1, 3)), ctx.Int64s(path + ".merged_shape", 0, 0, e)]);
        string outW = b.Node("Transpose", [ctx.Weight(a.out_proj.weight)], Ints("perm", 1, 0));
        string output = b.Node("MatMul", [merged, outW]);
        if (a.out_proj.bias is { } ob) output = b.Node("Add", [output, ctx.Weight(ob)]);
        return a.batch_first ? ctx.Node("Identity", [output], y) : ctx.Node("Transpose", [output], y, Ints("perm", 1, 0, 2));
    }
}
