using NotebookCourse.Tensors;

namespace NotebookCourse.Models;

/// <summary>
/// The simplest tokenizer: one token per character (Unicode code unit), ids in sorted character order, built from a
/// training text. Enough for a character-level GPT; word-piece/BPE tokenizers come with the text notebooks.
/// Example: <c>var tok = new CharTokenizer(text); var ids = tok.encode("hola"); tok.decode(ids) == "hola"</c>
/// </summary>
public sealed class CharTokenizer
{
    private readonly char[] _chars;
    private readonly Dictionary<char, int> _ids = new();

    /// <summary>Builds the vocabulary from every distinct character of <paramref name="text"/>.</summary>
    public CharTokenizer(string text)
    {
        if (string.IsNullOrEmpty(text)) throw new ArgumentException("CharTokenizer: the text must not be empty");
        var set = new SortedSet<char>(text);
        _chars = set.ToArray();
        for (int i = 0; i < _chars.Length; i++) _ids[_chars[i]] = i;
    }

    /// <summary>Number of distinct characters.</summary>
    public int vocab_size => _chars.Length;

    /// <summary>The vocabulary: character of each id.</summary>
    public IReadOnlyList<char> chars => _chars;

    /// <summary>Ids of <paramref name="text"/> as a 1-D int64 tensor.</summary>
    public Tensor encode(string text)
    {
        var ids = new long[text.Length];
        for (int i = 0; i < text.Length; i++)
            ids[i] = _ids.TryGetValue(text[i], out int id) ? id
                : throw new ArgumentException($"CharTokenizer.encode: character '{text[i]}' (U+{(int)text[i]:X4}) at index {i} is not in the vocabulary of {vocab_size} characters; build the tokenizer from a text that contains it");
        return torch.tensor(ids, ids.Length);
    }

    /// <summary>Text of a 1-D (or (1, T)) int64 id tensor.</summary>
    public string decode(Tensor ids)
    {
        if (ids.dtype != DType.int64 || ids.numel() != (ids.dim() == 0 ? 1 : ids.size(-1)))
            throw new ArgumentException($"CharTokenizer.decode: expects one sequence of int64 ids, (T) or (1, T), got {ids.dtype} {ShapeUtil.Format(ids._shape)}");
        var flat = ids.reshape(-1);
        var sb = new System.Text.StringBuilder(flat.size(0));
        for (int i = 0; i < flat.size(0); i++)
        {
            long id = flat[i].item<long>();
            if (id < 0 || id >= vocab_size) throw new ArgumentException($"CharTokenizer.decode: id {id} at index {i} is outside 0…{vocab_size - 1}");
            sb.Append(_chars[id]);
        }
        return sb.ToString();
    }
}
