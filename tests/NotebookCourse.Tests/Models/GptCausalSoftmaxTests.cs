using NotebookCourse.Models;
using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Models;

public class GptCausalSoftmaxTests
{
    /// <summary>The same weights from engine ops: scale, mask with −∞ where key j > S − T + i, softmax.</summary>
    private static Tensor Reference(Tensor scores, float scale)
    {
        int t = scores.size(-2), s = scores.size(-1);
        var blocked = new bool[t * s];
        for (int i = 0; i < t; i++)
            for (int j = s - t + i + 1; j < s; j++) blocked[i * s + j] = true;
        return (scores * scale).masked_fill(tensor(blocked, t, s), float.NegativeInfinity).softmax(-1);
    }

    [Theory]
    [InlineData(5, 5)]   // prefill: square causal
    [InlineData(3, 7)]   // a chunk after 4 cached positions
    [InlineData(1, 6)]   // one decode step: sees every key
    public void MatchesMaskedSoftmaxForwardAndBackward(int t, int s)
    {
        var x = GradCheck.Input(2, 3, t, s);
        var g = randn(new[] { 2, 3, t, s }, new Generator(5));
        var ours = GptCausalSoftmax.Apply(x, 0.35f);
        ours.backward(g);
        var ourGrad = x.grad!.clone();
        x.grad = null;
        var reference = Reference(x, 0.35f);
        reference.backward(g);
        TensorAssert.Close(ours, reference, atol: 1e-6f, rtol: 1e-5f);
        TensorAssert.Close(ourGrad, x.grad!, atol: 1e-6f, rtol: 1e-5f);
        // Masked keys get exactly zero weight.
        if (t > 1) Assert.Equal(0f, ours[0, 0, 0, s - t + 1].item<float>());
    }

    [Fact, GradCheckFor("gpt_causal_softmax")]
    public void GradientMatchesFiniteDifferences() =>
        GradCheck.Check("gpt_causal_softmax", v => GptCausalSoftmax.Apply(v[0], 0.7f), GradCheck.Input(2, 4, 6));

    [Fact]
    public void RejectsMoreQueriesThanKeys() =>
        Assert.Contains("T ≤ S", Assert.Throws<ArgumentException>(() => GptCausalSoftmax.Apply(randn(2, 5, 4), 1f)).Message);
}
