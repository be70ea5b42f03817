namespace NotebookCourse.Nn;

/// <summary>
/// Padding of a convolution: a number, a (height, width) pair, or PyTorch's names "valid" (none) and "same"
/// (output as large as the input; stride 1). <c>padding: 1</c>, <c>padding: (1, 2)</c>, <c>padding: "same"</c>.
/// </summary>
public readonly struct ConvPadding
{
    /// <summary>Explicit padding; unset for a named mode.</summary>
    public IntPair Size { get; }
    /// <summary>"same", "valid", or null for explicit sizes.</summary>
    public string? Mode { get; }

    ConvPadding(IntPair size, string? mode) { Size = size; Mode = mode; }

    /// <summary>The same padding on every side.</summary>
    public static implicit operator ConvPadding(int v) => new(v, null);
    /// <summary>(height, width) padding.</summary>
    public static implicit operator ConvPadding((int h, int w) v) => new(v, null);
    /// <summary>One or two values, as layers store them.</summary>
    public static implicit operator ConvPadding(int[] v) => new(v, null);
    /// <summary>An <see cref="IntPair"/>.</summary>
    public static implicit operator ConvPadding(IntPair v) => new(v, null);
    /// <summary>"same" or "valid".</summary>
    public static implicit operator ConvPadding(string mode) => mode is "same" or "valid"
        ? new(default, mode)
        : throw new ArgumentException($"padding must be a number, a pair, \"same\" or \"valid\", got \"{mode}\"");

    /// <summary>The padding sizes for a kernel (kh, kw) with this stride and dilation.</summary>
    public IntPair Resolve(string op, IntPair stride, int kh, int kw, IntPair dilation)
    {
        if (Mode is null) return Size.Or(0);
        if (Mode == "valid") return 0;
        if (stride.H != 1 || stride.W != 1)
            throw new ArgumentException($"{op}: padding=\"same\" needs stride 1, got stride {stride}; give the padding as a number instead");
        int th = dilation.H * (kh - 1), tw = dilation.W * (kw - 1);
        if (th % 2 != 0 || tw % 2 != 0)
            throw new ArgumentException(
                $"{op}: padding=\"same\" with the even kernel {kh}×{kw} needs uneven padding, which is not supported; " +
                "pad the input with pad(...) first or use an odd kernel size");
        return (th / 2, tw / 2);
    }

    /// <summary>"same", "valid", "(h, w)" or "unset".</summary>
    public override string ToString() => Mode ?? Size.ToString();
}
