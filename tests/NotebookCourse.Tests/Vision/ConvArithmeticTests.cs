using NotebookCourse.Kernels;
using NotebookCourse.Vision;

namespace NotebookCourse.Tests.Vision;

public sealed class ConvArithmeticTests
{
    [Theory]
    [InlineData(28, 3, 1, 0, 1, 26)]
    [InlineData(28, 3, 1, 1, 1, 28)]
    [InlineData(28, 5, 1, 2, 1, 28)]
    [InlineData(28, 3, 2, 1, 1, 14)]
    [InlineData(28, 5, 3, 0, 1, 8)]   // ⌊23/3⌋ + 1: the last 2 columns are never the start of a window
    [InlineData(7, 7, 1, 0, 1, 1)]
    [InlineData(10, 3, 1, 0, 2, 6)]   // dilation 2: the kernel spans 5 pixels
    public void OutputSize_follows_the_floor_formula(int n, int k, int s, int p, int d, int expected)
    {
        Assert.Equal(expected, ConvArithmetic.OutputSize(n, k, s, p, d));
    }

    [Fact]
    public void OutputSize_agrees_with_the_conv_kernels_geometry_on_many_cases()
    {
        for (int n = 1; n <= 12; n++)
            for (int k = 1; k <= 5; k++)
                for (int s = 1; s <= 3; s++)
                    for (int p = 0; p <= 2; p++)
                        for (int d = 1; d <= 2; d++)
                        {
                            if (n + 2 * p < d * (k - 1) + 1) continue;
                            var g = Conv2dGeometry.Create(1, 1, n, n, 1, k, k, s, s, p, p, d, d);
                            Assert.Equal(g.OH, ConvArithmetic.OutputSize(n, k, s, p, d));
                        }
    }

    [Fact]
    public void OutputSize_explains_a_kernel_larger_than_the_padded_input()
    {
        var ex = Assert.Throws<ArgumentException>(() => ConvArithmetic.OutputSize(4, 7, padding: 1));
        Assert.Contains("covers 7 pixels but the padded input has only 6", ex.Message);
        Assert.Throws<ArgumentException>(() => ConvArithmetic.OutputSize(28, 3, stride: 0));
    }

    [Fact]
    public void SamePadding_keeps_the_size_for_odd_kernels_and_refuses_even_ones()
    {
        foreach (int k in new[] { 1, 3, 5, 7 })
            Assert.Equal(28, ConvArithmetic.OutputSize(28, k, padding: ConvArithmetic.SamePadding(k)));
        Assert.Equal(2, ConvArithmetic.SamePadding(3, dilation: 2));
        Assert.Throws<ArgumentException>(() => ConvArithmetic.SamePadding(4));
    }

    [Fact]
    public void Receptive_field_grows_by_k_minus_1_per_layer_and_by_the_jump_after_a_stride()
    {
        Assert.Equal(1, ConvArithmetic.ReceptiveFieldOfStack(0));
        Assert.Equal(3, ConvArithmetic.ReceptiveFieldOfStack(1));
        Assert.Equal(5, ConvArithmetic.ReceptiveFieldOfStack(2));
        Assert.Equal(7, ConvArithmetic.ReceptiveFieldOfStack(3));
        Assert.Equal(9, ConvArithmetic.ReceptiveFieldOfStack(2, kernel: 5));
        // LeNet-like: conv5, pool2 (stride 2), conv5, pool2 -> 5, 6, 14, 16 with jumps 1, 2, 2, 4.
        var steps = ConvArithmetic.ReceptiveField([new(5), new(2, 2), new(5), new(2, 2)]);
        Assert.Equal([5, 6, 14, 16], steps.Select(s => s.Size));
        Assert.Equal([1, 2, 2, 4], steps.Select(s => s.Jump));
        Assert.Equal(5, ConvArithmetic.ReceptiveField([new(3, 1, 2)])[0].Size); // dilated 3x3 spans 5
    }

    [Fact]
    public void Parameter_counts_of_conv_and_linear()
    {
        Assert.Equal(10, ConvArithmetic.Conv2dParameters(1, 1, 3));                 // 9 weights + 1 bias
        Assert.Equal(156, ConvArithmetic.Conv2dParameters(1, 6, 5));                // LeNet's first layer
        Assert.Equal(6 * 784 * 784 + 6 * 784, ConvArithmetic.LinearParameters(784, 6 * 784));
        Assert.Equal(784L * 784, ConvArithmetic.LinearParameters(784, 784, bias: false));
        Assert.Throws<ArgumentException>(() => ConvArithmetic.Conv2dParameters(0, 6, 5));
    }
}
