using System.Text;
using NotebookCourse.Serialization;

namespace NotebookCourse.Tests.Serialization;

/// <summary>Every kind of damaged file gives a SafetensorsException that names the file, the key and the problem.</summary>
public sealed class SafetensorsCorruptFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("st-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes a file by hand: the header length (or <paramref name="lengthOverride"/>), the JSON, then <paramref name="dataBytes"/> bytes.</summary>
    private string Write(string json, int dataBytes, long? lengthOverride = null)
    {
        var h = Encoding.UTF8.GetBytes(json);
        var path = Path.Combine(_dir, $"f{Guid.NewGuid():N}.safetensors");
        using var fs = File.Create(path);
        fs.Write(BitConverter.GetBytes(lengthOverride ?? h.Length));
        fs.Write(h);
        fs.Write(new byte[dataBytes]);
        return path;
    }

    private static SafetensorsException Fails(string path, string? key, string fragment)
    {
        var e = Assert.Throws<SafetensorsException>(() => Safetensors.Load(path));
        Assert.Equal(path, e.FilePath);
        Assert.Equal(key, e.Key);
        Assert.Contains(path, e.Message);
        if (key != null) Assert.Contains($"'{key}'", e.Message);
        Assert.Contains(fragment, e.Message);
        return e;
    }

    [Fact]
    public void Truncated_files()
    {
        var tiny = Path.Combine(_dir, "tiny.safetensors");
        File.WriteAllBytes(tiny, [1, 2, 3]);
        Fails(tiny, null, "fewer than the 8-byte header length");
        Fails(Write("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 10), "w", "outside the data section of 10 bytes");
    }

    [Fact]
    public void Header_length_beyond_the_file() =>
        Fails(Write("{}", 0, lengthOverride: 5000), null, "header length 5000 does not fit");

    [Fact]
    public void Bad_json_and_bad_entries()
    {
        Fails(Write("{\"w\": [1, 2", 0), null, "not valid JSON");
        Fails(Write("[1, 2]", 0), null, "must be a JSON object");
        Fails(Write("""{"w":{"shape":[1],"data_offsets":[0,4]}}""", 4), "w", "no string 'dtype'");
        Fails(Write("""{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4), "w", "non-negative integers");
        Fails(Write("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}}""", 4), "w", "data_offsets");
        Fails(Write("""{"__metadata__":{"epoch":3}}""", 0), "__metadata__", "must be a string");
        Fails(Write("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8), "w", "appears twice");
    }

    [Fact]
    public void Offsets_out_of_range_or_overlapping()
    {
        Fails(Write("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", 8), "w", "outside the data section");
        Fails(Write("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12), "b", "overlap those of 'a'");
        Fails(Write("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 12), null, "trailing garbage");
    }

    [Fact]
    public void Unknown_dtype_and_size_mismatch()
    {
        Fails(Write("""{"w":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}""", 8), "w", "unknown or unsupported dtype 'C64'");
        Fails(Write("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8), "w", "needs 12 bytes but data_offsets [0, 8] span 8");
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var path = Path.Combine(_dir, "nope.safetensors");
        var e = Assert.Throws<FileNotFoundException>(() => Safetensors.Load(path));
        Assert.Contains(path, e.Message);
    }
}
