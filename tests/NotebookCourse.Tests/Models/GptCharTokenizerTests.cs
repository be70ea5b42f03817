using NotebookCourse.Models;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Models;

public class GptCharTokenizerTests
{
    [Fact]
    public void IdsFollowSortedCharactersAndRoundTrip()
    {
        var tok = new CharTokenizer("¡hola, niño!");
        Assert.Equal(" !,ahilno¡ñ", new string(tok.chars.ToArray())); // ordinal: ¡ (U+00A1) before ñ (U+00F1)
        Assert.Equal(11, tok.vocab_size);
        var ids = tok.encode("niño");
        Assert.Equal(new long[] { 7, 5, 10, 8 }, ids.ToArray<long>());
        Assert.Equal("niño", tok.decode(ids));
        Assert.Equal("niño", tok.decode(ids.unsqueeze(0)));
    }

    [Fact]
    public void UnknownCharactersAndIdsAreNamed()
    {
        var tok = new CharTokenizer("abc");
        Assert.Contains("'z'", Assert.Throws<ArgumentException>(() => tok.encode("abz")).Message);
        Assert.Contains("id 7", Assert.Throws<ArgumentException>(() => tok.decode(tensor(new long[] { 0, 7 }, 2))).Message);
        Assert.Throws<ArgumentException>(() => new CharTokenizer(""));
    }
}
