using System.Security.Cryptography;
using System.Text;

namespace NotebookCourse.Kernel.Grading;

/// <summary>
/// The fingerprint of a check cell's source. Line endings and trailing whitespace are normalised first, so an
/// editor that rewrites them does not count as tampering, while any change to the code does.
/// </summary>
public static class Checksum
{
    /// <summary>"sha256:" followed by the lower-case hex digest of the normalised source.</summary>
    public static string Of(string source)
    {
        var lines = source.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').Select(l => l.TrimEnd());
        string normalised = string.Join('\n', lines).TrimEnd('\n');
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }
}
