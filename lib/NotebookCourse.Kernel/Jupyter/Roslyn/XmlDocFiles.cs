using System.Collections.Concurrent;
using System.Xml.Linq;

namespace NotebookCourse.Kernel.Jupyter.Roslyn;

/// <summary>
/// Finds XML documentation for compiled assemblies: NAME.xml beside the dll, or for the shared framework the
/// reference pack (packs/Microsoft.NETCore.App.Ref/VERSION/ref/netX/NAME.xml) where the SDK keeps the docs.
/// </summary>
internal static class XmlDocFiles
{
    private static readonly ConcurrentDictionary<string, Dictionary<string, string>?> Cache = new();

    /// <summary>The &lt;member&gt; XML for documentation id <paramref name="id"/> of the assembly at <paramref name="dll"/>, or null.</summary>
    public static string? Lookup(string dll, string id)
    {
        var members = Cache.GetOrAdd(dll, Load);
        return members is not null && members.TryGetValue(id, out var xml) ? xml : null;
    }

    private static Dictionary<string, string>? Load(string dll)
    {
        var file = Candidates(dll).FirstOrDefault(File.Exists);
        if (file is null) return null;
        try
        {
            return XDocument.Load(file).Descendants("member")
                .Where(m => m.Attribute("name") is not null)
                .GroupBy(m => (string)m.Attribute("name")!)
                .ToDictionary(g => g.Key, g => g.First().ToString());
        }
        catch (Exception e) when (e is System.Xml.XmlException or IOException) { return null; }
    }

    private static IEnumerable<string> Candidates(string dll)
    {
        var name = Path.GetFileNameWithoutExtension(dll) + ".xml";
        yield return Path.ChangeExtension(dll, ".xml");
        // dll = DOTNET_ROOT/shared/Microsoft.NETCore.App/10.0.x/System.Runtime.dll → DOTNET_ROOT/packs/Microsoft.NETCore.App.Ref/10.0.x/ref/net10.0/
        var versionDir = Path.GetDirectoryName(dll);
        var root = versionDir is null ? null : Path.GetFullPath(Path.Combine(versionDir, "..", "..", ".."));
        if (root is null || Path.GetFileName(Path.GetDirectoryName(versionDir)) != "Microsoft.NETCore.App") yield break;
        var packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs)) yield break;
        // CoreLib's public types are documented in the reference assembly that exposes them.
        if (name == "System.Private.CoreLib.xml") name = "System.Runtime.xml";
        foreach (var version in Directory.EnumerateDirectories(packs).OrderByDescending(d => d, StringComparer.Ordinal))
            foreach (var tfm in Directory.EnumerateDirectories(Path.Combine(version, "ref")).OrderByDescending(d => d, StringComparer.Ordinal))
                yield return Path.Combine(tfm, name);
    }
}
