using NotebookCourse.Nn;
using NotebookCourse.Onnx;
using NotebookCourse.Onnx.Export;
using NotebookCourse.Tensors;
using static NotebookCourse.torch;
using static NotebookCourse.Tests.Onnx.Export.TracedModels;

namespace NotebookCourse.Tests.Onnx.Export;

/// <summary>
/// Models with arbitrary forward code, exported by tracing with a batch-3 example and run in ONNX Runtime at other
/// batch sizes (and sequence lengths for token models): engine vs ORT max abs diff ≤ 1e-4.
/// </summary>
[Collection("onnxruntime")]
public class TracedExportTests
{
    private static readonly SessionConfig Config = new() { Threads = 1 };

    private static byte[] Export(Module model, Tensor example)
    {
        model.eval();
        var bytes = OnnxExport.ToModel(model, example).ToByteArray();
        OnnxChecker.Check(ModelProto.Parse(bytes)); // the file as written passes our checker too
        return bytes;
    }

    private static double MaxDiff(Module model, byte[] bytes, Tensor x)
    {
        float[] expected;
        using (no_grad()) expected = model.call(x).ToArray<float>();
        using var session = new InferenceSession(bytes, Config);
        var actual = (x.dtype == DType.int64
            ? session.Run(("input", x.ToArray<long>(), x.shape))
            : session.Run(("input", x.ToArray<float>(), x.shape)))["output"].AsFloats();
        Assert.Equal(expected.Length, actual.Length);
        Assert.Contains(expected, v => Math.Abs(v) > 1e-3); // outputs of zeros would match trivially
        double worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        return worst;
    }

    private static void AssertClose(double diff, string what) => Assert.True(diff <= 1e-4, $"{what}: max abs diff {diff:g3} between engine and ONNX Runtime");

    private static void Perturb(Module model, int seed)
    {
        // Move BatchNorm running statistics and norm affines away from 0/1, so eval mode is really exercised.
        var g = new Generator(seed);
        using var _ = no_grad();
        foreach (var (name, t) in model.named_buffers())
            if (name.EndsWith("running_mean")) t.copy_(randn(t.shape, g) * 0.3f);
            else if (name.EndsWith("running_var")) t.copy_(rand(t.shape, g) + 0.5f);
        foreach (var (name, p) in model.named_parameters())
            if (p.dim() == 1 && (name.Contains("gn") || name.Contains("ln") || name.Contains(".b"))) p.add_(randn(p.shape, g) * 0.2f);
    }

    [OrtFact]
    public void Residual_cnn_with_custom_forward_maps_layers_whole_and_runs_at_batch_1_and_7()
    {
        manual_seed(1);
        var model = new ResidualCnn();
        Perturb(model, 2);
        var bytes = Export(model, randn(3, 3, 12, 12));
        var ops = ModelProto.Parse(bytes).Graph.Node.Select(n => n.OpType).ToList();
        Assert.Equal(5, ops.Count(o => o == "Conv"));                 // each Conv2d child is one Conv node
        Assert.Equal(4, ops.Count(o => o == "BatchNormalization"));
        Assert.Contains("ReduceSum", ops);
        foreach (int batch in new[] { 1, 7 })
            AssertClose(MaxDiff(model, bytes, randn([batch, 3, 12, 12], new Generator(10 + batch))), $"batch {batch}");
    }

    [OrtTheory, InlineData("sdpa"), InlineData("hand"), InlineData("buffer")]
    public void Tiny_gpt_runs_at_other_batch_sizes_and_sequence_lengths(string attention)
    {
        manual_seed(3);
        var model = new TinyGpt(attention: attention);
        Perturb(model, 4);
        var bytes = Export(model, randint(19, [3, 5], new Generator(5)));
        var graph = ModelProto.Parse(bytes).Graph;
        Assert.Equal([-1L, -1L], graph.Input[0].ShapeAsLongs!);      // batch and sequence dynamic
        Assert.Contains(graph.Node, n => n.OpType == "Trilu");          // the causal mask follows the runtime length
        Assert.Contains(graph.Node, n => n.OpType == "Range");          // so do the positions
        foreach (var (batch, seq) in new[] { (1, 5), (7, 5), (7, 3), (2, 9), (1, 1) })
            AssertClose(MaxDiff(model, bytes, randint(19, [batch, seq], new Generator(batch * 31 + seq))), $"batch {batch}, sequence {seq}");
    }

    [OrtFact]
    public void Permute_slice_select_cat_and_reductions()
    {
        manual_seed(6);
        var model = new Shuffler();
        var bytes = Export(model, randn(3, 4, 6));
        var ops = ModelProto.Parse(bytes).Graph.Node.Select(n => n.OpType).ToHashSet();
        foreach (var op in new[] { "Transpose", "Slice", "Gather", "Concat", "ReduceSum", "ReduceMean", "Expand", "Softmax", "LogSoftmax", "Max", "Reshape", "MatMul", "Sigmoid", "Pow" })
            Assert.Contains(op, ops);
        foreach (int batch in new[] { 1, 7 })
            AssertClose(MaxDiff(model, bytes, randn([batch, 4, 6], new Generator(20 + batch))), $"batch {batch}");
    }

