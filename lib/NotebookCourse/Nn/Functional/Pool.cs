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
            /// Max over each kernel_size window of input (N, C, H, W) or (C, H, W); stride defaults to the kernel size.
            /// <c>max_pool2d(x, 2)</c> halves 28×28 to 14×14. The gradient goes to each window's (first) maximum.
            /// </summary>
            [DifferentiableOp("max_pool2d")]
            public static Tensor max_pool2d(Tensor input, IntPair kernel_size, IntPair stride = default,
                IntPair padding = default, IntPair dilation = default, bool ceil_mode = false)
                => MaxPool(input, kernel_size, stride, padding, dilation, ceil_mode).output;

            /// <summary>
            /// <see cref="max_pool2d"/> that also returns the argmax of each window as int64 flat offsets h·W + w
            /// into the input plane (PyTorch's convention, what max_unpool needs).
            /// </summary>
            public static (Tensor output, Tensor indices) max_pool2d_with_indices(Tensor input, IntPair kernel_size,
                IntPair stride = default, IntPair padding = default, IntPair dilation = default, bool ceil_mode = false)
            {
                var (y, idx) = MaxPool(input, kernel_size, stride, padding, dilation, ceil_mode);
                var indices = new long[idx.Length];
                for (int i = 0; i < idx.Length; i++) indices[i] = idx[i];
                return (y, new Tensor(indices, y.shape));
            }

            static (Tensor output, int[] idx) MaxPool(Tensor input, IntPair kernel_size, IntPair stride, IntPair padding,
                IntPair dilation, bool ceil_mode)
            {
                var (g, outShape) = PoolGeometry("max_pool2d", input, kernel_size, stride, padding, dilation, ceil_mode);
                var y = Tensor.Uninitialized(outShape);
                var idx = new int[g.OutputSize];
                Pooling.MaxPoolForward(g, input.SpanF(), y.F, idx);
                var r = Function.Record("max_pool2d", y, [input], gr =>
                {
                    var dx = Tensor.Uninitialized(input._shape);
                    Pooling.MaxPoolBackward(g, gr.SpanF(), idx, dx.F);
                    return [dx];
                });
                return (r, idx);
            }

            /// <summary>
            /// Mean over each window of input (N, C, H, W) or (C, H, W); stride defaults to the kernel size.
            /// With padding, count_include_pad (PyTorch's default) divides by the whole window, zeros included.
            /// </summary>
            [DifferentiableOp("avg_pool2d")]
            public static Tensor avg_pool2d(Tensor input, IntPair kernel_size, IntPair stride = default,
                IntPair padding = default, bool ceil_mode = false, bool count_include_pad = true)
            {
                var (g, outShape) = PoolGeometry("avg_pool2d", input, kernel_size, stride, padding, 1, ceil_mode);
                var y = Tensor.Uninitialized(outShape);
                Pooling.AvgPoolForward(g, input.SpanF(), y.F, count_include_pad);
                return Function.Record("avg_pool2d", y, [input], gr =>
                {
                    var dx = Tensor.Uninitialized(input._shape);
                    Pooling.AvgPoolBackward(g, gr.SpanF(), dx.F, count_include_pad);
                    return [dx];
                });
            }

            /// <summary>
            /// Averages input (N, C, H, W) or (C, H, W) into a fixed output_size grid whatever the input size
            /// (windows may overlap): <c>adaptive_avg_pool2d(x, 1)</c> is global average pooling.
            /// </summary>
            [DifferentiableOp("adaptive_avg_pool2d")]
            public static Tensor adaptive_avg_pool2d(Tensor input, IntPair output_size)
            {
                const string op = "adaptive_avg_pool2d";
                var (n, c, h, w, batched) = Planes(op, input);
                if (!output_size.IsSet || output_size.H <= 0 || output_size.W <= 0)
                    throw new ArgumentException($"{op}: output_size must be positive, got {output_size}");
                int oh = output_size.H, ow = output_size.W;
                int[] outShape = batched ? [n, c, oh, ow] : [c, oh, ow];
                var y = Tensor.Uninitialized(outShape);
                AdaptivePool.AvgForward(n, c, h, w, oh, ow, input.SpanF(), y.F);
                return Function.Record(op, y, [input], gr =>
                {
                    var dx = Tensor.Uninitialized(input._shape);
                    AdaptivePool.AvgBackward(n, c, h, w, oh, ow, gr.SpanF(), dx.F);
                    return [dx];
                });
            }

            static (Pool2dGeometry g, int[] outShape) PoolGeometry(string op, Tensor input, IntPair kernel, IntPair stride,
                IntPair padding, IntPair dilation, bool ceil)
            {
                var (n, c, h, w, batched) = Planes(op, input);
                if (!kernel.IsSet) throw new ArgumentException($"{op}: kernel_size is required, e.g. {op}(x, 2)");
                var st = stride.Or(kernel); var pd = padding.Or(0); var dl = dilation.Or(1);
                var g = Pool2dGeometry.Create(n, c, h, w, kernel.H, kernel.W, st.H, st.W, pd.H, pd.W, dl.H, dl.W, ceil);
                return (g, batched ? [n, c, g.OH, g.OW] : [c, g.OH, g.OW]);
            }

            /// <summary>(N, C, H, W) of a 4-D input, or of a 3-D one with N = 1.</summary>
            static (int n, int c, int h, int w, bool batched) Planes(string op, Tensor input)
            {
                FunctionalUtil.RequireFloat(input, op, "input");
                var s = input._shape;
                if (s.Length == 4) return (s[0], s[1], s[2], s[3], true);
                if (s.Length == 3) return (1, s[0], s[1], s[2], false);
                throw new ArgumentException($"{op} expected input (N, C, H, W) or (C, H, W), got {FunctionalUtil.Fmt(input)}");
            }
        }
    }
}
