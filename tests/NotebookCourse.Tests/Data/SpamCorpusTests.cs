using NotebookCourse.Data;
using NotebookCourse.Data.Hub;

namespace NotebookCourse.Tests.Data;

public sealed class SpamCorpusTests
{
    [Fact]
    public void Corpus_loads_balanced_spanish_messages()
    {
        var dir = Directory.CreateTempSubdirectory("nc-spam-").FullName;
        try
        {
            var msgs = SpamCorpus.Load(new DataHub(cacheDir: dir));
            Assert.Equal(80, msgs.Count);
            Assert.Equal(40, msgs.Count(m => m.IsSpam));
            Assert.Contains(msgs, m => m.Text.Contains('ñ') || m.Text.Contains('á'));
            var (train, test) = SpamCorpus.Split(msgs, 0.25, seed: 3);
            Assert.Equal(60, train.Count);
            Assert.Equal(20, test.Count);
            Assert.Empty(train.Intersect(test));
            Assert.Equal(test, SpamCorpus.Split(msgs, 0.25, seed: 3).Test);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Bad_line_is_named()
    {
        var e = Assert.Throws<InvalidDataException>(() => SpamCorpus.Parse(["{\"label\":\"ham\",\"text\":\"hola\"}", "{\"label\":\"eggs\",\"text\":\"x\"}"], "c.jsonl"));
        Assert.Contains("c.jsonl line 2", e.Message);
    }
}
