namespace NotebookCourse.Kernel.Jupyter;

/// <summary>Jupyter cursor positions count Unicode code points; .NET strings index UTF-16 units.</summary>
public static class CodePoints
{
    /// <summary>UTF-16 index of the <paramref name="codePoints"/>-th code point (clamped to the string).</summary>
    public static int ToUtf16(string s, int codePoints)
    {
        int i = 0;
        for (int n = 0; n < codePoints && i < s.Length; n++)
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
        return i;
    }

    /// <summary>Number of code points in the first <paramref name="utf16"/> units.</summary>
    public static int FromUtf16(string s, int utf16)
    {
        int n = 0;
        utf16 = Math.Clamp(utf16, 0, s.Length);
        for (int i = 0; i < utf16; n++)
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
        return n;
    }
}
