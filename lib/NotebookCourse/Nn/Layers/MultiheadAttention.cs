using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// Multi-head attention: query, key and value are projected (in_proj_weight (3E, E), in_proj_bias (3E)), split into
/// numHeads heads of size E/numHeads, attended with scaled dot products, concatenated and projected by out_proj.
/// Args: embedDim (E), numHeads (must divide E), dropout on the attention weights (training only), bias, batchFirst.
/// Shape: query (N, L, E) with batchFirst (else (L, N, E)), key/value (N, S, E) → output like query, weights (N, L, S)
/// (averaged over heads) or (N, heads, L, S). Masks (PyTorch's conventions for this layer): keyPaddingMask bool (N, S)
/// with true = padding to ignore; attnMask bool (L, S) or (N·heads, L, S) with true = <b>not</b> allowed, or float added
/// to the scores; isCausal: query i sees keys 0…i (here it works on its own, without an attnMask).
/// Example: <c>var mha = nn.MultiheadAttention(64, 4, batchFirst: true); var (y, w) = mha.forward(x, x, x, isCausal: true);</c>
/// </summary>
public sealed class MultiheadAttention : Module
{
    /// <summary>Model width E.</summary>
    public int embed_dim { get; }
    /// <summary>Number of heads.</summary>
    public int num_heads { get; }
    /// <summary>Width of one head, E / numHeads.</summary>
    public int head_dim { get; }
    /// <summary>Dropout probability on the attention weights.</summary>
    public float dropout { get; }
    /// <summary>Whether inputs are (N, L, E) rather than (L, N, E).</summary>
    public bool batch_first { get; }
    /// <summary>Stacked query/key/value projection weights (3E, E).</summary>
    public Tensor in_proj_weight => param("in_proj_weight")!;
    /// <summary>Stacked projection biases (3E), or null.</summary>
    public Tensor? in_proj_bias => param("in_proj_bias");
    /// <summary>The output projection (E → E).</summary>
    public Linear out_proj { get; }

