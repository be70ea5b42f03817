using NotebookCourse.Runtime;

namespace NotebookCourse.Data.Hub;

/// <summary>
/// Finds dataset files listed in the manifest, in this order: the course data cache
/// (<c>$NOTEBOOKCOURSE_DATA</c> or <c>~/.cache/notebookcourse</c>), a system copy (e.g. Debian's
/// <c>dataset-fashion-mnist</c> under /usr/share/datasets), then a download from the manifest's sources with resume.
/// Every file is checked against the manifest's size and SHA-256 before it is used.
/// </summary>
/// <example><code>string path = DataHub.Default.GetFile("fashion-mnist", "t10k-labels-idx1-ubyte.gz");</code></example>
public sealed class DataHub
{
    private readonly HttpClient _http;

    /// <summary>The manifest this hub resolves against.</summary>
    public DataManifest Manifest { get; }

    /// <summary>Root of the course data cache; files go to <c>CacheDir/dataset/file</c>.</summary>
    public string CacheDir { get; }

    /// <summary>When set, replaces the manifest's system folders (tests, unusual installs).</summary>
    public IReadOnlyList<string>? SystemPaths { get; init; }

    /// <summary>Whether the hub may download missing files (false: offline, fail with the remedy instead).</summary>
    public bool AllowDownload { get; init; } = true;

    /// <summary>Progress hook (downloads report bytes; a progress bar can subscribe).</summary>
    public Action<DataProgress>? Progress { get; set; }

    /// <summary>Creates a hub; defaults: the embedded manifest and <see cref="DefaultCacheDir"/>.</summary>
    public DataHub(DataManifest? manifest = null, string? cacheDir = null, HttpClient? http = null)
    {
        Manifest = manifest ?? DataManifest.Embedded;
        CacheDir = cacheDir ?? DefaultCacheDir;
        _http = http ?? SharedHttp.Value;
    }

    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient { Timeout = TimeSpan.FromMinutes(10) });

    /// <summary>A hub with all defaults.</summary>
    public static DataHub Default => new();

    /// <summary><c>$NOTEBOOKCOURSE_DATA</c> when set, else <c>~/.cache/notebookcourse</c>.</summary>
    public static string DefaultCacheDir
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("NOTEBOOKCOURSE_DATA");
            if (!string.IsNullOrWhiteSpace(env)) return env;
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".cache", "notebookcourse");
        }
    }

    /// <summary>Resolves every file of a dataset; returns file name → verified local path.</summary>
    public IReadOnlyDictionary<string, string> Fetch(string dataset)
    {
        var entry = Manifest[dataset];
        return entry.Files.ToDictionary(f => f.Name, f => GetFile(dataset, f.Name));
    }

    /// <summary>Returns the local path of a verified copy of one file (downloading it if needed and allowed).</summary>
    public string GetFile(string dataset, string fileName)
    {
        var ds = Manifest[dataset];
        var file = ds.File(fileName);
        string cached = Path.Combine(CacheDir, dataset, fileName);

        if (File.Exists(cached))
        {
            var problem = FileChecks.Problem(cached, file);
            if (problem is null) return cached;
            throw new DataHubException($"{dataset}: {problem} in the course cache; delete the file ({cached}) or run setup again");
        }

        if (file.Shipped) return ExtractShipped(dataset, file, cached);

        var notes = new List<string>();
        var systemDirs = SystemPaths ?? ds.SystemPaths;
        foreach (var dir in systemDirs)
        {
            string candidate = Path.Combine(dir, fileName);
            if (!File.Exists(candidate)) continue;
            var problem = FileChecks.Problem(candidate, file);
            if (problem is null) return candidate;
            notes.Add($"system copy rejected: {problem} at {candidate}");
        }

        if (!AllowDownload || file.Sources.Count == 0)
        {
            notes.Insert(0, $"{fileName} is missing (looked in {Path.Combine(CacheDir, dataset)}" +
                            (systemDirs.Count > 0 ? $" and {string.Join(", ", systemDirs)}" : "") + ")");
            throw new DataHubException($"{dataset}: {string.Join("; ", notes)}. {Remedy(ds)}");
        }

        var downloader = new Downloader(_http);
        using var fileLock = CacheLock.Acquire(cached);
        // Another process may have finished the same download while we waited for the lock.
        if (File.Exists(cached) && FileChecks.Problem(cached, file) is null) return cached;
        foreach (var url in file.Sources)
        {
            try
            {
                downloader.Download(dataset, file, url, cached, Progress);
                return cached;
            }
            catch (DataHubException e)
            {
                NotebookHost.ThrowIfCancelled();
                notes.Add(e.Message);
            }
        }
        throw new DataHubException(string.Join(Environment.NewLine, notes.Prepend($"{dataset}: could not obtain {fileName} from any source:")));
    }

    private static string Remedy(DatasetEntry ds) =>
        ds.Remedy.Length > 0 ? ds.Remedy : "Run `course setup` with network access to download it.";

    private string ExtractShipped(string dataset, DataFileEntry file, string cached)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
        // A unique temp name: parallel notebooks may extract the same file at the same time.
        string tmp = $"{cached}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        using (var src = EmbeddedData.Open(file.Name))
        using (var dst = File.Create(tmp))
            src.CopyTo(dst);
        var problem = FileChecks.Problem(tmp, file);
        if (problem is not null)
        {
            File.Delete(tmp);
            throw new DataHubException($"{dataset}: {problem} in the copy embedded in the library; data/manifest.json and data/{file.Name} disagree — update the manifest's sha256/size and rebuild");
        }
        File.Move(tmp, cached, overwrite: true);
        return cached;
    }
}
