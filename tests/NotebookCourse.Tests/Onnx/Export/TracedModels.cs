using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using static NotebookCourse.torch;
using F = NotebookCourse.torch.nn.functional;

namespace NotebookCourse.Tests.Onnx.Export;

/// <summary>Models with their own forward code (no IOnnxExportable): what the tracer must export.</summary>
internal static class TracedModels
{
    /// <summary>A residual CNN: conv stem, two residual blocks written by hand, global mean, linear head.</summary>
    public sealed class ResidualCnn : Module
    {
        private readonly Conv2d stem;
        private readonly ModuleList blocks;
        private readonly MaxPool2d pool;
        private readonly Linear head;
        public ResidualCnn()
        {
            stem = register_module("stem", nn.Conv2d(3, 8, 3, padding: 1));
            blocks = register_module("blocks", nn.ModuleList(new ResBlock(8), new ResBlock(8)));
            pool = register_module("pool", nn.MaxPool2d(2));
            head = register_module("head", nn.Linear(8, 5));
        }
        public override Tensor forward(Tensor x)
        {
            var h = F.relu(stem.call(x));
            foreach (var b in blocks) h = b.call(h);
            h = pool.call(h) * 0.5f + 1f;                 // scalars on both sides
            var features = h.mean([2, 3]);                 // global average, (N, 8)
            return head.call(features / 2f - features.sigmoid());
        }
    }

    /// <summary>conv → BN → relu → conv → BN, plus the skip path, relu; all in forward.</summary>
    public sealed class ResBlock : Module
    {
        private readonly Conv2d c1, c2;
        private readonly BatchNorm2d b1, b2;
        public ResBlock(int c)
        {
            c1 = register_module("c1", nn.Conv2d(c, c, 3, padding: 1));
            b1 = register_module("b1", nn.BatchNorm2d(c));
            c2 = register_module("c2", nn.Conv2d(c, c, 3, padding: 1, bias: false));
            b2 = register_module("b2", nn.BatchNorm2d(c));
        }
        public override Tensor forward(Tensor x) => (b2.call(c2.call(b1.call(c1.call(x)).relu())) + x).relu();
    }

    /// <summary>A tiny GPT-style decoder: token + position embeddings, pre-norm blocks with causal sdpa, MLP, lm head.</summary>
    public sealed class TinyGpt : Module
    {
        private readonly Embedding tok, pos;
        private readonly ModuleList blocks;
        private readonly LayerNorm lnf;
        private readonly Linear lmHead;
        public TinyGpt(int vocab = 19, int embed = 16, int heads = 2, int layers = 2, int maxLen = 16, string attention = "sdpa")
        {
            tok = register_module("tok", nn.Embedding(vocab, embed));
            pos = register_module("pos", nn.Embedding(maxLen, embed));
            blocks = register_module("blocks", nn.ModuleList(Enumerable.Range(0, layers).Select(_ => (Module)new GptBlock(embed, heads, attention, maxLen))));
            lnf = register_module("lnf", nn.LayerNorm(embed));
            lmHead = register_module("lm_head", nn.Linear(embed, vocab, bias: false));
        }
        public override Tensor forward(Tensor ids)
        {
            int t = ids.shape[1];
            var x = tok.call(ids) + pos.call(arange(t));   // positions 0..T-1 (rebuilt from the runtime length)
            foreach (var b in blocks) x = b.call(x);
            return lmHead.call(lnf.call(x));
        }
    }

