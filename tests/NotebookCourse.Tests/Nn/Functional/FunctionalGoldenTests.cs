using System.Runtime.CompilerServices;
using System.Text.Json;
using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;
using F = NotebookCourse.torch.nn.functional;

namespace NotebookCourse.Tests.Nn.Functional;

/// <summary>
/// Forward values and gradients of nn.functional compared with PyTorch: tests/fixtures/torch/functional/
/// functional_golden.json, made by make_golden.py next to it (references in float64 from the stored float32 inputs).
/// </summary>
public class FunctionalGoldenTests
{
    private sealed record Case(Tensor[] Inputs, Dictionary<string, Tensor> Extra);

    private static readonly Dictionary<string, Func<Tensor[], Dictionary<string, Tensor>, Tensor>> Ops = new()
    {
        ["conv2d_pad1"] = (t, _) => F.conv2d(t[0], t[1], t[2], padding: 1),
        ["conv2d_stride_dilation_groups"] = (t, _) => F.conv2d(t[0], t[1], t[2], stride: (2, 1), padding: (1, 2), dilation: (2, 1), groups: 2),
        ["conv1d_stride_dilation"] = (t, _) => F.conv1d(t[0], t[1], t[2], stride: 2, padding: 1, dilation: 2),
        ["conv_transpose2d_groups"] = (t, _) => F.conv_transpose2d(t[0], t[1], t[2], stride: 2, padding: 1, output_padding: 1, groups: 2),
        ["conv_transpose2d_dilation"] = (t, _) => F.conv_transpose2d(t[0], t[1], null, stride: (1, 2), dilation: 2),
        ["max_pool2d"] = (t, _) => F.max_pool2d(t[0], 3, stride: 2, padding: 1),
        ["max_pool2d_ceil_dilation"] = (t, _) => F.max_pool2d(t[0], (2, 3), stride: 2, dilation: (2, 1), ceil_mode: true),
        ["avg_pool2d_pad"] = (t, _) => F.avg_pool2d(t[0], 3, stride: 2, padding: 1),
        ["avg_pool2d_ceil_exclude_pad"] = (t, _) => F.avg_pool2d(t[0], (3, 2), stride: 2, padding: 1, ceil_mode: true, count_include_pad: false),
        ["adaptive_avg_pool2d"] = (t, _) => F.adaptive_avg_pool2d(t[0], (3, 2)),
        ["batch_norm_train"] = (t, extra) =>
        {
            var rm = torch.tensor(new[] { 0.1f, -0.2f, 0.3f }); var rv = torch.tensor(new[] { 1f, 0.5f, 2f });
            extra["running_mean"] = rm; extra["running_var"] = rv;
            return F.batch_norm(t[0], rm, rv, t[1], t[2], training: true, momentum: 0.2f, eps: 1e-5f);
        },
        ["batch_norm_eval"] = (t, _) => F.batch_norm(t[0], t[1], t[2], t[3], t[4], training: false, eps: 1e-3f),
        ["layer_norm"] = (t, _) => F.layer_norm(t[0], [4, 5], t[1], t[2]),
        ["group_norm"] = (t, _) => F.group_norm(t[0], 3, t[1], t[2]),
        ["bilinear"] = (t, _) => F.interpolate(t[0], size: (5, 7), mode: "bilinear", align_corners: false),
        ["bilinear_align_corners"] = (t, _) => F.interpolate(t[0], size: (7, 3), mode: "bilinear", align_corners: true),
        ["nearest_scale2"] = (t, _) => F.interpolate(t[0], scale_factor: 2, mode: "nearest"),
        ["sdpa_masks"] = (t, _) => F.scaled_dot_product_attention(t[0], t[1], t[2], attn_mask: t[3], key_padding_mask: t[4]),
        ["sdpa_causal"] = (t, _) => F.scaled_dot_product_attention(t[0], t[1], t[2], is_causal: true, scale: 0.4f),
        ["cross_entropy_indices"] = (t, _) => F.cross_entropy(t[0], t[1]),
        ["cross_entropy_probabilities"] = (t, _) => F.cross_entropy(t[0], t[1]),
        ["cross_entropy_ignore_index"] = (t, _) => F.cross_entropy(t[0], t[1], ignore_index: 2),
        ["cross_entropy_label_smoothing_weight"] = (t, _) => F.cross_entropy(t[0], t[1], t[2], label_smoothing: 0.15f, ignore_index: 4),
        ["cross_entropy_probabilities_smoothing_weight"] = (t, _) => F.cross_entropy(t[0], t[1], t[2], label_smoothing: 0.1f),
        ["cross_entropy_spatial_none"] = (t, _) => F.cross_entropy(t[0], t[1], reduction: "none", label_smoothing: 0.2f),
        ["nll_loss_weight_sum"] = (t, _) => F.nll_loss(t[0].log_softmax(1), t[1], t[2], reduction: "sum"),
        ["mse_loss"] = (t, _) => F.mse_loss(t[0], t[1]),
        ["l1_loss_sum"] = (t, _) => F.l1_loss(t[0], t[1], reduction: "sum"),
        ["binary_cross_entropy_weight"] = (t, _) => F.binary_cross_entropy(t[0], t[1], t[2]),
        ["bce_with_logits_pos_weight"] = (t, _) => F.binary_cross_entropy_with_logits(t[0], t[1], pos_weight: t[2]),
        ["kl_div_batchmean"] = (t, _) => F.kl_div(t[0].log_softmax(1), t[1], reduction: "batchmean"),
        ["kl_div_log_target"] = (t, _) => F.kl_div(t[0], t[1], reduction: "sum", log_target: true),
    };

