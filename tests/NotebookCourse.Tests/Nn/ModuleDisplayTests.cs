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

    [Theory]
    [InlineData("conv2d", "Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))")]
    [InlineData("conv2d-full", "Conv2d(4, 8, kernel_size=(3, 1), stride=(2, 2), padding=(1, 0), dilation=(2, 2), groups=2, bias=False)")]
    [InlineData("conv2d-same", "Conv2d(3, 3, kernel_size=(3, 3), stride=(1, 1), padding=same)")]
    [InlineData("conv1d", "Conv1d(16, 33, kernel_size=(3,), stride=(2,))")]
    [InlineData("convT", "ConvTranspose2d(8, 4, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))")]
    [InlineData("bn", "BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)")]
    [InlineData("ln", "LayerNorm((512,), eps=1e-05, elementwise_affine=True)")]
    [InlineData("emb", "Embedding(100, 8, padding_idx=0)")]
    [InlineData("avg", "AdaptiveAvgPool2d(output_size=1)")]
    public void LayerReprsReadLikePyTorch(string which, string expected)
    {
        NotebookCourse.Nn.Module m = which switch
        {
            "conv2d" => nn.Conv2d(1, 6, 5),
            "conv2d-full" => nn.Conv2d(4, 8, (3, 1), stride: 2, padding: (1, 0), dilation: 2, groups: 2, bias: false),
            "conv2d-same" => nn.Conv2d(3, 3, 3, padding: "same"),
            "conv1d" => nn.Conv1d(16, 33, 3, stride: 2),
            "convT" => nn.ConvTranspose2d(8, 4, 4, stride: 2, padding: 1, outputPadding: 1),
            "bn" => nn.BatchNorm2d(16),
            "ln" => nn.LayerNorm(512),
            "emb" => nn.Embedding(100, 8, paddingIdx: 0),
            _ => nn.AdaptiveAvgPool2d(1),
        };
        Assert.Equal(expected, m.ToString().Split('\n')[0].Split("  #")[0]);
    }
}
