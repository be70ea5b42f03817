using NotebookCourse.Tensors;

namespace NotebookCourse.Models;

/// <summary>
/// Keys and values already computed for the tokens seen so far, one (B, heads, contextLength, headDim) pair per
/// block, so that decoding a new token costs one token's work instead of re-running the whole prefix.
/// <see cref="length"/> is how many positions are filled; <see cref="Gpt.forward(Tensor, GptKvCache)"/> appends.
/// Example: <c>var cache = gpt.new_cache(); var logits = gpt.forward(prompt, cache); // then one token at a time</c>
/// </summary>
public sealed class GptKvCache
{
    private readonly Tensor[] _keys, _values;

    /// <summary>Positions filled so far (the next token goes to position <c>length</c>).</summary>
    public int length { get; private set; }

    /// <summary>Positions available: the model's context length.</summary>
    public int capacity { get; }

    /// <summary>Batch size the cache was made for.</summary>
    public int batch_size { get; }

    internal GptKvCache(GptConfig cfg, int batchSize)
    {
        if (batchSize <= 0) throw new ArgumentException($"GptKvCache: batchSize must be positive, got {batchSize}");
        capacity = cfg.contextLength; batch_size = batchSize;
        _keys = new Tensor[cfg.nLayers]; _values = new Tensor[cfg.nLayers];
        for (int i = 0; i < cfg.nLayers; i++)
        {
            _keys[i] = torch.zeros(batchSize, cfg.nHeads, cfg.contextLength, cfg.headDim);
            _values[i] = torch.zeros(batchSize, cfg.nHeads, cfg.contextLength, cfg.headDim);
        }
    }

    /// <summary>Forgets every cached position (the buffers are reused).</summary>
    public void reset() => length = 0;

    /// <summary>
    /// Writes k, v (B, heads, T, headDim) of block <paramref name="layer"/> at positions length…length+T−1 and returns
    /// views of all cached keys and values (B, heads, length+T, headDim); the caller commits with <see cref="Advance"/>.
    /// </summary>
    internal (Tensor keys, Tensor values) Append(int layer, Tensor k, Tensor v)
    {
        int t = k.size(2);
        using (torch.no_grad())
        {
            _keys[layer].narrow(2, length, t).copy_(k);
            _values[layer].narrow(2, length, t).copy_(v);
        }
        return (_keys[layer].narrow(2, 0, length + t), _values[layer].narrow(2, 0, length + t));
    }

    /// <summary>Checks that <paramref name="t"/> new tokens of batch <paramref name="b"/> fit.</summary>
    internal void CheckRoom(int b, int t)
    {
        if (b != batch_size)
            throw new ArgumentException($"GptKvCache: made for batch size {batch_size}, got a batch of {b}; call new_cache({b})");
        if (length + t > capacity)
            throw new ArgumentException($"GptKvCache: {length} positions are filled and {t} more do not fit in the context of {capacity}; reset() the cache and re-feed the last tokens");
    }

    /// <summary>Marks <paramref name="t"/> more positions as filled (after every block has appended).</summary>
    internal void Advance(int t) => length += t;
}
