using NotebookCourse.Kernels;

namespace NotebookCourse.Benchmarks;

/// <summary>conv2d forward + backward (weight, bias and, when the layer is not the first, input) at batch 64, 3×3, pad 1.</summary>
static class ConvBench
{
    public static double Run(int cin, int hw, int cout, bool needDx, int threads, bool quick)
    {
        int saved = Gemm.MaxThreads;
        Gemm.MaxThreads = threads;
        try { return Measure(cin, hw, cout, needDx, quick); }
        finally { Gemm.MaxThreads = saved; }
    }

    static double Measure(int cin, int hw, int cout, bool needDx, bool quick)
    {
        var g = Conv2dGeometry.Create(64, cin, hw, hw, cout, 3, 3, padH: 1, padW: 1);
        var rng = new Random(0);
        float[] R(long n) { var a = new float[n]; for (long i = 0; i < n; i++) a[i] = (float)rng.NextDouble() - 0.5f; return a; }
        var x = R(g.InputSize); var w = R(g.WeightSize); var b = R(g.K); var dy = R(g.OutputSize);
        var y = new float[g.OutputSize]; var dx = new float[g.InputSize]; var dw = new float[g.WeightSize]; var db = new float[g.K];
        double s = Benchmarks.Measure.MedianSeconds(() =>
        {
            Conv2d.Forward(g, x, w, b, y);
            Conv2d.BackwardWeight(g, x, dy, dw);
            Conv2d.BackwardBias(g, dy, db);
            if (needDx) Conv2d.BackwardData(g, dy, w, dx);
        }, quick ? 3 : 9, quick ? 0.05 : 0.2);
        return 64 / s;
    }
}

/// <summary>Per-kernel timing breakdown of the conv workloads (diagnostics, `--only conv-parts`).</summary>
static class ConvParts
{
    public static void Print(int threads)
    {
        int saved = Gemm.MaxThreads;
        Gemm.MaxThreads = threads;
        // The two bench layers, LeNet's first conv (6@5×5, pad 2) and a 16→16 @28² residual-block conv (notebook 04's
        // first ResNet stage) as checks of the dispatch on other shapes.
        foreach (var (cin, hw, cout, ks) in new[] { (1, 28, 32, 3), (32, 14, 64, 3), (1, 28, 6, 5), (16, 28, 16, 3) })
        {
            var g = Conv2dGeometry.Create(64, cin, hw, hw, cout, ks, ks, padH: ks / 2, padW: ks / 2);
            var x = new float[g.InputSize]; var w = new float[g.WeightSize]; var b = new float[g.K]; var dy = new float[g.OutputSize];
            new Random(1).NextBytes(new byte[1]);
            for (int i = 0; i < x.Length; i++) x[i] = i % 7 - 3; for (int i = 0; i < dy.Length; i++) dy[i] = i % 5 - 2;
            var y = new float[g.OutputSize]; var dx = new float[g.InputSize]; var dw = new float[g.WeightSize]; var db = new float[g.K];
            var col = new float[g.ColRows * g.P];
            // Each path where it applies: im2col + GEMM only, then the implicit GEMM, then Winograd on top (the default).
            foreach (var (name, implicitGemm, winograd) in new[] { ("im2col  ", false, false), ("implicit", true, false), ("winograd", true, true) })
            {
                ConvImplicitGemm.Enabled = implicitGemm;
                ConvWinograd.Enabled = winograd;
                if (winograd && !ConvWinograd.Applies(g)) continue;
                double f = Measure.MedianSeconds(() => Conv2d.Forward(g, x, w, b, y), 5);
                double bw = Measure.MedianSeconds(() => Conv2d.BackwardWeight(g, x, dy, dw), 5);
                double bb = Measure.MedianSeconds(() => Conv2d.BackwardBias(g, dy, db), 5);
                double bd = Measure.MedianSeconds(() => Conv2d.BackwardData(g, dy, w, dx), 5);
                Console.WriteLine($"conv {cin}x{hw}->{cout} {ks}x{ks} t={threads} {name}: " +
                    $"fwd {f * 1e3:F2} ms, dW {bw * 1e3:F2}, db {bb * 1e3:F2}, dX {bd * 1e3:F2}");
            }
            ConvImplicitGemm.Enabled = true;
            ConvWinograd.Enabled = true;
            double seq = Measure.MedianSeconds(() =>
            {
                Conv2d.Forward(g, x, w, b, y); Conv2d.BackwardWeight(g, x, dy, dw);
                Conv2d.BackwardBias(g, dy, db); Conv2d.BackwardData(g, dy, w, dx);
            }, 9);
            var parts = new double[4]; int reps = 0;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (sw.Elapsed.TotalSeconds < 1)
            {
                long t0 = System.Diagnostics.Stopwatch.GetTimestamp(); Conv2d.Forward(g, x, w, b, y);
                long t1 = System.Diagnostics.Stopwatch.GetTimestamp(); Conv2d.BackwardWeight(g, x, dy, dw);
                long t2 = System.Diagnostics.Stopwatch.GetTimestamp(); Conv2d.BackwardBias(g, dy, db);
                long t3 = System.Diagnostics.Stopwatch.GetTimestamp(); Conv2d.BackwardData(g, dy, w, dx);
                long t4 = System.Diagnostics.Stopwatch.GetTimestamp();
                parts[0] += t1 - t0; parts[1] += t2 - t1; parts[2] += t3 - t2; parts[3] += t4 - t3; reps++;
            }
            string Ms(double ticks) => $"{ticks / reps / System.Diagnostics.Stopwatch.Frequency * 1e3:F2}";
            Console.WriteLine($"conv {cin}x{hw}->{cout} {ks}x{ks} t={threads}: fwd+dW+db+dX in sequence {seq * 1e3:F2} ms " +
                $"(mean of {reps}: fwd {Ms(parts[0])}, dW {Ms(parts[1])}, db {Ms(parts[2])}, dX {Ms(parts[3])})");
            double ic = Measure.MedianSeconds(() => { for (int n = 0; n < 64; n++) Im2Col.Forward(g, x.AsSpan(n * cin * hw * hw, cin * hw * hw), col); }, 5);
            Console.WriteLine($"conv {cin}x{hw}->{cout} {ks}x{ks} t={threads}: im2col x64 {ic * 1e3:F2} ms");
        }
        Gemm.MaxThreads = saved;
    }
}
