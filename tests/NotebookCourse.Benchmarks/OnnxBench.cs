using NotebookCourse.Onnx;
using NotebookCourse.Onnx.Export;
using static NotebookCourse.torch;

namespace NotebookCourse.Benchmarks;

/// <summary>
/// The LeNet of the lenet workloads (the CNN of notebooks 02/19) in eval mode: the course engine against ONNX Runtime (CPU provider, same
/// thread count) on the model exported by OnnxExport — latency at batch 1 and throughput at batch 256 (issue 8).
/// Weights are random: speed does not depend on them, and outputs are compared before timing.
/// </summary>
static class OnnxBench
{
    public sealed record Row(string Name, string Unit, double Engine, double Ort, bool LowerIsBetter);

    public static List<Row> Run(int threads, bool quick)
    {
        manual_seed(0);
        var lenet = EpochBench.LeNetModel();
        lenet.eval();
        using var session = new InferenceSession(OnnxExport.ExportBytes(lenet, [1, 1, 28, 28]), new SessionConfig { Threads = threads });
        string input = session.Inputs[0].Name;
        var one = randn(1, 1, 28, 28);
        var many = randn(256, 1, 28, 28);
        float[] oneData = one.ToArray<float>(), manyData = many.ToArray<float>();

        return EpochBench.WithThreads(threads, () =>
        {
            using var _ = no_grad();
            var check = session.Run(input, manyData, 256, 1, 28, 28)[0].AsFloats();
            var mine = lenet.forward(many).ToArray<float>();
            double diff = check.Zip(mine).Max(p => Math.Abs(p.First - p.Second));
            if (diff > 1e-4) throw new InvalidOperationException($"onnx bench: ORT and the engine differ by {diff:E2}");
            int samples = quick ? 3 : 9;
            double e1 = Measure.MedianSeconds(() => lenet.forward(one), samples);
            double o1 = Measure.MedianSeconds(() => session.Run(input, oneData, 1, 1, 28, 28), samples);
            double e256 = Measure.MedianSeconds(() => lenet.forward(many), samples);
            double o256 = Measure.MedianSeconds(() => session.Run(input, manyData, 256, 1, 28, 28), samples);
            return new List<Row>
            {
                new("onnx-lenet-b1", "ms", e1 * 1e3, o1 * 1e3, LowerIsBetter: true),
                new("onnx-lenet-b256", "img/s", 256 / e256, 256 / o256, LowerIsBetter: false),
            };
        });
    }
}
