using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// How a classification loss sees its input: (N, C, d₁…dₖ) as N outer rows × C classes × inner positions
/// (class dim 1); a 1-D input (C,) is one unbatched sample, like PyTorch.
/// Position p = o·inner + s addresses one prediction; class c of it lives at (o·C + c)·inner + s.
/// </summary>
internal readonly record struct ClassLayout(int Outer, int C, int Inner, int[] PositionShape)
{
    public int Positions => Outer * Inner;

    public int At(int pos, int c) => ((pos / Inner) * C + c) * Inner + pos % Inner;

    public static ClassLayout Of(string op, Tensor input)
    {
        var s = input._shape;
        if (s.Length == 0)
            throw new ArgumentException($"{op}: input must have a class dim, (N, C) or (C,), got a scalar");
        if (s.Length == 1) return new ClassLayout(1, s[0], 1, Array.Empty<int>());
        int inner = 1;
        for (int i = 2; i < s.Length; i++) inner *= s[i];
        var ps = new int[s.Length - 1];
        ps[0] = s[0];
        for (int i = 2; i < s.Length; i++) ps[i - 1] = s[i];
        return new ClassLayout(s[0], s[1], inner, ps);
    }

    /// <summary>Class weights as an array (null = all ones), checked against C.</summary>
    public float[]? Weights(string op, Tensor? weight)
    {
        if (weight is null) return null;
        if (weight.dtype != DType.float32 || weight.ndim != 1 || weight._shape[0] != C)
            throw new ArgumentException($"{op}: weight must be a float32 tensor of shape ({C},), one entry per class, got {weight.dtype} {ShapeUtil.Format(weight._shape)}");
        return weight.SpanF().ToArray();
    }

    /// <summary>Class-index targets as an array, checked against the input's position shape and the class range.</summary>
    public long[] Indices(string op, Tensor input, Tensor target, long ignoreIndex)
    {
        if (!ShapeUtil.SameShape(target._shape, PositionShape))
            throw new ArgumentException(
                $"{op}: for input {ShapeUtil.Format(input._shape)} the class-index target must have shape {ShapeUtil.Format(PositionShape)}, got {ShapeUtil.Format(target._shape)}");
        var t = target.SpanL().ToArray();
        for (int i = 0; i < t.Length; i++)
            if (t[i] != ignoreIndex && (t[i] < 0 || t[i] >= C))
                throw new ArgumentException(
                    $"{op}: target {t[i]} at position {i} is not a class index in [0, {C}) for input {ShapeUtil.Format(input._shape)}; " +
                    "check the labels (are they 1-based?) or the number of output classes");
        return t;
    }
}
