using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.Tests.TestUtil.GradCheck;
using F = NotebookCourse.torch.nn.functional;

namespace NotebookCourse.Tests.Nn.Functional;

/// <summary>Finite-difference checks of the pooling ops (distinct values for max so no window has a tie).</summary>
public class GradCheckPoolTests
{
    [Fact, GradCheckFor("max_pool2d")]
    public void MaxPool2d()
    {
        Check("max_pool2d", t => F.max_pool2d(t[0], 2), Distinct(2, 3, 5, 7));
        Check("max_pool2d", t => F.max_pool2d(t[0], (3, 2), stride: (2, 1), padding: 1, dilation: (1, 2)), Distinct(1, 2, 7, 6));
        Check("max_pool2d", t => F.max_pool2d(t[0], 3, stride: 2, ceil_mode: true), Distinct(2, 6, 6));
    }

    [Fact, GradCheckFor("avg_pool2d")]
    public void AvgPool2d()
    {
        Check("avg_pool2d", t => F.avg_pool2d(t[0], 2), Input(2, 3, 5, 7));
        Check("avg_pool2d", t => F.avg_pool2d(t[0], 3, stride: 2, padding: 1), Input(1, 2, 7, 6));
        Check("avg_pool2d", t => F.avg_pool2d(t[0], (3, 2), stride: 2, padding: 1, ceil_mode: true, count_include_pad: false), Input(2, 5, 6));
    }

    [Fact, GradCheckFor("adaptive_avg_pool2d")]
    public void AdaptiveAvgPool2d()
    {
        Check("adaptive_avg_pool2d", t => F.adaptive_avg_pool2d(t[0], (3, 2)), Input(2, 3, 7, 5));
        Check("adaptive_avg_pool2d", t => F.adaptive_avg_pool2d(t[0], 1), Input(2, 3, 3));
    }
}