    [OrtFact]
    public void Conv1d_and_group_norm()
    {
        manual_seed(7);
        var model = new SequenceCnn();
        Perturb(model, 8);
        var bytes = Export(model, randn(3, 11, 5));
        var ops = ModelProto.Parse(bytes).Graph.Node.Select(n => n.OpType).ToList();
        Assert.Equal(2, ops.Count(o => o == "Conv"));
        Assert.Contains("InstanceNormalization", ops);
        foreach (int batch in new[] { 1, 7 })
            AssertClose(MaxDiff(model, bytes, randn([batch, 11, 5], new Generator(30 + batch))), $"batch {batch}");
    }

    [OrtFact]
    public void Sequential_of_conv1d_and_group_norm_without_tracing()
    {
        manual_seed(9);
        var model = nn.Sequential(nn.Conv1d(2, 6, 3), nn.GroupNorm(3, 6), nn.ReLU(), nn.Conv1d(6, 4, 1, bias: false), nn.GroupNorm(2, 4, affine: false));
        Perturb(model, 10);
        var bytes = Export(model, randn(3, 2, 9));
        foreach (int batch in new[] { 1, 7 })
            AssertClose(MaxDiff(model, bytes, randn([batch, 2, 9], new Generator(40 + batch))), $"batch {batch}");
    }

    private sealed class UsesItem : Module
    {
        private readonly Linear fc;
        public UsesItem() { fc = register_module("fc", nn.Linear(4, 4)); }
        public override Tensor forward(Tensor x) => fc.call(x) * x.mean().item<float>();   // a value read from the data
    }

    private sealed class Branches : Module
    {
        private readonly Linear fc;
        public Branches() { fc = register_module("fc", nn.Linear(4, 4)); }
        public override Tensor forward(Tensor x) => x.sum().item<float>() > 0 ? fc.call(x) : fc.call(x).relu();
    }


    [Fact]
    public void Values_read_from_the_data_are_refused_naming_the_module()
    {
        var model = nn.Sequential(("block", new UsesItem()));
        var e = Assert.Throws<OnnxExportException>(() => OnnxExport.ToModel(model, randn(3, 4)));
        Assert.Contains("'block' (UsesItem)", e.Message);
        Assert.Contains(".item()", e.Message);
    }

    [Fact]
    public void Data_dependent_control_flow_is_refused()
    {
        // Whatever branch each run takes, the example and the probe disagree for some seed; both are checked.
        var model = new Branches();
        bool refused = false;
        for (int seed = 0; seed < 8 && !refused; seed++)
        {
            try { OnnxExport.ToModel(model, randn([3, 4], new Generator(seed))); }
            catch (OnnxExportException e) { refused = true; Assert.Contains("(Branches)", e.Message); }
        }
        Assert.True(refused, "a forward that branches on the data was exported for every seed");
    }

    [Fact]
    public void Reshape_keeps_the_batch_dynamic()
    {
        var model = new Flattener();
        var proto = OnnxExport.ToModel(model, randn(3, 2, 3));
        var reshape = proto.Graph.Node.First(n => n.OpType == "Reshape");
        var target = proto.Graph.Initializer.First(t => t.Name == reshape.Input[1]).ToInt64s();
        Assert.Equal([-1L, 3L], target);                                // batch merged into axis 0: -1, never the example's 6
    }

    /// <summary>Adds a (T, E) tensor made in forward: it follows the sequence length but is no known pattern.</summary>
    private sealed class SequenceSizedConstant : Module
    {
        private readonly Embedding tok;
        public SequenceSizedConstant() { tok = register_module("tok", nn.Embedding(7, 4)); }
        public override Tensor forward(Tensor ids) => tok.call(ids) + ones(ids.shape[1], 4);
    }

    [Fact]
    public void A_sequence_sized_constant_is_refused_with_dynamic_sequence_and_fine_without()
    {
        var model = new SequenceSizedConstant();
        var ids = randint(7, [3, 5], new Generator(1));
        var e = Assert.Throws<OnnxExportException>(() => OnnxExport.ToModel(model, ids));
        Assert.Contains("depends on the input's size", e.Message);
        var proto = OnnxExport.ToModel(model, ids, dynamicSequence: false);
        Assert.Equal([-1L, 5L], proto.Graph.Input[0].ShapeAsLongs!);
    }

