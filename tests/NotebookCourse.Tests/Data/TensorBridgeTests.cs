using NotebookCourse.Data;
using NotebookCourse.Data.Hub;
using NotebookCourse.Tensors;

namespace NotebookCourse.Tests.Data;

/// <summary>Loader batches, samples and transforms as engine tensors.</summary>
public sealed class TensorBridgeTests
{
    /// <summary>n examples of shape (1, 2, 3): example i holds 10·i + 0..5, label i % 4.</summary>
    private static ArrayDataset Ramp(int n)
    {
        var data = new float[n * 6];
        for (int i = 0; i < data.Length; i++) data[i] = 10 * (i / 6) + i % 6;
        return new ArrayDataset(data, [1, 2, 3], Enumerable.Range(0, n).Select(i => (long)(i % 4)).ToArray());
    }

    [Fact]
    public void Loader_yields_nchw_float32_and_int64_labels_by_deconstruction()
    {
        var loader = new DataLoader(Ramp(10), batchSize: 4);
        var shapes = new List<int[]>();
        var labels = new List<long>();
        foreach (var (X, y) in loader)
        {
            Assert.Equal(DType.float32, X.dtype);
            Assert.Equal(DType.int64, y.dtype);
            Assert.Equal(X.shape[0], y.shape[0]);
            shapes.Add(X.shape);
            labels.AddRange(y.ToArray<long>());
        }
        Assert.Equal([[4, 1, 2, 3], [4, 1, 2, 3], [2, 1, 2, 3]], shapes);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)(i % 4)), labels);
        // Example 9 is the second of the last batch: its value at (row 1, col 2) is 10·9 + 5.
        var last = loader.GetBatch(0, 2).X;
        Assert.Equal(95f, last[1, 0, 1, 2].item());
    }

    [Fact]
    public void Batch_tensors_share_memory_with_the_arrays()
    {
        var batch = new DataLoader(Ramp(3), 3).GetBatch(0, 0);
        var X = batch.X;
        batch.Data[6] = -1f;                     // example 1, first value (6 values per example)
        Assert.Equal(-1f, X[1, 0, 0, 0].item());
        Assert.Equal(batch.Labels, batch.y.ToArray<long>());
    }

    [Fact]
    public void Shuffled_tensor_batches_depend_only_on_the_seed()
    {
        static float[] Epoch(DataLoader l) => l.SelectMany(b => b.X.ToArray<float>()).ToArray();
        var t = new GaussianNoise(0.3);
        var a = Epoch(new DataLoader(Ramp(20), 6, shuffle: true, seed: 4, transform: t));
        var b = Epoch(new DataLoader(Ramp(20), 6, shuffle: true, seed: 4, transform: t));
        var c = Epoch(new DataLoader(Ramp(20), 6, shuffle: true, seed: 5, transform: t));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void A_generator_fixes_the_loader_seed_like_torch_manual_seed()
    {
        var g1 = new torch.Generator(123);
        var g2 = new torch.Generator(123);
        var l1 = new DataLoader(Ramp(30), 7, shuffle: true, generator: g1);
        var l2 = new DataLoader(Ramp(30), 7, shuffle: true, generator: g2);
        Assert.Equal(l1.Seed, l2.Seed);
        Assert.Equal(l1.Order(0), l2.Order(0));
        // The generator advanced, so a second loader from it shuffles differently.
        var l3 = new DataLoader(Ramp(30), 7, shuffle: true, generator: g1);
        Assert.NotEqual(l1.Order(0), l3.Order(0));
    }

    [Fact]
    public void Sample_deconstructs_into_a_tensor_and_its_label()
    {
        var (x, label) = Ramp(5)[3];
        Assert.Equal([1, 2, 3], x.shape);
        Assert.Equal(DType.float32, x.dtype);
        Assert.Equal(3L, label);
        Assert.Equal([30f, 31, 32, 33, 34, 35], x.ToArray<float>());
    }

    [Fact]
    public void ToBatch_stacks_a_subset_with_optional_seeded_transform()
    {
        var ds = Ramp(10).Subset([7, 2, 5]);
        var (X, y) = ds.ToBatch();
        Assert.Equal([3, 1, 2, 3], X.shape);
        Assert.Equal([3L, 2, 1], y.ToArray<long>());
        Assert.Equal(20f, X[1, 0, 0, 0].item());
        var flipped = ds.ToBatch(new RandomHorizontalFlip(p: 1)).X;
        Assert.Equal([72f, 71, 70], flipped[0, 0, 0].ToArray<float>());
        var n1 = ds.ToBatch(new GaussianNoise(1), seed: 9).Data;
        Assert.Equal(n1, ds.ToBatch(new GaussianNoise(1), seed: 9).Data);
        Assert.NotEqual(n1, ds.ToBatch(new GaussianNoise(1), seed: 10).Data);
    }

    [Fact]
    public void Tensor_transform_flips_each_image_of_a_batch_and_twice_is_identity()
    {
        var X = Ramp(4).ToBatch().X;                       // (4, 1, 2, 3)
        var flip = new RandomHorizontalFlip(p: 1);
        var once = flip.Apply(X, seed: 0);
        Assert.Equal([4, 1, 2, 3], once.shape);
        Assert.Equal([12f, 11, 10], once[1, 0, 0].ToArray<float>());
        Assert.Equal(X.ToArray<float>(), flip.Apply(once, seed: 1).ToArray<float>());
        // One image (C, H, W) keeps its rank.
        var single = flip.Apply(X[2], seed: 0);
        Assert.Equal([1, 2, 3], single.shape);
        Assert.Equal(once[2].ToArray<float>(), single.ToArray<float>());
        Assert.Equal(Ramp(4).ToBatch().X.ToArray<float>(), X.ToArray<float>()); // input untouched
    }

    [Fact]
    public void Tensor_transform_randomness_follows_the_global_generator_or_the_seed()
    {
        var X = torch.zeros(3, 1, 4, 4);
        var noise = new GaussianNoise(1);
        float[] a, b, c;
        lock (torch.default_generator)  // shared with other tests; the engine's tests take the same lock
        {
            torch.manual_seed(11);
            a = noise.Apply(X).ToArray<float>();
            torch.manual_seed(11);
            b = noise.Apply(X).ToArray<float>();
            c = noise.Apply(X).ToArray<float>();       // generator moved on
        }
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(a, noise.Apply(X, new torch.Generator(11)).ToArray<float>());
        // Identical inputs get independent noise per image.
        Assert.NotEqual(a[..16], a[16..32]);
        double mean = a.Average(), var = a.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.35, 0.35);
        Assert.InRange(var, 0.6, 1.5);
    }

    [Fact]
    public void Tensor_transform_rejects_wrong_rank_and_dtype_with_the_shape()
    {
        var flip = new RandomHorizontalFlip();
        var ex = Assert.Throws<ArgumentException>(() => flip.Apply(torch.zeros(28, 28), seed: 0));
        Assert.Contains("got shape (28, 28)", ex.Message);
        Assert.Contains("unsqueeze", ex.Message);
        Assert.Contains("int64", Assert.Throws<ArgumentException>(() => flip.Apply(torch.tensor(new long[4], 1, 1, 2, 2), seed: 0)).Message);
    }

    [Fact]
    public void Fashion_mnist_test_split_batches_as_tensors()
    {
        var hub = new DataHub(cacheDir: Path.Combine(Path.GetTempPath(), "nc-no-cache-" + Environment.ProcessId)) { AllowDownload = false };
        bool present = DataManifest.Embedded["fashion-mnist"].SystemPaths
            .Any(d => File.Exists(Path.Combine(d, "t10k-labels-idx1-ubyte.gz")));
        if (!present)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "Fashion-MNIST files are missing under CI (Debian package dataset-fashion-mnist)");
            return;
        }
        var test = FashionMnist.Test(hub);
        Assert.False(test.IsTrain);
        var (X, y) = new DataLoader(test, batchSize: 32, shuffle: true, seed: 0).First();
        Assert.Equal([32, 1, 28, 28], X.shape);
        Assert.Equal(DType.float32, X.dtype);
        Assert.Equal(DType.int64, y.dtype);
        Assert.InRange(X.min().item(), 0f, 0f);
        Assert.InRange(X.max().item(), 0.5f, 1f);
        Assert.All(y.ToArray<long>(), l => Assert.InRange(l, 0, 9));
    }
}
