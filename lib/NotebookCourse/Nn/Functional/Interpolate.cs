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
            /// Resizes input (N, C, H, W) to <paramref name="size"/> or to ⌊H·scale_factor⌋ × ⌊W·scale_factor⌋
            /// (give exactly one). mode "nearest" copies the pixel at ⌊dst·H/OH⌋; "bilinear" interpolates, with
            /// align_corners (default false) matching the corner pixels of input and output.
            /// Source positions come from the size ratio, which is PyTorch's rule for integer scale factors
            /// (and for any factor with recompute_scale_factor=True). <c>interpolate(x, scale_factor: 2)</c>.
            /// </summary>
            [DifferentiableOp("interpolate")]
            public static Tensor interpolate(Tensor input, IntPair size = default, double? scale_factor = null,
                string mode = "nearest", bool? align_corners = null)
            {
                const string op = "interpolate";
                FunctionalUtil.RequireFloat(input, op, "input");
                if (input.ndim != 4)
                    throw new ArgumentException($"{op} expected input (N, C, H, W), got {FunctionalUtil.Fmt(input)}");
                if (mode is not ("nearest" or "bilinear"))
                    throw new ArgumentException($"{op}: mode must be \"nearest\" or \"bilinear\", got \"{mode}\"");
                if (mode == "nearest" && align_corners is not null)
                    throw new ArgumentException($"{op}: align_corners only applies to mode \"bilinear\"; leave it out for \"nearest\"");
                if (size.IsSet == scale_factor.HasValue)
                    throw new ArgumentException($"{op}: give exactly one of size and scale_factor (got size {size}, scale_factor {scale_factor?.ToString() ?? "none"})");
                int n = input._shape[0], c = input._shape[1], h = input._shape[2], w = input._shape[3];
                int oh, ow;
                if (size.IsSet) { oh = size.H; ow = size.W; }
                else
                {
                    double f = scale_factor!.Value;
                    if (!(f > 0))
                        throw new ArgumentException($"{op}: scale_factor must be positive, got {f}");
                    oh = (int)Math.Floor(h * f); ow = (int)Math.Floor(w * f);
                }
                if (oh <= 0 || ow <= 0)
                    throw new ArgumentException($"{op}: output size {oh}×{ow} for input {FunctionalUtil.Fmt(input)} must be positive");
                bool bilinear = mode == "bilinear", corners = align_corners ?? false;
                var y = Tensor.Uninitialized([n, c, oh, ow]);
                if (bilinear) Kernels.Upsample.BilinearForward(n, c, h, w, oh, ow, corners, input.SpanF(), y.F);
                else Kernels.Upsample.NearestForward(n, c, h, w, oh, ow, input.SpanF(), y.F);
                return Function.Record(op, y, [input], g =>
                {
                    var dx = Tensor.Uninitialized(input._shape);
                    if (bilinear) Kernels.Upsample.BilinearBackward(n, c, h, w, oh, ow, corners, g.SpanF(), dx.F);
                    else Kernels.Upsample.NearestBackward(n, c, h, w, oh, ow, g.SpanF(), dx.F);
                    return [dx];
                });
            }

            /// <summary>Same as <see cref="interpolate"/> (PyTorch's older name).</summary>
            public static Tensor upsample(Tensor input, IntPair size = default, double? scale_factor = null,
                string mode = "nearest", bool? align_corners = null)
                => interpolate(input, size, scale_factor, mode, align_corners);
        }
    }
}
