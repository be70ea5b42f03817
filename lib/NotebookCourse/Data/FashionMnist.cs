using NotebookCourse.Data.Hub;
using NotebookCourse.Data.Idx;

namespace NotebookCourse.Data;

/// <summary>
/// Fashion-MNIST (Zalando): 28×28 grayscale clothing images in 10 classes, 60,000 for training and 10,000 for
/// testing. Examples come out as (1, 28, 28) floats in [0, 1] with a label 0–9. Files are found by the
/// <see cref="DataHub"/> (cache, Debian package, download) and verified against the manifest.
/// </summary>
/// <example><code>var train = FashionMnist.Train(); var (x, label) = train[0]; Console.WriteLine(FashionMnist.ClassNames[(int)label]);</code></example>
public sealed class FashionMnist : Dataset
{
    /// <summary>Name in the data manifest.</summary>
    public const string DatasetName = "fashion-mnist";

    /// <summary>Class names in Spanish (the course language), by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["Camiseta/top", "Pantalón", "Jersey", "Vestido", "Abrigo", "Sandalia", "Camisa", "Zapatilla", "Bolso", "Botín"];

    /// <summary>Class names in English (as in the original dataset), by label.</summary>
    public static IReadOnlyList<string> ClassNamesEnglish { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private readonly byte[] _pixels;
    private readonly byte[] _labels;

    /// <summary>Image height and width (28).</summary>
    public int Height { get; }
    /// <summary>Image width (28).</summary>
    public int Width { get; }
    /// <summary>True for the training split.</summary>
    public bool IsTrain { get; }

    private FashionMnist(byte[] pixels, byte[] labels, int h, int w, bool train)
    {
        _pixels = pixels; _labels = labels; Height = h; Width = w; IsTrain = train;
    }

    /// <summary>Loads a split through the data hub (default hub when null).</summary>
    public static FashionMnist Load(bool train = true, DataHub? hub = null)
    {
        hub ??= DataHub.Default;
        string prefix = train ? "train" : "t10k";
        string images = hub.GetFile(DatasetName, $"{prefix}-images-idx3-ubyte.gz");
        string labels = hub.GetFile(DatasetName, $"{prefix}-labels-idx1-ubyte.gz");
        return FromFiles(images, labels, train);
    }

    /// <summary>The 60,000 training images (shorthand for <c>Load(train: true)</c>).</summary>
    public static FashionMnist Train(DataHub? hub = null) => Load(train: true, hub);

    /// <summary>The 10,000 test images (shorthand for <c>Load(train: false)</c>).</summary>
    public static FashionMnist Test(DataHub? hub = null) => Load(train: false, hub);

    /// <summary>Loads from explicit IDX files (raw or gzip); checks that images and labels agree.</summary>
    public static FashionMnist FromFiles(string imagesPath, string labelsPath, bool train = true)
    {
        var img = IdxReader.Read(imagesPath, IdxType.UInt8, expectedRank: 3);
        var lab = IdxReader.Read(labelsPath, IdxType.UInt8, expectedRank: 1);
        if (img.Shape[0] != lab.Shape[0])
            throw new InvalidDataException($"fashion-mnist: {Path.GetFileName(imagesPath)} has {img.Shape[0]} images but {Path.GetFileName(labelsPath)} has {lab.Shape[0]} labels");
        var labels = lab.AsBytes();
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= ClassNames.Count)
                throw new InvalidDataException($"fashion-mnist: label {labels[i]} at index {i} of {Path.GetFileName(labelsPath)} is not a class 0–9");
        return new FashionMnist(img.AsBytes(), labels, img.Shape[1], img.Shape[2], train);
    }

    /// <inheritdoc />
    public override int Count => _labels.Length;

    /// <inheritdoc />
    public override Sample Get(int index)
    {
        CheckIndex(index);
        int size = Height * Width;
        var data = new float[size];
        var src = _pixels.AsSpan(index * size, size);
        for (int i = 0; i < size; i++) data[i] = src[i] * (1f / 255f);
        return new Sample(data, [1, Height, Width], _labels[index]);
    }

    /// <summary>Raw 0–255 pixels of one image (row-major H×W).</summary>
    public ReadOnlySpan<byte> RawPixels(int index)
    {
        CheckIndex(index);
        return _pixels.AsSpan(index * Height * Width, Height * Width);
    }

    /// <summary>All labels.</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    /// <inheritdoc />
    public override string ToString() => $"FashionMnist({(IsTrain ? "train" : "test")}, {Count} images {Height}x{Width})";
}
