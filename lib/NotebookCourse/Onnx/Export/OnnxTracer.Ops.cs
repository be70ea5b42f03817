using NotebookCourse.Tensors;
using static NotebookCourse.Onnx.OnnxAttribute;

namespace NotebookCourse.Onnx.Export;

internal sealed partial class OnnxTracer
{
    /// <summary>What the error for an unsupported op lists.</summary>
    internal const string TracedOps =
        "add, sub, mul, div (tensors, scalars, broadcasting), pow, maximum, minimum, matmul, linear, relu, sigmoid, tanh, gelu, silu, " +
        "exp, log, sqrt, neg, abs, sin, cos, softmax, log_softmax, view/reshape/flatten/squeeze/unsqueeze, permute/transpose, expand, " +
        "slice/narrow, select/indexing with an int, cat, sum, mean, masked_fill, where, layer_norm, clone/contiguous, " +
        "comparisons (eq, ne, lt, le, gt, ge), logical_not and .to(dtype) on traced values " +
        "(scaled_dot_product_attention is built from these)";

    private static readonly Dictionary<string, string> Elementwise = new()
    {
        ["add"] = "Add", ["sub"] = "Sub", ["mul"] = "Mul", ["div"] = "Div", ["pow"] = "Pow", ["maximum"] = "Max", ["minimum"] = "Min",
        ["matmul"] = "MatMul", ["relu"] = "Relu", ["sigmoid"] = "Sigmoid", ["tanh"] = "Tanh", ["exp"] = "Exp", ["log"] = "Log",
        ["sqrt"] = "Sqrt", ["neg"] = "Neg", ["abs"] = "Abs", ["sin"] = "Sin", ["cos"] = "Cos", ["clone"] = "Identity",
        ["eq"] = "Equal", ["lt"] = "Less", ["le"] = "LessOrEqual", ["gt"] = "Greater", ["ge"] = "GreaterOrEqual", ["logical_not"] = "Not",
    };

    private static readonly Dictionary<string, OnnxElementType> Casts = new()
    {
        ["to_float32"] = OnnxElementType.Float, ["to_int64"] = OnnxElementType.Int64, ["to_bool"] = OnnxElementType.Bool,
    };

    private string Convert(string name, Tensor y, Tensor[] inputs, object? pending, TraceLog.OpEntry entry, TraceLog.OpEntry? probe)
    {
        if (name == "div" && MeanOf(inputs) is { } mean)
            return Node("ReduceMean", [mean.Input], y, Ints("axes", mean.Axes), Int("keepdims", mean.Keep ? 1 : 0));
        if (Elementwise.TryGetValue(name, out var op))
            return Node(op, SameType(op, inputs).Select(ValueOf).ToArray(), y);
        if (name == "ne") return Node("Not", [B.Node("Equal", SameType("Equal", inputs).Select(ValueOf).ToArray())], y);
        if (Casts.TryGetValue(name, out var to))
        {
            // float → int truncates toward zero in the engine and in ONNX Cast alike; float → bool is x != 0, also alike.
            return Node("Cast", [ValueOf(inputs[0])], y, Int("to", (long)to));
        }
        var x = inputs[0];
        string xs = ValueOf(x);
        switch (name)
        {
            case "gelu": return LayerConverters.GeluErf(_ctx, B.UniqueName("gelu"), new ExportValue(xs, x), y).Name;
            case "gelu_tanh": return LayerConverters.GeluTanh(_ctx, B.UniqueName("gelu"), new ExportValue(xs, x), y).Name;
            case "silu": return Node("Mul", [xs, B.Node("Sigmoid", [xs])], y);
            case "softmax": return Node("Softmax", [xs], y, Int("axis", FindAxis(x, y, d => x.softmax(d), name)));
            case "log_softmax": return Node("LogSoftmax", [xs], y, Int("axis", FindAxis(x, y, d => x.log_softmax(d), name)));
            case "pow_scalar": return Node("Pow", [xs, _ctx.Constant("exponent", [Exponent(x, y)])], y);
            case "view": return Node("Reshape", [xs, _ctx.Int64s("shape", ReshapeTarget(entry, probe))], y);
            case "expand": return Node("Expand", [xs, _ctx.Int64s("shape", ExpandTarget(entry, probe))], y);
            case "permute": return Node("Transpose", [xs], y, Ints("perm", Permutation(x, y)));
            case "slice": return Slice(x, xs, y, entry, probe);
            case "select": return Select(x, xs, y, entry, probe);
            case "cat": return Node("Concat", inputs.Select(ValueOf).ToArray(), y, Int("axis", CatAxis(inputs, y)));
            case "sum":
                var (axes, keep) = SumAxes(x, y);
                if (axes.Length == 0) return Node("Identity", [xs], y);
                _sums[y] = (xs, axes, keep, x.numel() / Math.Max(1, y.numel()));
                return Node("ReduceSum", [xs, _ctx.Int64s("axes", axes)], y, Int("keepdims", keep ? 1 : 0));
            case "masked_fill":
                if (pending is not ValueTuple<Tensor, float> mf) throw Unsupported(name, " (its mask was not captured)");
                return Node("Where", [ValueOf(mf.Item1), _ctx.Constant("fill", [mf.Item2]), xs], y);
            case "where":
                if (pending is not Tensor cond) throw Unsupported(name, " (its condition was not captured)");
                return Node("Where", [ValueOf(cond), xs, ValueOf(inputs[1])], y);
            case "linear":
                string mm = B.Node("MatMul", [xs, B.Node("Transpose", [ValueOf(inputs[1])], Ints("perm", 1, 0))]);
                return inputs.Length > 2 ? Node("Add", [mm, ValueOf(inputs[2])], y) : Node("Identity", [mm], y);
            case "layer_norm": return LayerNorm(x, xs, inputs, y);
            case "embedding":
                throw Unsupported(name, " as a function call (the token ids are not a recorded input); use an nn.Embedding module");
            default: throw Unsupported(name);
        }
    }

