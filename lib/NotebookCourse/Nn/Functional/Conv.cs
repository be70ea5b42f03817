using NotebookCourse.Autograd;
using NotebookCourse.Kernels;
using NotebookCourse.Nn;
using NotebookCourse.Tensors;

namespace NotebookCourse;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// 2-D convolution (cross-correlation like PyTorch) of input (N, C, H, W) or (C, H, W) with weight
            /// (K, C/groups, KH, KW) and optional bias (K): output (N, K, OH, OW).
            /// <c>conv2d(x, w, b, stride: 2, padding: 1)</c>; pairs are written <c>padding: (1, 2)</c>, and
            /// <c>padding: "same"</c> keeps the size.
            /// </summary>
            [DifferentiableOp("conv2d")]
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, IntPair stride = default,
                ConvPadding padding = default, IntPair dilation = default, int groups = 1)
            {
                var (batched, n) = ConvInput("conv2d", input, weight, 2, groups);
                int[] s = input._shape, ws = weight._shape;
                int off = batched ? 1 : 0;
                var st = stride.Or(1); var dl = dilation.Or(1);
                var pd = padding.Resolve("conv2d", st, ws[2], ws[3], dl);
                var g = Conv2dGeometry.Create(n, s[off], s[off + 1], s[off + 2], ws[0], ws[2], ws[3],
                    st.H, st.W, pd.H, pd.W, dl.H, dl.W, groups);
                int[] outShape = batched ? [n, g.K, g.OH, g.OW] : [g.K, g.OH, g.OW];
                return ConvCore("conv2d", input, weight, bias, g, outShape);
            }

            /// <summary>
            /// 1-D convolution of input (N, C, L) or (C, L) with weight (K, C/groups, KL) and optional bias (K):
            /// output (N, K, OL). Text and audio models use it; it runs the conv2d kernels with height 1.
            /// </summary>
            [DifferentiableOp("conv1d")]
            public static Tensor conv1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1,
                ConvPadding padding = default, int dilation = 1, int groups = 1)
            {
                var (batched, n) = ConvInput("conv1d", input, weight, 1, groups);
                int[] s = input._shape, ws = weight._shape;
                int off = batched ? 1 : 0;
                if (padding.Mode is null && padding.Size.IsSet && padding.Size.H != padding.Size.W)
                    throw new ArgumentException($"conv1d: padding must be one number, got {padding}");
                int pad = padding.Resolve("conv1d", stride, 1, ws[2], dilation).W;
                var g = Conv2dGeometry.Create(n, s[off], 1, s[off + 1], ws[0], 1, ws[2], 1, stride, 0, pad, 1, dilation, groups);
                int[] outShape = batched ? [n, g.K, g.OW] : [g.K, g.OW];
                return ConvCore("conv1d", input, weight, bias, g, outShape);
            }

            /// <summary>
            /// Transposed convolution (the adjoint of conv2d, "deconvolution") of input (N, inC, H, W) or
            /// (inC, H, W) with weight (inC, outC/groups, KH, KW): output (N, outC, OH, OW) where
            /// OH = (H−1)·stride − 2·padding + dilation·(KH−1) + output_padding + 1. A stride-2 kernel-4 padding-1
            /// layer doubles the resolution: <c>conv_transpose2d(z, w, stride: 2, padding: 1)</c>.
            /// </summary>
            [DifferentiableOp("conv_transpose2d")]
            public static Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias = null, IntPair stride = default,
                IntPair padding = default, IntPair output_padding = default, int groups = 1, IntPair dilation = default)
            {
                const string op = "conv_transpose2d";
                FunctionalUtil.RequireFloat(input, op, "input");
                FunctionalUtil.RequireFloat(weight, op, "weight");
                if (weight.ndim != 4)
                    throw new ArgumentException($"{op}: weight must be 4-D (in_channels, out_channels/groups, kH, kW), got {FunctionalUtil.Fmt(weight)}");
                int[] ws = weight._shape;
                if (groups <= 0 || ws[0] % groups != 0)
                    throw new ArgumentException($"{op}: groups={groups} must divide the weight's in_channels {ws[0]} (weight {FunctionalUtil.Fmt(weight)})");
                bool batched = input.ndim == 4;
                if ((input.ndim != 4 && input.ndim != 3) || input._shape[batched ? 1 : 0] != ws[0])
                    throw new ArgumentException(
                        $"{op} expected input (N, {ws[0]}, H, W) for a weight of shape {FunctionalUtil.Fmt(weight)}, got {FunctionalUtil.Fmt(input)}");
                int[] s = input._shape;
                int off = batched ? 1 : 0, n = batched ? s[0] : 1;
                var st = stride.Or(1); var pd = padding.Or(0); var op2 = output_padding.Or(0); var dl = dilation.Or(1);
                var g = Conv2dGeometry.ForTranspose(n, ws[0], s[off + 1], s[off + 2], ws[1] * groups, ws[2], ws[3],
                    st.H, st.W, pd.H, pd.W, op2.H, op2.W, dl.H, dl.W, groups);
                CheckBias(op, bias, g.C, weight);
                int[] outShape = batched ? [n, g.C, g.H, g.W] : [g.C, g.H, g.W];
                var y = Tensor.Uninitialized(outShape);
                Kernels.ConvTranspose2d.Forward(g, input.SpanF(), weight.SpanF(), bias is null ? default : bias.SpanF(), y.F);
                Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
                return Function.Record(op, y, inputs, gr =>
                {
                    var gs = gr.SpanF();
                    Tensor? dx = null, dw = null, db = null;
                    if (input.requires_grad) { dx = Tensor.Uninitialized(input._shape); Kernels.ConvTranspose2d.BackwardData(g, gs, weight.SpanF(), dx.F); }
                    if (weight.requires_grad) { dw = Tensor.Uninitialized(weight._shape); Kernels.ConvTranspose2d.BackwardWeight(g, input.SpanF(), gs, dw.F); }
                    if (bias is not null && bias.requires_grad) { db = Tensor.Uninitialized(bias._shape); Kernels.ConvTranspose2d.BackwardBias(g, gs, db.F); }
                    return bias is null ? [dx, dw] : [dx, dw, db];
                }, saved: [input, weight]);
            }

            /// <summary>Forward through the conv2d kernels and the record shared by conv1d and conv2d.</summary>
            static Tensor ConvCore(string op, Tensor input, Tensor weight, Tensor? bias, Conv2dGeometry g, int[] outShape)
            {
                CheckBias(op, bias, g.K, weight);
                var y = Tensor.Uninitialized(outShape);
                Kernels.Conv2d.Forward(g, input.SpanF(), weight.SpanF(), bias is null ? default : bias.SpanF(), y.F);
                Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
                return Function.Record(op, y, inputs, gr =>
                {
                    var gs = gr.SpanF();
                    Tensor? dx = null, dw = null, db = null;
                    if (input.requires_grad) { dx = Tensor.Uninitialized(input._shape); Kernels.Conv2d.BackwardData(g, gs, weight.SpanF(), dx.F); }
                    if (weight.requires_grad) { dw = Tensor.Uninitialized(weight._shape); Kernels.Conv2d.BackwardWeight(g, input.SpanF(), gs, dw.F); }
                    if (bias is not null && bias.requires_grad) { db = Tensor.Uninitialized(bias._shape); Kernels.Conv2d.BackwardBias(g, gs, db.F); }
                    return bias is null ? [dx, dw] : [dx, dw, db];
                }, saved: [input, weight]);
            }

            /// <summary>Checks input/weight ranks and channel counts; returns (batched, N).</summary>
            static (bool batched, int n) ConvInput(string op, Tensor input, Tensor weight, int spatial, int groups)
            {
                FunctionalUtil.RequireFloat(input, op, "input");
                FunctionalUtil.RequireFloat(weight, op, "weight");
                string dims = spatial == 2 ? "H, W" : "L";
                string kdims = spatial == 2 ? "kH, kW" : "kL";
                if (weight.ndim != spatial + 2)
                    throw new ArgumentException($"{op}: weight must be {spatial + 2}-D (out_channels, in_channels/groups, {kdims}), got {FunctionalUtil.Fmt(weight)}");
                int k = weight._shape[0], cg = weight._shape[1];
                if (groups <= 0 || k % groups != 0)
                    throw new ArgumentException($"{op}: groups={groups} must divide out_channels {k} (weight {FunctionalUtil.Fmt(weight)})");
                int c = cg * groups;
                bool batched = input.ndim == spatial + 2;
                if ((!batched && input.ndim != spatial + 1) || input._shape[batched ? 1 : 0] != c)
                    throw new ArgumentException(
                        $"{op} expected input (N, {c}, {dims}) for a weight of shape {FunctionalUtil.Fmt(weight)}" +
                        (groups > 1 ? $" and groups={groups}" : "") + $", got {FunctionalUtil.Fmt(input)}");
                return (batched, batched ? input._shape[0] : 1);
            }

            static void CheckBias(string op, Tensor? bias, int channels, Tensor weight)
            {
                if (bias is null) return;
                FunctionalUtil.RequireFloat(bias, op, "bias");
                if (bias.ndim != 1 || bias._shape[0] != channels)
                    throw new ArgumentException($"{op}: bias must have shape ({channels},) for a weight of shape {FunctionalUtil.Fmt(weight)}, got {FunctionalUtil.Fmt(bias)}");
            }
        }
    }
}
