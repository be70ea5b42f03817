using NotebookCourse.Nn;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Nn;

public class ModuleDisplayTests
{
    [Fact]
    public void ToStringPrintsTreeWithCounts()
    {
        var model = nn.Sequential(("body", new TwoLayerNet(784, 100, 10)), ("drop", nn.Dropout(0.25f)), ("act", nn.LeakyReLU(0.2f)));
        var expected = string.Join("\n",
            "Sequential(  # 79,510 params",
            "  (body): TwoLayerNet(  # 79,510 params",
            "    (fc1): Linear(in_features=784, out_features=100, bias=True)  # 78,500 params",
            "    (fc2): Linear(in_features=100, out_features=10, bias=True)  # 1,010 params",
            "  )",
            "  (drop): Dropout(p=0.25)",
            "  (act): LeakyReLU(negative_slope=0.2)",
            ")",
            "Total: 79,510 parameters (79,510 trainable)");
        Assert.Equal(expected, model.ToString());
        Assert.Equal("Flatten(start_dim=1, end_dim=-1)\nTotal: 0 parameters (0 trainable)", nn.Flatten().ToString());
    }

    [Fact]
    public void HtmlTableListsEachParameter()
    {
        var net = new TwoLayerNet(4, 3, 2);
        net.fc1.requires_grad_(false);
        var bundle = net.ToMimeBundle();
        Assert.Equal(net.ToString(), bundle.PlainText);
        var html = (string)bundle.Data["text/html"];
        Assert.Contains("<code>fc1.weight</code></td><td style=\"text-align:left\">Linear (frozen)</td><td style=\"text-align:left\">(3, 4)</td><td style=\"text-align:right\">12</td>", html);
        Assert.Contains("<code>fc2.bias</code></td><td style=\"text-align:left\">Linear</td><td style=\"text-align:left\">(2,)</td>", html);
        Assert.Contains("(8 trainable)", html);
        Assert.Contains("<b>23</b>", html);
    }
}
