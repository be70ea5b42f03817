using System.Net;
using System.Net.Http.Headers;
using NotebookCourse.Runtime;

namespace NotebookCourse.Data.Hub;

/// <summary>
/// Downloads one manifest file over HTTP into a <c>.partial</c> file next to the target, resuming with a Range
/// request after a dropped connection, then verifies size and SHA-256 and renames atomically. A failed or corrupt
/// download never leaves a file under the final name.
/// </summary>
internal sealed class Downloader(HttpClient http, int maxAttempts = 4)
{
    public void Download(string dataset, DataFileEntry entry, string url, string finalPath, Action<DataProgress>? progress)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(finalPath))!);
        string partial = finalPath + ".partial";
        long expected = entry.MaxSize; // replaced by the server's total once it tells us
        bool fresh = false;            // true once this call has written bytes (a corrupt result is then the source's fault)
        string? lastFailure = null;
        for (int attempt = 0; attempt < maxAttempts; attempt++)
        {
            NotebookHost.ThrowIfCancelled();
            long have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
            if (have > entry.MaxSize) { File.Delete(partial); have = 0; }
            bool looksComplete = fresh ? have == expected : have > 0 && entry.Variants.Any(v => v.Size == have);
            if (!looksComplete)
            {
                var (failure, total) = Fetch(dataset, entry, url, partial, have, progress);
                lastFailure = failure;
                fresh = true;
                if (total is long t) expected = t;
                have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
                if (have < expected) continue; // dropped connection: resume from what we have
            }
            progress?.Invoke(new DataProgress(dataset, entry.Name, "verify", have, expected));
            var problem = FileChecks.Problem(partial, entry);
            if (problem is not null)
            {
                File.Delete(partial);
                if (!fresh) continue; // a stale partial from an earlier run: start over
                throw new DataHubException(
                    $"{dataset}: {problem} downloaded from {url}; the corrupt download was deleted. " +
                    "Run setup again; if it keeps failing, the source changed or a proxy alters the file.");
            }
            File.Move(partial, finalPath, overwrite: true);
            progress?.Invoke(new DataProgress(dataset, entry.Name, "done", have, have));
            return;
        }
        long got = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        throw new DataHubException(
            $"{dataset}: download of {entry.Name} from {url} is truncated ({got} of {expected} bytes after {maxAttempts} attempts" +
            (lastFailure is null ? "" : $"; last error: {lastFailure}") +
            $"). The partial file {partial} is kept; run setup again to resume.");
    }

    /// <summary>
    /// One HTTP request appending to <paramref name="partial"/>; returns the error text when the transfer broke and
    /// the file's total size when the server said it.
    /// </summary>
    private (string? Failure, long? Total) Fetch(string dataset, DataFileEntry entry, string url, string partial, long have, Action<DataProgress>? progress)
    {
        var ct = NotebookHost.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
        HttpResponseMessage response;
        try { response = http.Send(request, HttpCompletionOption.ResponseHeadersRead, ct); }
        catch (HttpRequestException e) { throw new DataHubException($"{dataset}: cannot reach {url} ({e.Message}); check the network or install the data locally", e); }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                File.Delete(partial); // our partial does not match the server's file any more: start over
                return ("server refused to resume (416)", null);
            }
            if (!response.IsSuccessStatusCode)
                throw new DataHubException($"{dataset}: {url} answered {(int)response.StatusCode} {response.ReasonPhrase}; the source may have moved (update data/manifest.json) or be down");
            var range = response.Content.Headers.ContentRange;
            bool resumed = response.StatusCode == HttpStatusCode.PartialContent && range?.From == have;
            long? total = resumed ? range!.Length : response.Content.Headers.ContentLength;
            long done = resumed ? have : 0;
            long shown = total ?? entry.MaxSize;
            using var body = response.Content.ReadAsStream(ct);
            using var file = new FileStream(partial, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            var buffer = new byte[1 << 16];
            try
            {
                int n;
                while ((n = body.Read(buffer, 0, buffer.Length)) > 0)
                {
                    file.Write(buffer, 0, n);
                    done += n;
                    progress?.Invoke(new DataProgress(dataset, entry.Name, "download", done, shown));
                    ct.ThrowIfCancellationRequested();
                    if (done > entry.MaxSize) break; // more than any accepted version: verification will reject it
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                return (e.Message, total);
            }
            return (null, total);
        }
    }
}
