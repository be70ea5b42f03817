using System.Security.Cryptography;
using NotebookCourse.Data.Hub;

namespace NotebookCourse.Tests.Data;

public sealed class DataHubTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nc-hub-").FullName;
    private static readonly byte[] Payload = MakePayload(200_000);

    private static byte[] MakePayload(int n)
    {
        var b = new byte[n];
        new Random(7).NextBytes(b);
        return b;
    }

    private static DataManifest ManifestFor(string url, byte[] content, string file = "blob.bin") => DataManifest.Parse($$"""
        { "datasets": [ { "name": "toy", "license": "CC0-1.0", "files": [
            { "name": "{{file}}", "sha256": "{{Convert.ToHexStringLower(SHA256.HashData(content))}}", "size": {{content.Length}}, "sources": ["{{url}}"] } ] } ] }
        """);

    private DataHub Hub(DataManifest m, bool allowDownload = true, IReadOnlyList<string>? system = null) =>
        new(m, Path.Combine(_dir, "cache")) { AllowDownload = allowDownload, SystemPaths = system ?? [] };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Downloads_verifies_and_renames_into_the_cache()
    {
        using var server = new TinyHttpServer((_, _) => new(200, Payload));
        var progress = new List<DataProgress>();
        var hub = Hub(ManifestFor(server.Url("blob.bin"), Payload));
        hub.Progress = progress.Add;
        var path = hub.GetFile("toy", "blob.bin");
        Assert.Equal(Path.Combine(_dir, "cache", "toy", "blob.bin"), path);
        Assert.Equal(Payload, File.ReadAllBytes(path));
        Assert.False(File.Exists(path + ".partial"));
        Assert.Equal("done", progress[^1].Stage);
        Assert.Contains(progress, p => p.Stage == "download" && p.BytesDone < Payload.Length);
        // Second call is served from the cache: no new request.
        hub.GetFile("toy", "blob.bin");
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Corrupt_download_gives_checksum_message_and_leaves_no_file()
    {
        var corrupt = (byte[])Payload.Clone();
        corrupt[1234] ^= 0xFF;
        using var server = new TinyHttpServer((_, _) => new(200, corrupt));
        var hub = Hub(ManifestFor(server.Url("blob.bin"), Payload));
        var e = Assert.Throws<DataHubException>(() => hub.GetFile("toy", "blob.bin"));
        Assert.Contains("toy: checksum mismatch for blob.bin", e.Message);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(corrupt)), e.Message);
        Assert.Contains("run setup again", e.Message, StringComparison.OrdinalIgnoreCase);
        var cacheDir = Path.Combine(_dir, "cache", "toy");
        Assert.Empty(Directory.Exists(cacheDir) ? Directory.GetFiles(cacheDir) : []);
    }

    [Fact]
    public void Dropped_connection_is_resumed_with_a_range_request()
    {
        using var server = new TinyHttpServer((_, start) => start is long s
            ? new(206, Payload[(int)s..], ContentRangeStart: s, TotalLength: Payload.Length)
            : new(200, Payload, CutAfter: 70_000));
        var hub = Hub(ManifestFor(server.Url("blob.bin"), Payload));
        var path = hub.GetFile("toy", "blob.bin");
        Assert.Equal(Payload, File.ReadAllBytes(path));
        Assert.Equal(2, server.Requests.Count);
        Assert.Null(server.Requests[0].RangeStart);
        Assert.Equal(70_000, server.Requests[1].RangeStart);
    }

    [Fact]
    public void Always_truncated_download_fails_clearly_and_keeps_the_partial_for_later()
    {
        using var server = new TinyHttpServer((_, start) => start is long s
            ? new(206, Payload[(int)s..], ContentRangeStart: s, TotalLength: Payload.Length, CutAfter: 0)
            : new(200, Payload, CutAfter: 50_000));
        var hub = Hub(ManifestFor(server.Url("blob.bin"), Payload));
        var e = Assert.Throws<DataHubException>(() => hub.GetFile("toy", "blob.bin"));
        Assert.Contains("truncated (50000 of 200000 bytes", e.Message);
        Assert.Contains("resume", e.Message);
        var final = Path.Combine(_dir, "cache", "toy", "blob.bin");
        Assert.False(File.Exists(final));
        Assert.Equal(50_000, new FileInfo(final + ".partial").Length);
    }

    [Fact]
    public void Server_ignoring_range_restarts_from_zero()
    {
        int calls = 0;
        using var server = new TinyHttpServer((_, _) => Interlocked.Increment(ref calls) == 1 ? new(200, Payload, CutAfter: 30_000) : new(200, Payload));
        var hub = Hub(ManifestFor(server.Url("blob.bin"), Payload));
        Assert.Equal(Payload, File.ReadAllBytes(hub.GetFile("toy", "blob.bin")));
    }

    [Fact]
    public void Http_error_and_offline_mode_name_the_file_and_the_remedy()
    {
        using var server = new TinyHttpServer((_, _) => new(404, []));
        var m = ManifestFor(server.Url("blob.bin"), Payload);
        var e = Assert.Throws<DataHubException>(() => Hub(m).GetFile("toy", "blob.bin"));
        Assert.Contains("404", e.Message);
        var off = Assert.Throws<DataHubException>(() => Hub(m, allowDownload: false).GetFile("toy", "blob.bin"));
        Assert.Contains("toy: blob.bin is missing", off.Message);
    }

    [Fact]
    public void Corrupt_cached_file_is_reported_with_its_path_not_silently_used()
    {
        var m = ManifestFor("http://127.0.0.1:9/never", Payload);
        var cached = Path.Combine(_dir, "cache", "toy", "blob.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
        File.WriteAllBytes(cached, Payload[..1000]);
        var e = Assert.Throws<DataHubException>(() => Hub(m).GetFile("toy", "blob.bin"));
        Assert.Contains("blob.bin is truncated (1000 of 200000 bytes)", e.Message);
        Assert.Contains(cached, e.Message);
    }

    [Fact]
    public void System_copy_is_used_when_valid_and_skipped_when_corrupt()
    {
        var sysGood = Directory.CreateDirectory(Path.Combine(_dir, "sys1")).FullName;
        var sysBad = Directory.CreateDirectory(Path.Combine(_dir, "sys2")).FullName;
        File.WriteAllBytes(Path.Combine(sysGood, "blob.bin"), Payload);
        var bad = (byte[])Payload.Clone();
        bad[0] ^= 1;
        File.WriteAllBytes(Path.Combine(sysBad, "blob.bin"), bad);
        var m = ManifestFor("http://127.0.0.1:9/never", Payload);
        Assert.Equal(Path.Combine(sysGood, "blob.bin"), Hub(m, system: [sysBad, sysGood]).GetFile("toy", "blob.bin"));
        var e = Assert.Throws<DataHubException>(() => Hub(m, allowDownload: false, system: [sysBad]).GetFile("toy", "blob.bin"));
        Assert.Contains("system copy rejected: checksum mismatch for blob.bin", e.Message);
    }

    [Fact]
    public void Unknown_dataset_and_file_list_the_known_names()
    {
        var m = ManifestFor("http://x/", Payload);
        Assert.Contains("known datasets: toy", Assert.Throws<ArgumentException>(() => Hub(m).GetFile("nope", "blob.bin")).Message);
        Assert.Contains("known files: blob.bin", Assert.Throws<ArgumentException>(() => Hub(m).GetFile("toy", "x")).Message);
    }

    [Fact]
    public void Embedded_manifest_lists_fashion_mnist_and_the_shipped_corpus_matches_it()
    {
        var fm = DataManifest.Embedded["fashion-mnist"];
        Assert.Equal(4, fm.Files.Count);
        Assert.All(fm.Files, f => Assert.NotEmpty(f.Sources));
        var path = Hub(DataManifest.Embedded).GetFile("spam-es", "spam_es.jsonl");
        Assert.Null(FileChecks.Problem(path, DataManifest.Embedded["spam-es"].File("spam_es.jsonl")));
        // The repository copy must be the one the manifest describes (catches an edit without a manifest update).
        var repoCopy = Path.Combine(RepoRoot(), "data", "spam_es.jsonl");
        Assert.Equal(File.ReadAllBytes(repoCopy), File.ReadAllBytes(path));
    }

    [Fact]
    public void Missing_fashion_mnist_offline_names_the_debian_package()
    {
        var hub = new DataHub(cacheDir: Path.Combine(_dir, "empty")) { AllowDownload = false, SystemPaths = [] };
        var e = Assert.Throws<DataHubException>(() => NotebookCourse.Data.FashionMnist.Load(train: false, hub));
        Assert.StartsWith("fashion-mnist: t10k-images-idx3-ubyte.gz is missing", e.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "data", "manifest.json"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("tests: cannot find the repository root (data/manifest.json) above " + AppContext.BaseDirectory);
    }
}

public sealed class DataHubConcurrencyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nc-hubc-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Parallel_requests_for_one_file_download_it_once()
    {
        var payload = new byte[300_000];
        new Random(3).NextBytes(payload);
        using var server = new TinyHttpServer((_, _) => { Thread.Sleep(100); return new(200, payload); });
        var m = DataManifest.Parse($$"""
            { "datasets": [ { "name": "toy", "files": [ { "name": "f.bin", "size": {{payload.Length}},
              "sha256": "{{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(payload))}}", "sources": ["{{server.Url("f.bin")}}"] } ] } ] }
            """);
        var paths = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4)
            .Select(_ => new DataHub(m, Path.Combine(_dir, "cache")) { SystemPaths = [] }.GetFile("toy", "f.bin")).ToList();
        Assert.Single(paths.Distinct());
        Assert.Equal(payload, File.ReadAllBytes(paths[0]));
        Assert.Single(server.Requests);
        Assert.Equal(["f.bin"], Directory.GetFiles(Path.Combine(_dir, "cache", "toy")).Select(Path.GetFileName));
    }
}
