using System.Runtime.CompilerServices;

namespace NotebookCourse.Tensors;

/// <summary>
/// Per-thread free lists of float buffers by exact length. Only the backward engine returns buffers, and only
/// gradients it has proved dead (made by a backward closure during this pass, consumed, aliased by nothing it
/// returned); tensors allocated during a backward pass rent them. A training step's backward then reuses the previous step's gradient buffers,
/// already mapped and cache-warm, instead of asking the GC for fresh megabytes every step.
/// </summary>
internal static class BufferPool
{
    /// <summary>Smaller buffers are cheap to get from the GC's gen0 allocator; pooling them would only add lookups.</summary>
    public const int MinLength = 4096;

    /// <summary>Buffers kept per length (a backward pass rarely needs more of one shape at a time).</summary>
    private const int MaxPerLength = 4;

    /// <summary>Cap on what one thread's pool holds, so odd shapes cannot pin memory for long.</summary>
    private const long MaxBytes = 48L << 20;

    [ThreadStatic] private static Dictionary<int, Stack<float[]>>? t_free;
    [ThreadStatic] private static long t_bytes;
    [ThreadStatic] private static int t_backwardDepth;

    /// <summary>Marks the calling thread as running a backward pass until the returned scope is disposed.</summary>
    public static BackwardScope EnterBackward() { t_backwardDepth++; return default; }

    /// <summary>Ends a <see cref="EnterBackward"/> scope.</summary>
    public readonly struct BackwardScope : IDisposable { public void Dispose() => t_backwardDepth--; }

    /// <summary>
    /// Buffers are handed out only inside backward. Forward outputs are often kept by the caller; made from pooled
    /// (old, gen2) arrays they would die as gen2 garbage and the pool would refill from gen0 arrays that the GC then
    /// copies up. Measured (LeNet, 1 thread): CPU per step 9.7 → 6.6 ms, minor faults per step 322 → 136.
    /// </summary>
    static bool Renting => t_backwardDepth > 0;

    /// <summary>A buffer of length <paramref name="n"/> with garbage contents (the caller overwrites every element).</summary>
    public static float[] RentUninitialized(int n)
    {
        if (n >= MinLength && Renting && t_free is { } free && free.TryGetValue(n, out var stack) && stack.TryPop(out var a))
        {
            t_bytes -= 4L * n;
            return a;
        }
        return GC.AllocateUninitializedArray<float>(n);
    }

    /// <summary>A zero-filled buffer of length <paramref name="n"/>.</summary>
    public static float[] RentZeroed(int n)
    {
        if (n >= MinLength && Renting && t_free is { } free && free.TryGetValue(n, out var stack) && stack.TryPop(out var a))
        {
            t_bytes -= 4L * n;
            Array.Clear(a);
            return a;
        }
        return new float[n];
    }

    /// <summary>Gives a buffer back; the caller guarantees nothing references it any more.</summary>
    public static void Return(float[] a)
    {
        int n = a.Length;
        if (n < MinLength || t_bytes + 4L * n > MaxBytes) return;
        var free = t_free ??= new Dictionary<int, Stack<float[]>>();
        if (!free.TryGetValue(n, out var stack)) free[n] = stack = new Stack<float[]>(MaxPerLength);
        if (stack.Count >= MaxPerLength) return;
        stack.Push(a);
        t_bytes += 4L * n;
    }

    /// <summary>Bytes held by the calling thread's pool (tests and diagnostics).</summary>
    public static long HeldBytes => t_bytes;

    /// <summary>Drops the calling thread's pooled buffers (tests).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Clear() { t_free = null; t_bytes = 0; }
}