    private readonly Dictionary<Tensor, (string Input, long[] Axes, bool Keep, long Count)> _sums = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// mean is sum / count in the engine; when the count is that of a traced sum it becomes ReduceMean, so a mean over
    /// the batch or sequence axis stays right at other sizes (a constant count would be the example's).
    /// </summary>
    private (string Input, long[] Axes, bool Keep)? MeanOf(Tensor[] inputs)
    {
        if (inputs.Length != 2 || !_sums.TryGetValue(inputs[0], out var sum)) return null;
        var c = inputs[1];
        if (c.dim() != 0 || c.dtype != DType.float32 || _names.ContainsKey(c) || _ctx.IsWeight(c) || c.item<float>() != sum.Count) return null;
        return (sum.Input, sum.Axes, sum.Keep);
    }

    /// <summary>
    /// Comparisons mix dtypes in the engine (int64 ids against a float scalar); ONNX wants one type, so a constant
    /// operand is converted to the other operand's dtype when it holds the same values.
    /// </summary>
    private Tensor[] SameType(string op, Tensor[] inputs)
    {
        if (inputs.Length != 2 || inputs[0].dtype == inputs[1].dtype) return inputs;
        int k = _names.ContainsKey(inputs[0]) ? 1 : 0;                  // the operand to convert
        var other = inputs[1 - k];
        if (_names.ContainsKey(inputs[k]))
            throw Unsupported(op.ToLowerInvariant(), $" between traced {inputs[0].dtype} and {inputs[1].dtype} values; convert one with .to(dtype) first");
        var converted = inputs[k].to(other.dtype);
        if (!TraceLog.ValuesOf(converted.to(inputs[k].dtype)).SequenceEqual(TraceLog.ValuesOf(inputs[k])))
            throw Unsupported(op.ToLowerInvariant(), $": the {inputs[k].dtype} constant does not convert exactly to {other.dtype}");
        var r = (Tensor[])inputs.Clone();
        r[k] = converted;
        return r;
    }

    /// <summary>Bitwise equality (NaN rows of a fully masked attention compare equal to themselves).</summary>
    private static bool Same(Tensor candidate, ReadOnlySpan<float> want) =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(candidate.SpanF()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(want));

    private string Node(string op, string[] inputs, Tensor y, params AttributeProto[] attrs) => _ctx.Node(op, inputs, y, attrs).Name;

    /// <summary>The dim an op (softmax, log_softmax) used: the one whose engine result equals the recorded output.</summary>
    private long FindAxis(Tensor x, Tensor y, Func<int, Tensor> op, string name)
    {
        using var _ = torch.no_grad();
        var want = y.SpanF();
        for (int d = x.dim() - 1; d >= 0; d--)
            if (Same(op(d), want)) return d;
        throw Unsupported(name, " (its dim could not be identified)");
    }

    private float Exponent(Tensor x, Tensor y)
    {
        using var _ = torch.no_grad();
        var xv = x.SpanF(); var yv = y.SpanF();
        foreach (var p in new[] { 2f, 3f, 0.5f, -1f, -0.5f, 4f, 1.5f })
            if (Same(x.pow(p), yv)) return p;
        for (int i = 0; i < xv.Length; i++)
            if (xv[i] > 1.5f && yv[i] > 0)
            {
                float p = (float)Math.Round(Math.Log(yv[i]) / Math.Log(xv[i]), 4);
                if (Same(x.pow(p), yv)) return p;
            }
        throw Unsupported("pow_scalar", " (its exponent could not be identified)");
    }

