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

    /// <summary>
    /// Nonzero only for float buffers the engine allocated itself (<see cref="Tensor.Uninitialized"/>, <see cref="Allocate"/>),
    /// which nothing else referenced at birth; increases with allocation order. The backward engine compares it with
    /// <see cref="LastSerial"/> read before a backward closure ran to know that a returned gradient is a buffer the
    /// closure just made, which the engine may then hand to a leaf without copying or recycle once consumed.
    /// </summary>
    public readonly long Serial;

    private static long s_serial;

    /// <summary>The serial of the most recently allocated engine buffer (any thread).</summary>
    public static long LastSerial => Volatile.Read(ref s_serial);

    public Storage(float[] f) => F = f;
    public Storage(long[] l) => L = l;
    public Storage(bool[] b) => B = b;

    private Storage(float[] f, long serial) { F = f; Serial = serial; }

    /// <summary>A float storage over an array that only this storage references (from <see cref="BufferPool"/> or just allocated).</summary>
    public static Storage Fresh(float[] f) => new(f, Interlocked.Increment(ref s_serial));

    public static Storage Allocate(DType dtype, int n) => dtype switch
    {
        DType.float32 => Fresh(BufferPool.RentZeroed(n)),
        DType.int64 => new Storage(new long[n]),
        _ => new Storage(new bool[n]),
    };
}
