using NotebookCourse.Runtime;

namespace NotebookCourse.Tests.Tensors;

public class FormatTests
{
    [Fact]
    public void SmallTensorsPrintLikePyTorch()
    {
        Assert.Equal("tensor([1., 2., 3.])", torch.tensor(new[] { 1f, 2, 3 }).ToString());
        Assert.Equal("tensor([ 0.5000, -1.2500])", torch.tensor(new[] { 0.5f, -1.25f }).ToString());
        Assert.Equal("tensor(3.5000)", torch.tensor(3.5f).ToString());
        Assert.Equal("tensor([[0., 1., 2.],\n        [3., 4., 5.]], shape=(2, 3))", torch.arange(0f, 6f).view(2, 3).ToString());
        Assert.Equal("tensor([1, 2], dtype=int64)", torch.tensor(new long[] { 1, 2 }).ToString());
        Assert.Equal("tensor([ True, False], dtype=bool)", torch.tensor(new[] { true, false }).ToString());
        Assert.Equal("tensor([1.0000e-05, 1.0000e+00])", torch.tensor(new[] { 1e-5f, 1f }).ToString());
    }

    [Fact]
    public void GradInfoIsShown()
    {
        var x = torch.ones(new[] { 2 }, requires_grad: true);
        Assert.EndsWith("requires_grad=True)", x.ToString());
        Assert.EndsWith("grad_fn=<mul>)", (x * 2f).ToString());
    }

    [Fact]
    public void LargeTensorsAreSummarized()
    {
        var s = torch.arange(0f, 2000f).view(2, 1000).ToString();
        Assert.Contains("...", s);
        Assert.Contains("shape=(2, 1000)", s);
        Assert.True(s.Length < 200, s);
        Assert.StartsWith("tensor([[   0.,    1.,    2., ...,  997.,  998.,  999.],", s);
    }

    [Fact]
    public void RichDisplayGivesTextPlain()
    {
        IRichDisplay d = torch.zeros(2);
        Assert.Equal("tensor([0., 0.])", d.ToMimeBundle().PlainText);
    }
}
