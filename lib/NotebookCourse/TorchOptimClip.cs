using NotebookCourse.Optim;
using NotebookCourse.Tensors;

namespace NotebookCourse;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Training utilities: gradient clipping.</summary>
        public static partial class utils
        {
            /// <summary>Rescales the gradients so their joint norm is at most <paramref name="max_norm"/>; returns the norm before clipping.
            /// Example: <c>loss.backward(); nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step();</c></summary>
            public static Tensor clip_grad_norm_(IEnumerable<Tensor> parameters, double max_norm, double norm_type = 2, bool error_if_nonfinite = false) =>
                GradClip.ClipNorm(parameters, max_norm, norm_type, error_if_nonfinite);

            /// <summary>Clamps every gradient element into [-clip_value, clip_value].</summary>
            public static void clip_grad_value_(IEnumerable<Tensor> parameters, double clip_value) => GradClip.ClipValue(parameters, clip_value);
        }
    }
}
