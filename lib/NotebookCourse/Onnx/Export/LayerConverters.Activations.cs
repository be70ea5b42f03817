using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using static NotebookCourse.Onnx.OnnxAttribute;

namespace NotebookCourse.Onnx.Export;

internal static partial class LayerConverters
{
    /// <summary>The elementwise and softmax layers; null when <paramref name="m"/> is none of them.</summary>
    private static ExportValue? Activation(OnnxExportContext ctx, Module m, string path, ExportValue x, Tensor y) => m switch
    {
        ReLU => ctx.Node("Relu", [x], y),
        LeakyReLU l => ctx.Node("LeakyRelu", [x], y, Float("alpha", l.negative_slope)),
        Sigmoid => ctx.Node("Sigmoid", [x], y),
        Tanh => ctx.Node("Tanh", [x], y),
        SiLU => ctx.Node("Mul", [x.Name, ctx.Builder.Node("Sigmoid", [x.Name])], y),
        GELU g => g.approximate == "none" ? GeluErf(ctx, path, x, y) : GeluTanh(ctx, path, x, y),
        Softmax s => ctx.Node("Softmax", [x], y, Int("axis", s.dim)),
        LogSoftmax s => ctx.Node("Log", [ctx.Builder.Node("Softmax", [x.Name], Int("axis", s.dim))], y),
        _ => null,
    };

    // Opset 17 has no Gelu op, so GELU is written with the primitives: 0.5·x·(1 + erf(x/√2)).
    internal static ExportValue GeluErf(OnnxExportContext ctx, string path, ExportValue x, Tensor y)
    {
        var b = ctx.Builder;
        string scaled = b.Node("Div", [x.Name, ctx.Constant(path + ".sqrt2", [MathF.Sqrt(2f)])]);
        string onePlus = b.Node("Add", [b.Node("Erf", [scaled]), ctx.Constant(path + ".one", [1f])]);
        string half = b.Node("Mul", [x.Name, ctx.Constant(path + ".half", [0.5f])]);
        return ctx.Node("Mul", [half, onePlus], y);
    }

    // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), the approximate="tanh" form.
    internal static ExportValue GeluTanh(OnnxExportContext ctx, string path, ExportValue x, Tensor y)
    {
        var b = ctx.Builder;
        string cube = b.Node("Mul", [b.Node("Mul", [x.Name, x.Name]), x.Name]);
        string inner = b.Node("Add", [x.Name, b.Node("Mul", [cube, ctx.Constant(path + ".c", [0.044715f])])]);
        string t = b.Node("Tanh", [b.Node("Mul", [inner, ctx.Constant(path + ".k", [MathF.Sqrt(2f / MathF.PI)])])]);
        string onePlus = b.Node("Add", [t, ctx.Constant(path + ".one", [1f])]);
        string half = b.Node("Mul", [x.Name, ctx.Constant(path + ".half", [0.5f])]);
        return ctx.Node("Mul", [half, onePlus], y);
    }
}
