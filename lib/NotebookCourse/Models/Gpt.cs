using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using F = NotebookCourse.torch.nn.functional;

namespace NotebookCourse.Models;

/// <summary>
/// A small decoder-only transformer (GPT): token embedding <c>wte</c> + learned position embedding <c>wpe</c>,
/// <c>blocks.0 … blocks.{nLayers−1}</c> (<see cref="GptBlock"/>: ln1, attn.qkv, attn.proj, ln2, mlp.fc, mlp.proj),
/// final norm <c>ln_f</c>, output head <c>lm_head</c> (no bias; its weight is <c>wte.weight</c> itself when
/// <see cref="GptConfig.tieWeights"/>). State-dict keys therefore read <c>blocks.0.attn.qkv.weight</c>,
/// <c>lm_head.weight</c>, … Init as GPT-2: weights N(0, 0.02), the residual projections N(0, 0.02/√(2·nLayers)),
/// biases 0, norms 1/0.
/// Shape: ids (B, T) int64 with T ≤ contextLength → logits (B, T, vocabSize).
/// Example:
/// <code>
/// var gpt = new Gpt(new GptConfig(vocabSize: 65, contextLength: 64));
/// var loss = gpt.loss(x, y);                 // x, y: (B, T) int64, y = x shifted by one
/// var text = gpt.generate(prompt, maxNewTokens: 200, temperature: 0.8f, topK: 10);
/// </code>
/// </summary>
public sealed partial class Gpt : Module
{
    /// <summary>The sizes this model was built with.</summary>
    public GptConfig config { get; }
    /// <summary>Token embedding (vocabSize, dModel).</summary>
    public Embedding wte { get; }
    /// <summary>Learned position embedding (contextLength, dModel).</summary>
    public Embedding wpe { get; }
    /// <summary>The transformer blocks.</summary>
    public ModuleList blocks { get; }
    /// <summary>Final layer norm.</summary>
    public LayerNorm ln_f { get; }
    /// <summary>Output head dModel → vocabSize, without bias.</summary>
    public Linear lm_head { get; }

    private readonly GptBlock[] _blocks;

    /// <summary>Builds the model and initializes it (see <see cref="reset_parameters"/>).</summary>
    public Gpt(GptConfig config)
    {
        config.Validate();
        this.config = config;
        wte = register_module("wte", new Embedding(config.vocabSize, config.dModel));
        wpe = register_module("wpe", new Embedding(config.contextLength, config.dModel));
        _blocks = new GptBlock[config.nLayers];
        for (int i = 0; i < _blocks.Length; i++) _blocks[i] = new GptBlock(config);
        blocks = register_module("blocks", new ModuleList(_blocks));
        ln_f = register_module("ln_f", new LayerNorm(config.dModel));
        lm_head = register_module("lm_head", new Linear(config.dModel, config.vocabSize, bias: false));
        // Tying: one tensor under two names, so parameters() lists it once and both state-dict keys share storage.
        if (config.tieWeights) lm_head.register_parameter("weight", wte.weight);
        reset_parameters();
    }

    /// <summary>Re-initializes every weight GPT-2 style (see the class summary).</summary>
    public void reset_parameters()
    {
        float std = 0.02f, residualStd = 0.02f / MathF.Sqrt(2f * config.nLayers);
        foreach (var (name, p) in named_parameters())
        {
            if (p.dim() == 1) { if (name.EndsWith("bias")) torch.nn.init.zeros_(p); else torch.nn.init.ones_(p); continue; }
            // The two projections that write into the residual stream get a smaller scale, so the stream's variance
            // does not grow with depth.
            bool residual = name.EndsWith("attn.proj.weight") || name.EndsWith("mlp.proj.weight");
            torch.nn.init.normal_(p, 0f, residual ? residualStd : std);
        }
    }

    /// <summary>Number of trainable values (a tied head counted once).</summary>
    public long num_parameters() { long n = 0; foreach (var p in parameters()) n += p.numel(); return n; }

    /// <summary>Logits (B, T, vocabSize) for token ids (B, T) int64, T ≤ contextLength.</summary>
    public override Tensor forward(Tensor ids) => forward(ids, null);

    /// <summary>
    /// Logits for ids (B, T) that continue what <paramref name="cache"/> holds (positions cache.length …): the new
    /// keys and values are appended, so calling again with the next token only computes that token. With a cache the
    /// call is for inference and runs without gradients (the cache is filled outside the autograd graph).
    /// </summary>
    public Tensor forward(Tensor ids, GptKvCache? cache)
    {
        if (cache != null && torch.is_grad_enabled())
        {
            using var _ = torch.no_grad();
            return forward(ids, cache);
        }
        if (ids.dtype != DType.int64 || ids.dim() != 2)
            throw new ArgumentException($"Gpt expected token ids (B, T) of dtype int64, got {ids.dtype} {ShapeUtil.Format(ids._shape)}; use ids.unsqueeze(0) for one sequence");
        int b = ids.size(0), t = ids.size(1), start = cache?.length ?? 0;
        if (t == 0) throw new ArgumentException("Gpt: the input has no tokens (T = 0)");
        if (cache != null) cache.CheckRoom(b, t);
        else if (t > config.contextLength)
            throw new ArgumentException($"Gpt: sequence length {t} exceeds the context length {config.contextLength}; crop it to the last {config.contextLength} tokens (ids.narrow(1, T - {config.contextLength}, {config.contextLength}))");
        var x = wte.call(ids) + wpe.call(torch.arange(start, start + t)); // (B, T, dModel) + (T, dModel)
        if (training && config.dropout > 0f) x = F.dropout(x, config.dropout, true);
        for (int i = 0; i < _blocks.Length; i++) x = _blocks[i].forward(x, cache, i);
        cache?.Advance(t);
        return lm_head.call(ln_f.call(x));
    }

    /// <summary>Mean next-token cross-entropy of the logits for <paramref name="ids"/> against <paramref name="targets"/> (both (B, T) int64).</summary>
    public Tensor loss(Tensor ids, Tensor targets)
    {
        if (targets.dtype != DType.int64 || !ShapeUtil.SameShape(targets._shape, ids._shape))
            throw new ArgumentException($"Gpt.loss: targets must be int64 with the shape of ids {ShapeUtil.Format(ids._shape)}, got {targets.dtype} {ShapeUtil.Format(targets._shape)}");
        var logits = forward(ids);
        return F.cross_entropy(logits.view(-1, config.vocabSize), targets.reshape(-1));
    }

    /// <summary>An empty key/value cache for batches of <paramref name="batchSize"/> sequences.</summary>
    public GptKvCache new_cache(int batchSize = 1) => new(config, batchSize);

    /// <inheritdoc/>
    public override string extra_repr() =>
        $"vocab_size={config.vocabSize}, context_length={config.contextLength}, d_model={config.dModel}, n_heads={config.nHeads}, n_layers={config.nLayers}, tie_weights={(config.tieWeights ? "True" : "False")}";
}
