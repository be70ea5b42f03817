using NotebookCourse.Nn;
using NotebookCourse.Tensors;
using static NotebookCourse.torch;

namespace NotebookCourse.Tests.Nn;

public class StateDictTests
{
    private static OrderedDictionary<string, Tensor> Snapshot(Module m)
    {
        var d = new OrderedDictionary<string, Tensor>();
        foreach (var (k, v) in m.state_dict()) d[k] = v.clone();
        return d;
    }

    [Fact]
    public void StateDictHasParametersAndPersistentBuffersSharingStorage()
    {
        var m = nn.Sequential(new WithBuffers(), nn.Linear(2, 2));
        var sd = m.state_dict();
        Assert.Equal(new[] { "0.scale", "0.stats", "1.weight", "1.bias" }, sd.Keys.ToArray());
        Assert.All(sd.Values, v => Assert.False(v.requires_grad));
        Assert.True(sd["1.weight"].shares_storage_with(((NotebookCourse.Nn.Linear)m[1]).weight));
    }

    [Fact]
    public void RoundTripCopiesValuesInPlace()
    {
        manual_seed(1);
        var a = new TwoLayerNet();
        var b = new TwoLayerNet();
        var weightBefore = b.fc1.weight;
        var x = torch.randn(6, 4);
        Assert.False(torch.allclose(a.call(x), b.call(x)));

        var result = b.load_state_dict(Snapshot(a));
        Assert.Empty(result.missing_keys);
        Assert.Empty(result.unexpected_keys);
        Assert.Equal("<All keys matched successfully>", result.ToString());
        Assert.Same(weightBefore, b.fc1.weight); // optimizers keep pointing at the same tensors
        Assert.Equal(a.call(x).ToArray<float>(), b.call(x).ToArray<float>());
    }

    [Fact]
    public void StrictReportsMissingAndUnexpectedKeysAndCopiesNothing()
    {
        var a = new TwoLayerNet();
        var b = new TwoLayerNet();
        var before = Snapshot(b);
        var sd = Snapshot(a);
        sd.Remove("fc2.bias");
        sd["fc3.weight"] = torch.zeros(1);

        var ex = Assert.Throws<ArgumentException>(() => b.load_state_dict(sd));
        Assert.Contains("missing key(s): fc2.bias", ex.Message);
        Assert.Contains("unexpected key(s): fc3.weight", ex.Message);
        Assert.Contains("nothing was copied", ex.Message);
        AssertUnchanged(b, before);

        var r = b.load_state_dict(sd, strict: false);
        Assert.Equal(new[] { "fc2.bias" }, r.missing_keys);
        Assert.Equal(new[] { "fc3.weight" }, r.unexpected_keys);
        Assert.Equal(a.fc1.weight.ToArray<float>(), b.fc1.weight.ToArray<float>());
        Assert.Equal(before["fc2.bias"].ToArray<float>(), b.fc2.bias!.ToArray<float>());
    }

    [Fact]
    public void ShapeMismatchNamesKeyAndBothShapesEvenWhenNotStrict()
    {
        var b = new TwoLayerNet();
        var before = Snapshot(b);
        var sd = Snapshot(new TwoLayerNet(4, 5, 2));
        foreach (var strict in new[] { true, false })
        {
            var ex = Assert.Throws<ArgumentException>(() => b.load_state_dict(sd, strict));
            Assert.Contains("'fc1.weight': the checkpoint has shape (5, 4), the module expects (3, 4)", ex.Message);
            Assert.Contains("'fc2.weight': the checkpoint has shape (2, 5), the module expects (2, 3)", ex.Message);
            AssertUnchanged(b, before); // fc2.bias has the right shape but must not be copied either
        }
    }

    [Fact]
    public void NonPersistentBuffersAreNeitherSavedNorExpected()
    {
        var m = new WithBuffers();
        var sd = m.state_dict();
        Assert.DoesNotContain("scratch", sd.Keys);
        sd = Snapshot(m);
        sd["stats"] = torch.tensor(new[] { 1f, 2, 3 });
        m.load_state_dict(sd);
        Assert.Equal(new[] { 1f, 2, 3 }, m.get_buffer("stats").ToArray<float>());
    }

    [Fact]
    public void LoadingSwappedAliasesReadsOldValues()
    {
        var m = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2));
        var w0 = ((NotebookCourse.Nn.Linear)m[0]).weight.ToArray<float>();
        var w1 = ((NotebookCourse.Nn.Linear)m[1]).weight.ToArray<float>();
        var sd = m.state_dict(); // views of the module's own tensors
        var swapped = new Dictionary<string, Tensor>
        {
            ["0.weight"] = sd["1.weight"], ["1.weight"] = sd["0.weight"], ["0.bias"] = sd["0.bias"], ["1.bias"] = sd["1.bias"],
        };
        m.load_state_dict(swapped);
        Assert.Equal(w1, ((NotebookCourse.Nn.Linear)m[0]).weight.ToArray<float>());
        Assert.Equal(w0, ((NotebookCourse.Nn.Linear)m[1]).weight.ToArray<float>());
    }

    [Fact]
    public void BatchNormBuffersRoundTripIncludingTheInt64Counter()
    {
        var a = nn.BatchNorm1d(4);
        a.call(torch.randn(8, 4)); a.call(torch.randn(8, 4) + 1f);
        var b = nn.BatchNorm1d(4);
        b.load_state_dict(Snapshot(a));
        Assert.Equal(2L, b.num_batches_tracked!.item<long>());
        Assert.Equal(a.running_var!.ToArray<float>(), b.running_var!.ToArray<float>());
        var bad = Snapshot(a);
        bad["running_mean"] = torch.zeros(new[] { 4 }, torch.@bool);
        Assert.Contains("'running_mean': the checkpoint has dtype bool, the module expects float32", Assert.Throws<ArgumentException>(() => b.load_state_dict(bad)).Message);
    }

    private static void AssertUnchanged(Module m, OrderedDictionary<string, Tensor> before)
    {
        foreach (var (k, v) in m.state_dict()) Assert.Equal(before[k].ToArray<float>(), v.ToArray<float>());
    }
}
