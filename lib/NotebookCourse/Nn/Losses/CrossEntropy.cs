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
                var x = input.SpanF();
                var lse = LogSumExp(L, x);
                bool soft = target.dtype == DType.float32;
                if (!soft && target.dtype != DType.int64)
                    throw new ArgumentException($"{op}: target must be int64 class indices or float32 class probabilities, got {target.dtype}");
                float eps = label_smoothing, wsum = 0f;
                if (w is null) wsum = L.C; else foreach (var v in w) wsum += v;

                int P = L.Positions;
                var loss = new double[P];
                var rowMass = new float[P]; // Σ_c q_c: the total target mass of each position
                double denom = 0;
                long[]? idx = null;
                float[]? t = null;
                if (!soft)
                {
                    idx = L.Indices(op, input, target, ignore_index);
                    for (int p = 0; p < P; p++)
                    {
                        long y = idx[p];
                        if (y == ignore_index) continue;
                        float wy = w is null ? 1f : w[y];
                        double l = (1 - eps) * wy * (lse[p] - x[L.At(p, (int)y)]);
                        if (eps > 0)
                        {
                            double sm = 0;
                            for (int c = 0; c < L.C; c++) sm += (w is null ? 1f : w[c]) * (lse[p] - x[L.At(p, c)]);
                            l += eps / L.C * sm;
                        }
                        loss[p] = l;
                        rowMass[p] = (1 - eps) * wy + eps / L.C * wsum;
                        denom += wy;
                    }
                }
                else
                {
                    if (!ShapeUtil.SameShape(target._shape, input._shape))
                        throw new ArgumentException(
                            $"{op}: a probability target must have the input's shape {FunctionalUtil.Fmt(input)}, got {FunctionalUtil.Fmt(target)}; " +
                            "for class indices pass an int64 tensor");
                    if (ignore_index >= 0)
                        throw new ArgumentException($"{op}: ignore_index is only supported for class-index targets, not probabilities");
                    t = target.SpanF().ToArray();
                    for (int p = 0; p < P; p++)
                    {
                        double l = 0, mass = 0;
                        for (int c = 0; c < L.C; c++)
                        {
                            int i = L.At(p, c);
                            double q = (w is null ? 1f : w[c]) * ((1 - eps) * t[i] + eps / L.C);
                            l += q * (lse[p] - x[i]);
                            mass += q;
                        }
                        loss[p] = l; rowMass[p] = (float)mass;
                    }
                    denom = P;
                }

                var result = Reduce(loss, reduction, denom, L.PositionShape);
                Tensor[] inputs = soft ? [input, target] : [input];
                return Function.Record(op, result, inputs, g =>
                {
                    var scale = GradScale(g, reduction, denom, P);
                    var xs = input.SpanF();
                    Tensor? dx = null, dt = null;
                    if (input.requires_grad)
                    {
                        dx = Tensor.Uninitialized(input._shape);
                        var d = dx.F;
                        for (int p = 0; p < P; p++)
                        {
                            float sc = scale[p];
                            bool ignored = idx is not null && idx[p] == ignore_index;
                            for (int c = 0; c < L.C; c++)
                            {
                                int i = L.At(p, c);
                                if (ignored || sc == 0f) { d[i] = 0f; continue; }
                                float q = idx is not null
                                    ? (w is null ? 1f : w[c]) * ((c == idx[p] ? 1 - eps : 0f) + eps / L.C)
                                    : (w is null ? 1f : w[c]) * ((1 - eps) * t![i] + eps / L.C);
                                d[i] = sc * (MathF.Exp(xs[i] - lse[p]) * rowMass[p] - q);
                            }
                        }
                    }
                    if (soft && target.requires_grad)
                    {
                        dt = Tensor.Uninitialized(target._shape);
                        var d = dt.F;
                        for (int p = 0; p < P; p++)
                            for (int c = 0; c < L.C; c++)
                            {
                                int i = L.At(p, c);
                                d[i] = scale[p] * (w is null ? 1f : w[c]) * (1 - eps) * (lse[p] - xs[i]);
                            }
                    }
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

            /// <summary>log Σ_c exp(x_c) of every position, with the max shift.</summary>
            static float[] LogSumExp(ClassLayout L, ReadOnlySpan<float> x)
            {
                var r = new float[L.Positions];
                if (L.Inner == 1)
                {
                    for (int p = 0; p < r.Length; p++)
                    {
                        var row = x.Slice(p * L.C, L.C);
                        float m = L.C == 0 ? 0f : System.Numerics.Tensors.TensorPrimitives.Max(row);
                        if (float.IsInfinity(m)) m = 0f;
                        double s = 0;
                        foreach (var v in row) s += MathF.Exp(v - m);
                        r[p] = m + (float)Math.Log(s);
                    }
                    return r;
                }
                for (int p = 0; p < r.Length; p++)
                {
                    float m = float.NegativeInfinity;
                    for (int c = 0; c < L.C; c++) m = MathF.Max(m, x[L.At(p, c)]);
                    if (float.IsInfinity(m)) m = 0f;
                    double s = 0;
                    for (int c = 0; c < L.C; c++) s += MathF.Exp(x[L.At(p, c)] - m);
                    r[p] = m + (float)Math.Log(s);
                }
                return r;
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
