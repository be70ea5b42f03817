using NotebookCourse.Runtime;
using NotebookCourse.Tensors;

namespace NotebookCourse.Models;

public sealed partial class Gpt
{
    /// <summary>
    /// Continues each row of <paramref name="ids"/> (B, T0) int64 by <paramref name="maxNewTokens"/> tokens and returns
    /// (B, T0 + maxNewTokens). Each step samples from softmax(logits / temperature) restricted to the
    /// <paramref name="topK"/> most likely tokens (null: all); temperature 0 is greedy decoding (argmax).
    /// With <paramref name="useKvCache"/> only the new token runs through the model at each step (keys and values of
    /// earlier tokens come from a <see cref="GptKvCache"/>); without it the whole window is recomputed. Both give the
    /// same tokens for the same generator while the sequence fits in the context. Beyond it, the uncached path slides
    /// the window one token per step, while the cached path, once full, keeps the last contextLength/2 tokens and
    /// re-reads them at positions 0… (positions are learned and absolute, so cached keys cannot be shifted).
    /// Runs without gradients and in eval mode (dropout off); the previous mode is restored afterwards.
    /// Example: <c>var outIds = gpt.generate(tok.encode("\n").view(1, -1), 200, temperature: 0.8f, topK: 20, generator: new torch.Generator(0));</c>
    /// </summary>
    public Tensor generate(Tensor ids, int maxNewTokens, float temperature = 1f, int? topK = null, bool useKvCache = true,
        torch.Generator? generator = null)
    {
        if (ids.dtype != DType.int64 || ids.dim() != 2 || ids.size(1) == 0)
            throw new ArgumentException($"Gpt.generate: ids must be (B, T) int64 with T ≥ 1, got {ids.dtype} {ShapeUtil.Format(ids._shape)}; use ids.unsqueeze(0) for one prompt");
        if (maxNewTokens < 0) throw new ArgumentException($"Gpt.generate: maxNewTokens must be ≥ 0, got {maxNewTokens}");
        CheckSampling(temperature, topK, config.vocabSize);
        bool wasTraining = training;
        eval();
        try
        {
            using var _ = torch.no_grad();
            return useKvCache ? GenerateCached(ids, maxNewTokens, temperature, topK, generator)
                              : GenerateFull(ids, maxNewTokens, temperature, topK, generator);
        }
        finally { train(wasTraining); }
    }

    private Tensor GenerateFull(Tensor ids, int n, float temperature, int? topK, torch.Generator? g)
    {
        int ctx = config.contextLength;
        for (int i = 0; i < n; i++)
        {
            NotebookHost.ThrowIfCancelled();
            int t = ids.size(1);
            var window = t > ctx ? ids.narrow(1, t - ctx, ctx) : ids;
            var logits = forward(window);
            var next = sample_next(logits.select(1, logits.size(1) - 1), temperature, topK, g); // (B, 1)
            ids = torch.cat(new[] { ids, next }, 1);
        }
        return ids;
    }

    private Tensor GenerateCached(Tensor ids, int n, float temperature, int? topK, torch.Generator? g)
    {
        if (n == 0) return ids;
        int ctx = config.contextLength;
        var cache = new_cache(ids.size(0));
        int t0 = ids.size(1);
        var logits = forward(t0 > ctx ? ids.narrow(1, t0 - ctx, ctx) : ids, cache); // prefill
        for (int i = 0; ; i++)
        {
            var next = sample_next(logits.select(1, logits.size(1) - 1), temperature, topK, g); // (B, 1)
            ids = torch.cat(new[] { ids, next }, 1);
            if (i == n - 1) return ids;
            NotebookHost.ThrowIfCancelled();
            if (cache.length >= ctx)
            {
                // Full: restart from the last half window (see the summary for why keys cannot be shifted).
                int keep = Math.Max(1, ctx / 2);
                cache.reset();
                logits = forward(ids.narrow(1, ids.size(1) - keep, keep), cache);
            }
            else logits = forward(next, cache);
        }
    }

    /// <summary>
    /// One sampling step: next-token ids (B, 1) int64 from last-position logits (B, vocab). temperature 0 → argmax;
    /// otherwise softmax(logits / temperature) over the <paramref name="topK"/> largest logits (null: all), sampled
    /// with <paramref name="generator"/> (or the global one).
    /// </summary>
    public static Tensor sample_next(Tensor logits, float temperature = 1f, int? topK = null, torch.Generator? generator = null)
    {
        if (logits.dim() != 2) throw new ArgumentException($"Gpt.sample_next: logits must be (B, vocab), got {ShapeUtil.Format(logits._shape)}");
        CheckSampling(temperature, topK, logits.size(1));
        if (temperature == 0f) return logits.argmax(-1, keepdim: true);
        var scaled = logits / temperature;
        if (topK is int k && k < logits.size(1))
        {
            var (values, _) = scaled.topk(k, -1);            // (B, k), sorted descending
            var kth = values.narrow(1, k - 1, 1);           // (B, 1): the smallest logit kept
            scaled = scaled.masked_fill(scaled.lt(kth), float.NegativeInfinity);
        }
        return torch.multinomial(scaled.softmax(-1), 1, generator: generator);
    }

    private static void CheckSampling(float temperature, int? topK, int vocab)
    {
        if (!(temperature >= 0f) || float.IsInfinity(temperature))
            throw new ArgumentException($"Gpt.generate: temperature must be finite and ≥ 0 (0 = greedy), got {temperature}");
        if (topK is int k && (k < 1 || k > vocab))
            throw new ArgumentException($"Gpt.generate: topK must be in 1…{vocab} (the vocabulary size) or null, got {k}");
    }
}
