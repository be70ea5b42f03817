using System.Text.Json;
using NotebookCourse.Data.Hub;

namespace NotebookCourse.Data;

/// <summary>One message of the Spanish spam corpus.</summary>
/// <param name="Text">The message.</param>
/// <param name="IsSpam">True for spam, false for ham (legitimate).</param>
public readonly record struct LabeledMessage(string Text, bool IsSpam);

/// <summary>
/// A small Spanish spam/ham corpus written for the course (80 short messages, half spam), shipped in
/// <c>data/spam_es.jsonl</c> and checked against the manifest. Used for Naive Bayes and text classification.
/// </summary>
/// <example><code>var msgs = SpamCorpus.Load(); var (train, test) = SpamCorpus.Split(msgs, testFraction: 0.25, seed: 0);</code></example>
public static class SpamCorpus
{
    /// <summary>Name in the data manifest.</summary>
    public const string DatasetName = "spam-es";

    /// <summary>Loads the corpus through the data hub (verified copy in the cache).</summary>
    public static IReadOnlyList<LabeledMessage> Load(DataHub? hub = null)
    {
        var path = (hub ?? DataHub.Default).GetFile(DatasetName, "spam_es.jsonl");
        return Parse(File.ReadAllLines(path), Path.GetFileName(path));
    }

    /// <summary>Parses JSON lines <c>{"label": "spam"|"ham", "text": "…"}</c>; errors name the line.</summary>
    public static IReadOnlyList<LabeledMessage> Parse(IEnumerable<string> lines, string source = "corpus")
    {
        var result = new List<LabeledMessage>();
        int n = 0;
        foreach (var line in lines)
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var label = doc.RootElement.GetProperty("label").GetString();
                var text = doc.RootElement.GetProperty("text").GetString() ?? "";
                bool spam = label switch
                {
                    "spam" => true,
                    "ham" => false,
                    _ => throw new InvalidDataException($"{source} line {n}: label must be \"spam\" or \"ham\", got \"{label}\""),
                };
                result.Add(new LabeledMessage(text, spam));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException)
            {
                throw new InvalidDataException($"{source} line {n}: expected {{\"label\": …, \"text\": …}} ({e.Message})", e);
            }
        }
        return result;
    }

    /// <summary>A seeded random split into training and test messages.</summary>
    public static (IReadOnlyList<LabeledMessage> Train, IReadOnlyList<LabeledMessage> Test) Split(
        IReadOnlyList<LabeledMessage> messages, double testFraction, ulong seed)
    {
        if (testFraction is < 0 or > 1) throw new ArgumentException($"SpamCorpus.Split: testFraction must be in [0, 1], got {testFraction}");
        var order = new Rng(seed).Permutation(messages.Count);
        int nTest = (int)Math.Round(messages.Count * testFraction);
        return (order.Skip(nTest).Select(i => messages[i]).ToList(), order.Take(nTest).Select(i => messages[i]).ToList());
    }
}
