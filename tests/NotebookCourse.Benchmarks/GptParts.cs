using System.Diagnostics;
using NotebookCourse.Models;
using NotebookCourse.Tensors;
using F = NotebookCourse.torch.nn.functional;
using static NotebookCourse.torch;

namespace NotebookCourse.Benchmarks;

/// <summary>
/// Where a gpt-train step spends its time (diagnostics, `--only gpt-parts`): the step split into forward, loss,
/// backward and optimizer, the forward split by component, then forward+backward of each component alone and the
/// ops inside attention, on the workload's shapes (B 32, T 64, d_model 128, 4 heads).
/// </summary>
static class GptParts
{
    const int B = GptBench.Batch, T = GptBench.Context, D = GptBench.DModel, H = GptBench.Heads;

    public static void Print(bool quick)
    {
        foreach (int threads in new[] { 2, 1 })
        {
            Console.WriteLine($"-- {threads} thread(s)");
            EpochBench.WithThreads(threads, () => { Step(quick); Components(quick); return 0; });
        }
    }

    static void Step(bool quick)
    {
        manual_seed(0);
        const int vocab = 139;
        var model = new Gpt(new GptConfig(vocab, T, D, H, GptBench.Layers));
        var opt = optim.Adam(model.parameters(), lr: 1e-3);
        var g = new Generator(0);
        var x = randint(0, vocab, new[] { B, T }, g); var y = randint(0, vocab, new[] { B, T }, g);
        var pos = arange(0, T);
        string[] names = ["embed", "ln1", "attn", "ln2", "mlp", "ln_f+head", "loss", "backward", "adam"];
        var ms = new double[names.Length];
        var byOp = new Dictionary<string, double>();
        int steps = quick ? 5 : 20;
        var warm = Stopwatch.StartNew();
        for (int i = -5; i < steps; i++)
        {
            if (i == -1 && warm.Elapsed.TotalSeconds < EpochBench.WarmUpSeconds) i = -2;
            var sw = Stopwatch.StartNew();
            double last = 0;
            void Mark(int k) { double now = sw.Elapsed.TotalMilliseconds; if (i >= 0) ms[k] += now - last; last = now; }
            var h = model.wte.call(x) + model.wpe.call(pos); Mark(0);
            foreach (var m in model.blocks)
            {
                var blk = (GptBlock)m;
                var a = blk.ln1.call(h); Mark(1);
                h = h + blk.attn.call(a); Mark(2);
                var c = blk.ln2.call(h); Mark(3);
                h = h + blk.mlp.call(c); Mark(4);
            }
            var logits = model.lm_head.call(model.ln_f.call(h)); Mark(5);
            var loss = F.cross_entropy(logits.view(-1, vocab), y.view(-1)); Mark(6);
            opt.zero_grad();
            if (i >= 0) GptBackwardProfile.Run(loss, byOp); else loss.backward();
            Mark(7);
            opt.step(); Mark(8);
        }
        double total = ms.Sum();
        Console.WriteLine($"train step {total / steps:F1} ms ({B * T * steps / (total / 1000):F0} tok/s): " +
                          string.Join(", ", names.Select((n, k) => $"{n} {ms[k] / steps:F2}")));
        Console.WriteLine("  backward by op (ms/step): " + string.Join(", ", byOp.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value / steps:F2}")));
    }

    /// <summary>Forward+backward of each component alone on (B, T, D), then the pieces of attention.</summary>
    static void Components(bool quick)
    {
        manual_seed(1);
        var cfg = new GptConfig(139, T, D, H, 1);
        var x = randn(new[] { B, T, D }, requires_grad: true);
        var gy = randn(B, T, D);
        var attn = new GptAttention(cfg); var mlp = new GptMlp(cfg); var ln = nn.LayerNorm(D);
        int samples = quick ? 3 : 7;
        double FwdBwd(Func<Tensor, Tensor> f) => Measure.MedianSeconds(() => { x.grad = null; f(x).backward(gy); }, samples) * 1e3;
        double Fwd(Func<Tensor, Tensor> f) => Measure.MedianSeconds(() => { using var _ = no_grad(); f(x); }, samples) * 1e3;
        Console.WriteLine($"  per block, fwd / fwd+bwd (ms): attention {Fwd(attn.call):F2} / {FwdBwd(attn.call):F2}, " +
                          $"mlp {Fwd(mlp.call):F2} / {FwdBwd(mlp.call):F2}, layer_norm {Fwd(ln.call):F2} / {FwdBwd(ln.call):F2}");

        // Pieces of the attention forward, no autograd: what each op costs on (B, h, T, d) operands.
        int d = D / H;
        var w = attn.qkv.weight; var bq = attn.qkv.bias;
        var mask = tensor(Enumerable.Range(0, T * T).Select(i => i % T > i / T).ToArray(), T, T);
        using (no_grad())
        {
        var q = F.linear(x, w.narrow(0, 0, D), bq?.narrow(0, 0, D)).view(B, T, H, d).transpose(1, 2);
        var k = F.linear(x, w.narrow(0, D, D), bq?.narrow(0, D, D)).view(B, T, H, d).transpose(1, 2);
        var v = F.linear(x, w.narrow(0, 2 * D, D), bq?.narrow(0, 2 * D, D)).view(B, T, H, d).transpose(1, 2);
        var scores = q.matmul(k.mT);
        var probs = scores.softmax(-1);
        var y = probs.matmul(v);
        double tQkv = Measure.MedianSeconds(() => F.linear(x, w, bq), samples) * 1e3;
        double tScores = Measure.MedianSeconds(() => q.matmul(k.mT), samples) * 1e3;
        double tMask = Measure.MedianSeconds(() => scores.masked_fill(mask, float.NegativeInfinity), samples) * 1e3;
        double tSoftmax = Measure.MedianSeconds(() => scores.softmax(-1), samples) * 1e3;
        double tPv = Measure.MedianSeconds(() => probs.matmul(v), samples) * 1e3;
        double tMerge = Measure.MedianSeconds(() => y.transpose(1, 2).reshape(B, T, D), samples) * 1e3;
        double tProj = Measure.MedianSeconds(() => attn.proj.call(x), samples) * 1e3;
        double tSdpa = Measure.MedianSeconds(() => F.scaled_dot_product_attention(q, k, v, is_causal: true), samples) * 1e3;
        Console.WriteLine($"  attention ops fwd (ms): qkv linear {tQkv:F3}, q·kᵀ {tScores:F3}, causal mask {tMask:F3}, softmax {tSoftmax:F3}, " +
                          $"p·v {tPv:F3}, merge heads {tMerge:F3}, proj {tProj:F3}; whole sdpa {tSdpa:F3}");

        // Forward+backward of single ops on the workload's shapes.
        }
        var h = randn(new[] { B * T, 4 * D }, requires_grad: true); var gh = randn(B * T, 4 * D);
        var s4 = randn(new[] { B, H, T, T }, requires_grad: true); var gs4 = randn(B, H, T, T);
        var qg = randn(new[] { B, H, T, d }, requires_grad: true); var kg = randn(new[] { B, H, T, d }, requires_grad: true);
        var vg = randn(new[] { B, H, T, d }, requires_grad: true); var go = randn(B, H, T, d);
        var x2 = randn(new[] { B * T, D }, requires_grad: true);
        var fc = nn.Linear(D, 4 * D);
        double Fb(Func<Tensor> f, Tensor g) => Measure.MedianSeconds(() => f().backward(g), samples) * 1e3;
        Console.WriteLine($"  ops fwd+bwd (ms): gelu (2048x512) {Fb(() => h.gelu(), gh):F3}, linear 128->512 {Fb(() => fc.call(x2), gh):F3}, " +
                          $"softmax (32,4,64,64) {Fb(() => s4.softmax(-1), gs4):F3}, masked_fill {Fb(() => s4.masked_fill(mask, float.NegativeInfinity), gs4):F3}, " +
                          $"q·kᵀ {Fb(() => qg.matmul(kg.mT), gs4):F3}, sdpa causal {Fb(() => F.scaled_dot_product_attention(qg, kg, vg, is_causal: true), go):F3}, " +
                          $"fused causal softmax {Fb(() => GptCausalSoftmax.Apply(s4, 0.17f), gs4):F3}, layer_norm {Fb(() => F.layer_norm(x2, new[] { D }), randn(B * T, D)):F3}");
    }
}