    private static string GoldenPath([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "fixtures", "torch", "functional", "functional_golden.json");

    private static readonly Lazy<JsonElement> Root = new(() => JsonDocument.Parse(File.ReadAllText(GoldenPath())).RootElement);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Root.Value.GetProperty("cases").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Fact]
    public void EveryOpHasAGoldenCase()
    {
        var names = Root.Value.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToHashSet();
        var missing = Ops.Keys.Where(k => !names.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"ops without a golden case: {string.Join(", ", missing)}; rerun make_golden.py");
    }

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var c = Root.Value.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        Assert.True(Ops.ContainsKey(name), $"no C# op for golden case '{name}'");
        var inputs = c.GetProperty("inputs").EnumerateArray().Select(Decode).ToArray();
        var extra = new Dictionary<string, Tensor>();
        var y = Ops[name](inputs, extra);
        var expected = c.GetProperty("output");
        TensorAssert.Shape(y, Ints(expected.GetProperty("shape")));
        Close(name + " output", y, Floats(expected.GetProperty("values")));
        y.backward(torch.tensor(Floats(c.GetProperty("weight"))).reshape(y.shape));
        var grads = c.GetProperty("grads").EnumerateArray().ToArray();
        for (int i = 0; i < inputs.Length; i++)
        {
            if (grads[i].ValueKind == JsonValueKind.Null) continue;
            Assert.True(inputs[i].grad is not null, $"{name}: input {i} got no gradient");
            Close($"{name} grad of input {i}", inputs[i].grad!, Floats(grads[i]));
        }
        if (c.TryGetProperty("extra", out var ex))
            foreach (var p in ex.EnumerateObject())
                Close($"{name} {p.Name}", extra[p.Name], Floats(p.Value.GetProperty("values")));
    }

    /// <summary>|got − want| ≤ 1e-5·max(|want|, scale of the tensor) + 1e-6: relative, with a floor for near-zero entries.</summary>
    private static void Close(string what, Tensor t, float[] want)
    {
        var got = t.ToArray<float>();
        Assert.Equal(want.Length, got.Length);
        double scale = 0;
        foreach (var v in want) scale = Math.Max(scale, Math.Abs(v));
        for (int i = 0; i < got.Length; i++)
        {
            double tol = 1e-5 * Math.Max(Math.Abs(want[i]), 0.1 * scale) + 1e-6;
            Assert.True(Math.Abs(got[i] - want[i]) <= tol, $"{what}: element {i} is {got[i]:G9}, PyTorch gives {want[i]:G9}");
        }
    }

    private static Tensor Decode(JsonElement e)
    {
        var shape = Ints(e.GetProperty("shape"));
        var v = e.GetProperty("values");
        Tensor t = e.GetProperty("dtype").GetString() switch
        {
            "int64" => torch.tensor(v.EnumerateArray().Select(x => x.GetInt64()).ToArray(), shape),
            "bool" => torch.tensor(v.EnumerateArray().Select(x => x.GetBoolean()).ToArray(), shape),
            _ => torch.tensor(Floats(v), shape),
        };
        if (e.TryGetProperty("grad", out var g) && g.GetBoolean()) t.requires_grad_();
        return t;
    }

    private static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
    private static int[] Ints(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();
}
