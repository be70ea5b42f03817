using System.Globalization;

namespace NotebookCourse.Viz;

/// <summary>Axis ranges with "nice" tick values (1, 2, 2.5, 5 × 10ⁿ) and labels with just enough decimals.</summary>
public static class NiceScale
{
    /// <summary>Ticks covering [min, max] with about <paramref name="target"/> intervals; the range is widened to whole ticks.</summary>
    public static (double Min, double Max, double[] Ticks) Ticks(double min, double max, int target = 5)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) { min = 0; max = 1; }
        if (max < min) (min, max) = (max, min);
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            min -= pad; max += pad;
        }
        double step = NiceStep((max - min) / Math.Max(1, target));
        double lo = Math.Floor(min / step + 1e-9) * step, hi = Math.Ceiling(max / step - 1e-9) * step;
        int n = (int)Math.Round((hi - lo) / step);
        var ticks = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            ticks[i] = lo + i * step;
            if (Math.Abs(ticks[i]) < step * 1e-9) ticks[i] = 0; // avoid "-0"
        }
        return (lo, hi, ticks);
    }

    /// <summary>The smallest of 1, 2, 2.5, 5, 10 × 10ⁿ that is ≥ <paramref name="raw"/>.</summary>
    public static double NiceStep(double raw)
    {
        double p = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
            if (m * p >= raw * (1 - 1e-9)) return m * p;
        return 10 * p;
    }

    /// <summary>Formats tick labels with a shared number of decimals (scientific for very large or small values).</summary>
    public static string[] Labels(double[] ticks)
    {
        if (ticks.Length == 0) return [];
        double step = ticks.Length > 1 ? Math.Abs(ticks[1] - ticks[0]) : Math.Abs(ticks[0]);
        double maxAbs = ticks.Max(Math.Abs);
        if (maxAbs >= 1e6 || (maxAbs > 0 && maxAbs < 1e-3))
            return ticks.Select(t => t == 0 ? "0" : t.ToString("0.##e0", CultureInfo.InvariantCulture)).ToArray();
        int decimals = step <= 0 ? 0 : Math.Max(0, (int)Math.Ceiling(-Math.Log10(step) - 1e-9));
        if (step > 0 && Math.Abs(step * Math.Pow(10, decimals) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6) decimals++; // 2.5 steps
        return ticks.Select(t => t.ToString("F" + decimals, CultureInfo.InvariantCulture)).ToArray();
    }
}
