using NotebookCourse.Autograd;
using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using F = NotebookCourse.torch.nn.functional;

namespace NotebookCourse.Models;

/// <summary>
/// Causal multi-head self-attention of a GPT block: one projection <c>qkv</c> (dModel → 3·dModel, rows ordered
/// query, key, value), heads of headDim features, softmax(q·kᵀ/√headDim) over the current and earlier positions
/// only, then the output projection <c>proj</c>. With a <see cref="GptKvCache"/> the new keys/values are appended
/// to the cache and the new queries attend to every cached position.
/// Shape: (B, T, dModel) → (B, T, dModel).
/// </summary>
public sealed class GptAttention : Module
{
    private readonly int _heads, _headDim, _width;
    private readonly float _dropout;

    /// <summary>Query, key and value projections stacked: weight (3·dModel, dModel).</summary>
    public Linear qkv { get; }
    /// <summary>Output projection (dModel → dModel).</summary>
    public Linear proj { get; }

    /// <summary>Creates the layer for <paramref name="cfg"/>.</summary>
    public GptAttention(GptConfig cfg)
    {
        cfg.Validate();
        _heads = cfg.nHeads; _headDim = cfg.headDim; _width = cfg.dModel; _dropout = cfg.dropout;
        qkv = register_module("qkv", new Linear(cfg.dModel, 3 * cfg.dModel));
        proj = register_module("proj", new Linear(cfg.dModel, cfg.dModel));
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => forward(x, null, 0);

    /// <summary>Attention of x (B, T, dModel); with a cache, x follows the cached positions and block <paramref name="layer"/>'s slots are used.</summary>
    internal Tensor forward(Tensor x, GptKvCache? cache, int layer)
    {
        int b = x.size(0), t = x.size(1), c = _width, h = _heads, d = _headDim;
        // Three GEMMs on row blocks of the stacked weight give contiguous q, k, v, so the head views below need no copy.
        var w = qkv.weight; var bias = qkv.bias;
        var q = F.linear(x, w.narrow(0, 0, c), bias?.narrow(0, 0, c)).view(b, t, h, d).transpose(1, 2);         // (B, h, T, d)
        var k = F.linear(x, w.narrow(0, c, c), bias?.narrow(0, c, c)).view(b, t, h, d).transpose(1, 2);         // (B, h, T, d)
        var v = F.linear(x, w.narrow(0, 2 * c, c), bias?.narrow(0, 2 * c, c)).view(b, t, h, d).transpose(1, 2); // (B, h, T, d)
        if (cache != null) (k, v) = cache.Append(layer, k, v); // (B, h, S, d) with S = cached + T
        float p = training ? _dropout : 0f;
        Tensor y;
        if (OpTrace.Current != null && cache == null)
            // ONNX export traces engine ops, which it knows how to convert; the fused op below has no ONNX form.
            y = F.scaled_dot_product_attention(q, k, v, dropout_p: p, is_causal: true);
        else
        {
            var att = GptCausalSoftmax.Apply(q.matmul(k.mT), 1f / MathF.Sqrt(d)); // (B, h, T, S)
            if (p > 0f) att = F.dropout(att, p, true);
            y = att.matmul(v); // (B, h, T, d)
        }
        y = y.transpose(1, 2).reshape(b, t, c); // (B, T, dModel): heads side by side again
        y = proj.call(y);
        return p > 0f ? F.dropout(y, p, true) : y;
    }

    /// <inheritdoc/>
    public override string extra_repr() => $"d_model={_width}, heads={_heads}, causal=True";
}
