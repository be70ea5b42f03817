using NotebookCourse.Models;
using NotebookCourse.Onnx;
using NotebookCourse.Onnx.Export;
using NotebookCourse.Tests.Onnx;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Models;

/// <summary>The course GPT exports to ONNX (traced) and ONNX Runtime reproduces its logits at other batch sizes and lengths.</summary>
[Collection("onnxruntime")]
public class GptOnnxTests
{
    [OrtFact]
    public void ExportedGptMatchesTheEngineInOnnxRuntime()
    {
        var gpt = GptTests.Make(seed: 5);
        var bytes = OnnxExport.ToModel(gpt, GptTests.RandomIds(3, 5, 1)).ToByteArray();
        OnnxChecker.Check(ModelProto.Parse(bytes));
        using var session = new InferenceSession(bytes, new SessionConfig { Threads = 1 });
        foreach (var (b, t) in new[] { (1, 5), (2, 9), (1, 16) })
        {
            var ids = GptTests.RandomIds(b, t, 10 + t);
            float[] expected;
            using (no_grad()) expected = gpt.call(ids).ToArray<float>();
            var actual = session.Run(("input", ids.ToArray<long>(), ids.shape))["output"].AsFloats();
            Assert.Equal(expected.Length, actual.Length);
            double worst = 0;
            for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
            Assert.True(worst <= 1e-4, $"batch {b}, length {t}: max abs diff {worst:g3} between engine and ONNX Runtime");
        }
    }
}
