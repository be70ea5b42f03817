using System.Security.Cryptography;
using NotebookCourse.Data;
using NotebookCourse.Data.Hub;
using NotebookCourse.Models;
using NotebookCourse.Tests.TestUtil;
using NotebookCourse.Training;

namespace NotebookCourse.Tests.Models;

/// <summary>Runs alone: the recipe seeds the process-wide default generator and one test compares two runs bit for bit.</summary>
[Collection("default generator")]
public sealed class PretrainingTests
{
    private static DataFileEntry ManifestEntry() => DataManifest.Embedded[Pretraining.DatasetName].File(Pretraining.FileName);

    // Fashion-MNIST from the system copy only (no download, no shared cache); null when absent outside CI.
    private static (FashionMnist train, FashionMnist test)? Fashion()
    {
        bool present = DataManifest.Embedded["fashion-mnist"].SystemPaths.Any(d => File.Exists(Path.Combine(d, "t10k-images-idx3-ubyte.gz")));
        if (!present)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
                Assert.Fail("Fashion-MNIST files are missing under CI: the setup must install the Debian package dataset-fashion-mnist");
            return null;
        }
        var hub = new DataHub(cacheDir: Path.Combine(Path.GetTempPath(), "nc-models-no-cache-" + Environment.ProcessId)) { AllowDownload = false };
        return (FashionMnist.Train(hub), FashionMnist.Test(hub));
    }

    [Fact]
    public void Shipped_file_matches_the_manifest_and_is_small()
    {
        var entry = ManifestEntry();
        Assert.True(entry.Shipped);
        var path = RepoFiles.Path("data", "pretrained", Pretraining.FileName);
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length == entry.Size, $"data/pretrained/{Pretraining.FileName} has {bytes.Length} bytes, the manifest says {entry.Size}; update data/manifest.json");
        Assert.Equal(entry.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.True(bytes.Length < 1 << 20, "the shipped backbone should stay under 1 MB");
    }

    [Fact]
    public void Pretrained_backbone_loads_strictly_and_solves_the_source_task()
    {
        var dir = Directory.CreateTempSubdirectory("nc-pretrained-").FullName;
        try
        {
            var hub = new DataHub(cacheDir: dir) { AllowDownload = false };
            var model = Pretraining.LoadPretrained(hub);   // extracts the embedded copy, checks size and SHA-256
            Assert.False(model.training);
            Assert.Equal(5, model.spec.NumClasses);
            Assert.True(File.Exists(Path.Combine(dir, Pretraining.DatasetName, Pretraining.FileName)));
            if (Fashion() is not var (_, test)) return;
            var heldOut = TransferSplit.Select(test, TransferSplit.SourceClasses, perClass: 60, seed: 99);
            var acc = Trainer.Evaluate(model, new DataLoader(heldOut, 100, transform: Pretraining.Normalization)).Accuracy;
            Assert.True(acc > 0.8, $"source-task accuracy of the shipped backbone on 300 held-out images is {acc:P1} (chance 20 %)");
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_damaged_cached_copy_is_rejected_by_checksum()
    {
        var dir = Directory.CreateTempSubdirectory("nc-pretrained-bad-").FullName;
        try
        {
            var hub = new DataHub(cacheDir: dir) { AllowDownload = false };
            var path = Pretraining.PretrainedPath(hub);
            var bytes = File.ReadAllBytes(path);
            bytes[^1] ^= 0x40;
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<DataHubException>(() => Pretraining.LoadPretrained(hub));
            Assert.Contains(Pretraining.DatasetName, e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Tiny_recipe_run_lowers_the_loss()
    {
        if (Fashion() is not var (train, test)) return;
        var options = new PretrainOptions
        {
            Spec = ResNetSpec.Small([1, 1], [4, 8], numClasses: 5),
            TrainPerClass = 40, TestPerClass = 20, Epochs = 5, BatchSize = 20, lr = 1e-2, Seed = 3,
        };
        var result = Pretraining.TrainSourceBackbone(options, train, test);
        Assert.Equal(5, result.EpochLoss.Count);
        Assert.True(result.EpochLoss[^1] < 0.85 * result.EpochLoss[0], $"loss per epoch: {string.Join(", ", result.EpochLoss.Select(l => l.ToString("F3")))}");
        Assert.True(result.SourceTestAccuracy > 0.3, $"held-out accuracy {result.SourceTestAccuracy:P1} should beat chance (20 %)");
        var again = Pretraining.TrainSourceBackbone(options, train, test);
        Assert.Equal(result.EpochLoss, again.EpochLoss);   // same seed, same machine: same numbers
    }

    [Fact]
    public void Transfer_split_relabels_and_samples_per_class_reproducibly()
    {
        var labels = Enumerable.Range(0, 100).Select(i => (long)(i % 10)).ToArray();
        var data = Enumerable.Range(0, 100).Select(i => (float)i).ToArray();
        var ds = new ArrayDataset(data, [1], labels);
        var all = TransferSplit.Select(ds, TransferSplit.TargetClasses);
        Assert.Equal(50, all.Count);
        for (int i = 0; i < all.Count; i++)
        {
            var s = all[i];
            Assert.Equal((long)((int)s.Data[0] % 10) - 5, s.Label);   // class 5 → 0, …, 9 → 4
        }
        var few = TransferSplit.Select(ds, [7, 2], perClass: 3, seed: 4);
        Assert.Equal(6, few.Count);
        Assert.Equal(3, Enumerable.Range(0, 6).Count(i => few[i].Label == 0 && few[i].Data[0] % 10 == 7));
        var same = TransferSplit.Select(ds, [7, 2], perClass: 3, seed: 4);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => few[i].Data[0]), Enumerable.Range(0, 6).Select(i => same[i].Data[0]));
        Assert.Contains("asked for 11", Assert.Throws<ArgumentException>(() => TransferSplit.Select(ds, [1], perClass: 11)).Message);
    }
}
