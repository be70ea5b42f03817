namespace NotebookCourse.Models;

/// <summary>
/// Sizes of a <see cref="Gpt"/>: vocabulary, context window, width, heads, blocks, dropout and whether the output
/// head shares the token-embedding matrix. The defaults are the course's small character model (about 0.8 M
/// parameters for a 100-symbol vocabulary).
/// Example: <c>var cfg = new GptConfig(vocabSize: tok.vocab_size, contextLength: 64, dModel: 128, nHeads: 4, nLayers: 4);</c>
/// </summary>
public sealed record GptConfig(int vocabSize, int contextLength = 64, int dModel = 128, int nHeads = 4, int nLayers = 4,
    float dropout = 0f, bool tieWeights = false)
{
    /// <summary>Width of one attention head, dModel / nHeads.</summary>
    public int headDim => dModel / nHeads;

    /// <summary>Throws an ArgumentException naming the first inconsistent size.</summary>
    public void Validate()
    {
        if (vocabSize <= 0) throw new ArgumentException($"GptConfig: vocabSize must be positive, got {vocabSize}");
        if (contextLength <= 0) throw new ArgumentException($"GptConfig: contextLength must be positive, got {contextLength}");
        if (nLayers <= 0) throw new ArgumentException($"GptConfig: nLayers must be positive, got {nLayers}");
        if (dModel <= 0 || nHeads <= 0 || dModel % nHeads != 0)
            throw new ArgumentException($"GptConfig: nHeads = {nHeads} must be positive and divide dModel = {dModel} (each head gets dModel / nHeads features)");
        if (dropout < 0f || dropout >= 1f) throw new ArgumentException($"GptConfig: dropout must be in [0, 1), got {dropout}");
    }
}
