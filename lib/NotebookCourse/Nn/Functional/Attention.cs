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
            /// softmax(q·kᵀ·scale + mask)·v for query (…, L, E), key (…, S, E), value (…, S, Ev) with broadcast
            /// leading dims (e.g. (N, heads, L, E)); scale defaults to 1/√E. Masks, all combinable:
            /// <list type="bullet">
            /// <item><paramref name="attn_mask"/> broadcastable to (…, L, S): bool where <b>true = may attend</b>
            /// (PyTorch's sdpa convention), or float added to the scores (use −∞ to block).</item>
            /// <item><paramref name="is_causal"/>: query i sees keys 0…i only (L ≤ S aligned at the start, like PyTorch).</item>
            /// <item><paramref name="key_padding_mask"/> bool (N, S) where <b>true = padding, ignore</b> (MultiheadAttention's
            /// convention), for keys that are padding tokens.</item>
            /// </list>
            /// A query whose keys are all blocked gets NaN, like PyTorch. dropout_p drops attention weights while training.
            /// Built from engine ops (matmul, masked_fill, softmax), so it differentiates through them.
            /// </summary>
            public static Tensor scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask = null,
                float dropout_p = 0f, bool is_causal = false, float? scale = null, Tensor? key_padding_mask = null,
                Generator? generator = null)
            {
                const string op = "scaled_dot_product_attention";
                FunctionalUtil.RequireFloat(query, op, "query");
                FunctionalUtil.RequireFloat(key, op, "key");
                FunctionalUtil.RequireFloat(value, op, "value");
                if (query.ndim < 2 || key.ndim < 2 || value.ndim < 2)
                    throw new ArgumentException($"{op}: query, key and value need at least 2 dims (…, seq, features), got {FunctionalUtil.Fmt(query)}, {FunctionalUtil.Fmt(key)}, {FunctionalUtil.Fmt(value)}");
                int e = query._shape[^1], l = query._shape[^2], s = key._shape[^2];
                if (key._shape[^1] != e)
                    throw new ArgumentException($"{op}: query {FunctionalUtil.Fmt(query)} and key {FunctionalUtil.Fmt(key)} must have the same feature size (last dim)");
                if (value._shape[^2] != s)
                    throw new ArgumentException($"{op}: key {FunctionalUtil.Fmt(key)} and value {FunctionalUtil.Fmt(value)} must have the same sequence length (dim -2)");
                float sc = scale ?? 1f / MathF.Sqrt(e);
                var scores = query.matmul(key.mT) * sc;
                if (is_causal)
                {
                    // Blocked where key index > query index.
                    var blocked = new bool[l * s];
                    for (int i = 0; i < l; i++)
                        for (int j = i + 1; j < s; j++) blocked[i * s + j] = true;
                    var future = torch.tensor(blocked, l, s);
                    scores = scores.masked_fill(future, float.NegativeInfinity);
                }
                if (attn_mask is not null)
                {
                    if (attn_mask.dtype == DType.@bool) scores = scores.masked_fill(attn_mask.logical_not(), float.NegativeInfinity);
                    else if (attn_mask.dtype == DType.float32) scores = scores + attn_mask;
                    else throw new ArgumentException($"{op}: attn_mask must be bool (true = attend) or float32 (added), got {attn_mask.dtype}");
                }
                if (key_padding_mask is not null)
                {
                    int nb = scores.ndim - 2;
                    if (key_padding_mask.dtype != DType.@bool || key_padding_mask.ndim != 2 || key_padding_mask._shape[1] != s
                        || nb < 1 || key_padding_mask._shape[0] != scores._shape[0])
                        throw new ArgumentException(
                            $"{op}: key_padding_mask must be bool (N, S) = ({(nb >= 1 ? scores._shape[0] : 1)}, {s}) with true for padding, got {key_padding_mask.dtype} {FunctionalUtil.Fmt(key_padding_mask)}");
                    // (N, S) → (N, 1, …, 1, S) so it broadcasts over heads and queries.
                    var shp = new int[scores.ndim];
                    Array.Fill(shp, 1);
                    shp[0] = key_padding_mask._shape[0]; shp[^1] = s;
                    scores = scores.masked_fill(key_padding_mask.reshape(shp), float.NegativeInfinity);
                }
                var attn = scores.softmax(-1);
                if (dropout_p > 0f) attn = attn.dropout(dropout_p, true, generator);
                return attn.matmul(value);
            }
        }
    }
}
