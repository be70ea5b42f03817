using NotebookCourse.Tests.TestUtil;
using System.Text;
using System.Text.Json;
using NotebookCourse.Serialization;
using NotebookCourse.Tensors;

namespace NotebookCourse.Tests.Serialization;

/// <summary>Round trips, a file written from PyTorch tensors, and atomic writes.</summary>
public sealed class SafetensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("st-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static string FixtureDir() => RepoFiles.Path("tests", "fixtures", "safetensors");

    [Fact]
    public void Round_trip_keeps_values_shapes_dtypes_and_metadata()
    {
        var strided = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3).t(); // non-contiguous view
        var src = new Dictionary<string, Tensor>
        {
            ["w"] = torch.tensor(new float[] { 1.5f, -0f, float.NaN, float.PositiveInfinity, 1e-40f, -3.25f }, 3, 2),
            ["t"] = strided,
            ["idx"] = torch.tensor(new long[] { long.MinValue, -1, 0, long.MaxValue }),
            ["mask"] = torch.tensor(new[] { true, false, true }),
            ["scalar"] = torch.tensor(7.5f),
            ["none"] = torch.zeros(0, 4),
        };
        var path = Path.Combine(_dir, "rt.safetensors");
        Safetensors.Save(src, path, new Dictionary<string, string> { ["epoch"] = "3", ["note"] = "héllo" });
        var back = Safetensors.Read(path);
        Assert.Equal(src.Keys.Order(), back.tensors.Keys.Order());
        foreach (var (k, t) in src)
        {
            var r = back.tensors[k];
            Assert.Equal(t.dtype, r.dtype);
            Assert.Equal(t.shape, r.shape);
            Assert.Equal(t.ToArray<double>(), r.ToArray<double>()); // bit patterns of float32 values compare exactly via double
        }
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(back.tensors["w"].ToArray<float>()[1]));
        Assert.Equal("3", back.metadata["epoch"]);
        Assert.Equal("héllo", back.metadata["note"]);

        // Header layout: 8-byte length, JSON starting with '{', data 8-byte aligned.
        var bytes = File.ReadAllBytes(path);
        long n = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, n % 8);
        Assert.Equal((byte)'{', bytes[8]);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)n));
        foreach (var e in header.RootElement.EnumerateObject())
        {
            if (e.Name == "__metadata__") continue;
            long begin = e.Value.GetProperty("data_offsets")[0].GetInt64();
            int size = e.Value.GetProperty("dtype").GetString() switch { "F32" => 4, "I64" => 8, _ => 1 };
            Assert.True(begin % size == 0, $"{e.Name} starts at byte {begin}, not aligned to {size}");
        }
    }

    [Fact]
    public void File_written_from_pytorch_tensors_reads_back_identical()
    {
        var dir = FixtureDir();
        var file = Safetensors.Read(Path.Combine(dir, "torch_written.safetensors"));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "expected.json")));
        var expected = doc.RootElement.GetProperty("tensors");
        Assert.Equal(expected.EnumerateObject().Count(), file.tensors.Count);
        foreach (var e in expected.EnumerateObject())
        {
            var t = file.tensors[e.Name];
            Assert.Equal(e.Value.GetProperty("dtype").GetString(), t.dtype.ToString());
            Assert.Equal(e.Value.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray(), t.shape);
            var vals = e.Value.GetProperty("values");
            switch (t.dtype)
            {
                case DType.float32: Assert.Equal(vals.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(), t.ToArray<float>()); break;
                case DType.int64: Assert.Equal(vals.EnumerateArray().Select(v => v.GetInt64()).ToArray(), t.ToArray<long>()); break;
                default: Assert.Equal(vals.EnumerateArray().Select(v => v.GetBoolean()).ToArray(), t.ToArray<bool>()); break;
            }
        }
        Assert.Equal("pt", file.metadata["format"]);
        Assert.Equal(new long[] { -5, 0, 7, 1L << 40 }, file.tensors["labels"].ToArray<long>());
    }

    [Fact]
    public void Our_file_re_read_equals_the_pytorch_one()
    {
        var original = Safetensors.Load(Path.Combine(FixtureDir(), "torch_written.safetensors"));
        var path = Path.Combine(_dir, "copy.safetensors");
        Safetensors.Save(original, path);
        var again = Safetensors.Load(path);
        foreach (var (k, t) in original) Assert.Equal(t.ToArray<double>(), again[k].ToArray<double>());
    }

    [Fact]
    public void Failed_write_leaves_the_old_file_intact_and_no_temp_file()
    {
        var path = Path.Combine(_dir, "ckpt.safetensors");
        Safetensors.Save(new Dictionary<string, Tensor> { ["a"] = torch.ones(3) }, path);
        var before = File.ReadAllBytes(path);
        try
        {
            Safetensors.BeforeRenameForTests = tmp => { Assert.True(File.Exists(tmp)); throw new IOException("disk full (simulated)"); };
            Assert.Throws<IOException>(() => Safetensors.Save(new Dictionary<string, Tensor> { ["a"] = torch.zeros(5) }, path));
        }
        finally { Safetensors.BeforeRenameForTests = null; }
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir));

        // A source that fails while being read also leaves the file alone.
        static IEnumerable<KeyValuePair<string, Tensor>> Broken()
        {
            yield return new("a", torch.zeros(2));
            throw new InvalidOperationException("model went away");
        }
        Assert.Throws<InvalidOperationException>(() => Safetensors.Save(Broken(), path));
        Assert.Equal(before, File.ReadAllBytes(path));

        // Replacing works when nothing fails.
        Safetensors.Save(new Dictionary<string, Tensor> { ["b"] = torch.zeros(2) }, path);
        Assert.Equal(["b"], Safetensors.Load(path).Keys);
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Save_rejects_the_reserved_metadata_key()
    {
        var e = Assert.Throws<ArgumentException>(() => Safetensors.Save(new Dictionary<string, Tensor> { ["__metadata__"] = torch.zeros(1) }, Path.Combine(_dir, "x.safetensors")));
        Assert.Contains("reserved", e.Message);
    }
}
