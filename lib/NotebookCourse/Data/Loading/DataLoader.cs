using System.Collections;
using NotebookCourse.Runtime;

namespace NotebookCourse.Data;

/// <summary>
/// Iterates a dataset in mini-batches, PyTorch style: batch size, shuffling with a seed (a new order each epoch),
/// drop_last, a per-example transform, and background prefetch of the next batch while the caller trains on the
/// current one. The batches depend only on (seed, epoch), never on thread timing: the order comes from
/// <c>Rng.Derive(seed, epoch)</c> and each example's augmentation from <c>Rng.Derive(seed, epoch, index)</c>.
/// </summary>
/// <example><code>
/// var loader = new DataLoader(FashionMnist.Train(), batchSize: 64, shuffle: true, seed: 0, transform: new RandomHorizontalFlip());
/// foreach (var (X, y) in loader) { /* X: float32 (N, C, H, W), y: int64 (N) */ }
/// </code></example>
public sealed class DataLoader : IEnumerable<Batch>
{
    private const long OrderStream = 0, TransformStream = 1;
    private int _nextEpoch;

    /// <summary>The dataset.</summary>
    public Dataset Dataset { get; }
    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; }
    /// <summary>Whether each epoch visits the examples in a new random order.</summary>
    public bool Shuffle { get; }
    /// <summary>Seed of the order and of the transforms' randomness.</summary>
    public ulong Seed { get; }
    /// <summary>Whether a last, smaller batch is dropped.</summary>
    public bool DropLast { get; }
    /// <summary>Per-example transform (may be null).</summary>
    public ITransform? Transform { get; }
    /// <summary>Whether the next batch is prepared on a worker task while the current one is used.</summary>
    public bool Prefetch { get; }

    /// <summary>
    /// Creates a loader; see the class remarks for the determinism guarantee. With a <paramref name="generator"/>
    /// (e.g. <c>torch.default_generator</c> after <c>torch.manual_seed(0)</c>) the seed is drawn from it once, here,
    /// and <paramref name="seed"/> is ignored.
    /// </summary>
    public DataLoader(Dataset dataset, int batchSize, bool shuffle = false, ulong seed = 0, bool dropLast = false,
        ITransform? transform = null, bool prefetch = true, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize <= 0) throw new ArgumentException($"DataLoader: batchSize must be positive, got {batchSize}");
        Dataset = dataset; BatchSize = batchSize; Shuffle = shuffle; DropLast = dropLast;
        Seed = generator is null ? seed : generator.NextUInt64();
        Transform = transform; Prefetch = prefetch;
    }

    /// <summary>Number of batches per epoch.</summary>
    public int Count => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>The epoch the next <c>foreach</c> will use (it advances by one per enumeration).</summary>
    public int Epoch { get => _nextEpoch; set => _nextEpoch = value; }

    /// <summary>Dataset indices in the order epoch <paramref name="epoch"/> visits them.</summary>
    public int[] Order(int epoch) =>
        Shuffle ? Rng.Derive(Seed, OrderStream, epoch).Permutation(Dataset.Count) : Enumerable.Range(0, Dataset.Count).ToArray();

    /// <summary>Builds batch <paramref name="batchIndex"/> of epoch <paramref name="epoch"/> (what the enumerator yields).</summary>
    public Batch GetBatch(int epoch, int batchIndex) => Build(epoch, Order(epoch), batchIndex);

    /// <summary>Enumerates one epoch, then advances <see cref="Epoch"/>.</summary>
    public IEnumerator<Batch> GetEnumerator() => Enumerate(_nextEpoch++);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerator<Batch> Enumerate(int epoch)
    {
        var order = Order(epoch);
        int count = Count;
        Task<Batch>? pending = null;
        try
        {
            for (int b = 0; b < count; b++)
            {
                NotebookHost.ThrowIfCancelled();
                Batch current = pending is null ? Build(epoch, order, b) : pending.GetAwaiter().GetResult();
                pending = Prefetch && b + 1 < count ? StartBuild(epoch, order, b + 1) : null;
                yield return current;
            }
        }
        finally
        {
            // The consumer may stop early (break, exception): let the worker finish so it does not outlive the loop.
            if (pending is not null) try { pending.Wait(); } catch (AggregateException) { }
        }
    }

    private Task<Batch> StartBuild(int epoch, int[] order, int b) =>
        Task.Factory.StartNew(() => Build(epoch, order, b), CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

    private Batch Build(int epoch, int[] order, int b)
    {
        int start = b * BatchSize, n = Math.Min(BatchSize, order.Length - start);
        var indices = order.AsSpan(start, n).ToArray();
        var samples = new Sample[n];
        for (int i = 0; i < n; i++)
        {
            var s = Dataset.Get(indices[i]);
            samples[i] = Transform is null ? s : Transform.Apply(s, Rng.Derive(Seed, TransformStream, epoch, indices[i]));
        }
        return Batch.Collate(samples, indices, "DataLoader");
    }
}
