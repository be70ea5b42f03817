using NotebookCourse.Autograd;
using NotebookCourse.Kernels;
using NotebookCourse.Nn;
using NotebookCourse.Tensors;

namespace NotebookCourse;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Stateless forms of the layers and the losses, PyTorch's <c>torch.nn.functional</c>.</summary>
        public static partial class functional
        {
            /// <summary>
            /// y = x·Wᵀ + b for x (…, in_features), weight (out_features, in_features), bias (out_features):
            /// one GEMM over all leading dims. <c>linear(h, w, b)</c> with h (64, 784), w (10, 784) gives (64, 10).
            /// </summary>
            [DifferentiableOp("linear")]
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null)
            {
                FunctionalUtil.RequireFloat(input, "linear", "input");
                FunctionalUtil.RequireFloat(weight, "linear", "weight");
                if (weight.ndim != 2)
                    throw new ArgumentException($"linear: weight must be 2-D (out_features, in_features), got {FunctionalUtil.Fmt(weight)}");
                int outF = weight._shape[0], inF = weight._shape[1];
                if (input.ndim == 0 || input._shape[^1] != inF)
                    throw new ArgumentException(
                        $"linear: input {FunctionalUtil.Fmt(input)} must end in in_features = {inF} for a weight of shape {FunctionalUtil.Fmt(weight)}; " +
                        $"flatten the input (x.view(x.shape[0], -1)) or change the layer's in_features");
                if (bias is not null)
                {
                    FunctionalUtil.RequireFloat(bias, "linear", "bias");
                    if (bias.ndim != 1 || bias._shape[0] != outF)
                        throw new ArgumentException($"linear: bias must have shape ({outF},) for a weight of shape {FunctionalUtil.Fmt(weight)}, got {FunctionalUtil.Fmt(bias)}");
                }
                int m = input.numel() / Math.Max(inF, 1);
                if (inF == 0) m = ShapeUtil.Numel(input._shape[..^1]);
                var outShape = (int[])input._shape.Clone();
                outShape[^1] = outF;
                var y = Tensor.Uninitialized(outShape); // Sgemm with beta = 0 writes every element
                var x = input.SpanF();
                var w = weight.SpanF();
                var yf = y.F.AsSpan();
                Gemm.Sgemm(false, true, m, outF, inF, 1f, x, inF, w, inF, 0f, yf, outF);
                if (bias is not null)
                {
                    var b = bias.SpanF();
                    for (int i = 0; i < m; i++)
                        System.Numerics.Tensors.TensorPrimitives.Add(yf.Slice(i * outF, outF), b, yf.Slice(i * outF, outF));
                }
                Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
                return Function.Record("linear", y, inputs, g =>
                {
                    var gs = g.SpanF();
                    Tensor? dx = null, dw = null, db = null;
                    if (input.requires_grad)
                    {
                        dx = Tensor.Uninitialized(input._shape);
                        Gemm.Sgemm(false, false, m, inF, outF, 1f, gs, outF, weight.SpanF(), inF, 0f, dx.F, inF);
                    }
                    if (weight.requires_grad)
                    {
                        dw = Tensor.Uninitialized(weight._shape);
                        Gemm.Sgemm(true, false, outF, inF, m, 1f, gs, outF, input.SpanF(), inF, 0f, dw.F, inF);
                    }
                    if (bias is not null && bias.requires_grad)
                    {
                        var d = new float[outF];
                        for (int i = 0; i < m; i++)
                            System.Numerics.Tensors.TensorPrimitives.Add(d, gs.Slice(i * outF, outF), d);
                        db = new Tensor(d, [outF]);
                    }
                    return bias is null ? [dx, dw] : [dx, dw, db];
                }, saved: [input, weight]);
            }

        }
    }
}
