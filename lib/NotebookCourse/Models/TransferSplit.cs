using NotebookCourse.Data;

namespace NotebookCourse.Models;

/// <summary>
/// The class split notebook 04 uses for transfer learning on Fashion-MNIST: the <b>source</b> task is classes 0–4
/// (T-shirt/top, trouser, pullover, dress, coat: clothes for the upper body and dresses), where plenty of labelled images are
/// used to pretrain the backbone; the <b>target</b> task is classes 5–9 (sandal, shirt, sneaker, bag, ankle boot),
/// mostly shoes and bags the backbone never saw, with only a few labelled images per class.
/// </summary>
public static class TransferSplit
{
    /// <summary>Fashion-MNIST classes of the source task, in label order (label i of the subset = class SourceClasses[i]).</summary>
    public static IReadOnlyList<int> SourceClasses { get; } = [0, 1, 2, 3, 4];

    /// <summary>Fashion-MNIST classes of the target task, in label order.</summary>
    public static IReadOnlyList<int> TargetClasses { get; } = [5, 6, 7, 8, 9];

    /// <summary>
    /// The images of <paramref name="classes"/> relabelled 0..k−1 in that order. With <paramref name="perClass"/> ≥ 0
    /// only that many per class, drawn at random with <paramref name="seed"/> (the same seed gives the same images);
    /// otherwise all of them in dataset order. Pixels stay in [0, 1].
    /// </summary>
    /// <example><code>var few = TransferSplit.Select(FashionMnist.Train(), TransferSplit.TargetClasses, perClass: 20, seed: 1);</code></example>
    public static ArrayDataset Select(Dataset dataset, IReadOnlyList<int> classes, int perClass = -1, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset); ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count == 0 || classes.Distinct().Count() != classes.Count)
            throw new ArgumentException($"TransferSplit.Select: classes must be non-empty and distinct, got [{string.Join(", ", classes)}]");
        var byClass = classes.Select(_ => new List<int>()).ToArray();
        var labels = LabelsOf(dataset);
        for (int i = 0; i < labels.Length; i++)
        {
            int k = IndexOf(classes, labels[i]);
            if (k >= 0) byClass[k].Add(i);
        }
        var rng = new Rng(seed);
        var chosen = new List<(int index, int label)>();
        for (int k = 0; k < classes.Count; k++)
        {
            var list = byClass[k];
            if (list.Count == 0)
                throw new ArgumentException($"TransferSplit.Select: the dataset has no image of class {classes[k]}");
            if (perClass >= 0)
            {
                if (perClass > list.Count)
                    throw new ArgumentException($"TransferSplit.Select: asked for {perClass} images of class {classes[k]}, the dataset has {list.Count}");
                var order = rng.Permutation(list.Count);
                list = order.Take(perClass).Select(j => list[j]).ToList();
            }
            foreach (var i in list) chosen.Add((i, k));
        }
        // Interleave the classes by dataset index so that "take the first n" of the result stays balanced-ish.
        chosen.Sort((a, b) => a.index.CompareTo(b.index));
        var first = dataset[chosen.Count > 0 ? chosen[0].index : 0];
        int size = first.Data.Length;
        var data = new float[(long)size * chosen.Count];
        var y = new long[chosen.Count];
        for (int j = 0; j < chosen.Count; j++)
        {
            dataset[chosen[j].index].Data.CopyTo(data, (long)j * size);
            y[j] = chosen[j].label;
        }
        return new ArrayDataset(data, first.Shape, y);
    }

    private static long[] LabelsOf(Dataset dataset)
    {
        if (dataset is FashionMnist f)
        {
            var raw = f.Labels;
            var l = new long[raw.Length];
            for (int i = 0; i < l.Length; i++) l[i] = raw[i];
            return l;
        }
        var labels = new long[dataset.Count];
        for (int i = 0; i < labels.Length; i++) labels[i] = dataset[i].Label;
        return labels;
    }

    private static int IndexOf(IReadOnlyList<int> classes, long label)
    {
        for (int k = 0; k < classes.Count; k++) if (classes[k] == label) return k;
        return -1;
    }
}
