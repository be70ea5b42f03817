using System.Diagnostics;
using NotebookCourse.Nn;
using F = NotebookCourse.torch.nn.functional;
using static NotebookCourse.torch;

namespace NotebookCourse.Benchmarks;

/// <summary>Where a training step of the epoch workloads spends its time (diagnostics, `--only model-parts`).</summary>
static class ModelParts
{
    public static void Print()
    {
        foreach (int threads in new[] { 1, 2 })
        {
            Console.WriteLine($"-- {threads} thread(s)");
            EpochBench.WithThreads(threads, () => { PrintOnce(); LinearGemms(); return 0; });
        }
    }

    static void PrintOnce()
    {
        var (x, y) = FashionData.Train();
        manual_seed(0);
        var mlp = EpochBench.MlpModel();
        Parts("mlp batch 128", mlp, optim.SGD(mlp.parameters(), lr: 0.1), x, y, 128);
        var lenet = EpochBench.LeNetModel();
        Parts("lenet batch 64", lenet, optim.SGD(lenet.parameters(), lr: 0.01, momentum: 0.9), x, y, 64);
    }

    /// <summary>The three GEMMs of the MLP's first Linear (batch 128, 784→256): forward, input gradient, weight gradient.</summary>
    static void LinearGemms()
    {
        const int m = 128, inF = 784, outF = 256;
        var x = new float[m * inF]; var w = new float[outF * inF]; var y = new float[m * outF];
        var dx = new float[m * inF]; var dw = new float[outF * inF];
        for (int i = 0; i < x.Length; i++) x[i] = i % 7 - 3;
        for (int i = 0; i < w.Length; i++) w[i] = i % 5 - 2;
        double flops = 2.0 * m * inF * outF / 1e9;
        double f = Measure.MedianSeconds(() => Kernels.Gemm.Sgemm(false, true, m, outF, inF, 1f, x, inF, w, inF, 0f, y, outF), 5);
        double gx = Measure.MedianSeconds(() => Kernels.Gemm.Sgemm(false, false, m, inF, outF, 1f, y, outF, w, inF, 0f, dx, inF), 5);
        double gw = Measure.MedianSeconds(() => Kernels.Gemm.Sgemm(true, false, outF, inF, m, 1f, y, outF, x, inF, 0f, dw, inF), 5);
        Console.WriteLine($"  linear 128x784->256 GEMMs (GFLOP/s): forward x·Wᵀ {flops / f:F1}, dX g·W {flops / gx:F1}, dW gᵀ·x {flops / gw:F1}");
    }

    static void Parts(string name, Sequential net, Optim.Optimizer opt, Tensors.Tensor x, Tensors.Tensor y, int batch)
    {
        var xb = x.narrow(0, 0, batch); var yb = y.narrow(0, 0, batch);
        double fwd = 0, loss = 0, bwd = 0, step = 0;
        var layerMs = new double[net.Count];
        const int steps = 40;
        var warm = Stopwatch.StartNew();
        for (int i = -40; i < steps; i++)
        {
            if (i == -1 && warm.Elapsed.TotalSeconds < EpochBench.WarmUpSeconds) i = -2; // keep warming up (tiered JIT)
            var sw = Stopwatch.StartNew();
            var h = xb;
            for (int l = 0; l < net.Count; l++)
            {
                double t0 = sw.Elapsed.TotalMilliseconds;
                h = net[l].call(h);
                if (i >= 0) layerMs[l] += sw.Elapsed.TotalMilliseconds - t0;
            }
            double t1 = sw.Elapsed.TotalMilliseconds;
            var l2 = F.cross_entropy(h, yb);
            double t2 = sw.Elapsed.TotalMilliseconds;
            opt.zero_grad();
            l2.backward();
            double t3 = sw.Elapsed.TotalMilliseconds;
            opt.step();
            double t4 = sw.Elapsed.TotalMilliseconds;
            if (i < 0) continue;
            fwd += t1; loss += t2 - t1; bwd += t3 - t2; step += t4 - t3;
        }
        Console.WriteLine($"{name}: forward {fwd / steps:F2} ms, loss {loss / steps:F2}, zero_grad+backward {bwd / steps:F2}, optimizer step {step / steps:F2}");
        Console.WriteLine("  forward by layer (ms): " + string.Join(", ", Enumerable.Range(0, net.Count).Select(l => $"{net[l].GetType().Name} {layerMs[l] / steps:F2}")));
    }
}
