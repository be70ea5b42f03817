using System.Security.Cryptography;
using NotebookCourse.Data.Hub;
using NotebookCourse.Kernel.Pretrain;
using NotebookCourse.Models;
using NotebookCourse.Serialization;

namespace NotebookCourse.Kernel.Tests.Pretrain;

public sealed class PretrainCommandTests
{
    [Fact]
    public void Unknown_recipe_is_named_with_the_known_ones()
    {
        var stdout = new StringWriter(); var stderr = new StringWriter();
        int rc = PretrainCommand.Run("imagenet", Path.GetTempFileName(), new PretrainOptions(), stdout, stderr);
        Assert.Equal(2, rc);
        Assert.Contains("'imagenet'", stderr.ToString());
        Assert.Contains("resnet-fashion", stderr.ToString());
    }

    [Fact]
    public void Tiny_run_writes_a_loadable_file_and_prints_its_checksum()
    {
        bool present = DataManifest.Embedded["fashion-mnist"].SystemPaths.Any(d => File.Exists(Path.Combine(d, "train-images-idx3-ubyte.gz")));
        if (!present)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "Fashion-MNIST is missing under CI");
            return;
        }
        var dir = Directory.CreateTempSubdirectory("nc-pretrain-").FullName;
        try
        {
            string path = Path.Combine(dir, "sub", "tiny.safetensors");
            var options = new PretrainOptions { Spec = ResNetSpec.Small([1], [4], numClasses: 5), TrainPerClass = 10, TestPerClass = 10, Epochs = 1, BatchSize = 25 };
            var stdout = new StringWriter();
            Assert.Equal(0, PretrainCommand.Run("resnet-fashion", path, options, stdout, new StringWriter()));
            string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
            Assert.Contains($"sha256 {sha}", stdout.ToString());
            Assert.Contains("source-task test accuracy", stdout.ToString());
            var model = new ResNet(options.Spec);
            model.load(path, strict: true);
            var meta = Safetensors.Read(path).metadata;
            Assert.Equal("0,1,2,3,4", meta["source_classes"]);
            Assert.Empty(Directory.GetFiles(Path.Combine(dir, "sub"), "*.tmp*"));
        }
        finally { Directory.Delete(dir, true); }
    }
}