    /// <summary>
    /// Pre-norm block; attention "sdpa" (is_causal), "hand" (scores, an i ≥ j mask built in forward, functional
    /// layer_norm) or "buffer" (a registered (1, 1, max, max) lower-triangular mask sliced to T, as in nanoGPT).
    /// </summary>
    public sealed class GptBlock : Module
    {
        private readonly LayerNorm ln1, ln2;
        private readonly Linear qkv, proj, fc1, fc2;
        private readonly int heads;
        private readonly string mode;
        public GptBlock(int e, int h, string attention, int maxLen)
        {
            heads = h; mode = attention;
            var lower = arange(maxLen).unsqueeze(1).ge(arange(maxLen).unsqueeze(0)).to(DType.float32);
            register_buffer("mask", lower.view(1, 1, maxLen, maxLen), persistent: false);
            ln1 = register_module("ln1", nn.LayerNorm(e));
            ln2 = register_module("ln2", nn.LayerNorm(e));
            qkv = register_module("qkv", nn.Linear(e, 3 * e));
            proj = register_module("proj", nn.Linear(e, e));
            fc1 = register_module("fc1", nn.Linear(e, 4 * e));
            fc2 = register_module("fc2", nn.Linear(4 * e, e));
        }
        public override Tensor forward(Tensor x)
        {
            int b = x.shape[0], t = x.shape[1], e = x.shape[2], d = e / heads;
            var all = qkv.call(ln1.call(x));
            Tensor Head(int k) => all.narrow(2, k * e, e).reshape(b, t, heads, d).transpose(1, 2);
            Tensor q = Head(0), key = Head(1), v = Head(2), att;
            if (mode == "sdpa") att = F.scaled_dot_product_attention(q, key, v, is_causal: true);
            else
            {
                var scores = q.matmul(key.mT) / MathF.Sqrt(d);
                var blocked = mode == "hand"
                    ? arange(t).unsqueeze(1).ge(arange(t).unsqueeze(0)).logical_not()     // (T, T): key j > query i
                    : buffer("mask")!.narrow(2, 0, t).narrow(3, 0, t).eq(0f);            // (1, 1, T, T)
                att = scores.masked_fill(blocked, float.NegativeInfinity).softmax(-1).matmul(v);
            }
            x = x + proj.call(att.transpose(1, 2).reshape(b, t, e));
            var normed = mode == "hand" ? F.layer_norm(x, [e], ln2.weight, ln2.bias) : ln2.call(x);
            return x + fc2.call(F.gelu(fc1.call(normed)));
        }
    }

    /// <summary>permute, slicing, select with a negative index, cat, sums, softmax/log_softmax, unsqueeze/expand, maximum.</summary>
    public sealed class Shuffler : Module
    {
        private readonly Linear fc;
        public Shuffler() { fc = register_module("fc", nn.Linear(8, 6)); }
        public override Tensor forward(Tensor x)                        // (N, 4, 6)
        {
            var a = x.permute(0, 2, 1).narrow(1, 1, 4);                  // (N, 4, 4)
            var c = cat([a, x.slice(2, 0, 4)], 2);                       // (N, 4, 8)
            var last = c.select(1, -1);                                  // (N, 8)
            var total = c.sum(1) + c.sum([1, 2], keepdim: true).squeeze(2) * 0.1f;
            var y = fc.call(last * total.tanh()).maximum(F.linear(last, fc.weight, fc.bias).exp() - 2f);   // (N, 6)
            y = nn.SiLU().call(y) + F.silu(y) * 0.5f;                   // a weightless layer made in forward, and the functional form
            var grid = y.unsqueeze(1).expand(-1, 3, -1).flatten(1);     // (N, 18)
            return cat([grid.softmax(-1), grid.log_softmax(1), x.view(x.shape[0], -1).sub(x.mean([1, 2], keepdim: true).squeeze(2)).pow(2f)], 1);
        }
    }

    /// <summary>A 1-D CNN with GroupNorm over (N, L, C) input: transpose, Conv1d, GroupNorm, GELU, mean over time.</summary>
    public sealed class SequenceCnn : Module
    {
        private readonly Conv1d c1, c2;
        private readonly GroupNorm gn;
        private readonly Linear head;
        public SequenceCnn()
        {
            c1 = register_module("c1", nn.Conv1d(5, 8, 3, padding: 1));
            gn = register_module("gn", nn.GroupNorm(4, 8));
            c2 = register_module("c2", nn.Conv1d(8, 6, 5, stride: 2, dilation: 1, groups: 2));
            head = register_module("head", nn.Linear(6, 3));
        }
        public override Tensor forward(Tensor x) =>                     // (N, L, 5)
            head.call(c2.call(F.gelu(gn.call(c1.call(x.transpose(1, 2))))).mean(2));
    }

    /// <summary>
    /// Token 0 is padding: a key padding mask computed from the ids in forward, attention through sdpa with it, a
    /// leaky gate written with torch.where on a comparison, and a mean over the real tokens only.
    /// </summary>
    public sealed class PaddedEncoder : Module
    {
        private readonly Embedding tok;
        private readonly Linear fc;
        public PaddedEncoder() { tok = register_module("tok", nn.Embedding(9, 6)); fc = register_module("fc", nn.Linear(6, 3)); }
        public override Tensor forward(Tensor ids)                                        // (N, T) int64
        {
            var pad = ids.eq(0f);                                                          // (N, T) bool
            var h = tok.call(ids);
            var att = F.scaled_dot_product_attention(h, h, h, key_padding_mask: pad);      // (N, T, 6)
            var gate = where(att.gt(0f), att, att * 0.1f);
            var keep = pad.logical_not().to(DType.float32).unsqueeze(2);                  // (N, T, 1)
            return fc.call((gate * keep).sum(1) / keep.sum(1));
        }
    }
}
