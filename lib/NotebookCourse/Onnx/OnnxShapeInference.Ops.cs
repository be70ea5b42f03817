namespace NotebookCourse.Onnx;

public static partial class OnnxShapeInference
{
    private static long[]? Gemm(NodeProto n, long[]? a, long[]? b, long[]? c, List<string> problems)
    {
        if (a == null || b == null) return null;
        if (a.Length != 2 || b.Length != 2) { problems.Add($"Gemm needs 2-D A and B, got {OnnxShapes.Format(a)} and {OnnxShapes.Format(b)}"); return null; }
        bool ta = Int(n, "transA", 0) != 0, tb = Int(n, "transB", 0) != 0;
        long m = ta ? a[1] : a[0], ka = ta ? a[0] : a[1], kb = tb ? b[1] : b[0], nn = tb ? b[0] : b[1];
        if (Differ(ka, kb))
        {
            problems.Add($"A {OnnxShapes.Format(a)}{(ta ? " (transposed)" : "")} and B {OnnxShapes.Format(b)}{(tb ? " (transposed)" : "")} " +
                         $"cannot be multiplied: inner sizes {ka} and {kb} differ");
            return null;
        }
        long[] y = [m, nn];
        if (c != null && Broadcast(c, y, problems) is { } bc && !OnnxChecker.Compatible(bc, y))
            problems.Add($"bias C {OnnxShapes.Format(c)} does not broadcast to the output {OnnxShapes.Format(y)}");
        return y;
    }

    private static long[]? MatMul(long[]? a, long[]? b, List<string> problems)
    {
        if (a == null || b == null) return null;
        if (a.Length == 0 || b.Length == 0) { problems.Add("MatMul inputs must have rank >= 1"); return null; }
        long[] a2 = a.Length == 1 ? [1, a[0]] : a, b2 = b.Length == 1 ? [b[0], 1] : b;
        if (Differ(a2[^1], b2[^2]))
        {
            problems.Add($"shapes {OnnxShapes.Format(a)} and {OnnxShapes.Format(b)} cannot be multiplied ({a2[^1]} vs {b2[^2]})");
            return null;
        }
        var batch = Broadcast(a2[..^2], b2[..^2], problems);
        if (batch == null) return null;
        var r = new List<long>(batch);
        if (a.Length > 1) r.Add(a2[^2]);
        if (b.Length > 1) r.Add(b2[^1]);
        return r.ToArray();
    }

    /// <summary>Spatial settings shared by Conv, ConvTranspose and the pools, with ONNX defaults.</summary>
    private static (long[] K, long[] S, long[] D, long[] P)? Window(NodeProto n, int spatial, long[]? kernelFromWeight, List<string> problems)
    {
        var k = Ints(n, "kernel_shape") ?? kernelFromWeight;
        if (k == null) { problems.Add("kernel_shape is missing"); return null; }
        var s = Ints(n, "strides") ?? Enumerable.Repeat(1L, spatial).ToArray();
        var d = Ints(n, "dilations") ?? Enumerable.Repeat(1L, spatial).ToArray();
        var p = Ints(n, "pads") ?? new long[2 * spatial];
        if (k.Length != spatial || s.Length != spatial || d.Length != spatial || p.Length != 2 * spatial)
        {
            problems.Add($"kernel_shape {OnnxShapes.Format(k)}, strides {OnnxShapes.Format(s)}, dilations {OnnxShapes.Format(d)}, pads {OnnxShapes.Format(p)} " +
                         $"do not fit {spatial} spatial dimension(s)");
            return null;
        }
        if (n.GetAttribute("auto_pad") is { S: not ("" or "NOTSET") } autoPad)
        {
            problems.Add($"auto_pad '{autoPad.S}' is not supported by the checker; write explicit pads");
            return null;
        }
        return (k, s, d, p);
    }

