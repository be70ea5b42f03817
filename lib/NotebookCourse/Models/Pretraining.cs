using System.Diagnostics;
using System.Globalization;
using NotebookCourse.Data;
using NotebookCourse.Data.Hub;
using NotebookCourse.Serialization;
using NotebookCourse.Training;

namespace NotebookCourse.Models;

/// <summary>Settings of <see cref="Pretraining.TrainSourceBackbone"/>; the defaults produce the shipped backbone.</summary>
public sealed record PretrainOptions
{
    /// <summary>Architecture; the head must have one output per source class.</summary>
    public ResNetSpec Spec { get; init; } = ResNetSpec.Small(numClasses: 5);
    /// <summary>Fashion-MNIST classes of the source task.</summary>
    public IReadOnlyList<int> SourceClasses { get; init; } = TransferSplit.SourceClasses;
    /// <summary>Training images per source class (Fashion-MNIST has 6,000).</summary>
    public int TrainPerClass { get; init; } = 6000;
    /// <summary>Held-out test images per source class used to report the source-task accuracy (the test set has 1,000).</summary>
    public int TestPerClass { get; init; } = 1000;
    /// <summary>Passes over the source training images.</summary>
    public int Epochs { get; init; } = 3;
    /// <summary>Minibatch size.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>Adam's initial learning rate (cosine-annealed to 0 over all steps).</summary>
    public double lr { get; init; } = 2e-3;
    /// <summary>Seed of the weights, the choice of images and the minibatch order.</summary>
    public ulong Seed { get; init; } = 0;
    /// <summary>Receives one line per epoch (null: silent).</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>The outcome of a pretraining run.</summary>
/// <param name="Model">The trained ResNet (evaluation mode), head included.</param>
/// <param name="EpochLoss">Mean training loss of each epoch.</param>
/// <param name="SourceTestAccuracy">Accuracy on the held-out source-class test images.</param>
/// <param name="Seconds">Wall-clock training time.</param>
public sealed record PretrainResult(ResNet Model, IReadOnlyList<double> EpochLoss, double SourceTestAccuracy, double Seconds);

/// <summary>
/// The recipe behind the backbone shipped in <c>data/pretrained/</c> for notebook 04: a small <see cref="ResNet"/>
/// trained with Adam on the source classes of Fashion-MNIST (<see cref="TransferSplit.SourceClasses"/>). It is
/// deterministic given the seed on one machine; other CPUs or thread counts may round float sums differently, so
/// the bytes (and the checksum) can differ slightly while the accuracy stays the same to a fraction of a point.
/// Reproduce the shipped file with <c>./environment/course pretrain resnet-fashion</c>.
/// </summary>
public static class Pretraining
{
    /// <summary>Dataset name of the shipped backbone in data/manifest.json.</summary>
    public const string DatasetName = "resnet-fashion-source";

    /// <summary>File name of the shipped backbone (data/pretrained/&lt;FileName&gt;).</summary>
    public const string FileName = "resnet_fashion_source.safetensors";

    /// <summary>The input normalization used in pretraining (Fashion-MNIST mean and std); fine-tuning must use the same.</summary>
    public static Normalize Normalization => new([0.2860f], [0.3530f]);

    /// <summary>Trains a ResNet on the source task and measures its held-out accuracy.</summary>
    public static PretrainResult TrainSourceBackbone(PretrainOptions? options = null, Dataset? train = null, Dataset? test = null)
    {
        var o = options ?? new PretrainOptions();
        if (o.Spec.NumClasses != o.SourceClasses.Count)
            throw new ArgumentException($"Pretraining: the spec has {o.Spec.NumClasses} outputs but there are {o.SourceClasses.Count} source classes; use ResNetSpec.Small(numClasses: {o.SourceClasses.Count})");
        if (o.Epochs < 1 || o.BatchSize < 1) throw new ArgumentException($"Pretraining: Epochs and BatchSize must be ≥ 1, got {o.Epochs} and {o.BatchSize}");
        var clock = Stopwatch.StartNew();
        var sourceTrain = TransferSplit.Select(train ?? FashionMnist.Train(), o.SourceClasses, o.TrainPerClass, o.Seed);
        var sourceTest = TransferSplit.Select(test ?? FashionMnist.Test(), o.SourceClasses, o.TestPerClass, o.Seed + 1);
        var loader = new DataLoader(sourceTrain, o.BatchSize, shuffle: true, seed: o.Seed, transform: Normalization);
        var testLoader = new DataLoader(sourceTest, 500, transform: Normalization);

        torch.manual_seed((long)o.Seed);
        var model = new ResNet(o.Spec);
        var optimizer = torch.optim.Adam(model.parameters(), lr: o.lr);
        var scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max: o.Epochs * loader.Count);
        var losses = new List<double>();
        for (int epoch = 1; epoch <= o.Epochs; epoch++)
        {
            var stats = Trainer.TrainEpoch(model, loader, optimizer, onStep: (_, _) => scheduler.step());
            losses.Add(stats.Loss);
            o.Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}/{o.Epochs}: loss {stats.Loss:F4}, train accuracy {stats.Accuracy:P1} ({clock.Elapsed.TotalSeconds:F0} s)"));
        }
        double accuracy = Trainer.Evaluate(model, testLoader).Accuracy;
        model.eval();
        return new PretrainResult(model, losses, accuracy, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Writes the model to <paramref name="path"/> atomically with the recipe and the accuracy as metadata.</summary>
    public static void Save(PretrainResult result, PretrainOptions options, string path)
    {
        var spec = result.Model.spec;
        var meta = new Dictionary<string, string>
        {
            ["architecture"] = $"ResNet basic blocks={string.Join(",", spec.Blocks)} widths={string.Join(",", spec.Widths)} classes={spec.NumClasses}",
            ["source_classes"] = string.Join(",", options.SourceClasses),
            ["recipe"] = string.Create(CultureInfo.InvariantCulture,
                $"Adam lr={options.lr} cosine, epochs={options.Epochs}, batch={options.BatchSize}, {options.TrainPerClass}/class, seed={options.Seed}"),
            ["source_test_accuracy"] = result.SourceTestAccuracy.ToString("F4", CultureInfo.InvariantCulture),
        };
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        result.Model.save(path, meta);
    }

    /// <summary>
    /// The shipped pretrained backbone: resolved through the data hub (size and SHA-256 checked against the manifest)
    /// and loaded strictly into a fresh <c>ResNetSpec.Small(numClasses: 5)</c>, in evaluation mode.
    /// </summary>
    /// <example><code>var model = Pretraining.LoadPretrained(); model.fc = nn.Linear(model.FeatureDim, 5);</code></example>
    public static ResNet LoadPretrained(DataHub? hub = null)
    {
        var path = (hub ?? DataHub.Default).GetFile(DatasetName, FileName);
        var model = new ResNet(ResNetSpec.Small(numClasses: TransferSplit.SourceClasses.Count));
        model.load(path, strict: true);
        model.eval();
        return model;
    }

    /// <summary>Verified local path of the shipped backbone (see <see cref="LoadPretrained"/>).</summary>
    public static string PretrainedPath(DataHub? hub = null) => (hub ?? DataHub.Default).GetFile(DatasetName, FileName);
}
