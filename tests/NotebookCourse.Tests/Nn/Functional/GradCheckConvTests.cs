using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.Tests.TestUtil.GradCheck;
using F = NotebookCourse.torch.nn.functional;

namespace NotebookCourse.Tests.Nn.Functional;

/// <summary>Finite-difference checks of linear and the convolutions on odd sizes, strides, padding, dilation, groups.</summary>
public class GradCheckConvTests
{
    [Fact, GradCheckFor("linear")]
    public void Linear()
    {
        Check("linear", t => F.linear(t[0], t[1], t[2]), Input(3, 5), Input(4, 5), Input(4));
        Check("linear", t => F.linear(t[0], t[1]), Input(2, 3, 5), Input(1, 5));
        Check("linear", t => F.linear(t[0], t[1], t[2]), Input(5), Input(3, 5), Input(3));
    }

    [Fact, GradCheckFor("conv2d")]
    public void Conv2d()
    {
        Check("conv2d", t => F.conv2d(t[0], t[1], t[2], padding: 1), Input(2, 3, 5, 7), Input(4, 3, 3, 3), Input(4));
        Check("conv2d", t => F.conv2d(t[0], t[1], t[2], stride: 2, padding: (1, 2), dilation: (2, 1)),
            Input(2, 2, 7, 6), Input(3, 2, 3, 2), Input(3));
        Check("conv2d", t => F.conv2d(t[0], t[1], null, stride: (2, 1), groups: 2), Input(1, 4, 5, 5), Input(6, 2, 2, 3));
        Check("conv2d", t => F.conv2d(t[0], t[1], padding: "same", dilation: 2), Input(3, 5, 4), Input(2, 3, 3, 3));
        // only the weight needs a gradient (first layer: the images do not)
        Check("conv2d", t => F.conv2d(t[0], t[1], t[2], stride: 2), torch.randn(2, 3, 5, 5), Input(2, 3, 3, 3), Input(2));
    }

    [Fact, GradCheckFor("conv1d")]
    public void Conv1d()
    {
        Check("conv1d", t => F.conv1d(t[0], t[1], t[2], stride: 2, padding: 1, dilation: 2), Input(2, 3, 9), Input(4, 3, 3), Input(4));
        Check("conv1d", t => F.conv1d(t[0], t[1], null, groups: 2, padding: "same"), Input(4, 7), Input(2, 2, 3));
    }

    [Fact, GradCheckFor("conv_transpose2d")]
    public void ConvTranspose2d()
    {
        Check("conv_transpose2d", t => F.conv_transpose2d(t[0], t[1], t[2], stride: 2, padding: 1, output_padding: 1),
            Input(2, 3, 3, 4), Input(3, 2, 3, 3), Input(2));
        Check("conv_transpose2d", t => F.conv_transpose2d(t[0], t[1], t[2], stride: 2), torch.randn(1, 2, 3, 3), Input(2, 3, 2, 2), Input(3));
        Check("conv_transpose2d", t => F.conv_transpose2d(t[0], t[1], null, stride: (2, 1), groups: 2, dilation: 2),
            Input(1, 4, 3, 3), Input(4, 3, 2, 3));
        Check("conv_transpose2d", t => F.conv_transpose2d(t[0], t[1], t[2]), Input(2, 3, 3), Input(2, 1, 3, 2), Input(1));
    }
}
