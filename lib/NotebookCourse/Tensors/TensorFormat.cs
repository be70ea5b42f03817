using System.Globalization;
using System.Text;
using NotebookCourse.Runtime;

namespace NotebookCourse.Tensors;

/// <summary>PyTorch-like text form: <c>tensor([[ 0.1000, -2.0000], ...], shape=(2, 2))</c>, summarized beyond 1000 elements.</summary>
public sealed partial class Tensor
{
    private const int SummaryThreshold = 1000, EdgeItems = 3;

    /// <inheritdoc />
    public override string ToString()
    {
        bool summarize = numel() > SummaryThreshold;
        var values = AsDoubles();
        var shown = new List<double>();
        CollectShown(values, 0, 0, summarize, shown);
        var fmt = ChooseFormat(shown);
        int width = 0;
        foreach (var v in shown) width = Math.Max(width, fmt(v).Length);
        var sb = new StringBuilder("tensor(");
        if (_shape.Length == 0) sb.Append(fmt(values[0]));
        else WriteDim(sb, values, 0, 0, summarize, fmt, width, "tensor(".Length);
        if (_shape.Length >= 2 || summarize) sb.Append(", shape=").Append(ShapeUtil.Format(_shape));
        if (dtype != DType.float32) sb.Append(", dtype=").Append(dtype);
        if (grad_fn != null) sb.Append(", grad_fn=<").Append(grad_fn.Name).Append('>');
        else if (requires_grad) sb.Append(", requires_grad=True");
        return sb.Append(')').ToString();
    }

    /// <summary>text/plain for notebooks (the same text as <see cref="ToString"/>).</summary>
    public MimeBundle ToMimeBundle() => MimeBundle.Text(ToString());

    private int RowStride(int d) { int s = 1; for (int i = d + 1; i < _shape.Length; i++) s *= _shape[i]; return s; }

    private IEnumerable<int> ShownIndices(int d, bool summarize)
    {
        int n = _shape[d];
        if (!summarize || n <= 2 * EdgeItems) { for (int i = 0; i < n; i++) yield return i; yield break; }
        for (int i = 0; i < EdgeItems; i++) yield return i;
        yield return -1; // the "..." marker
        for (int i = n - EdgeItems; i < n; i++) yield return i;
    }

    private void CollectShown(double[] v, int d, int baseIdx, bool summarize, List<double> acc)
    {
        if (_shape.Length == 0) { acc.Add(v[0]); return; }
        foreach (var i in ShownIndices(d, summarize))
        {
            if (i < 0) continue;
            int at = baseIdx + i * RowStride(d);
            if (d == _shape.Length - 1) acc.Add(v[at]); else CollectShown(v, d + 1, at, summarize, acc);
        }
    }

    private void WriteDim(StringBuilder sb, double[] v, int d, int baseIdx, bool summarize, Func<double, string> fmt, int width, int indent)
    {
        sb.Append('[');
        bool first = true;
        bool last = d == _shape.Length - 1;
        foreach (var i in ShownIndices(d, summarize))
        {
            if (!first)
            {
                sb.Append(',');
                if (last) sb.Append(' ');
                else { sb.Append('\n', _shape.Length - 1 - d).Append(' ', indent + d + 1); }
            }
            first = false;
            if (i < 0) { sb.Append("..."); continue; }
            int at = baseIdx + i * RowStride(d);
            if (last) sb.Append(fmt(v[at]).PadLeft(width));
            else WriteDim(sb, v, d + 1, at, summarize, fmt, width, indent);
        }
        sb.Append(']');
    }

    private Func<double, string> ChooseFormat(List<double> shown)
    {
        var inv = CultureInfo.InvariantCulture;
        if (dtype == DType.@bool) return x => x != 0 ? "True" : "False";
        if (dtype == DType.int64) return x => ((long)x).ToString(inv);
        double maxAbs = 0, minAbs = double.MaxValue; bool allInt = true;
        foreach (var x in shown)
        {
            if (!double.IsFinite(x)) continue;
            double a = Math.Abs(x);
            maxAbs = Math.Max(maxAbs, a);
            if (a > 0) minAbs = Math.Min(minAbs, a);
            if (x != Math.Floor(x)) allInt = false;
        }
        static string Special(double x) => double.IsNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
        if (allInt && maxAbs < 1e8) return x => double.IsFinite(x) ? x.ToString("0", inv) + "." : Special(x);
        bool sci = maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs > 0) || (minAbs != double.MaxValue && maxAbs / minAbs > 1000 && maxAbs >= 1000);
        if (sci) return x => double.IsFinite(x) ? x.ToString("0.0000e+00", inv) : Special(x);
        return x => double.IsFinite(x) ? x.ToString("0.0000", inv) : Special(x);
    }
}
