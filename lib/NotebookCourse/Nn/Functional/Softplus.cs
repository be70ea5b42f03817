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
            /// Smooth relu log(1 + e^(β·x))/β, computed without overflow; linear (= x) where β·x > threshold, like
            /// PyTorch. Its derivative is σ(β·x).
            /// </summary>
            [DifferentiableOp("softplus")]
            public static Tensor softplus(Tensor input, float beta = 1f, float threshold = 20f)
            {
                FunctionalUtil.RequireFloat(input, "softplus", "input");
                if (!(beta > 0f)) throw new ArgumentException($"softplus: beta must be positive, got {beta}");
                var x = input.SpanF();
                var y = new float[x.Length];
                for (int i = 0; i < y.Length; i++)
                {
                    double bx = (double)beta * x[i];
                    y[i] = bx > threshold ? x[i] : (float)(SoftplusOf(bx) / beta);
                }
                var r = new Tensor(y, input.shape);
                return Function.Record("softplus", r, [input], g =>
                {
                    var xs = input.SpanF();
                    var gs = g.SpanF();
                    var d = new float[xs.Length];
                    for (int i = 0; i < d.Length; i++)
                    {
                        double bx = (double)beta * xs[i];
                        d[i] = bx > threshold ? gs[i] : (float)(gs[i] / (1.0 + Math.Exp(-bx)));
                    }
                    return [new Tensor(d, input.shape)];
                }, saved: [input]);
            }

            /// <summary>
            /// log σ(x) = −softplus(−x), stable for large |x| (skip-gram with negative sampling maximizes it).
            /// Its derivative is σ(−x).
            /// </summary>
            [DifferentiableOp("logsigmoid")]
            public static Tensor logsigmoid(Tensor input)
            {
                FunctionalUtil.RequireFloat(input, "logsigmoid", "input");
                var x = input.SpanF();
                var y = new float[x.Length];
                for (int i = 0; i < y.Length; i++) y[i] = (float)-SoftplusOf(-(double)x[i]);
                var r = new Tensor(y, input.shape);
                return Function.Record("logsigmoid", r, [input], g =>
                {
                    var xs = input.SpanF();
                    var gs = g.SpanF();
                    var d = new float[xs.Length];
                    for (int i = 0; i < d.Length; i++) d[i] = (float)(gs[i] / (1.0 + Math.Exp(xs[i])));
                    return [new Tensor(d, input.shape)];
                }, saved: [input]);
            }

            /// <summary>log(1 + eᵛ) for any v without overflow.</summary>
            static double SoftplusOf(double v) => Math.Max(v, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs(v)));
        }
    }
}
