using System.Buffers.Binary;
using System.IO.Compression;
using NotebookCourse.Data;
using NotebookCourse.Data.Hub;
using NotebookCourse.Data.Idx;

namespace NotebookCourse.Tests.Data;

public sealed class IdxAndFashionMnistTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nc-idx-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// The real files come from the Debian package. Locally they may be absent (the test then returns early),
    /// but under CI=true the setup installs them, so absence is a failure.
    /// </summary>
    private static DataHub? RealHub()
    {
        var hub = new DataHub(cacheDir: Path.Combine(Path.GetTempPath(), "nc-no-cache-" + Environment.ProcessId)) { AllowDownload = false };
        bool present = DataManifest.Embedded["fashion-mnist"].SystemPaths
            .Any(d => File.Exists(Path.Combine(d, "t10k-labels-idx1-ubyte.gz")));
        if (!present && Environment.GetEnvironmentVariable("CI") == "true")
            Assert.Fail("Fashion-MNIST files are missing under CI: the setup must install the Debian package dataset-fashion-mnist");
        return present ? hub : null;
    }

    [Fact]
    public void Real_test_split_parses_with_manifest_checksums()
    {
        if (RealHub() is not { } hub) return;
        var test = FashionMnist.Load(train: false, hub);
        Assert.Equal(10_000, test.Count);
        Assert.Equal([1, 28, 28], test[0].Shape);
        // Balanced: 1,000 test images per class.
        var counts = new int[10];
        foreach (var l in test.Labels) counts[l]++;
        Assert.All(counts, c => Assert.Equal(1000, c));
        // Pixels are in [0, 1], the border of a clothing image is mostly background, the centre is not.
        var s = test[0];
        Assert.All(s.Data, v => Assert.InRange(v, 0f, 1f));
        Assert.True(s.Data.Average() is > 0.05f and < 0.9f);
    }

    [Fact]
    public void Real_train_labels_have_6000_per_class()
    {
        if (RealHub() is not { } hub) return;
        var labels = IdxReader.Read(hub.GetFile("fashion-mnist", "train-labels-idx1-ubyte.gz"), IdxType.UInt8, 1);
        Assert.Equal([60_000], labels.Shape);
        var counts = new int[10];
        foreach (var l in labels.AsBytes()) counts[l]++;
        Assert.All(counts, c => Assert.Equal(6000, c));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Roundtrip_uint8_raw_and_gzip(bool gzip)
    {
        var data = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 7)).ToArray();
        var path = Path.Combine(_dir, gzip ? "x.gz" : "x.idx");
        IdxWriter.WriteUInt8(path, data, [2, 3, 4], gzip);
        var a = IdxReader.Read(path, IdxType.UInt8, 3);
        Assert.Equal([2, 3, 4], a.Shape);
        Assert.Equal(data, a.AsBytes());
        Assert.Equal(data[5] / 255f, a.ToFloat(1 / 255f)[5]);
    }

    [Fact]
    public void Big_endian_int32_and_float32_are_decoded()
    {
        var bytes = new byte[4 + 4 + 8];
        bytes[2] = 0x0C; bytes[3] = 1;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 2);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), -5);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 70000);
        Assert.Equal(new[] { -5, 70000 }, (int[])IdxReader.Read(new MemoryStream(bytes), "ints").Data);
        bytes[2] = 0x0D;
        BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(8), 1.5f);
        BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(12), -0.25f);
        Assert.Equal(new[] { 1.5f, -0.25f }, (float[])IdxReader.Read(new MemoryStream(bytes), "floats").Data);
    }

    [Fact]
    public void Errors_name_the_file_and_the_problem()
    {
        var data = new byte[24];
        var path = Path.Combine(_dir, "t.idx");
        IdxWriter.WriteUInt8(path, data, [2, 3, 4]);
        var full = File.ReadAllBytes(path);
        Assert.Contains("truncated", Read(full[..^5]).Message);
        Assert.Contains("rank 3, expected 1", Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, expectedRank: 1)).Message);
        Assert.Contains("extra bytes", Read([.. full, 1]).Message);
        var badMagic = (byte[])full.Clone(); badMagic[0] = 0x50;
        Assert.Contains("bad magic", Read(badMagic).Message);
        var badType = (byte[])full.Clone(); badType[2] = 0x42;
        Assert.Contains("unknown element type 0x42", Read(badType).Message);
        Assert.Contains("elements are UInt8, expected Float32",
            Assert.Throws<InvalidDataException>(() => IdxReader.Read(path, IdxType.Float32)).Message);

        static InvalidDataException Read(byte[] b) => Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(b), "t.idx"));
    }

    [Fact]
    public void Truncated_gzip_is_reported_not_half_read()
    {
        var path = Path.Combine(_dir, "t.gz");
        var rnd = new byte[5000];
        new Random(1).NextBytes(rnd);
        IdxWriter.WriteUInt8(path, rnd, [5000], gzip: true);
        var bytes = File.ReadAllBytes(path);
        var e = Assert.ThrowsAny<InvalidDataException>(() => IdxReader.Read(new MemoryStream(bytes[..(bytes.Length / 2)]), "t.gz"));
        Assert.Contains("t.gz", e.Message);
    }

    [Fact]
    public void FashionMnist_from_files_checks_label_count_and_range()
    {
        string img = Path.Combine(_dir, "i.gz"), lab = Path.Combine(_dir, "l.gz");
        IdxWriter.WriteUInt8(img, new byte[3 * 4 * 4], [3, 4, 4], gzip: true);
        IdxWriter.WriteUInt8(lab, [1, 9, 2], [3], gzip: true);
        var ds = FashionMnist.FromFiles(img, lab);
        Assert.Equal(9, ds[1].Label);
        Assert.Equal("Botín", FashionMnist.ClassNames[9]);
        Assert.Equal("Ankle boot", FashionMnist.ClassNamesEnglish[9]);
        IdxWriter.WriteUInt8(lab, [1, 10, 2], [3], gzip: true);
        Assert.Contains("label 10 at index 1", Assert.Throws<InvalidDataException>(() => FashionMnist.FromFiles(img, lab)).Message);
        IdxWriter.WriteUInt8(lab, [1, 2], [2], gzip: true);
        Assert.Contains("3 images but", Assert.Throws<InvalidDataException>(() => FashionMnist.FromFiles(img, lab)).Message);
    }
}
