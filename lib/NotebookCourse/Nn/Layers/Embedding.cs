using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// A lookup table: row i of the weight is the vector of token i.
/// Args: numEmbeddings (vocabulary size), embeddingDim, paddingIdx (optional: that row starts at zero and gets no gradient).
/// Shape: int64 (*) → (*, embeddingDim). Init: N(0, 1).
/// Example: <c>var emb = nn.Embedding(1000, 64); var h = emb.call(torch.tensor(new long[] {3, 14, 15}));</c>
/// </summary>
public sealed class Embedding : Module
{
    /// <summary>Vocabulary size.</summary>
    public int num_embeddings { get; }
    /// <summary>Vector size.</summary>
    public int embedding_dim { get; }
    /// <summary>Row that stays fixed (no gradient), or null.</summary>
    public int? padding_idx { get; }
    /// <summary>(numEmbeddings, embeddingDim) table.</summary>
    public Tensor weight => param("weight")!;

    /// <summary>Creates the table with N(0, 1) entries (the padding row zeroed).</summary>
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null)
    {
        if (numEmbeddings <= 0 || embeddingDim <= 0)
            throw new ArgumentException($"Embedding: numEmbeddings and embeddingDim must be positive, got ({numEmbeddings}, {embeddingDim})");
        if (paddingIdx is int pi)
        {
            if (pi < -numEmbeddings || pi >= numEmbeddings)
                throw new ArgumentException($"Embedding: paddingIdx {pi} must be within the {numEmbeddings} rows");
            paddingIdx = pi < 0 ? pi + numEmbeddings : pi;
        }
        num_embeddings = numEmbeddings; embedding_dim = embeddingDim; padding_idx = paddingIdx;
        register_parameter("weight", torch.empty(numEmbeddings, embeddingDim));
        reset_parameters();
    }

    /// <summary>
    /// A table holding given vectors (e.g. pretrained word vectors), frozen by default:
    /// <c>var emb = Embedding.from_pretrained(vectors); // (vocab, dim), no gradient</c>.
    /// </summary>
    public static Embedding from_pretrained(Tensor embeddings, bool freeze = true, int? paddingIdx = null)
    {
        if (embeddings.dim() != 2 || embeddings.dtype != DType.float32)
            throw new ArgumentException($"Embedding.from_pretrained: expects a float32 (num_embeddings, embedding_dim) matrix, got {embeddings.dtype} {ShapeUtil.Format(embeddings._shape)}");
        var e = new Embedding(embeddings.size(0), embeddings.size(1), paddingIdx);
        using (torch.no_grad()) e.weight.copy_(embeddings.detach());
        e.weight.requires_grad = !freeze;
        return e;
    }

    /// <summary>Re-draws the table from N(0, 1) and zeroes the padding row.</summary>
    public void reset_parameters()
    {
        torch.nn.init.normal_(weight);
        if (padding_idx is int pi) using (torch.no_grad()) weight.select(0, pi).zero_();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        if (x.dtype != DType.int64)
            throw new ArgumentException($"Embedding expected int64 token indices, got {x.dtype} of shape {ShapeUtil.Format(x._shape)}; convert with .@long()");
        if (x.numel() > 0)
        {
            using var _ = torch.no_grad();
            long lo = x.min().item<long>(), hi = x.max().item<long>();
            if (lo < 0 || hi >= num_embeddings)
                throw new ArgumentException($"Embedding: index {(lo < 0 ? lo : hi)} is out of range for a table of {num_embeddings} rows (valid: 0..{num_embeddings - 1})");
        }
        return torch.nn.functional.embedding(x, weight, padding_idx);
    }

    /// <inheritdoc/>
    public override string extra_repr() => $"{num_embeddings}, {embedding_dim}" + (padding_idx is int p ? $", padding_idx={p}" : "");
}
