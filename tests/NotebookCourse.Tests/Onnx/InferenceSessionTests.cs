using System.Diagnostics;
using NotebookCourse.Onnx;

namespace NotebookCourse.Tests.Onnx;

/// <summary>The runtime binding itself: loading, metadata, input validation, errors, providers, handle release.</summary>
[Collection("onnxruntime")]
public class InferenceSessionTests
{
    private static readonly SessionConfig Config = new() { Threads = 1, PrintWarnings = false };

    /// <summary>(-1, 1, 28, 28) → Flatten → Gemm to 10: the LeNet input signature with a tiny body.</summary>
    private static byte[] ImageModel()
    {
        var g = new OnnxGraphBuilder("image");
        var x = g.AddInput("x", -1, 1, 28, 28);
        var f = g.Node("Flatten", [x]);
        var w = new float[10 * 784];
        for (int i = 0; i < w.Length; i++) w[i] = (i % 7) * 0.01f;
        g.AddNode("Gemm", [f, g.AddInitializer("w", w, 10, 784)], ["logits"], OnnxAttribute.Int("transB", 1));
        g.AddOutput("logits", -1, 10);
        return g.Build().ToByteArray();
    }

    [OrtFact]
    public void Loads_the_npm_runtime_and_reports_version_and_cpu_provider()
    {
        Assert.Matches(@"^1\.\d+\.\d+", OnnxRuntime.Version);
        Assert.True(File.Exists(OnnxRuntime.LibraryPath) || !Path.IsPathRooted(OnnxRuntime.LibraryPath));
        Assert.Contains("CPUExecutionProvider", OnnxRuntime.AvailableProviders);
    }

    [OrtFact]
    public void Exposes_input_and_output_metadata_with_dynamic_batch()
    {
        using var session = new InferenceSession(ImageModel(), Config);
        var input = Assert.Single(session.Inputs);
        Assert.Equal("x", input.Name);
        Assert.Equal(OnnxElementType.Float, input.ElementType);
        Assert.Equal([-1, 1, 28, 28], input.Shape);
        var output = Assert.Single(session.Outputs);
        Assert.Equal("logits", output.Name);
        Assert.Equal([-1, 10], output.Shape);
        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        Assert.Empty(session.Warnings);
    }

