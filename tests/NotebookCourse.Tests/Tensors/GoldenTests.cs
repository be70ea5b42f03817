using System.Runtime.CompilerServices;
using System.Text.Json;
using NotebookCourse.Tensors;
using NotebookCourse.Tests.TestUtil;

namespace NotebookCourse.Tests.Tensors;

/// <summary>Forward values and gradients compared with PyTorch (Golden/engine_golden.json, made by Golden/make_engine_golden.py).</summary>
public class GoldenTests
{
    private static readonly Dictionary<string, Func<Tensor[], Tensor>> Ops = new()
    {
        ["gelu"] = t => t[0].gelu(),
        ["gelu_tanh"] = t => t[0].gelu("tanh"),
        ["silu"] = t => t[0].silu(),
        ["softmax_dim1"] = t => t[0].softmax(1),
        ["log_softmax_last"] = t => t[0].log_softmax(-1),
        ["logsumexp_dim1"] = t => t[0].logsumexp(1),
        ["var_dim0"] = t => t[0].var(0),
        ["std_all"] = t => t[0].std(),
        ["matmul_broadcast"] = t => t[0].matmul(t[1]),
        ["div_broadcast"] = t => t[0] / t[1],
        ["pow_tensor"] = t => t[0].pow(t[1]),
        ["cumsum_dim0"] = t => t[0].cumsum(0),
    };

    private static string GoldenPath([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Golden", "engine_golden.json");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Load().GetProperty("cases").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static JsonElement Load() => JsonDocument.Parse(File.ReadAllText(GoldenPath())).RootElement;

    private static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
    private static int[] Ints(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    [Theory, MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        var c = Load().GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        Assert.True(Ops.ContainsKey(name), $"no C# op for golden case '{name}'");
        var inputs = c.GetProperty("inputs").EnumerateArray()
            .Select(i => torch.tensor(Floats(i.GetProperty("values"))).reshape(Ints(i.GetProperty("shape"))).requires_grad_()).ToArray();
        var y = Ops[name](inputs);
        var expected = c.GetProperty("output");
        TensorAssert.Shape(y, Ints(expected.GetProperty("shape")));
        TensorAssert.Close(y, Floats(expected.GetProperty("values")), 1e-5f, 1e-4f);
        y.backward(torch.tensor(Floats(c.GetProperty("weight"))).reshape(y.shape));
        var grads = c.GetProperty("grads").EnumerateArray().ToArray();
        for (int i = 0; i < inputs.Length; i++) TensorAssert.Close(inputs[i].grad!, Floats(grads[i]), 1e-4f, 1e-4f);
    }
}
