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
            /// <summary>
            /// Cross-entropy between raw scores (logits) input (N, C) or (N, C, d₁…) and a target of class indices
            /// (int64, shape (N) or (N, d₁…)) or of class probabilities (float32, the input's shape).
            /// log_softmax and the negative log-likelihood run fused in one pass (stable for large logits).
            /// Options like PyTorch: per-class <paramref name="weight"/> (a constant, gets no gradient),
            /// <paramref name="ignore_index"/> (index targets only), <paramref name="label_smoothing"/> ε mixes the
            /// target with the uniform distribution, reduction "mean" (weighted mean over non-ignored targets),
            /// "sum" or "none". <c>var loss = cross_entropy(model.forward(x), y);</c>
            /// </summary>
            [DifferentiableOp("cross_entropy")]
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                string reduction = "mean", float label_smoothing = 0f)
            {
                const string op = "cross_entropy";
                FunctionalUtil.RequireFloat(input, op, "input (logits)");
                FunctionalUtil.CheckReduction(reduction, op);
                if (!(label_smoothing >= 0f && label_smoothing <= 1f))
                    throw new ArgumentException($"{op}: label_smoothing must be in [0, 1], got {label_smoothing}");
                var L = ClassLayout.Of(op, input);
                var w = L.Weights(op, weight);
                bool soft = target.dtype == DType.float32;
                if (!soft && target.dtype != DType.int64)
                    throw new ArgumentException($"{op}: target must be int64 class indices or float32 class probabilities, got {target.dtype}");
                long[]? idx = null;
                if (!soft) idx = L.Indices(op, input, target, ignore_index);
                else
                {
                    if (!ShapeUtil.SameShape(target._shape, input._shape))
                        throw new ArgumentException(
                            $"{op}: a probability target must have the input's shape {FunctionalUtil.Fmt(input)}, got {FunctionalUtil.Fmt(target)}; " +
                            "for class indices pass an int64 tensor");
                    if (ignore_index >= 0)
                        throw new ArgumentException($"{op}: ignore_index is only supported for class-index targets, not probabilities");
                }
                var ce = new SoftmaxCrossEntropy(L.C, w, label_smoothing, idx, ignore_index);
                int P = L.Positions;
                var x = ClassRows(L, input);           // (P, C), class-contiguous
                var t = soft ? ClassRows(L, target) : default;
                var loss = new double[P];
                var lse = new float[P];
                double denom = ce.Forward(x, t, loss, lse);
                if (soft) denom = P;

                var result = Reduce(loss, reduction, denom, L.PositionShape);
                Tensor[] inputs = soft ? [input, target] : [input];
                return Function.Record(op, result, inputs, g =>
                {
                    var scale = GradScale(g, reduction, denom, P);
                    Tensor? dx = null, dt = null;
                    var xr = ClassRows(L, input);
                    var tr = soft ? ClassRows(L, target) : default;
                    if (input.requires_grad) dx = FromClassRows(L, ce.InputGrad(xr, tr, lse, scale), input._shape);
                    if (soft && target.requires_grad) dt = FromClassRows(L, ce.TargetGrad(xr, lse, scale), target._shape);
                    return soft ? [dx, dt] : [dx];
                }, saved: soft ? [input, target] : [input]);
            }

            /// <summary>
            /// Negative log-likelihood of log-probabilities input (N, C) or (N, C, d₁…) (e.g. from log_softmax) at
            /// int64 class indices target: −weight[y]·input[y], averaged over non-ignored targets by their weights.
            /// <c>cross_entropy(x, y)</c> equals <c>nll_loss(x.log_softmax(1), y)</c>.
            /// </summary>
            [DifferentiableOp("nll_loss")]
            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                string reduction = "mean")
            {
                const string op = "nll_loss";
                FunctionalUtil.RequireFloat(input, op, "input (log-probabilities)");
                FunctionalUtil.CheckReduction(reduction, op);
                if (target.dtype != DType.int64)
                    throw new ArgumentException($"{op}: target must be int64 class indices, got {target.dtype}; convert with .@long()");
                var L = ClassLayout.Of(op, input);
                var w = L.Weights(op, weight);
                var idx = L.Indices(op, input, target, ignore_index);
                var x = input.SpanF();
                int P = L.Positions;
                var loss = new double[P];
                double denom = 0;
                for (int p = 0; p < P; p++)
                {
                    if (idx[p] == ignore_index) continue;
                    float wy = w is null ? 1f : w[idx[p]];
                    loss[p] = -wy * x[L.At(p, (int)idx[p])];
                    denom += wy;
                }
                var result = Reduce(loss, reduction, denom, L.PositionShape);
                return Function.Record(op, result, [input], g =>
                {
                    var scale = GradScale(g, reduction, denom, P);
                    var dx = Tensor.Empty(DType.float32, input._shape);
                    var d = dx.F;
                    for (int p = 0; p < P; p++)
                        if (idx[p] != ignore_index)
                            d[L.At(p, (int)idx[p])] = -scale[p] * (w is null ? 1f : w[idx[p]]);
                    return [dx];
                });
            }

            /// <summary>The tensor as (positions, C) rows: the data itself for (N, C), a channels-last copy for (N, C, d…).</summary>
            static ReadOnlySpan<float> ClassRows(ClassLayout L, Tensor t)
            {
                if (L.Inner == 1) return t.SpanF();
                var perm = new int[t.ndim];
                perm[0] = 0;
                for (int i = 1; i < perm.Length - 1; i++) perm[i] = i + 1;
                perm[^1] = 1;
                using (torch.no_grad()) return t.detach().permute(perm).contiguous().SpanF();
            }

            /// <summary>Inverse of <see cref="ClassRows"/>: (positions, C) rows back to the (N, C, d…) layout.</summary>
            static Tensor FromClassRows(ClassLayout L, float[] rows, int[] shape)
            {
                if (L.Inner == 1) return new Tensor(rows, (int[])shape.Clone());
                var last = new int[shape.Length];
                last[0] = shape[0];
                for (int i = 2; i < shape.Length; i++) last[i - 1] = shape[i];
                last[^1] = shape[1];
                var perm = new int[shape.Length];
                perm[0] = 0; perm[1] = shape.Length - 1;
                for (int i = 2; i < perm.Length; i++) perm[i] = i - 1;
                using (torch.no_grad()) return new Tensor(rows, last).permute(perm).contiguous();
            }

            /// <summary>Per-position losses reduced to a scalar (mean divides by <paramref name="denom"/>) or kept.</summary>
            internal static Tensor Reduce(double[] loss, string reduction, double denom, int[] positionShape)
            {
                if (reduction == "none")
                {
                    var r = new float[loss.Length];
                    for (int i = 0; i < r.Length; i++) r[i] = (float)loss[i];
                    return new Tensor(r, (int[])positionShape.Clone());
                }
                double s = 0;
                foreach (var v in loss) s += v;
                return FunctionalUtil.ScalarF((float)(reduction == "mean" ? s / denom : s));
            }

            /// <summary>The upstream gradient of each position: g/denom (mean), g (sum) or g[p] (none).</summary>
            internal static float[] GradScale(Tensor g, string reduction, double denom, int positions)
            {
                var r = new float[positions];
                if (reduction == "none") { g.SpanF().CopyTo(r); return r; }
                float v = g.item();
                if (reduction == "mean") v = (float)(v / denom);
                Array.Fill(r, v);
                return r;
            }
        }
    }
}