    [OrtFact]
    public void Runs_from_a_file_and_returns_named_outputs_with_shapes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nc-onnx-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, ImageModel());
        try
        {
            using var session = new InferenceSession(path, Config);
            var x = new float[3 * 784];
            x[0] = 1f; // only pixel 0 of image 0 is lit, so logits[0][j] = w[j, 0] = 0 and image 1, 2 give 0 too
            x[784 + 5] = 2f; // image 1, pixel 5: logits[1][j] = 2 * w[j, 5] = 2 * ((j * 784 + 5) % 7) * 0.01
            var outputs = session.Run(("x", x, new[] { 3, 1, 28, 28 }));
            Assert.Equal(outputs[0].AsFloats(), session.Run("x", x, 3, 1, 28, 28)["logits"].AsFloats());
            var logits = outputs["logits"];
            Assert.Equal([3, 10], logits.Shape);
            var y = logits.AsFloats();
            for (int j = 0; j < 10; j++)
            {
                Assert.Equal(((j * 784) % 7) * 0.01f, y[j], 1e-6f);
                Assert.Equal(2 * ((j * 784 + 5) % 7) * 0.01f, y[10 + j], 1e-6f);
                Assert.Equal(0f, y[20 + j]);
            }
        }
        finally { File.Delete(path); }
    }

    [OrtFact]
    public void Wrong_shape_names_the_input_and_both_shapes()
    {
        using var session = new InferenceSession(ImageModel(), Config);
        var e = Assert.Throws<ArgumentException>(() => session.Run(("x", new float[7 * 3 * 784], new[] { 7, 3, 28, 28 })));
        Assert.Equal("onnx: input 'x' expects shape (-1, 1, 28, 28), got (7, 3, 28, 28)", e.Message);
    }

    [OrtFact]
    public void Wrong_name_missing_input_and_wrong_type_are_clear_errors()
    {
        using var session = new InferenceSession(ImageModel(), Config);
        var wrongName = Assert.Throws<ArgumentException>(() => session.Run(("image", new float[784], new[] { 1, 1, 28, 28 })));
        Assert.Contains("no input 'image'", wrongName.Message);
        Assert.Contains("x: float (-1, 1, 28, 28)", wrongName.Message);
        var missing = Assert.Throws<ArgumentException>(() => session.Run());
        Assert.Contains("input 'x' is missing", missing.Message);
        var wrongType = Assert.Throws<ArgumentException>(() => session.Run(("x", new long[784], new[] { 1, 1, 28, 28 })));
        Assert.Contains("expects float elements, got int64", wrongType.Message);
        var badLength = Assert.Throws<ArgumentException>(() => new OnnxInput("x", new float[10], 1, 1, 28, 28));
        Assert.Contains("784 elements but its array holds 10", badLength.Message);
        Assert.Throws<KeyNotFoundException>(() => session.Run(("x", new float[784], new[] { 1, 1, 28, 28 }))["nope"]);
    }

    [OrtFact]
    public void Corrupt_bytes_and_missing_files_raise_clear_exceptions()
    {
        var bytes = ImageModel();
        var corrupt = bytes.Take(bytes.Length / 2).ToArray(); // cut inside the weights
        var e = Assert.Throws<OnnxRuntimeException>(() => new InferenceSession(corrupt, Config));
        Assert.StartsWith("onnx: loading a model from", e.Message);
        Assert.Equal(OrtErrorCode.InvalidProtobuf, e.ErrorCode);
        var garbage = Assert.Throws<OnnxRuntimeException>(() => new InferenceSession("not an onnx model at all"u8.ToArray(), Config));
        Assert.Equal(OrtErrorCode.InvalidProtobuf, garbage.ErrorCode);
        var missing = Assert.Throws<FileNotFoundException>(() => new InferenceSession("/nonexistent/model.onnx", Config));
        Assert.Contains("'/nonexistent/model.onnx' does not exist", missing.Message);
    }

    [OrtFact]
    public void Int64_inputs_feed_a_gather_embedding()
    {
        var table = Enumerable.Range(0, 5 * 3).Select(i => (float)i).ToArray(); // row r = [3r, 3r+1, 3r+2]
        var g = new OnnxGraphBuilder("embedding");
        var ids = g.AddInput("ids", OnnxElementType.Int64, -1, 4);
        g.AddNode("Gather", [g.AddInitializer("emb.weight", table, 5, 3), ids], ["vectors"]);
        g.AddOutput("vectors", -1, 4, 3);
        using var session = new InferenceSession(g.Build().ToByteArray(), Config);
        Assert.Equal(OnnxElementType.Int64, session.Inputs[0].ElementType);
        var y = session.Run(("ids", new long[] { 4, 0, 2, 2, 1, 3, 0, 4 }, new[] { 2, 4 }))["vectors"];
        Assert.Equal([2, 4, 3], y.Shape);
        Assert.Equal(new float[] { 12, 13, 14, 0, 1, 2, 6, 7, 8, 6, 7, 8, 3, 4, 5, 9, 10, 11, 0, 1, 2, 12, 13, 14 }, y.AsFloats());
    }

    [OrtFact]
    public void Gpu_requests_fall_back_to_cpu_with_a_warning_when_no_gpu_provider_works()
    {
        // On a machine where CUDA works the session must say so and carry no warning; elsewhere (this CI: the npm
        // build lists CUDA but lacks its provider library) it must run on the CPU and say why.
        using var cuda = new InferenceSession(ImageModel(), Config with { Provider = ExecutionProvider.Cuda });
        if (cuda.Provider == ExecutionProvider.Cuda) Assert.Empty(cuda.Warnings);
        else
        {
            Assert.Equal(ExecutionProvider.Cpu, cuda.Provider);
            var warning = Assert.Single(cuda.Warnings);
            Assert.StartsWith("onnx: CUDA was requested but is unavailable (", warning);
            Assert.EndsWith("running on the CPU instead.", warning);
        }
        Assert.Equal([1, 10], cuda.Run(new float[784], 1, 1, 28, 28)[0].Shape); // the fallback session still computes

        using var best = new InferenceSession(ImageModel(), Config with { Provider = ExecutionProvider.Best });
        if (best.Provider == ExecutionProvider.Cpu)
        {
            var warning = Assert.Single(best.Warnings);
            Assert.Contains("no GPU execution provider is usable (CUDA: ", warning);
            Assert.Contains("; DirectML: ", warning);
        }
        else Assert.Empty(best.Warnings);

        using var dml = new InferenceSession(ImageModel(), Config with { Provider = ExecutionProvider.DirectML });
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(ExecutionProvider.Cpu, dml.Provider);
            Assert.Contains("DirectML exists only on Windows", Assert.Single(dml.Warnings));
        }
        Assert.Contains(dml.Provider.ToString(), dml.ToString());
    }

    [OrtFact]
    public void Create_run_dispose_cycles_release_every_native_handle()
    {
        var model = ImageModel();
        var x = new float[784];
        // Warm up so one-time allocations (thread pools, arenas) are not counted as growth.
        using (var warm = new InferenceSession(model, Config)) warm.Run(x, 1, 1, 28, 28);
        long handlesBefore = OrtHandle.LiveCount;
        GC.Collect();
        long rssBefore = Process.GetCurrentProcess().WorkingSet64;

        for (int s = 0; s < 200; s++)
        {
            using var session = new InferenceSession(model, Config);
            session.Run(x, 1, 1, 28, 28);
        }
        using (var session = new InferenceSession(model, Config))
            for (int r = 0; r < 2000; r++) session.Run(x, 1, 1, 28, 28);

        Assert.Equal(handlesBefore, OrtHandle.LiveCount);
        GC.Collect();
        long growthMb = (Process.GetCurrentProcess().WorkingSet64 - rssBefore) >> 20;
        Assert.True(growthMb < 150, $"resident memory grew by {growthMb} MB over 200 sessions and 2,000 runs");
    }

    [OrtFact]
    public void Concurrent_runs_on_one_session_agree_and_disposed_sessions_refuse_to_run()
    {
        var session = new InferenceSession(ImageModel(), Config);
        var x = Enumerable.Range(0, 784).Select(i => (i % 13) / 13f).ToArray();
        var expected = session.Run(x, 1, 1, 28, 28)[0].AsFloats();
        Parallel.For(0, 4, _ =>
        {
            for (int r = 0; r < 50; r++) Assert.Equal(expected, session.Run(x, 1, 1, 28, 28)[0].AsFloats());
        });
        session.Dispose();
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run(x, 1, 1, 28, 28));
    }

    [Fact]
    public void A_missing_library_error_lists_every_place_tried_and_the_fix()
    {
        var candidates = new[] { ("explicit path", "/nowhere/libonnxruntime.so.1"), ("$NOTEBOOKCOURSE_ORT_PATH", "/also/nowhere/onnxruntime.dll") };
        var e = Assert.Throws<OnnxRuntimeNotFoundException>(() => OrtLibraryLocator.Load(candidates, probeSystem: false));
        Assert.Equal(2, e.Tried.Count);
        Assert.Contains("/nowhere/libonnxruntime.so.1 (not found)", e.Message);
        Assert.Contains("/also/nowhere/onnxruntime.dll (not found)", e.Message);
        Assert.Contains("./environment/course setup", e.Message);
        Assert.Contains("NOTEBOOKCOURSE_ORT_PATH", e.Message);
    }

    [Fact]
    public void Locator_order_is_explicit_then_env_then_repo_npm_cache()
    {
        var dir = Directory.CreateTempSubdirectory("nc-ort-").FullName; // a folder expands to the library names inside it
        var candidates = OrtLibraryLocator.Candidates(dir).ToList();
        Directory.Delete(dir);
        Assert.Equal("explicit path", candidates[0].Source);
        Assert.Equal(Path.Combine(dir, OrtLibraryLocator.LibraryFileNames[0]), candidates[0].Path);
        var npm = candidates.FindIndex(c => c.Source.StartsWith("course setup"));
        Assert.True(npm > 0, "the repository's .cache/npm copy should be a candidate when running inside the repo");
        Assert.Contains(Path.Combine(".cache", "npm", "node_modules", "onnxruntime-node", "bin"), candidates[npm].Path);
    }
}