    private static long[]? Conv(NodeProto n, long[]? x, long[]? w, long[]? b, List<string> problems)
    {
        if (x == null || w == null) return null;
        if (x.Length < 3 || w.Length != x.Length)
        {
            problems.Add($"expects input (N, C, spatial...) and weight (M, C/group, k...) of the same rank, got {OnnxShapes.Format(x)} and {OnnxShapes.Format(w)}");
            return null;
        }
        long group = Int(n, "group", 1);
        if (x[1] >= 0 && w[1] >= 0 && x[1] != w[1] * group)
            problems.Add($"input {OnnxShapes.Format(x)} has {x[1]} channels but weight {OnnxShapes.Format(w)} with group {group} expects {w[1] * group}");
        if (b != null && (b.Length != 1 || Differ(b[0], w[0])))
            problems.Add($"bias {OnnxShapes.Format(b)} should be ({w[0]}) to match weight {OnnxShapes.Format(w)}");
        var win = Window(n, x.Length - 2, w[2..], problems);
        if (win == null) return null;
        var (k, s, d, p) = win.Value;
        var y = new long[x.Length];
        (y[0], y[1]) = (x[0], w[0]);
        for (int i = 0; i < k.Length; i++)
        {
            long input = x[i + 2];
            if (input < 0) { y[i + 2] = -1; continue; }
            long span = (k[i] - 1) * d[i] + 1;
            long size = (input + p[i] + p[i + k.Length] - span) / s[i] + 1;
            if (input + p[i] + p[i + k.Length] < span || size <= 0)
            {
                problems.Add($"spatial size {input} with kernel {k[i]}, dilation {d[i]}, pads {p[i]}+{p[i + k.Length]} leaves no output in input {OnnxShapes.Format(x)}");
                return null;
            }
            y[i + 2] = size;
        }
        return y;
    }

    private static long[]? ConvTranspose(NodeProto n, long[]? x, long[]? w, long[]? b, List<string> problems)
    {
        if (x == null || w == null) return null;
        if (x.Length < 3 || w.Length != x.Length)
        {
            problems.Add($"expects input (N, C, spatial...) and weight (C, M/group, k...) of the same rank, got {OnnxShapes.Format(x)} and {OnnxShapes.Format(w)}");
            return null;
        }
        long group = Int(n, "group", 1);
        if (Differ(x[1], w[0]))
            problems.Add($"input {OnnxShapes.Format(x)} has {x[1]} channels but weight {OnnxShapes.Format(w)} expects {w[0]}");
        long outChannels = w[1] < 0 ? -1 : w[1] * group;
        if (b != null && (b.Length != 1 || Differ(b[0], outChannels)))
            problems.Add($"bias {OnnxShapes.Format(b)} should be ({outChannels}) to match weight {OnnxShapes.Format(w)}");
        var win = Window(n, x.Length - 2, w[2..], problems);
        if (win == null) return null;
        var (k, s, d, p) = win.Value;
        var outPad = Ints(n, "output_padding") ?? new long[k.Length];
        var explicitShape = Ints(n, "output_shape");
        var y = new long[x.Length];
        (y[0], y[1]) = (x[0], outChannels);
        for (int i = 0; i < k.Length; i++)
        {
            if (explicitShape != null) { y[i + 2] = explicitShape[^(k.Length - i)]; continue; }
            long input = x[i + 2];
            y[i + 2] = input < 0 ? -1 : s[i] * (input - 1) + outPad[i] + (k[i] - 1) * d[i] + 1 - p[i] - p[i + k.Length];
            if (input >= 0 && y[i + 2] <= 0) { problems.Add($"output spatial size {y[i + 2]} is not positive"); return null; }
        }
        return y;
    }

    private static long[]? Pool(NodeProto n, long[]? x, List<string> problems)
    {
        if (x == null) return null;
        if (x.Length < 3) { problems.Add($"expects input (N, C, spatial...), got {OnnxShapes.Format(x)}"); return null; }
        var win = Window(n, x.Length - 2, null, problems);
        if (win == null) return null;
        var (k, s, d, p) = win.Value;
        bool ceil = Int(n, "ceil_mode", 0) != 0;
        var y = (long[])x.Clone();
        for (int i = 0; i < k.Length; i++)
        {
            long input = x[i + 2];
            if (input < 0) { y[i + 2] = -1; continue; }
            long room = input + p[i] + p[i + k.Length] - ((k[i] - 1) * d[i] + 1);
            if (room < 0) { problems.Add($"kernel {k[i]} is larger than the padded input size {input + p[i] + p[i + k.Length]} in {OnnxShapes.Format(x)}"); return null; }
            y[i + 2] = (ceil ? (room + s[i] - 1) / s[i] : room / s[i]) + 1;
        }
        return y;
    }

