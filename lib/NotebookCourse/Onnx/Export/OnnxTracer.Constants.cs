using NotebookCourse.Tensors;
using static NotebookCourse.Onnx.OnnxAttribute;

namespace NotebookCourse.Onnx.Export;

internal sealed partial class OnnxTracer
{
    /// <summary>
    /// A tensor no traced op produced (a scalar operand, torch.arange, a mask built in forward) becomes an initializer.
    /// Compared with the probe run: a constant whose values change with the input was computed from the input's data
    /// outside the trace (an error); one whose shape follows the sequence length is rebuilt from the runtime shape when
    /// it is a position range or a causal mask, and is an error otherwise.
    /// </summary>
    private string Constant(Tensor t)
    {
        var entry = new TraceLog.ConstEntry(t.dtype, t.shape, TraceLog.ValuesOf(t), Where());
        int k = Log.Constants.Count;
        Log.Constants.Add(entry);
        if (_probe != null)
        {
            if (k >= _probe.Constants.Count)
                throw PathDiffers($"constant {k} of shape {ShapeUtil.Format(t.shape)} does not exist for another input");
            var p = _probe.Constants[k];
            if (!p.Shape.AsSpan().SequenceEqual(t.shape))
                return DynamicConstant(t, entry, p) ?? throw new OnnxExportException(
                    $"onnx export: in {Where()}, a constant of shape {ShapeUtil.Format(t.shape)} (shape {ShapeUtil.Format(p.Shape)} for another input size) " +
                    "depends on the input's size, so the exported file would only work at the example's size. Build it from traced tensor ops, " +
                    "or use is_causal / torch.arange(T) for causal masks and positions (those are rebuilt from the runtime shape)");
            if (!p.Values.AsSpan().SequenceEqual(entry.Values))
                throw new OnnxExportException(
                    $"onnx export: in {Where()}, a {t.dtype} tensor of shape {ShapeUtil.Format(t.shape)} takes other values when the input changes " +
                    "(other values, batch + 1), but no traced op computed it: it was derived from the input by something the tracer cannot see " +
                    "(.item(), ToArray(), int64/bool ops such as comparisons, .to(dtype), .detach()). The exported file would bake in the example's values; " +
                    "compute it with float tensor ops inside forward, or pass it in as a module buffer" +
                    (t.dim() == 0 ? ". A scalar that changes with the batch size is often a count (x.shape[0] used in arithmetic); " +
                                    "use mean() instead of sum() / count" : ""));
        }
        return Emit(t);
    }

    private string Emit(Tensor t)
    {
        long[] dims = OnnxExportContext.Dims(t.shape);
        switch (t.dtype)
        {
            case DType.float32: return B.AddInitializer(B.UniqueName("const"), t.SpanF(), dims);
            case DType.int64: return B.AddInitializer(B.UniqueName("const"), t.SpanL(), dims);
            default:
                var longs = t.SpanB().ToArray().Select(v => v ? 1L : 0L).ToArray();
                return B.Node("Cast", [B.AddInitializer(B.UniqueName("const"), longs, dims)], Int("to", (long)OnnxElementType.Bool));
        }
    }

    /// <summary>Rebuilds a sequence-sized constant from the runtime sequence length; null when it is not a known pattern.</summary>
    private string? DynamicConstant(Tensor t, TraceLog.ConstEntry mine, TraceLog.ConstEntry probe)
    {
        var s = t.shape; var ps = probe.Shape;
        if (s.Length == 1 && ps.Length == 1 && IsSeqLength(s[0], ps[0]) && IsRange(mine.Values) && IsRange(probe.Values))
        {
            // positions 0..T-1 (torch.arange(T)).
            string range = B.Node("Range", [_ctx.Int64Scalar("zero", 0), SeqScalar(), _ctx.Int64Scalar("one", 1)]);
            return t.dtype == DType.int64 ? range : B.Node("Cast", [range], Int("to", (long)(t.dtype == DType.float32 ? OnnxElementType.Float : OnnxElementType.Bool)));
        }
        // (T, T), or (1, …, 1, T, T) like a registered (1, 1, max, max) mask sliced to [:, :, :T, :T].
        int r = s.Length;
        if (r >= 2 && ps.Length == r && s[..^2].All(d => d == 1) && ps[..^2].All(d => d == 1)
            && s[^1] == s[^2] && ps[^1] == ps[^2] && IsSeqLength(s[^1], ps[^1]))
        {
            bool? upper = Triangle(mine.Values, s[^1]) is { } a && Triangle(probe.Values, ps[^1]) == a ? a : null;
            if (upper is null) return null;
            // Strictly-upper ones (blocked future keys) or lower ones including the diagonal (allowed keys), T×T at run time.
            string square = B.Node("Concat", [Seq1d(), Seq1d()], Int("axis", 0));
            string ones = B.Node("Expand", [_ctx.Constant("one_f", [1f]), square]);
            string tri = upper.Value ? B.Node("Trilu", [ones, _ctx.Int64Scalar("k1", 1)], Int("upper", 1)) : B.Node("Trilu", [ones], Int("upper", 0));
            if (r > 2) tri = B.Node("Unsqueeze", [tri, _ctx.Int64s("lead_axes", Enumerable.Range(0, r - 2).Select(i => (long)i).ToArray())]);
            return t.dtype switch
            {
                DType.float32 => tri,
                DType.@bool => B.Node("Cast", [tri], Int("to", (long)OnnxElementType.Bool)),
                _ => B.Node("Cast", [tri], Int("to", (long)OnnxElementType.Int64)),
            };
        }
        return null;
    }

    private static bool IsRange(double[] v)
    {
        for (int i = 0; i < v.Length; i++) if (v[i] != i) return false;
        return true;
    }

    /// <summary>True for strictly-upper ones (j &gt; i), false for lower ones with the diagonal (j ≤ i), null otherwise.</summary>
    private static bool? Triangle(double[] v, int n)
    {
        bool up = true, low = true;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double x = v[i * n + j];
                if (x != (j > i ? 1 : 0)) up = false;
                if (x != (j <= i ? 1 : 0)) low = false;
            }
        return up ? true : low ? false : null;
    }
}
