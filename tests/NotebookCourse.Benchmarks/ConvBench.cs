using NotebookCourse.Kernels;

namespace NotebookCourse.Benchmarks;

/// <summary>conv2d forward + backward (weight, bias and, when the layer is not the first, input) at batch 64, 3×3, pad 1.</summary>
static class ConvBench
{
    public static double Run(int cin, int hw, int cout, bool needDx, bool quick)
    {
        var g = Conv2dGeometry.Create(64, cin, hw, hw, cout, 3, 3, padH: 1, padW: 1);
        var rng = new Random(0);
        float[] R(long n) { var a = new float[n]; for (long i = 0; i < n; i++) a[i] = (float)rng.NextDouble() - 0.5f; return a; }
        var x = R(g.InputSize); var w = R(g.WeightSize); var b = R(g.K); var dy = R(g.OutputSize);
        var y = new float[g.OutputSize]; var dx = new float[g.InputSize]; var dw = new float[g.WeightSize]; var db = new float[g.K];
        double s = Measure.MedianSeconds(() =>
        {
            Conv2d.Forward(g, x, w, b, y);
            Conv2d.BackwardWeight(g, x, dy, dw);
            Conv2d.BackwardBias(g, dy, db);
            if (needDx) Conv2d.BackwardData(g, dy, w, dx);
        }, quick ? 3 : 9, quick ? 0.05 : 0.2);
        return 64 / s;
    }
}
