using System.Globalization;
using System.Text.Json;
using NotebookCourse.Nn;
using NotebookCourse.Optim;
using NotebookCourse.Tensors;

namespace NotebookCourse.Serialization;

/// <summary>
/// Training checkpoints in one safetensors file: the model's tensors under "model.", the optimizer's per-parameter
/// state under "optimizer.state.{index}.{name}", and the epoch, optimizer type, group hyper-parameters and scheduler
/// state as JSON strings in the metadata. Resuming restores all of them, so training continues exactly.
/// Example: <c>Checkpoint.Save("run.safetensors", model, opt, epoch, sched); ... int epoch = Checkpoint.Load("run.safetensors", model, opt, sched);</c>
/// </summary>
public static class Checkpoint
{
    private const string ModelPrefix = "model.", StatePrefix = "optimizer.state.";

    /// <summary>Writes model, optimizer (optional), scheduler (optional), epoch and extra metadata atomically.</summary>
    public static void Save(string path, Module model, Optimizer? optimizer = null, int epoch = 0, LRScheduler? scheduler = null,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var (k, t) in model.state_dict()) tensors.Add(new(ModelPrefix + k, t));
        var meta = new Dictionary<string, string>();
        if (extra != null) foreach (var (k, v) in extra) meta[k] = v;
        meta["epoch"] = epoch.ToString(CultureInfo.InvariantCulture);
        if (optimizer != null)
        {
            var sd = optimizer.state_dict();
            foreach (var (idx, entries) in sd.state)
                foreach (var (name, t) in entries) tensors.Add(new($"{StatePrefix}{idx}.{name}", t));
            meta["optimizer.type"] = sd.type;
            meta["optimizer.param_groups"] = JsonSerializer.Serialize(sd.param_groups.Select(g => new Dictionary<string, object>(g.options.Select(o => new KeyValuePair<string, object>(o.Key, o.Value))) { ["params"] = g.@params }));
        }
        if (scheduler != null) meta["scheduler"] = JsonSerializer.Serialize(scheduler.state_dict());
        Safetensors.Save(tensors, path, meta);
    }

    /// <summary>
    /// Restores what <see cref="Save"/> wrote into <paramref name="model"/> (and the optimizer and scheduler when
    /// given) and returns the saved epoch. If anything does not fit, nothing is changed and the error names the file and key.
    /// </summary>
    public static int Load(string path, Module model, Optimizer? optimizer = null, LRScheduler? scheduler = null, bool strict = true)
    {
        var full = Path.GetFullPath(path);
        var file = Safetensors.Read(full);
        var modelTensors = new List<KeyValuePair<string, Tensor>>();
        var state = new Dictionary<int, Dictionary<string, Tensor>>();
        foreach (var (k, t) in file.tensors)
        {
            if (k.StartsWith(ModelPrefix, StringComparison.Ordinal)) { modelTensors.Add(new(k[ModelPrefix.Length..], t)); continue; }
            if (!k.StartsWith(StatePrefix, StringComparison.Ordinal))
                throw new SafetensorsException(full, k, "is neither a model tensor ('model.…') nor optimizer state ('optimizer.state.…'); this is not a training checkpoint (use model.load for plain weight files)");
            var rest = k[StatePrefix.Length..];
            int dot = rest.IndexOf('.');
            if (dot <= 0 || !int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var idx))
                throw new SafetensorsException(full, k, "optimizer state keys must look like 'optimizer.state.<index>.<name>'");
            if (!state.TryGetValue(idx, out var d)) state[idx] = d = new();
            d[rest[(dot + 1)..]] = t;
        }
        if (!file.metadata.TryGetValue("epoch", out var epochText) || !int.TryParse(epochText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
            throw new SafetensorsException(full, "__metadata__", "has no integer 'epoch'; this is not a training checkpoint written by Checkpoint.Save");
        OptimizerStateDict? optState = null;
        if (optimizer != null) optState = ReadOptimizer(file.metadata, state, full);
        Dictionary<string, double>? schedState = null;
        if (scheduler != null)
        {
            if (!file.metadata.TryGetValue("scheduler", out var js))
                throw new SafetensorsException(full, "__metadata__", "has no scheduler state; save the checkpoint with the scheduler or load without it");
            schedState = Json<Dictionary<string, double>>(js, full, "scheduler");
        }

        // Apply in an order that can be undone: each load checks everything before changing anything, and if a
        // later one refuses, the earlier ones are put back as they were.
        var schedBefore = scheduler?.state_dict();
        var optBefore = optimizer?.state_dict();
        scheduler?.load_state_dict(schedState!);
        try
        {
            if (optimizer != null) WithFile(full, () => optimizer.load_state_dict(optState!));
            try { ModuleSafetensors.LoadInto(model, modelTensors, full, strict); }
            catch { optimizer?.load_state_dict(optBefore!); throw; }
        }
        catch { scheduler?.load_state_dict(schedBefore!); throw; }
        return epoch;
    }

    private static OptimizerStateDict ReadOptimizer(Dictionary<string, string> meta, Dictionary<int, Dictionary<string, Tensor>> state, string path)
    {
        if (!meta.TryGetValue("optimizer.type", out var type) || !meta.TryGetValue("optimizer.param_groups", out var groupsJson))
            throw new SafetensorsException(path, "__metadata__", "has no optimizer state; the checkpoint was saved without an optimizer, so load it without one");
        var raw = Json<List<Dictionary<string, JsonElement>>>(groupsJson, path, "optimizer.param_groups");
        var groups = new List<GroupState>();
        foreach (var g in raw)
        {
            var options = new Dictionary<string, double>();
            int[] ids = [];
            foreach (var (k, v) in g)
            {
                if (k == "params") ids = v.EnumerateArray().Select(x => x.GetInt32()).ToArray();
                else if (v.ValueKind == JsonValueKind.Number) options[k] = v.GetDouble();
                else throw new SafetensorsException(path, "optimizer.param_groups", $"option '{k}' is not a number");
            }
            groups.Add(new GroupState(options, ids));
        }
        return new OptimizerStateDict { type = type, state = state, param_groups = groups };
    }

    private static T Json<T>(string text, string path, string key)
    {
        try { return JsonSerializer.Deserialize<T>(text) ?? throw new JsonException("null"); }
        catch (JsonException e) { throw new SafetensorsException(path, key, $"metadata is not valid JSON ({e.Message})"); }
    }

    private static void WithFile(string path, Action a)
    {
        try { a(); }
        catch (ArgumentException e) { throw new ArgumentException($"{path}: {e.Message}", e); }
    }
}