    /// <summary>
    /// Reshape target: fixed sizes where the probe agrees, 0 where an input axis passes through unchanged at the same
    /// position, -1 for the one axis that absorbs the dynamic size (more than one is an error).
    /// </summary>
    private long[] ReshapeTarget(TraceLog.OpEntry e, TraceLog.OpEntry? p)
    {
        int[] o = e.OutputShape, i = e.InputShapes[0];
        var target = o.Select(d => (long)d).ToArray();
        if (p == null) return target;
        int[] po = p.OutputShape, pi = p.InputShapes[0];
        int dynamic = 0;
        for (int j = 0; j < o.Length; j++)
        {
            if (o[j] == po[j]) continue;
            if (j < i.Length && i[j] == o[j] && pi[j] == po[j]) target[j] = 0;
            else { target[j] = -1; dynamic++; }
        }
        if (dynamic > 1)
            throw new OnnxExportException($"onnx export: in {Where()}, reshape {ShapeUtil.Format(i)} → {ShapeUtil.Format(o)} mixes the dynamic axes (batch/sequence) " +
                                          "in more than one output axis; keep them as their own leading axes (e.g. view(B, T, H, D) from (B, T, E))");
        return target;
    }

    private long[] ExpandTarget(TraceLog.OpEntry e, TraceLog.OpEntry? p)
    {
        int[] o = e.OutputShape, i = e.InputShapes[0];
        var target = o.Select(d => (long)d).ToArray();
        if (p == null) return target;
        int lead = o.Length - i.Length;
        for (int j = 0; j < o.Length; j++)
        {
            if (o[j] == p.OutputShape[j]) continue;
            int a = j - lead;
            if (a >= 0 && i[a] == o[j] && p.InputShapes[0][a] == p.OutputShape[j]) target[j] = 1; // keeps the input's own (dynamic) size
            else throw new OnnxExportException($"onnx export: in {Where()}, expand to {ShapeUtil.Format(o)} grows an axis to the batch/sequence size; " +
                                               "use broadcasting in an arithmetic op instead (x + zeros is not needed: ONNX broadcasts like the engine)");
        }
        return target;
    }

