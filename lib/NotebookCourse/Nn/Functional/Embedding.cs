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
            /// Looks up rows of weight (num_embeddings, embedding_dim) for int64 indices of any shape: output
            /// indices.shape + (embedding_dim,). The row at padding_idx (negative counts from the end) receives no
            /// gradient, so a padding token keeps its vector. <c>embedding(tokens, table, padding_idx: 0)</c>.
            /// </summary>
            [DifferentiableOp("embedding")]
            public static Tensor embedding(Tensor input, Tensor weight, int? padding_idx = null)
            {
                const string op = "embedding";
                FunctionalUtil.RequireFloat(weight, op, "weight");
                if (weight.ndim != 2)
                    throw new ArgumentException($"{op}: weight must be 2-D (num_embeddings, embedding_dim), got {FunctionalUtil.Fmt(weight)}");
                if (input.dtype != DType.int64)
                    throw new ArgumentException($"{op}: indices must be int64, got {input.dtype} of shape {FunctionalUtil.Fmt(input)}; convert with .@long()");
                int rows = weight._shape[0], dim = weight._shape[1];
                int pad = -1;
                if (padding_idx is int p)
                {
                    if (p < -rows || p >= rows)
                        throw new ArgumentException($"{op}: padding_idx {p} is outside the table of {rows} rows");
                    pad = p < 0 ? p + rows : p;
                }
                var idx = input.SpanL().ToArray();
                for (int i = 0; i < idx.Length; i++)
                    if (idx[i] < 0 || idx[i] >= rows)
                        throw new ArgumentException(
                            $"{op}: index {idx[i]} at position {i} is outside the table of {rows} rows (weight {FunctionalUtil.Fmt(weight)}); " +
                            "is the vocabulary larger than num_embeddings?");
                var outShape = new int[input.ndim + 1];
                input._shape.CopyTo(outShape, 0);
                outShape[^1] = dim;
                var y = Tensor.Uninitialized(outShape);
                var w = weight.SpanF();
                for (int i = 0; i < idx.Length; i++) w.Slice((int)idx[i] * dim, dim).CopyTo(y.F.AsSpan(i * dim, dim));
                return Function.Record(op, y, [weight], g =>
                {
                    var dw = Tensor.Empty(DType.float32, weight._shape);
                    var gs = g.SpanF();
                    var d = dw.F.AsSpan();
                    for (int i = 0; i < idx.Length; i++)
                    {
                        if (idx[i] == pad) continue;
                        var row = d.Slice((int)idx[i] * dim, dim);
                        System.Numerics.Tensors.TensorPrimitives.Add(row, gs.Slice(i * dim, dim), row);
                    }
                    return [dw];
                });
            }

            /// <summary>
            /// Inverted dropout: while training, zeroes each element with probability p and scales the rest by
            /// 1/(1−p); the identity otherwise. Pass a generator for reproducible masks.
            /// </summary>
            public static Tensor dropout(Tensor input, float p = 0.5f, bool training = true, Generator? generator = null)
                => input.dropout(p, training, generator);
        }
    }
}
