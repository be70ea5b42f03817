namespace NotebookCourse.Nn;

/// <summary>
/// A (height, width) pair for kernel sizes, strides, paddings and dilations. Converts from one int (both sides)
/// or a tuple, so calls read like PyTorch: <c>stride: 2</c> or <c>stride: (2, 1)</c>. <c>default</c> means "not
/// given" and lets each op pick its own default (stride of a pooling window = its kernel size).
/// </summary>
public readonly struct IntPair : IEquatable<IntPair>
{
    /// <summary>First (height) value.</summary>
    public int H { get; }
    /// <summary>Second (width) value.</summary>
    public int W { get; }
    /// <summary>False for <c>default(IntPair)</c>: the caller left the argument out.</summary>
    public bool IsSet { get; }

    /// <summary>A pair with explicit height and width values.</summary>
    public IntPair(int h, int w) { H = h; W = w; IsSet = true; }

    /// <summary>The same value for height and width.</summary>
    public static implicit operator IntPair(int v) => new(v, v);

    /// <summary>(height, width).</summary>
    public static implicit operator IntPair((int h, int w) v) => new(v.h, v.w);

    /// <summary>An int[] of one value (both sides) or two values (height, width), as layers store them.</summary>
    public static implicit operator IntPair(int[] v) => v.Length switch
    {
        1 => new(v[0], v[0]),
        2 => new(v[0], v[1]),
        _ => throw new ArgumentException($"IntPair: expected 1 or 2 values (height, width), got {v.Length}: [{string.Join(", ", v)}]"),
    };

    /// <summary>This pair, or (fallback, fallback) when it was not given.</summary>
    public IntPair Or(int fallback) => IsSet ? this : new(fallback, fallback);

    /// <summary>This pair, or <paramref name="fallback"/> when it was not given.</summary>
    public IntPair Or(IntPair fallback) => IsSet ? this : fallback;

    /// <inheritdoc/>
    public bool Equals(IntPair other) => H == other.H && W == other.W && IsSet == other.IsSet;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IntPair p && Equals(p);
    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(H, W, IsSet);
    /// <summary>"(h, w)", or "unset".</summary>
    public override string ToString() => IsSet ? $"({H}, {W})" : "unset";
}
