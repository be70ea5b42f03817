using NotebookCourse.Runtime;

namespace NotebookCourse.Data.Hub;

/// <summary>
/// A cross-process lock on one cache file (an exclusively opened <c>.lock</c> file next to it), so parallel
/// notebooks never write the same <c>.partial</c> download at once.
/// </summary>
internal sealed class CacheLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _path;

    private CacheLock(FileStream stream, string path) { _stream = stream; _path = path; }

    public static CacheLock Acquire(string cachedFile, TimeSpan? timeout = null)
    {
        string path = cachedFile + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(15));
        while (true)
        {
            try
            {
                return new CacheLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose), path);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                NotebookHost.ThrowIfCancelled();
                Thread.Sleep(200);
            }
            catch (IOException e)
            {
                throw new DataHubException($"data cache: {path} is still locked by another download after waiting; if no other notebook or setup is running, delete the lock file", e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();

    public override string ToString() => _path;
}