    /// <summary>The permutation of a permute view, read from the sizes and strides of input and output.</summary>
    private static long[] Permutation(Tensor x, Tensor y)
    {
        int n = x.dim();
        var perm = new long[n];
        var used = new bool[n];
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < n; i++)
            {
                if ((y._shape[i] == 1) != (pass == 1)) continue;
                for (int d = 0; d < n; d++)
                    if (!used[d] && x._shape[d] == y._shape[i] && (pass == 1 || x._strides[d] == y._strides[i]))
                    { perm[i] = d; used[d] = true; break; }
            }
        return perm;
    }

    private string Slice(Tensor x, string xs, Tensor y, TraceLog.OpEntry e, TraceLog.OpEntry? p)
    {
        int n = x.dim(), d = -1;
        for (int k = 0; k < n; k++) if (x._shape[k] != y._shape[k] || x._strides[k] != y._strides[k]) { d = k; break; }
        // A slice over the whole axis is a no-op here; it may not be at the probe's size (x[:, :5] with T = 5 vs 6).
        bool probeSliced = p is { Params.Length: 5 };
        if (d < 0 && !probeSliced) { e.Params = [-1]; return Node("Identity", [xs], y); }
        if (d < 0) d = (int)p!.Params[0];
        int stride = x._strides[d] == 0 ? 1 : x._strides[d];
        long step = Math.Max(1, y._strides[d] / stride), start = (y.offset - x.offset) / stride;
        long end = start + (y._shape[d] - 1) * step + 1, size = x._shape[d];
        e.Params = [d, start, end, step, size];
        string starts = _ctx.Int64s("starts", start), ends = _ctx.Int64s("ends", end);
        if (p != null && !p.Params.SequenceEqual(e.Params))
        {
            long ps = p.InputShapes[0][d];
            long[] q = probeSliced ? p.Params : [d, 0, ps, 1, ps];
            if (q.Length != 5 || q[0] != d || q[3] != step) throw PathDiffers($"slice of dim {d} changes with the input");
            if (q[1] != start)
                starts = size - start == q[4] - q[1] ? _ctx.Int64s("starts", start - size) // counted from the end: x[:, -k:]
                    : throw SliceError(d, "start");
            if (q[2] != end)
                ends = end == size && q[2] == q[4] ? _ctx.Int64s("ends", long.MaxValue)   // to the end of a dynamic axis
                    : size - end == q[4] - q[2] ? _ctx.Int64s("ends", end - size)          // x[:, :-k]
                    : IsSeqLength((int)end, (int)q[2]) ? Seq1d()                          // weight[:T] with T the input's length
                    : throw SliceError(d, "end");
        }
        return Node("Slice", [xs, starts, ends, _ctx.Int64s("axes", d), _ctx.Int64s("steps", step)], y);
    }

    private OnnxExportException SliceError(int d, string what) => new(
        $"onnx export: in {Where()}, the {what} of a slice of dim {d} follows the input's size in a way the tracer cannot express " +
        "(supported: fixed bounds, bounds counted from the end, the full axis, or the sequence length of a token input)");

    private string Select(Tensor x, string xs, Tensor y, TraceLog.OpEntry e, TraceLog.OpEntry? p)
    {
        int n = x.dim(), d = -1;
        long index = 0;
        for (int k = 0; k < n && d < 0; k++)
        {
            bool same = true;
            for (int a = 0, b = 0; a < n; a++)
            {
                if (a == k) continue;
                if (x._shape[a] != y._shape[b] || (x._shape[a] != 1 && x._strides[a] != y._strides[b])) { same = false; break; }
                b++;
            }
            long off = y.offset - x.offset;
            long idx = x._strides[k] == 0 ? 0 : off / x._strides[k];
            if (same && (x._strides[k] == 0 || off % x._strides[k] == 0) && idx >= 0 && idx < x._shape[k]) { d = k; index = idx; }
        }
        if (d < 0) throw Unsupported("select", " (its dim could not be identified)");
        e.Params = [d, index, x._shape[d]];
        if (p != null && !p.Params.SequenceEqual(e.Params))
        {
            long[] q = p.Params;
            if (q[0] != d) throw PathDiffers($"select of dim {d} changes with the input");
            if (x._shape[d] - index == q[2] - q[1]) index -= x._shape[d]; // counted from the end: x[:, -1]
            else throw SliceError(d, "index");
        }
        return Node("Gather", [xs, _ctx.Int64Scalar("index", index)], y, Int("axis", d));
    }

    private static long CatAxis(Tensor[] inputs, Tensor y)
    {
        for (int d = 0; d < y.dim(); d++) if (y._shape[d] != inputs[0]._shape[d]) return d;
        return 0; // one input (or empty others): any axis gives the same result
    }

    /// <summary>The reduced dims of a sum: the subset of axes (and keepdim) whose engine result equals the recorded output.</summary>
    private (long[] Axes, bool Keep) SumAxes(Tensor x, Tensor y)
    {
        int n = x.dim(), m = y.dim();
        bool keep = n == m && n > 0;
        if (m == 0) return (Enumerable.Range(0, n).Select(i => (long)i).ToArray(), false);
        using var _ = torch.no_grad();
        var want = y.SpanF();
        for (int mask = 1; mask < 1 << n; mask++)
        {
            var dims = Enumerable.Range(0, n).Where(i => (mask >> i & 1) != 0).ToArray();
            if ((keep ? n : n - dims.Length) != m) continue;
            var shape = keep ? x.shape.Select((s, i) => dims.Contains(i) ? 1 : s) : x.shape.Where((_, i) => !dims.Contains(i));
            if (!shape.SequenceEqual(y.shape)) continue;
            if (Same(x.sum(dims, keep), want)) return (dims.Select(i => (long)i).ToArray(), keep);
        }
        return ([], keep);
    }

    private string LayerNorm(Tensor x, string xs, Tensor[] inputs, Tensor y)
    {
        if (inputs.Length == 2) throw Unsupported("layer_norm", " with a weight but no bias (or the reverse); pass both or neither");
        int k = inputs.Length == 3 ? inputs[1].dim() : -1;
        using var _ = torch.no_grad();
        var want = y.SpanF();
        foreach (var eps in new[] { 1e-5f, 1e-6f, 1e-12f, 1e-8f, 1e-3f })
            for (int kk = k > 0 ? k : 1; kk <= (k > 0 ? k : x.dim() - 1); kk++)
            {
                var ns = x.shape[^kk..];
                var r = torch.nn.functional.layer_norm(x, ns, k > 0 ? inputs[1] : null, k > 0 ? inputs[2] : null, eps);
                if (!Same(r, want)) continue;
                string scale = k > 0 ? ValueOf(inputs[1]) : _ctx.Constant("ln_ones", Enumerable.Repeat(1f, ShapeUtil.Numel(ns)).ToArray(), OnnxExportContext.Dims(ns));
                string[] ins = k > 0 ? [xs, scale, ValueOf(inputs[2])] : [xs, scale];
                return Node("LayerNormalization", ins, y, Int("axis", -kk), Float("epsilon", eps));
            }
        throw Unsupported("layer_norm", " (its eps is none of 1e-5, 1e-6, 1e-8, 1e-12, 1e-3; use an nn.LayerNorm module)");
    }
}