    /// <summary>The example of Onnx/Export/README.md.</summary>
    private sealed class ReadmeNet : Module
    {
        private readonly Conv2d conv; private readonly Linear fc;
        public ReadmeNet() { conv = register_module("conv", nn.Conv2d(3, 8, 3, padding: 1)); fc = register_module("fc", nn.Linear(8, 5)); }
        public override Tensor forward(Tensor x) => fc.call((conv.call(x).relu() + x.mean(1, keepdim: true)).mean([2, 3]));
    }

    [OrtFact]
    public void Readme_example_exports_and_matches()
    {
        manual_seed(12);
        var model = new ReadmeNet();
        var bytes = Export(model, randn(3, 3, 8, 8));
        foreach (int batch in new[] { 1, 7 })
            AssertClose(MaxDiff(model, bytes, randn([batch, 3, 8, 8], new Generator(50 + batch))), $"batch {batch}");
    }

    /// <summary>Token model reading positions from the end, a fixed-length prefix and a mean over the sequence.</summary>
    private sealed class SequenceReader : Module
    {
        private readonly Embedding tok;
        public SequenceReader() { tok = register_module("tok", nn.Embedding(11, 4)); }
        public override Tensor forward(Tensor ids)
        {
            var h = tok.call(ids).tanh();                                                // (N, T, 4)
            var prefix = h.narrow(1, 0, Math.Min(ids.shape[1], 4)).sum(1);               // at most the first 4 tokens
            var tail = h.slice(1, 1, ids.shape[1]).mean(1);                              // tokens 1.. to the end
            return h.select(1, -1) * 2f + prefix - tail + h.mean();                      // last token, and a mean over everything
        }
    }

    [OrtFact]
    public void Sequence_slices_from_the_end_prefixes_and_means_follow_the_runtime_length()
    {
        manual_seed(13);
        var model = new SequenceReader();
        var bytes = Export(model, randint(11, [3, 4], new Generator(2)));
        foreach (var (batch, seq) in new[] { (1, 4), (7, 4), (2, 9), (5, 2) })
            AssertClose(MaxDiff(model, bytes, randint(11, [batch, seq], new Generator(batch * 7 + seq))), $"batch {batch}, sequence {seq}");
    }

    /// <summary>Token ids in [1, 9) with some positions after the first set to the padding id 0.</summary>
    private static Tensor PaddedIds(int batch, int seq, int seed)
    {
        var ids = randint(1, 9, [batch, seq], new Generator(seed)).ToArray<long>();
        var coin = rand([batch, seq], new Generator(seed + 1)).ToArray<float>();
        for (int i = 0; i < ids.Length; i++) if (i % seq != 0 && coin[i] < 0.3f) ids[i] = 0;
        return tensor(ids, batch, seq);
    }

    [OrtFact]
    public void Padding_mask_computed_from_the_ids_in_forward()
    {
        manual_seed(14);
        var model = new PaddedEncoder();
        var bytes = Export(model, PaddedIds(3, 5, 1));
        var ops = ModelProto.Parse(bytes).Graph.Node.Select(n => n.OpType).ToHashSet();
        foreach (var op in new[] { "Equal", "Not", "Greater", "Where", "Cast" }) Assert.Contains(op, ops);
        foreach (var (batch, seq) in new[] { (1, 5), (7, 5), (4, 8), (2, 2) })
            AssertClose(MaxDiff(model, bytes, PaddedIds(batch, seq, batch * 13 + seq)), $"batch {batch}, sequence {seq}");
    }

    /// <summary>Writes its own node (Add x + x) instead of being traced (its forward multiplies).</summary>
    private sealed class Doubler : Module, IOnnxExportable
    {
        public override Tensor forward(Tensor x) => x * 2f;
        public ExportValue ExportOnnx(OnnxExportContext ctx, ExportValue x) => ctx.Node("Add", [x, x], x.Example * 2f);
    }

    private sealed class UsesDoubler : Module
    {
        private readonly Doubler twice;
        private readonly Linear fc;
        public UsesDoubler() { twice = register_module("twice", new Doubler()); fc = register_module("fc", nn.Linear(4, 3)); }
        public override Tensor forward(Tensor x) => fc.call(twice.call(x).tanh());
    }

    [OrtFact]
    public void An_IOnnxExportable_child_inside_a_traced_forward_writes_its_own_nodes()
    {
        manual_seed(15);
        var model = new UsesDoubler();
        var bytes = Export(model, randn(3, 4));
        var nodes = ModelProto.Parse(bytes).Graph.Node;
        Assert.Contains(nodes, n => n.OpType == "Add" && n.Input.Count == 2 && n.Input[0] == n.Input[1]);
        Assert.DoesNotContain(nodes, n => n.OpType == "Mul");
        foreach (int batch in new[] { 1, 7 })
            AssertClose(MaxDiff(model, bytes, randn([batch, 4], new Generator(60 + batch))), $"batch {batch}");
    }

    private sealed class Flattener : Module
    {
        public override Tensor forward(Tensor x) => x.view(-1, 3).relu();
    }
}
