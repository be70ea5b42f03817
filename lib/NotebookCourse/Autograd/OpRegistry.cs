using System.Reflection;

namespace NotebookCourse.Autograd;

/// <summary>
/// Every differentiable op name the engine knows: all <see cref="DifferentiableOpAttribute"/> names in this assembly,
/// plus names added with <see cref="Register"/> (ops defined outside the library). <see cref="Function.Record"/>
/// refuses unregistered names so that no op escapes the gradient-check test.
/// </summary>
public static class OpRegistry
{
    private static readonly object _lock = new();
    // Copy-on-write snapshot: Function.Record reads it on every recorded op without taking a lock.
    private static volatile HashSet<string>? _names;

    /// <summary>All registered op names, sorted.</summary>
    public static IReadOnlyList<string> Names
    {
        get { var l = Ensure().ToList(); l.Sort(StringComparer.Ordinal); return l; }
    }

    /// <summary>Whether <paramref name="name"/> is registered.</summary>
    public static bool Contains(string name) => Ensure().Contains(name);

    /// <summary>Registers an op defined outside this assembly (ops inside use <see cref="DifferentiableOpAttribute"/>).</summary>
    public static void Register(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("OpRegistry.Register: op name must be non-empty");
        lock (_lock)
        {
            var current = Ensure();
            if (current.Contains(name)) return;
            _names = new HashSet<string>(current, StringComparer.Ordinal) { name };
        }
    }

    /// <summary>Collects <see cref="DifferentiableOpAttribute"/> names from an assembly (the library's own is scanned automatically).</summary>
    public static IReadOnlyList<string> Scan(Assembly assembly)
    {
        var found = new List<string>();
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        Type?[] types;
        try { types = assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { types = e.Types; } // scan what loaded; a missing optional dependency must not hide ops
        foreach (var type in types)
        {
            if (type == null) continue;
            foreach (var m in type.GetMembers(all))
                if (m is MethodBase)
                    foreach (var a in m.GetCustomAttributes<DifferentiableOpAttribute>()) found.Add(a.Name);
        }
        return found;
    }

    private static HashSet<string> Ensure()
    {
        var n = _names;
        if (n != null) return n;
        lock (_lock) return _names ??= new HashSet<string>(Scan(typeof(OpRegistry).Assembly), StringComparer.Ordinal);
    }
}