    /// <summary>Creates the layer: in_proj_weight Xavier-uniform, biases 0, out_proj.weight Linear's default (as PyTorch).</summary>
    public MultiheadAttention(int embedDim, int numHeads, float dropout = 0f, bool bias = true, bool batchFirst = false)
    {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0)
            throw new ArgumentException($"MultiheadAttention: numHeads={numHeads} must be positive and divide embedDim={embedDim}");
        if (dropout < 0f || dropout >= 1f) throw new ArgumentException($"MultiheadAttention: dropout must be in [0, 1), got {dropout}");
        embed_dim = embedDim; num_heads = numHeads; head_dim = embedDim / numHeads; this.dropout = dropout; batch_first = batchFirst;
        register_parameter("in_proj_weight", torch.empty(3 * embedDim, embedDim));
        register_parameter("in_proj_bias", bias ? torch.empty(3 * embedDim) : null);
        out_proj = register_module("out_proj", new Linear(embedDim, embedDim, bias));
        reset_parameters();
    }

    /// <summary>in_proj_weight Xavier-uniform; in_proj_bias and out_proj.bias zero.</summary>
    public void reset_parameters()
    {
        torch.nn.init.xavier_uniform_(in_proj_weight);
        if (in_proj_bias != null) torch.nn.init.zeros_(in_proj_bias);
        if (out_proj.bias != null) torch.nn.init.zeros_(out_proj.bias);
    }

    /// <summary>Self-attention without masks (query = key = value = x); returns the output only.</summary>
    public override Tensor forward(Tensor x) => forward(x, x, x, needWeights: false).output;

    /// <summary>
    /// Attention of query over key/value. Returns the output and, with needWeights, the attention weights (after
    /// dropout, averaged over heads unless averageAttnWeights is false); weights are null otherwise.
    /// </summary>
    public (Tensor output, Tensor? weights) forward(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null,
        bool needWeights = true, Tensor? attnMask = null, bool averageAttnWeights = true, bool isCausal = false)
    {
        bool unbatched = query.dim() == 2;
        var (q, k, v) = unbatched ? (query.unsqueeze(0), key.unsqueeze(0), value.unsqueeze(0))
            : batch_first ? (query, key, value) : (query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1));
        CheckInputs(query, q, k, v, unbatched);
        int n = q.size(0), l = q.size(1), s = k.size(1), e = embed_dim, h = num_heads, d = head_dim;

        var w = in_proj_weight; var b = in_proj_bias;
        var qp = torch.nn.functional.linear(q, w.narrow(0, 0, e), b?.narrow(0, 0, e));
        var kp = torch.nn.functional.linear(k, w.narrow(0, e, e), b?.narrow(0, e, e));
        var vp = torch.nn.functional.linear(v, w.narrow(0, 2 * e, e), b?.narrow(0, 2 * e, e));
        qp = qp.view(n, l, h, d).transpose(1, 2); // (N, h, L, d)
        kp = kp.view(n, s, h, d).transpose(1, 2); // (N, h, S, d)
        vp = vp.view(n, s, h, d).transpose(1, 2); // (N, h, S, d)

        var mask = SdpaMask(attnMask, n, l, s);
        var kpm = keyPaddingMask;
        if (kpm != null && unbatched && kpm.dim() == 1) kpm = kpm.unsqueeze(0);
        if (kpm != null && (kpm.dtype != DType.@bool || kpm.dim() != 2 || kpm.size(0) != n || kpm.size(1) != s))
            throw new ArgumentException($"MultiheadAttention: keyPaddingMask must be bool (N, S) = ({n}, {s}) with true for padding, got {kpm.dtype} {ShapeUtil.Format(kpm._shape)}");
        float p = training ? dropout : 0f;

        Tensor attnOut; // (N, h, L, d)
        Tensor? weights = null;
        if (needWeights)
        {
            // The functional form returns softmax(scores)·value; with value = I (S×S) that product is the weight
            // matrix itself, so the weights come from the very same masking and dropout code as the output.
            weights = torch.nn.functional.scaled_dot_product_attention(qp, kp, torch.eye(s), mask, p, isCausal, null, kpm); // (N, h, L, S)
            attnOut = weights.matmul(vp);
        }
        else attnOut = torch.nn.functional.scaled_dot_product_attention(qp, kp, vp, mask, p, isCausal, null, kpm);

        var y = out_proj.call(attnOut.transpose(1, 2).reshape(n, l, e)); // (N, L, E)
        if (unbatched) y = y.squeeze(0);
        else if (!batch_first) y = y.transpose(0, 1);
        if (weights != null)
        {
            if (averageAttnWeights) weights = weights.mean(1); // (N, L, S)
            if (unbatched) weights = weights.squeeze(0);
        }
        return (y, weights);
    }

    private void CheckInputs(Tensor query, Tensor q, Tensor k, Tensor v, bool unbatched)
    {
        string layout = unbatched ? "(L, E)" : batch_first ? "(N, L, E)" : "(L, N, E)";
        if (query.dim() is not (2 or 3) || q.size(-1) != embed_dim)
            throw new ArgumentException($"MultiheadAttention expected query {layout.Replace("E", embed_dim.ToString())}, got {ShapeUtil.Format(query._shape)}");
        if (k.dim() != 3 || v.dim() != 3 || k.size(-1) != embed_dim || v.size(-1) != embed_dim || k.size(0) != q.size(0) || v.size(0) != q.size(0) || k.size(1) != v.size(1))
            throw new ArgumentException($"MultiheadAttention: key {ShapeUtil.Format(k._shape)} and value {ShapeUtil.Format(v._shape)} (batch-first view) must be (N, S, {embed_dim}) with the query's N = {q.size(0)}");
    }

    /// <summary>Converts this layer's attnMask convention (bool true = blocked) to the functional one (bool true = may attend).</summary>
    private Tensor? SdpaMask(Tensor? attnMask, int n, int l, int s)
    {
        if (attnMask == null) return null;
        var m = attnMask;
        if (m.dim() == 3)
        {
            if (m.size(0) != n * num_heads || m.size(1) != l || m.size(2) != s)
                throw new ArgumentException($"MultiheadAttention: a 3-D attnMask must be (N·heads, L, S) = ({n * num_heads}, {l}, {s}), got {ShapeUtil.Format(m._shape)}");
            m = m.view(n, num_heads, l, s);
        }
        else if (m.dim() != 2 || m.size(0) != l || m.size(1) != s)
            throw new ArgumentException($"MultiheadAttention: attnMask must be (L, S) = ({l}, {s}) or (N·heads, L, S), got {ShapeUtil.Format(m._shape)}");
        return m.dtype == DType.@bool ? m.logical_not() : m;
    }

    /// <inheritdoc/>
    public override string extra_repr() => $"embed_dim={embed_dim}, num_heads={num_heads}, batch_first={(batch_first ? "True" : "False")}";
}
