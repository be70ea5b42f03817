using NotebookCourse.Tensors;

namespace NotebookCourse;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            // The functional spellings of the engine's activation methods, so code written as F.relu(x) transfers.

            /// <summary>max(x, 0); same as <c>x.relu()</c>.</summary>
            public static Tensor relu(Tensor input) => input.relu();
            /// <summary>x for x ≥ 0, negative_slope·x otherwise.</summary>
            public static Tensor leaky_relu(Tensor input, float negative_slope = 0.01f) => input.leaky_relu(negative_slope);
            /// <summary>GELU, exact (erf) or <c>approximate: "tanh"</c>.</summary>
            public static Tensor gelu(Tensor input, string approximate = "none") => input.gelu(approximate);
            /// <summary>x·σ(x).</summary>
            public static Tensor silu(Tensor input) => input.silu();
            /// <summary>1 / (1 + e^(−x)).</summary>
            public static Tensor sigmoid(Tensor input) => input.sigmoid();
            /// <summary>Hyperbolic tangent.</summary>
            public static Tensor tanh(Tensor input) => input.tanh();
            /// <summary>softmax along <paramref name="dim"/>.</summary>
            public static Tensor softmax(Tensor input, int dim) => input.softmax(dim);
            /// <summary>log_softmax along <paramref name="dim"/> (feed it to <see cref="nll_loss"/>).</summary>
            public static Tensor log_softmax(Tensor input, int dim) => input.log_softmax(dim);
            /// <summary>One-hot int64 encoding of class indices (num_classes −1 infers max + 1).</summary>
            public static Tensor one_hot(Tensor input, int num_classes = -1) => input.one_hot(num_classes);
        }
    }
}
