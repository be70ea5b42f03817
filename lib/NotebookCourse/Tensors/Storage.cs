namespace NotebookCourse.Tensors;

/// <summary>
/// The flat buffer behind one or more tensors (a tensor is a view: shape + strides + offset into a storage).
/// Exactly one of the arrays is set. <see cref="Version"/> counts in-place writes so that autograd can detect
/// a tensor that was modified after being saved for backward.
/// </summary>
internal sealed class Storage
{
    public readonly float[]? F;
    public readonly long[]? L;
    public readonly bool[]? B;
    public int Version;

    public Storage(float[] f) => F = f;
    public Storage(long[] l) => L = l;
    public Storage(bool[] b) => B = b;

    public static Storage Allocate(DType dtype, int n) => dtype switch
    {
        DType.float32 => new Storage(new float[n]),
        DType.int64 => new Storage(new long[n]),
        _ => new Storage(new bool[n]),
    };
}
