using NotebookCourse.Tensors;

namespace NotebookCourse;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Weight initialization, as in <c>torch.nn.init</c>. Every function fills the tensor in place without
        /// recording a graph and returns it; random ones take an optional <see cref="Generator"/> (default: the global
        /// one seeded by <c>torch.manual_seed</c>). Example: <c>nn.init.kaiming_normal_(conv.weight, mode: "fan_out", nonlinearity: "relu");</c>
        /// </summary>
        public static class init
        {
            /// <summary>
            /// The factor that keeps activations' variance stable through a nonlinearity: 1 for linear/conv/sigmoid,
            /// 5/3 for tanh, √2 for relu, √(2/(1+a²)) for leaky_relu with slope a (default 0.01), 3/4 for selu.
            /// </summary>
            public static double calculate_gain(string nonlinearity, double? param = null)
            {
                switch (nonlinearity)
                {
                    case "linear" or "identity" or "sigmoid" or "conv1d" or "conv2d" or "conv3d"
                        or "conv_transpose1d" or "conv_transpose2d" or "conv_transpose3d":
                        return 1.0;
                    case "tanh": return 5.0 / 3.0;
                    case "relu": return Math.Sqrt(2.0);
                    case "leaky_relu":
                        double slope = param ?? 0.01;
                        return Math.Sqrt(2.0 / (1 + slope * slope));
                    case "selu": return 3.0 / 4.0;
                    default:
                        throw new ArgumentException($"calculate_gain: unknown nonlinearity '{nonlinearity}'; use linear, sigmoid, tanh, relu, leaky_relu, selu or a conv name");
                }
            }

            /// <summary>
            /// (fan_in, fan_out) of a weight: dim 1 and dim 0 times the receptive field (product of dims 2..), so a
            /// Linear (out, in) has fan_in = in and a Conv2d (out, in, kH, kW) has fan_in = in·kH·kW.
            /// </summary>
            public static (int fan_in, int fan_out) calculate_fan_in_and_fan_out(Tensor tensor)
            {
                if (tensor.dim() < 2)
                    throw new ArgumentException($"init: fan in and fan out need a tensor with at least 2 dims (a weight), got shape {ShapeUtil.Format(tensor._shape)}");
                int rf = 1;
                for (int i = 2; i < tensor.dim(); i++) rf *= tensor._shape[i];
                return (tensor._shape[1] * rf, tensor._shape[0] * rf);
            }

            private static int Fan(Tensor tensor, string mode) => mode switch
            {
                "fan_in" => calculate_fan_in_and_fan_out(tensor).fan_in,
                "fan_out" => calculate_fan_in_and_fan_out(tensor).fan_out,
                _ => throw new ArgumentException($"init: mode must be \"fan_in\" or \"fan_out\", got \"{mode}\""),
            };

            private static Tensor Fill(Tensor t, Func<Tensor, Tensor> fill)
            {
                using (no_grad()) fill(t);
                return t;
            }

            /// <summary>Uniform samples in [a, b).</summary>
            public static Tensor uniform_(Tensor tensor, float a = 0f, float b = 1f, Generator? generator = null) =>
                Fill(tensor, t => t.uniform_(a, b, generator));

            /// <summary>Normal samples with the given mean and std.</summary>
            public static Tensor normal_(Tensor tensor, float mean = 0f, float std = 1f, Generator? generator = null) =>
                Fill(tensor, t => t.normal_(mean, std, generator));

            /// <summary>Fills with a constant.</summary>
            public static Tensor constant_(Tensor tensor, float val) => Fill(tensor, t => t.fill_(val));

            /// <summary>Fills with zeros.</summary>
            public static Tensor zeros_(Tensor tensor) => constant_(tensor, 0f);

            /// <summary>Fills with ones.</summary>
            public static Tensor ones_(Tensor tensor) => constant_(tensor, 1f);

            /// <summary>
            /// He/Kaiming uniform: U(−bound, bound) with bound = gain·√(3/fan), gain = calculate_gain(nonlinearity, a).
            /// PyTorch's Linear and Conv defaults are kaiming_uniform_(w, a: √5), i.e. bound = 1/√fan_in.
            /// </summary>
            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu", Generator? generator = null)
            {
                double std = calculate_gain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode));
                float bound = (float)(Math.Sqrt(3.0) * std);
                return uniform_(tensor, -bound, bound, generator);
            }

            /// <summary>He/Kaiming normal: N(0, std²) with std = gain/√fan.</summary>
            public static Tensor kaiming_normal_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu", Generator? generator = null)
            {
                double std = calculate_gain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode));
                return normal_(tensor, 0f, (float)std, generator);
            }

            /// <summary>Glorot/Xavier uniform: U(−a, a) with a = gain·√(6/(fan_in + fan_out)).</summary>
            public static Tensor xavier_uniform_(Tensor tensor, double gain = 1.0, Generator? generator = null)
            {
                var (fi, fo) = calculate_fan_in_and_fan_out(tensor);
                float a = (float)(gain * Math.Sqrt(6.0 / (fi + fo)));
                return uniform_(tensor, -a, a, generator);
            }

            /// <summary>Glorot/Xavier normal: N(0, std²) with std = gain·√(2/(fan_in + fan_out)).</summary>
            public static Tensor xavier_normal_(Tensor tensor, double gain = 1.0, Generator? generator = null)
            {
                var (fi, fo) = calculate_fan_in_and_fan_out(tensor);
                return normal_(tensor, 0f, (float)(gain * Math.Sqrt(2.0 / (fi + fo))), generator);
            }
        }
    }
}
