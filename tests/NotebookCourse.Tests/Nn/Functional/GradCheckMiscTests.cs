using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.Tests.TestUtil.GradCheck;
using F = NotebookCourse.torch.nn.functional;

namespace NotebookCourse.Tests.Nn.Functional;

/// <summary>Finite-difference checks of embedding, pad, attention and the elementwise losses.</summary>
public class GradCheckMiscTests
{
    [Fact, GradCheckFor("embedding")]
    public void Embedding()
    {
        var idx = torch.tensor(new long[] { 1, 3, 0, 3, 4, 1 }, 2, 3);
        Check("embedding", t => F.embedding(idx, t[0]), Input(5, 3));
        // padding_idx deliberately breaks the true derivative (the row is frozen), see the next test.
    }

    [Fact]
    public void EmbeddingPaddingRowGetsNoGradient()
    {
        var w = torch.randn([4, 2], new torch.Generator(3), requires_grad: true);
        var idx = torch.tensor(new long[] { 0, 2, 2, 3 }, 4);
        F.embedding(idx, w, padding_idx: -2).sum().backward();
        TensorAssert.Close(w.grad!, [1, 1, 0, 0, 0, 0, 1, 1], 0f, 0f);
    }

    [Fact, GradCheckFor("pad")]
    public void Pad()
    {
        Check("pad", t => F.pad(t[0], [1, 2]), Input(2, 3));
        Check("pad", t => F.pad(t[0], [0, 1, 2, 1], value: 0.5f), Input(2, 3, 2));
        Check("pad", t => F.pad(t[0], [-1, 1, 1, -1]), Input(1, 3, 4));
    }

    [Fact, GradCheckFor("mse_loss", "l1_loss")]
    public void MseAndL1()
    {
        Check("mse_loss", t => F.mse_loss(t[0], t[1]), Input(3, 4), Input(3, 4));
        Check("mse_loss", t => F.mse_loss(t[0], t[1], reduction: "none"), Input(2, 3), Input(2, 3));
        Check("l1_loss", t => F.l1_loss(t[0], t[1], reduction: "sum"), Grid(0f, 3, 4), Grid(0.05f, 3, 4));
        Check("l1_loss", t => F.l1_loss(t[0], t[1]), Grid(0f, 5), Grid(0.05f, 5));
    }

    [Fact, GradCheckFor("binary_cross_entropy", "binary_cross_entropy_with_logits")]
    public void BinaryCrossEntropy()
    {
        var w = torch.tensor(new[] { 0.5f, 2f, 1f });
        Check("binary_cross_entropy", t => F.binary_cross_entropy(t[0], t[1], w), Positive(0.1f, 0.9f, 4, 3), Positive(0f, 1f, 4, 3));
        Check("binary_cross_entropy", t => F.binary_cross_entropy(t[0], t[1], reduction: "none"), Positive(0.1f, 0.9f, 5), Positive(0f, 1f, 5));
        Check("binary_cross_entropy_with_logits", t => F.binary_cross_entropy_with_logits(t[0], t[1], w, pos_weight: torch.tensor(new[] { 3f, 0.5f, 1f })),
            Input(4, 3), Positive(0f, 1f, 4, 3));
        Check("binary_cross_entropy_with_logits", t => F.binary_cross_entropy_with_logits(t[0], t[1], reduction: "sum"), Input(6), Positive(0f, 1f, 6));
    }

    [Fact, GradCheckFor("kl_div")]
    public void KlDiv()
    {
        Check("kl_div", t => F.kl_div(t[0].log_softmax(1), t[1], reduction: "batchmean"), Input(3, 4), Positive(0.05f, 1f, 3, 4));
        Check("kl_div", t => F.kl_div(t[0], t[1], reduction: "none", log_target: true), Input(2, 3), Input(2, 3));
    }

    [Fact]
    public void AttentionGradientsWithEveryMask()
    {
        var pad = torch.tensor(new[] { false, false, true, false, false, false, false, true }, 2, 4);
        var mask = torch.tensor(new[] { true, true, false, true, true, true, true, true, true, false, true, true }, 3, 4);
        Check("softmax", t => F.scaled_dot_product_attention(t[0], t[1], t[2], mask, key_padding_mask: pad),
            Input(2, 2, 3, 4), Input(2, 2, 4, 4), Input(2, 2, 4, 5));
        Check("softmax", t => F.scaled_dot_product_attention(t[0], t[1], t[2], t[3], is_causal: true, scale: 0.3f),
            Input(2, 3, 4), Input(2, 4, 4), Input(2, 4, 2), Input(3, 4));
    }

    [Fact, GradCheckFor("softplus", "logsigmoid")]
    public void SoftplusAndLogSigmoid()
    {
        Check("softplus", t => F.softplus(t[0]), Input(3, 4));
        Check("softplus", t => F.softplus(t[0], beta: 2f, threshold: 1f), AwayFromZero(0.6f, 3f, 7));
        Check("logsigmoid", t => F.logsigmoid(t[0]), Input(2, 5));
    }

    [Fact]
    public void SoftplusAndLogSigmoidValues()
    {
        TensorAssert.Close(F.softplus(torch.tensor(new[] { 0f, 100f, -100f, 1f })), [MathF.Log(2f), 100f, 0f, MathF.Log(1f + MathF.E)], 1e-6f, 1e-6f);
        TensorAssert.Close(F.softplus(torch.tensor(new[] { 30f }), beta: 0.5f), [30f + 2f * MathF.Log(1f + MathF.Exp(-15f))], 1e-5f, 1e-6f);
        TensorAssert.Close(F.logsigmoid(torch.tensor(new[] { 0f, -100f, 100f })), [-MathF.Log(2f), -100f, 0f], 1e-6f, 1e-6f);
    }
}