    private static long[]? BatchNorm(NodeProto n, long[]?[] inputs, List<string> problems)
    {
        var x = inputs[0];
        if (x == null) return null;
        if (x.Length < 2) { problems.Add($"expects input (N, C, ...), got {OnnxShapes.Format(x)}"); return null; }
        string[] names = ["scale", "B", "mean", "var"];
        for (int k = 1; k < 5; k++)
            if (inputs[k] is { } s && (s.Length != 1 || Differ(s[0], x[1])))
                problems.Add($"{names[k - 1]} '{n.Input[k]}' has shape {OnnxShapes.Format(s)}, expected ({x[1]}) for input {OnnxShapes.Format(x)}");
        if (n.Output.Count > 1) problems.Add("training-mode outputs (running mean/var) are not supported; export in eval mode");
        return x;
    }

    private static void LayerNorm(NodeProto n, long[]? x, long[]? scale, long[]?[] result, List<string> problems)
    {
        if (x == null) return;
        int axis = Axis(Int(n, "axis", -1), x.Length, "axis", problems);
        if (axis < 0) return;
        if (scale != null && Broadcast(scale, x[axis..], problems) is { } bs && !OnnxChecker.Compatible(bs, x[axis..]))
            problems.Add($"scale {OnnxShapes.Format(scale)} does not match the normalized dims {OnnxShapes.Format(x[axis..])}");
        result[0] = x;
        long[] stats = [.. x[..axis], .. Enumerable.Repeat(1L, x.Length - axis)];
        for (int k = 1; k < result.Length; k++) result[k] = stats;
    }

    private static long[]? Flatten(NodeProto n, long[]? x, List<string> problems)
    {
        if (x == null) return null;
        long axis = Int(n, "axis", 1);
        long a = axis < 0 ? axis + x.Length : axis;
        if (a < 0 || a > x.Length) { problems.Add($"axis {axis} is out of range for rank {x.Length}"); return null; }
        return [Product(x[..(int)a]), Product(x[(int)a..])];
    }

    private static long[]? Reshape(NodeProto n, long[]? x, long[]? target, List<string> problems)
    {
        if (target == null) return null;
        bool allowZero = Int(n, "allowzero", 0) != 0;
        var y = (long[])target.Clone();
        int inferAt = -1;
        for (int i = 0; i < y.Length; i++)
        {
            if (y[i] == 0 && !allowZero)
            {
                if (x == null) return null; // unknown input shape: nothing to check
                if (i >= x.Length) { problems.Add($"target shape {OnnxShapes.Format(target)} copies dim {i} (0) but the input has no such dim"); return null; }
                y[i] = x[i];
            }
            else if (y[i] == -1)
            {
                if (inferAt >= 0) { problems.Add($"target shape {OnnxShapes.Format(target)} has more than one -1"); return null; }
                inferAt = i;
            }
            else if (y[i] < -1) { problems.Add($"target shape {OnnxShapes.Format(target)} has a negative size"); return null; }
        }
        long total = x == null ? -1 : Product(x);
        long known = Product(y.Where((_, i) => i != inferAt));
        if (inferAt >= 0 && total < 0 && x != null && !allowZero)
        {
            // A symbolic dim copied through a 0 cancels out: (batch, 16, 4, 4) -> (0, -1) gives (batch, 256).
            var copied = Enumerable.Range(0, y.Length).Where(i => target[i] == 0).ToHashSet();
            if (Enumerable.Range(0, x.Length).All(i => x[i] >= 0 || copied.Contains(i)))
            {
                total = Product(x.Where((_, i) => !copied.Contains(i)));
                known = Product(y.Where((_, i) => i != inferAt && !copied.Contains(i)));
            }
        }
        if (inferAt >= 0)
        {
            if (total >= 0 && known > 0)
            {
                if (total % known != 0) { problems.Add($"cannot reshape {OnnxShapes.Format(x!)} ({total} elements) to {OnnxShapes.Format(target)}"); return null; }
                y[inferAt] = total / known;
            }
            else y[inferAt] = -1;
        }
        else if (total >= 0 && known >= 0 && total != known)
        {
            problems.Add($"cannot reshape {OnnxShapes.Format(x!)} ({total} elements) to {OnnxShapes.Format(target)} ({known} elements)");
            return null;
        }
        return y;
    }
}
