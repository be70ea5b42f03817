using NotebookCourse.Models;
using NotebookCourse.Tests.Onnx;
using NotebookCourse.Tests.Onnx.Export;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Models;

public sealed class ResNetOnnxTests
{
    [OrtFact]
    public void Resnet_with_projection_shortcuts_exports_and_matches_the_engine()
    {
        manual_seed(8);
        var model = new ResNet(ResNetSpec.Small([1, 2], [4, 8], numClasses: 3));
        model.train();
        // A few training-mode passes so that the running statistics are not the initial 0/1.
        using (no_grad()) for (int i = 0; i < 3; i++) model.call(randn([6, 1, 12, 12], new Generator(i)) * 2f + 0.5f);
        ExportParityTests.AssertParity(model, [1, 12, 12], 5, 80);
    }
}
