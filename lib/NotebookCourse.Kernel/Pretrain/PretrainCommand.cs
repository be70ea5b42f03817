using System.CommandLine;
using System.Security.Cryptography;
using NotebookCourse.Kernel.Runner;
using NotebookCourse.Models;

namespace NotebookCourse.Kernel.Pretrain;

/// <summary>
/// <c>pretrain resnet-fashion [--out PATH] [--epochs N] [--per-class N] [--seed S]</c>: reproduces the backbone shipped
/// in data/pretrained/ for notebook 04 and prints its size, SHA-256 and source-task accuracy (the values that go into
/// data/manifest.json). The file is written to a temporary name and renamed, so an interrupted run leaves the old file.
/// </summary>
public static class PretrainCommand
{
    /// <summary>Names accepted as the recipe argument.</summary>
    public static readonly string[] Recipes = ["resnet-fashion"];

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var recipe = new Argument<string>("recipe") { Description = "What to pretrain: resnet-fashion" };
        var output = new Option<string?>("--out") { Description = $"Output file (default data/pretrained/{Pretraining.FileName} in the repository)" };
        var defaults = new PretrainOptions();
        var epochs = new Option<int>("--epochs") { Description = $"Passes over the source images (default {defaults.Epochs})", DefaultValueFactory = _ => defaults.Epochs };
        var perClass = new Option<int>("--per-class") { Description = $"Training images per source class (default {defaults.TrainPerClass})", DefaultValueFactory = _ => defaults.TrainPerClass };
        var seed = new Option<ulong>("--seed") { Description = "Seed of weights, images and batch order (default 0)", DefaultValueFactory = _ => 0UL };
        var command = new Command("pretrain", "Reproduce a pretrained model shipped with the course (notebook 04's backbone)")
            { recipe, output, epochs, perClass, seed };
        command.SetAction(parse => Run(parse.GetValue(recipe)!, parse.GetValue(output),
            defaults with { Epochs = parse.GetValue(epochs), TrainPerClass = parse.GetValue(perClass), Seed = parse.GetValue(seed) },
            Console.Out, Console.Error));
        return command;
    }

    /// <summary>The body of the command; returns the exit code.</summary>
    public static int Run(string recipe, string? output, PretrainOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (!Recipes.Contains(recipe))
        {
            stderr.WriteLine($"pretrain: unknown recipe '{recipe}'; known: {string.Join(", ", Recipes)}");
            return 2;
        }
        string path = output ?? DefaultPath();
        stdout.WriteLine($"pretrain {recipe}: {options.Spec.Name} blocks ({string.Join(", ", options.Spec.Blocks)}) widths ({string.Join(", ", options.Spec.Widths)}), " +
                         $"classes [{string.Join(", ", options.SourceClasses)}], {options.TrainPerClass}/class, {options.Epochs} epochs, seed {options.Seed}, {Environment.ProcessorCount} cores");
        options = options with { Log = line => stdout.WriteLine("  " + line) };
        var result = Pretraining.TrainSourceBackbone(options);
        Pretraining.Save(result, options, path);
        var bytes = File.ReadAllBytes(path);
        stdout.WriteLine($"wrote {path}");
        stdout.WriteLine($"  size   {bytes.Length}");
        stdout.WriteLine($"  sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))}");
        stdout.WriteLine($"  source-task test accuracy {result.SourceTestAccuracy:P2} ({options.TestPerClass * options.SourceClasses.Count} held-out images), {result.Seconds:F0} s");
        return 0;
    }

    private static string DefaultPath()
    {
        var root = RepoPaths.FindRoot(Environment.CurrentDirectory) ?? RepoPaths.FindRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("pretrain: run it inside the repository or pass --out PATH");
        return Path.Combine(root, "data", "pretrained", Pretraining.FileName);
    }
}
