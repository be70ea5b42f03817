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
            /// Batch normalization of input (N, C), (N, C, L) or (N, C, H, W) per channel C. Training: normalizes
            /// with the batch mean and (biased) variance and, when running_mean/running_var are given, updates
            /// them in place: running = (1 − momentum)·running + momentum·batch (unbiased variance, like PyTorch).
            /// Eval (training: false): normalizes with the running statistics. weight/bias (C) are γ and β.
            /// </summary>
            [DifferentiableOp("batch_norm")]
            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null,
                Tensor? bias = null, bool training = false, float momentum = 0.1f, float eps = 1e-5f)
            {
                const string op = "batch_norm";
                FunctionalUtil.RequireFloat(input, op, "input");
                var s = input._shape;
                if (s.Length < 2)
                    throw new ArgumentException($"{op} expected input (N, C), (N, C, L) or (N, C, H, W), got {FunctionalUtil.Fmt(input)}");
                int n = s[0], c = s[1], sp = ShapeUtil.Numel(s.AsSpan(2));
                CheckChannelVector(op, "weight", weight, c, input);
                CheckChannelVector(op, "bias", bias, c, input);
                CheckChannelVector(op, "running_mean", running_mean, c, input);
                CheckChannelVector(op, "running_var", running_var, c, input);
                if ((running_mean is null) != (running_var is null))
                    throw new ArgumentException($"{op}: give both running_mean and running_var, or neither");
                if (!training && running_mean is null)
                    throw new ArgumentException($"{op}: eval mode (training: false) needs running_mean and running_var; pass them, or training: true to use batch statistics");
                if (training && (running_mean is not null && !running_mean.is_contiguous() || running_var is not null && !running_var.is_contiguous()))
                    throw new ArgumentException($"{op}: running_mean/running_var must be contiguous buffers to be updated in place");
                var x = input.SpanF();
                var gamma = weight is null ? default : weight.SpanF();
                var beta = bias is null ? default : bias.SpanF();
                var y = Tensor.Uninitialized(input._shape);
                var mean = new float[c];
                var invStd = new float[c];
                if (training)
                {
                    Span<float> rm = default, rv = default;
                    if (running_mean is not null)
                    {
                        rm = running_mean.F.AsSpan(running_mean.offset, c);
                        rv = running_var!.F.AsSpan(running_var.offset, c);
                    }
                    BatchNorm.ForwardTraining(n, c, sp, x, gamma, beta, y.F, mean, invStd, rm, rv, momentum, eps);
                    if (running_mean is not null) { running_mean.storage.Version++; running_var!.storage.Version++; }
                }
                else
                {
                    running_mean!.SpanF().CopyTo(mean);
                    var rv = running_var!.SpanF();
                    for (int i = 0; i < c; i++) invStd[i] = 1f / MathF.Sqrt(rv[i] + eps);
                    BatchNorm.ForwardEval(n, c, sp, x, gamma, beta, mean, running_var.SpanF(), eps, y.F);
                }
                var inputs = NormInputs(input, weight, bias);
                return Function.Record(op, y, inputs, g =>
                {
                    var dx = Tensor.Uninitialized(input._shape);
                    var dg = weight is not null && weight.requires_grad ? Tensor.Uninitialized([c]) : null;
                    var db = bias is not null && bias.requires_grad ? Tensor.Uninitialized([c]) : null;
                    BatchNorm.Backward(n, c, sp, training, input.SpanF(), g.SpanF(), weight is null ? default : weight.SpanF(),
                        mean, invStd, dx.F, dg is null ? default : dg.F, db is null ? default : db.F);
                    return NormGrads(input.requires_grad ? dx : null, weight, dg, bias, db);
                }, saved: weight is null ? [input] : [input, weight]);
            }

            /// <summary>
            /// Layer normalization over the last dims given by normalized_shape (e.g. the embedding size):
            /// each (…, normalized_shape) slice gets mean 0 and variance 1, then ·weight + bias (both normalized_shape).
            /// <c>layer_norm(h, [512], gamma, beta)</c>.
            /// </summary>
            [DifferentiableOp("layer_norm")]
            public static Tensor layer_norm(Tensor input, int[] normalized_shape, Tensor? weight = null, Tensor? bias = null,
                float eps = 1e-5f)
            {
                const string op = "layer_norm";
                FunctionalUtil.RequireFloat(input, op, "input");
                var s = input._shape;
                int k = normalized_shape.Length;
                if (k == 0 || k > s.Length || !ShapeUtil.SameShape(s.AsSpan(s.Length - k), normalized_shape))
                    throw new ArgumentException(
                        $"{op}: input {FunctionalUtil.Fmt(input)} must end in normalized_shape {ShapeUtil.Format(normalized_shape)}");
                foreach (var (t, name) in new[] { (weight, "weight"), (bias, "bias") })
                    if (t is not null && (t.dtype != DType.float32 || !ShapeUtil.SameShape(t._shape, normalized_shape)))
                        throw new ArgumentException($"{op}: {name} must have normalized_shape {ShapeUtil.Format(normalized_shape)}, got {t.dtype} {FunctionalUtil.Fmt(t)}");
                int d = ShapeUtil.Numel(normalized_shape), m = ShapeUtil.Numel(s.AsSpan(0, s.Length - k));
                var y = Tensor.Uninitialized(input._shape);
                var mean = new float[m];
                var invStd = new float[m];
                Kernels.LayerNorm.Forward(m, d, input.SpanF(), weight is null ? default : weight.SpanF(), bias is null ? default : bias.SpanF(),
                    eps, y.F, mean, invStd);
                return Function.Record(op, y, NormInputs(input, weight, bias), g =>
                {
                    var dx = Tensor.Uninitialized(input._shape);
                    var dg = weight is not null && weight.requires_grad ? Tensor.Uninitialized(weight._shape) : null;
                    var db = bias is not null && bias.requires_grad ? Tensor.Uninitialized(bias._shape) : null;
                    Kernels.LayerNorm.Backward(m, d, input.SpanF(), g.SpanF(), weight is null ? default : weight.SpanF(), mean, invStd,
                        dx.F, dg is null ? default : dg.F, db is null ? default : db.F);
                    return NormGrads(input.requires_grad ? dx : null, weight, dg, bias, db);
                }, saved: weight is null ? [input] : [input, weight]);
            }

            /// <summary>
            /// Group normalization of input (N, C, …): the C channels are split into num_groups groups and each
            /// (sample, group) is normalized on its own (independent of the batch size); weight/bias are per channel.
            /// </summary>
            [DifferentiableOp("group_norm")]
            public static Tensor group_norm(Tensor input, int num_groups, Tensor? weight = null, Tensor? bias = null,
                float eps = 1e-5f)
            {
                const string op = "group_norm";
                FunctionalUtil.RequireFloat(input, op, "input");
                var s = input._shape;
                if (s.Length < 2)
                    throw new ArgumentException($"{op} expected input (N, C, …), got {FunctionalUtil.Fmt(input)}");
                int n = s[0], c = s[1], sp = ShapeUtil.Numel(s.AsSpan(2));
                if (num_groups <= 0 || c % num_groups != 0)
                    throw new ArgumentException($"{op}: num_groups={num_groups} must divide the {c} channels of input {FunctionalUtil.Fmt(input)}");
                CheckChannelVector(op, "weight", weight, c, input);
                CheckChannelVector(op, "bias", bias, c, input);
                var y = Tensor.Uninitialized(input._shape);
                var mean = new float[n * num_groups];
                var invStd = new float[n * num_groups];
                Kernels.GroupNorm.Forward(n, c, sp, num_groups, input.SpanF(), weight is null ? default : weight.SpanF(),
                    bias is null ? default : bias.SpanF(), eps, y.F, mean, invStd);
                return Function.Record(op, y, NormInputs(input, weight, bias), g =>
                {
                    var dx = Tensor.Uninitialized(input._shape);
                    var dg = weight is not null && weight.requires_grad ? Tensor.Uninitialized([c]) : null;
                    var db = bias is not null && bias.requires_grad ? Tensor.Uninitialized([c]) : null;
                    Kernels.GroupNorm.Backward(n, c, sp, num_groups, input.SpanF(), g.SpanF(), weight is null ? default : weight.SpanF(),
                        mean, invStd, dx.F, dg is null ? default : dg.F, db is null ? default : db.F);
                    return NormGrads(input.requires_grad ? dx : null, weight, dg, bias, db);
                }, saved: weight is null ? [input] : [input, weight]);
            }

            static void CheckChannelVector(string op, string name, Tensor? t, int c, Tensor input)
            {
                if (t is null) return;
                if (t.dtype != DType.float32 || t.ndim != 1 || t._shape[0] != c)
                    throw new ArgumentException(
                        $"{op}: {name} must be a float32 vector of {c} entries (one per channel of input {FunctionalUtil.Fmt(input)}), got {t.dtype} {FunctionalUtil.Fmt(t)}");
            }

            static Tensor[] NormInputs(Tensor input, Tensor? weight, Tensor? bias)
            {
                var list = new List<Tensor>(3) { input };
                if (weight is not null) list.Add(weight);
                if (bias is not null) list.Add(bias);
                return list.ToArray();
            }

            static Tensor?[] NormGrads(Tensor? dx, Tensor? weight, Tensor? dg, Tensor? bias, Tensor? db)
            {
                var list = new List<Tensor?>(3) { dx };
                if (weight is not null) list.Add(dg);
                if (bias is not null) list.Add(db);
                return list.ToArray();
            }
        }
    }
}
