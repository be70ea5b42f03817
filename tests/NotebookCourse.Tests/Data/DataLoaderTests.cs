using NotebookCourse.Data;

namespace NotebookCourse.Tests.Data;

public sealed class DataLoaderTests
{
    /// <summary>n examples of shape (1, 2, 2) whose values all equal the index, label = index.</summary>
    private static ArrayDataset Indexed(int n)
    {
        var data = new float[n * 4];
        for (int i = 0; i < data.Length; i++) data[i] = i / 4;
        return new ArrayDataset(data, [1, 2, 2], Enumerable.Range(0, n).Select(i => (long)i).ToArray());
    }

    [Fact]
    public void Batches_are_stacked_nchw_with_a_smaller_last_batch()
    {
        var loader = new DataLoader(Indexed(10), batchSize: 4);
        var batches = loader.ToList();
        Assert.Equal(3, loader.Count);
        Assert.Equal([4, 1, 2, 2], batches[0].Shape);
        Assert.Equal([2, 1, 2, 2], batches[2].Shape);
        Assert.Equal([8L, 9L], batches[2].Labels);
        Assert.Equal(9f, batches[2].Data[4]);
        Assert.Equal(2, new DataLoader(Indexed(10), 4, dropLast: true).Count());
    }

    [Fact]
    public void Shuffle_is_a_permutation_fixed_by_seed_and_new_each_epoch()
    {
        var loader = new DataLoader(Indexed(50), 8, shuffle: true, seed: 11);
        var e0 = loader.SelectMany(b => b.Labels).ToList();
        var e1 = loader.SelectMany(b => b.Labels).ToList();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), e0.Order());
        Assert.NotEqual(e0, e1);
        Assert.NotEqual(Enumerable.Range(0, 50).Select(i => (long)i), e0);
        var again = new DataLoader(Indexed(50), 8, shuffle: true, seed: 11);
        Assert.Equal(e0, again.SelectMany(b => b.Labels));
        Assert.NotEqual(e0, new DataLoader(Indexed(50), 8, shuffle: true, seed: 12).SelectMany(b => b.Labels));
    }

    [Fact]
    public void Prefetch_gives_the_same_batches_as_sequential_even_with_random_transforms()
    {
        var t = new Compose(new GaussianNoise(0.5), new RandomHorizontalFlip());
        var a = new DataLoader(Indexed(37), 5, shuffle: true, seed: 3, transform: t, prefetch: true).ToList();
        var b = new DataLoader(Indexed(37), 5, shuffle: true, seed: 3, transform: t, prefetch: false).ToList();
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(b[i].Labels, a[i].Labels);
            Assert.Equal(b[i].Data, a[i].Data);
        }
        Assert.Equal(a[3].Data, new DataLoader(Indexed(37), 5, shuffle: true, seed: 3, transform: t).GetBatch(0, 3).Data);
    }

    [Fact]
    public void Prefetch_prepares_the_next_batch_while_the_caller_works()
    {
        var ds = new ProbeDataset(12);
        var loader = new DataLoader(ds, 4, prefetch: true);
        using var e = loader.GetEnumerator();
        Assert.True(e.MoveNext());
        // Batch 1 (examples 4..7) is requested on a worker without the caller asking for it.
        Assert.True(ds.Requested[7].Wait(TimeSpan.FromSeconds(10)), "the next batch was not prefetched");
        Assert.NotEqual(Environment.CurrentManagedThreadId, ds.ThreadOf[7]);
        Assert.False(ds.Requested[8].IsSet); // ...but not two batches ahead
    }

    [Fact]
    public void Worker_errors_surface_in_the_loop_and_mixed_shapes_are_named()
    {
        var loader = new DataLoader(new ProbeDataset(8, failAt: 6), 4);
        var e = Assert.Throws<InvalidOperationException>(() => loader.ToList());
        Assert.Contains("example 6", e.Message);
        var mixed = new DataLoader(new DataLoaderTests.MixedShapes(), 2);
        Assert.Contains("example 1 has shape (1, 3, 3)", Assert.Throws<InvalidOperationException>(() => mixed.ToList()).Message);
    }

    private sealed class ProbeDataset(int n, int failAt = -1) : Dataset
    {
        public readonly ManualResetEventSlim[] Requested = Enumerable.Range(0, n).Select(_ => new ManualResetEventSlim()).ToArray();
        public readonly int[] ThreadOf = new int[n];
        public override int Count => n;
        public override Sample Get(int index)
        {
            if (index == failAt) throw new InvalidOperationException($"probe: example {index} is broken");
            ThreadOf[index] = Environment.CurrentManagedThreadId;
            Requested[index].Set();
            return new Sample([index], [1], index);
        }
    }

    private sealed class MixedShapes : Dataset
    {
        public override int Count => 2;
        public override Sample Get(int i) => i == 0 ? new Sample(new float[4], [1, 2, 2], 0) : new Sample(new float[9], [1, 3, 3], 1);
    }
}
