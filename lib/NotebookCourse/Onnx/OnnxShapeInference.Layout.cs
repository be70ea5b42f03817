namespace NotebookCourse.Onnx;

public static partial class OnnxShapeInference
{
    private static long[]? Transpose(NodeProto n, long[]? x, List<string> problems)
    {
        if (x == null) return null;
        var perm = Ints(n, "perm") ?? Enumerable.Range(0, x.Length).Reverse().Select(i => (long)i).ToArray();
        if (perm.Length != x.Length || perm.Distinct().Count() != perm.Length || perm.Any(p => p < 0 || p >= x.Length))
        {
            problems.Add($"perm {OnnxShapes.Format(perm)} is not a permutation of the {x.Length} axes of {OnnxShapes.Format(x)}");
            return null;
        }
        return perm.Select(p => x[p]).ToArray();
    }

    private static long[]? Concat(NodeProto n, long[]?[] inputs, List<string> problems)
    {
        if (inputs.Any(s => s == null)) return null;
        var first = inputs[0]!;
        if (n.GetAttribute("axis") == null) { problems.Add("attribute 'axis' is required"); return null; }
        int axis = Axis(Int(n, "axis", 0), first.Length, "axis", problems);
        if (axis < 0) return null;
        var y = (long[])first.Clone();
        foreach (var s in inputs.Skip(1))
        {
            bool bad = s!.Length != first.Length;
            for (int i = 0; !bad && i < s.Length; i++) bad = i != axis && Differ(s[i], first[i]);
            if (bad)
            {
                problems.Add($"inputs {string.Join(", ", inputs.Select(t => OnnxShapes.Format(t!)))} differ outside axis {axis}");
                return null;
            }
            y[axis] = y[axis] < 0 || s[axis] < 0 ? -1 : y[axis] + s[axis];
        }
        return y;
    }

    private static long[]? Gather(NodeProto n, long[]? data, long[]? indices, List<string> problems)
    {
        if (data == null || indices == null) return null;
        int axis = Axis(Int(n, "axis", 0), data.Length, "axis", problems);
        if (axis < 0) return null;
        return [.. data[..axis], .. indices, .. data[(axis + 1)..]];
    }

    private static long[]? Unsqueeze(long[]? x, long[]? axes, List<string> problems)
    {
        if (x == null || axes == null) return null;
        int rank = x.Length + axes.Length;
        var normalized = axes.Select(a => (long)Axis(a, rank, "axis", problems)).ToArray();
        if (normalized.Any(a => a < 0)) return null;
        if (normalized.Distinct().Count() != normalized.Length) { problems.Add($"axes {OnnxShapes.Format(axes)} repeat an axis"); return null; }
        var y = new long[rank];
        int next = 0;
        for (int i = 0; i < rank; i++) y[i] = normalized.Contains(i) ? 1 : x[next++];
        return y;
    }

    private static long[]? Squeeze(long[]? x, long[]? axes, List<string> problems)
    {
        if (x == null || axes == null) return null;
        if (axes.Length == 0)
            return x.Any(d => d < 0) ? null : x.Where(d => d != 1).ToArray();
        var normalized = axes.Select(a => Axis(a, x.Length, "axis", problems)).ToArray();
        if (normalized.Any(a => a < 0)) return null;
        foreach (var a in normalized)
            if (Differ(x[a], 1)) { problems.Add($"cannot squeeze axis {a} of {OnnxShapes.Format(x)}: its size is {x[a]}, not 1"); return null; }
        return x.Where((_, i) => !normalized.Contains(i)).ToArray();
    }

    private static long[]? Slice(long[]? x, long[]? starts, long[]? ends, long[]? axes, long[]? steps, List<string> problems)
    {
        if (x == null) return null;
        if (starts == null || ends == null || axes == null || steps == null) return Enumerable.Repeat(-1L, x.Length).ToArray();
        if (axes.Length == 0) axes = Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
        if (steps.Length == 0) steps = Enumerable.Repeat(1L, starts.Length).ToArray();
        if (starts.Length != ends.Length || axes.Length != starts.Length || steps.Length != starts.Length)
        {
            problems.Add($"starts {OnnxShapes.Format(starts)}, ends {OnnxShapes.Format(ends)}, axes {OnnxShapes.Format(axes)}, steps {OnnxShapes.Format(steps)} differ in length");
            return null;
        }
        var y = (long[])x.Clone();
        for (int i = 0; i < axes.Length; i++)
        {
            int axis = Axis(axes[i], x.Length, "axis", problems);
            if (axis < 0) return null;
            long dim = x[axis], step = steps[i];
            if (step == 0) { problems.Add("a Slice step is 0"); return null; }
            if (dim < 0) { y[axis] = -1; continue; }
            long Clamp(long v, long lo, long hi) => Math.Min(Math.Max(v < 0 ? v + dim : v, lo), hi);
            long start = step > 0 ? Clamp(starts[i], 0, dim) : Clamp(starts[i], -1, dim - 1);
            long end = step > 0 ? Clamp(ends[i], 0, dim) : Clamp(ends[i], -1, dim - 1);
            y[axis] = Math.Max(0, step > 0 ? (end - start + step - 1) / step : (start - end - step - 1) / -step);
        }
        return y;
    }

    private static long[]? Resize(long[]? x, float[]? scales, long[]? sizes, List<string> problems)
    {
        if (x == null) return null;
        if (sizes is { Length: > 0 })
        {
            if (sizes.Length != x.Length) { problems.Add($"sizes {OnnxShapes.Format(sizes)} do not match the rank of {OnnxShapes.Format(x)}"); return null; }
            return sizes;
        }
        if (scales is { Length: > 0 })
        {
            if (scales.Length != x.Length) { problems.Add($"scales ({string.Join(", ", scales)}) do not match the rank of {OnnxShapes.Format(x)}"); return null; }
            return x.Select((d, i) => d < 0 ? -1 : (long)Math.Floor(d * scales[i])).ToArray();
        }
        return Enumerable.Repeat(-1L, x.Length).ToArray();
    }

    private static long[]? ReduceMean(NodeProto n, long[]? x, long[]? axesInput, List<string> problems)
    {
        if (x == null) return null;
        var axes = Ints(n, "axes") ?? axesInput ?? Enumerable.Range(0, x.Length).Select(i => (long)i).ToArray();
        var normalized = axes.Select(a => Axis(a, x.Length, "axis", problems)).ToArray();
        if (normalized.Any(a => a < 0)) return null;
        bool keep = Int(n, "keepdims", 1) != 0;
        return keep ? x.Select((d, i) => normalized.Contains(i) ? 1 : d).ToArray()
                    : x.Where((_, i) => !normalized.Contains(i)).ToArray();
    }
}
