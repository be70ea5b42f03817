using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using F = NotebookCourse.torch.nn.functional;

namespace NotebookCourse.Models;

/// <summary>
/// The per-token feed-forward network of a GPT block: <c>fc</c> (dModel → 4·dModel), GELU, <c>proj</c>
/// (4·dModel → dModel), dropout. Shape: (B, T, dModel) → same.
/// </summary>
public sealed class GptMlp : Module
{
    private readonly float _dropout;
    /// <summary>Expansion layer (dModel → 4·dModel).</summary>
    public Linear fc { get; }
    /// <summary>Projection back (4·dModel → dModel).</summary>
    public Linear proj { get; }

    /// <summary>Creates the layer for <paramref name="cfg"/>.</summary>
    public GptMlp(GptConfig cfg)
    {
        _dropout = cfg.dropout;
        fc = register_module("fc", new Linear(cfg.dModel, 4 * cfg.dModel));
        proj = register_module("proj", new Linear(4 * cfg.dModel, cfg.dModel));
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        var y = proj.call(fc.call(x).gelu());
        return training && _dropout > 0f ? F.dropout(y, _dropout, true) : y;
    }
}

/// <summary>
/// One pre-norm transformer block: x + attn(ln1(x)), then x + mlp(ln2(x)). Normalizing before each sub-layer keeps
/// the residual path an identity, which is what lets deep stacks train without warm-up tricks.
/// Submodules: <c>ln1</c>, <c>attn</c> (<see cref="GptAttention"/>), <c>ln2</c>, <c>mlp</c> (<see cref="GptMlp"/>).
/// Shape: (B, T, dModel) → same.
/// </summary>
public sealed class GptBlock : Module
{
    /// <summary>Norm before attention.</summary>
    public LayerNorm ln1 { get; }
    /// <summary>Causal self-attention.</summary>
    public GptAttention attn { get; }
    /// <summary>Norm before the MLP.</summary>
    public LayerNorm ln2 { get; }
    /// <summary>Feed-forward network.</summary>
    public GptMlp mlp { get; }

    /// <summary>Creates the block for <paramref name="cfg"/>.</summary>
    public GptBlock(GptConfig cfg)
    {
        ln1 = register_module("ln1", new LayerNorm(cfg.dModel));
        attn = register_module("attn", new GptAttention(cfg));
        ln2 = register_module("ln2", new LayerNorm(cfg.dModel));
        mlp = register_module("mlp", new GptMlp(cfg));
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => forward(x, null, 0);

    internal Tensor forward(Tensor x, GptKvCache? cache, int layer)
    {
        x = x + attn.forward(ln1.call(x), cache, layer);
        return x + mlp.call(ln2.call(x));
    }
}
