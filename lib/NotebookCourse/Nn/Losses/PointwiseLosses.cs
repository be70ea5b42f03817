using NotebookCourse.Autograd;
using NotebookCourse.Nn;
using NotebookCourse.Tensors;

namespace NotebookCourse;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>Mean squared error (x − t)², reduced by "mean" (default), "sum" or "none". Input and target have the same shape.</summary>
            [DifferentiableOp("mse_loss")]
            public static Tensor mse_loss(Tensor input, Tensor target, string reduction = "mean")
                => PointwiseLoss.Run("mse_loss", input, target, reduction, new Mse());

            /// <summary>Mean absolute error |x − t| (gradient 0 where x = t), reduced by "mean", "sum" or "none".</summary>
            [DifferentiableOp("l1_loss")]
            public static Tensor l1_loss(Tensor input, Tensor target, string reduction = "mean")
                => PointwiseLoss.Run("l1_loss", input, target, reduction, new L1());

            /// <summary>
            /// Binary cross-entropy −w·(t·log x + (1−t)·log(1−x)) of probabilities x in [0, 1] (after a sigmoid);
            /// logs are clamped at −100 like PyTorch. weight broadcasts to the input. Prefer
            /// <see cref="binary_cross_entropy_with_logits"/> on raw scores: it is stable for large ones.
            /// </summary>
            [DifferentiableOp("binary_cross_entropy")]
            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null, string reduction = "mean")
            {
                const string op = "binary_cross_entropy";
                FunctionalUtil.RequireFloat(input, op, "input");
                var xs = input.SpanF();
                for (int i = 0; i < xs.Length; i++)
                    if (!(xs[i] >= 0f && xs[i] <= 1f))
                        throw new ArgumentException(
                            $"{op}: input values must be probabilities in [0, 1], got {xs[i]} at position {i}; apply .sigmoid() first, " +
                            "or use binary_cross_entropy_with_logits on the raw scores");
                var w = PointwiseLoss.Broadcast(op, "weight", weight, input);
                return PointwiseLoss.Run(op, input, target, reduction, new Bce(w));
            }

            /// <summary>
            /// Binary cross-entropy on raw scores (logits) x, computed stably as
            /// w·((1−t)·x + (1 + (pos_weight−1)·t)·log(1 + e^(−x))). pos_weight (e.g. one per class, broadcast over the
            /// last dim) weighs positive examples: negatives/positives balances a rare class.
            /// </summary>
            [DifferentiableOp("binary_cross_entropy_with_logits")]
            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null,
                string reduction = "mean", Tensor? pos_weight = null)
            {
                const string op = "binary_cross_entropy_with_logits";
                FunctionalUtil.RequireFloat(input, op, "input");
                var w = PointwiseLoss.Broadcast(op, "weight", weight, input);
                var pw = PointwiseLoss.Broadcast(op, "pos_weight", pos_weight, input);
                return PointwiseLoss.Run(op, input, target, reduction, new BceLogits(w, pw));
            }

            /// <summary>
            /// Kullback–Leibler divergence KL(target ‖ model) with input = model log-probabilities:
            /// t·(log t − x) per element (0 where t = 0), or with log_target e^t·(t − x) for log-probability targets.
            /// reduction "batchmean" (sum / batch size) is the mathematically correct KL; "mean" divides by every element.
            /// </summary>
            [DifferentiableOp("kl_div")]
            public static Tensor kl_div(Tensor input, Tensor target, string reduction = "mean", bool log_target = false)
                => PointwiseLoss.Run("kl_div", input, target, reduction, new KlDiv(log_target));

            readonly struct Mse : IPointwiseLoss
            {
                public double Value(float x, float t, int i) { double d = (double)x - t; return d * d; }
                public (float dx, float dt) Grad(float x, float t, int i) { float d = 2f * (x - t); return (d, -d); }
            }

            readonly struct L1 : IPointwiseLoss
            {
                public double Value(float x, float t, int i) => Math.Abs((double)x - t);
                public (float dx, float dt) Grad(float x, float t, int i) { float s = MathF.Sign(x - t); return (s, -s); }
            }

            readonly struct Bce(float[]? w) : IPointwiseLoss
            {
                static double ClampedLog(double v) => Math.Max(Math.Log(v), -100.0);
                public double Value(float x, float t, int i)
                    => -(w is null ? 1f : w[i]) * (t * ClampedLog(x) + (1.0 - t) * ClampedLog(1.0 - x));
                public (float dx, float dt) Grad(float x, float t, int i)
                {
                    double wi = w is null ? 1.0 : w[i];
                    // PyTorch keeps the denominator away from 0 with eps = 1e-12.
                    double dx = wi * (x - t) / Math.Max((1.0 - x) * x, 1e-12);
                    double dt = -wi * (ClampedLog(x) - ClampedLog(1.0 - x));
                    return ((float)dx, (float)dt);
                }
            }

            readonly struct BceLogits(float[]? w, float[]? pw) : IPointwiseLoss
            {
                // log(1 + e^(−x)) without overflow for any x
                static double SoftplusNeg(double x) => Math.Max(-x, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs(x)));
                public double Value(float x, float t, int i)
                {
                    double lw = 1.0 + ((pw is null ? 1f : pw[i]) - 1.0) * t;
                    return (w is null ? 1f : w[i]) * ((1.0 - t) * x + lw * SoftplusNeg(x));
                }
                public (float dx, float dt) Grad(float x, float t, int i)
                {
                    double p = pw is null ? 1.0 : pw[i], wi = w is null ? 1.0 : w[i];
                    double lw = 1.0 + (p - 1.0) * t;
                    double sigNeg = 1.0 / (1.0 + Math.Exp(x)); // σ(−x)
                    return ((float)(wi * ((1.0 - t) - lw * sigNeg)), (float)(wi * (-x + (p - 1.0) * SoftplusNeg(x))));
                }
            }

            readonly struct KlDiv(bool logTarget) : IPointwiseLoss
            {
                public double Value(float x, float t, int i)
                {
                    if (logTarget) return Math.Exp(t) * ((double)t - x);
                    return t > 0 ? t * (Math.Log(t) - x) : 0.0 - t * (double)x;
                }
                public (float dx, float dt) Grad(float x, float t, int i)
                {
                    if (logTarget) { double et = Math.Exp(t); return ((float)-et, (float)(et * ((double)t - x + 1.0))); }
                    return (-t, t > 0 ? (float)(Math.Log(t) + 1.0 - x) : float.NegativeInfinity);
                }
            }
        }
    }
}
