using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.Tests.TestUtil.GradCheck;
using F = NotebookCourse.torch.nn.functional;

namespace NotebookCourse.Tests.Nn.Functional;

/// <summary>Finite-difference checks of the losses with every option that changes the gradient.</summary>
public class GradCheckLossTests
{
    static Tensor Labels(long[] v, params int[] shape) => torch.tensor(v, shape);

    [Fact, GradCheckFor("cross_entropy")]
    public void CrossEntropy()
    {
        var y = Labels([0, 4, 2], 3);
        Check("cross_entropy", t => F.cross_entropy(t[0], y), Input(3, 5));
        var w = torch.tensor(new[] { 0.5f, 1f, 2f, 1.5f, 0.25f });
        Check("cross_entropy", t => F.cross_entropy(t[0], Labels([1, -100, 3, 4], 4), w, label_smoothing: 0.2f), Input(4, 5));
        Check("cross_entropy", t => F.cross_entropy(t[0], Labels([2, 0, 1, 1, 2, 0], 2, 3), reduction: "none"), Input(2, 3, 3));
        Check("cross_entropy", t => F.cross_entropy(t[0], Labels([1, 7, 0], 3), ignore_index: 7, reduction: "sum"), Input(3, 2));
        Check("cross_entropy", t => F.cross_entropy(t[0], torch.tensor(2L)), Input(4));
    }

    [Fact, GradCheckFor("cross_entropy")]
    public void CrossEntropyWithProbabilities()
    {
        var w = torch.tensor(new[] { 0.5f, 1f, 2f, 1.5f });
        // both the logits and the soft target get gradients
        Check("cross_entropy", t => F.cross_entropy(t[0], t[1].softmax(1), w, label_smoothing: 0.1f), Input(3, 4), Input(3, 4));
        Check("cross_entropy", t => F.cross_entropy(t[0], t[1], reduction: "none"), Input(2, 4, 3), Positive(0.1f, 1f, 2, 4, 3));
    }

    [Fact, GradCheckFor("nll_loss")]
    public void NllLoss()
    {
        var w = torch.tensor(new[] { 0.5f, 1f, 2f });
        Check("nll_loss", t => F.nll_loss(t[0], Labels([0, 2, 1, 2], 4), w), Input(4, 3));
        Check("nll_loss", t => F.nll_loss(t[0], Labels([0, -1, 1, 2], 2, 2), ignore_index: -1, reduction: "none"), Input(2, 3, 2));
    }
}
