using System.Diagnostics;
using System.Text;
using NotebookCourse.Models;
using NotebookCourse.Tensors;
using static NotebookCourse.torch;

namespace NotebookCourse.Benchmarks;

/// <summary>
/// The character-level GPT workloads (4 blocks, 4 heads, d_model 128, context 64): training tokens/s (batch 32,
/// Adam 1e-3, random windows) and sampling tokens/s of 200 new tokens with and without the KV cache. The text and
/// every policy match torch_ref.py's gpt section, so both sides do the same work.
/// </summary>
static class GptBench
{
    public const int Batch = 32, Context = 64, DModel = 128, Heads = 4, Layers = 4, NewTokens = 200;

    /// <summary>Spanish fortunes from Debian's fortunes-es; torch_ref.py reads the same files the same way.</summary>
    const string FortunesDir = "/usr/share/games/fortunes/es";

    static string? _text;

    /// <summary>
    /// The regular (non-link) files of <see cref="FortunesDir"/> except the .dat indexes, in ordinal name order,
    /// concatenated and decoded as UTF-8; a deterministic synthetic Spanish-like text when the package is absent.
    /// </summary>
    public static string Text()
    {
        if (_text != null) return _text;
        if (Directory.Exists(FortunesDir))
        {
            var files = Directory.GetFiles(FortunesDir)
                .Where(f => !f.EndsWith(".dat", StringComparison.Ordinal) && File.ResolveLinkTarget(f, false) == null)
                .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToArray();
            if (files.Length > 0)
            {
                var bytes = files.SelectMany(File.ReadAllBytes).ToArray();
                return _text = Encoding.UTF8.GetString(bytes);
            }
        }
        return _text = SyntheticText();
    }

    /// <summary>Words drawn by a 31-bit LCG (same constants in torch_ref.py), so both sides get one and the same text.</summary>
    static string SyntheticText()
    {
        string[] words = ["el", "la", "de", "que", "y", "en", "un", "una", "no", "se", "por", "con", "para", "como", "más",
            "pero", "sus", "le", "ya", "todo", "esta", "vida", "tiempo", "hombre", "mujer", "día", "amor", "mundo", "verdad",
            "nada", "siempre", "nunca", "corazón", "sabio", "camino", "agua", "fuego", "noche", "sueño", "niño"];
        var sb = new StringBuilder();
        ulong x = 12345;
        for (int i = 0; i < 150_000; i++)
        {
            x = (x * 1103515245 + 12345) % 2147483648;
            sb.Append(words[(int)(x >> 8) % words.Length]);
            sb.Append((x & 0xF) == 0 ? ".\n" : (x & 0xF) == 1 ? ", " : " ");
        }
        return sb.ToString();
    }

    /// <summary>Token ids of the text and the vocabulary size.</summary>
    static (long[] data, CharTokenizer tok) Data()
    {
        var text = Text();
        var tok = new CharTokenizer(text);
        return (tok.encode(text).ToArray<long>(), tok);
    }

    static Gpt NewModel(int vocab)
    {
        manual_seed(0);
        return new Gpt(new GptConfig(vocab, Context, DModel, Heads, Layers));
    }

    /// <summary>Random windows (B, T) and their one-step-shifted targets.</summary>
    static (Tensor x, Tensor y) Batch_(long[] data, Generator g)
    {
        var ix = randint(0, data.Length - Context - 1, new[] { Batch }, g).ToArray<long>();
        var x = new long[Batch * Context]; var y = new long[Batch * Context];
        for (int b = 0; b < Batch; b++)
        {
            Array.Copy(data, ix[b], x, b * Context, Context);
            Array.Copy(data, ix[b] + 1, y, b * Context, Context);
        }
        return (tensor(x, Batch, Context), tensor(y, Batch, Context));
    }

    /// <summary>Training tokens per second: median Adam step after warm-up (2 s and at least 5 steps).</summary>
    public static double Train(bool quick)
    {
        var (data, tok) = Data();
        var model = NewModel(tok.vocab_size);
        var opt = optim.Adam(model.parameters(), lr: 1e-3);
        var g = new Generator(0);
        float Step()
        {
            var (x, y) = Batch_(data, g);
            var loss = model.loss(x, y);
            opt.zero_grad();
            loss.backward();
            opt.step();
            return loss.item<float>();
        }
        var warm = Stopwatch.StartNew();
        float first = Step();
        for (int k = 1; k < 5 || warm.Elapsed.TotalSeconds < EpochBench.WarmUpSeconds; k++) Step();
        int n = quick ? 3 : 15;
        var times = new double[n];
        long alloc0 = GC.GetTotalAllocatedBytes();
        var pause0 = GC.GetTotalPauseDuration();
        int[] gcs0 = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        float last = 0;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < n; i++)
        {
            double t0 = sw.Elapsed.TotalSeconds;
            last = Step();
            times[i] = sw.Elapsed.TotalSeconds - t0;
        }
        double total = sw.Elapsed.TotalSeconds;
        Array.Sort(times);
        Console.Error.WriteLine($"  [gpt-train] vocab {tok.vocab_size}, {model.num_parameters()} params, {n} timed steps, loss {first:F3} -> {last:F3}; " +
                                $"GC pause {100 * (GC.GetTotalPauseDuration() - pause0).TotalSeconds / total:F1} % ({GC.CollectionCount(0) - gcs0[0]} GCs, " +
                                $"{GC.CollectionCount(1) - gcs0[1]} of gen1, {GC.CollectionCount(2) - gcs0[2]} of gen2), {(GC.GetTotalAllocatedBytes() - alloc0) / (1024.0 * 1024 * n):F1} MiB allocated per step");
        return Batch * Context / times[n / 2];
    }

    /// <summary>
    /// Sampling tokens per second: 200 new tokens after the prompt "\n", batch 1, temperature 1, seed 0; the
    /// cached path re-reads the last 32 tokens when the 64-slot cache is full (as torch_ref.py).
    /// </summary>
    public static double Sample(bool kvCache, bool quick)
    {
        var (_, tok) = Data();
        var model = NewModel(tok.vocab_size);
        model.eval();
        var prompt = tok.encode("\n").view(1, 1);
        var warm = Stopwatch.StartNew();
        int runs = 0;
        // Warm-up long enough for tiered JIT on the per-token path.
        while (runs < 2 || warm.Elapsed.TotalSeconds < 1.0) { model.generate(prompt, 20 + 180 * (runs & 1), useKvCache: kvCache, generator: new Generator(0)); runs++; }
        int reps = quick ? 1 : 3;
        var times = new double[reps];
        Tensor outIds = prompt;
        for (int r = 0; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            outIds = model.generate(prompt, NewTokens, useKvCache: kvCache, generator: new Generator(0));
            times[r] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        string head = tok.decode(outIds.narrow(1, 1, 40)).Replace("\n", "⏎");
        Console.Error.WriteLine($"  [gpt-sample-{(kvCache ? "kv" : "nocache")}] {reps} run(s) of {NewTokens} tokens, untrained model: \"{head}…\"");
        return NewTokens / times[reps / 2];
    }
}
