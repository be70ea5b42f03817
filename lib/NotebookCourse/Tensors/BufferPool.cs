namespace NotebookCourse.Tensors;

/// <summary>
/// Process-wide free lists of float buffers by exact length (one pool, so a notebook kernel that runs cells on
/// several threads still holds at most <see cref="MaxBytes"/>). Only the backward engine returns buffers, and only
/// gradients it has proved dead (made by a backward closure during this pass, consumed, aliased by nothing it
/// returned); tensors allocated during a backward pass rent them. A training step's backward then reuses the
/// previous step's gradient buffers, already mapped and cache-warm, instead of asking the GC for fresh megabytes.
/// </summary>
internal static class BufferPool
{
    /// <summary>Smaller buffers are cheap to get from the GC's gen0 allocator; pooling them would only add lookups.</summary>
    public const int MinLength = 4096;

    /// <summary>Buffers kept per length (a backward pass rarely needs more of one shape at a time).</summary>
    private const int MaxPerLength = 4;

    /// <summary>Cap on what the pool holds, so odd shapes cannot pin much memory.</summary>
    public const long MaxBytes = 32L << 20;

    private static readonly Dictionary<int, Stack<float[]>> s_free = new();
    private static readonly Lock s_lock = new();
    private static long s_bytes;
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
    public static float[] RentUninitialized(int n) => TryRent(n) ?? GC.AllocateUninitializedArray<float>(n);

    /// <summary>A zero-filled buffer of length <paramref name="n"/>.</summary>
    public static float[] RentZeroed(int n)
    {
        var a = TryRent(n);
        if (a == null) return new float[n];
        Array.Clear(a);
        return a;
    }

    private static float[]? TryRent(int n)
    {
        if (n < MinLength || !Renting) return null;
        lock (s_lock)
        {
            if (!s_free.TryGetValue(n, out var stack) || !stack.TryPop(out var a)) return null;
            s_bytes -= 4L * n;
            return a;
        }
    }

    /// <summary>Gives a buffer back; the caller guarantees nothing references it any more.</summary>
    public static void Return(float[] a)
    {
        int n = a.Length;
        if (n < MinLength) return;
        lock (s_lock)
        {
            if (s_bytes + 4L * n > MaxBytes) return;
            if (!s_free.TryGetValue(n, out var stack)) s_free[n] = stack = new Stack<float[]>(MaxPerLength);
            if (stack.Count >= MaxPerLength) return;
            stack.Push(a);
            s_bytes += 4L * n;
        }
    }

    /// <summary>Bytes the pool holds (tests and diagnostics).</summary>
    public static long HeldBytes { get { lock (s_lock) return s_bytes; } }

    /// <summary>Drops every pooled buffer (tests; the GC then reclaims them).</summary>
    public static void Clear() { lock (s_lock) { s_free.Clear(); s_bytes = 0; } }
}
