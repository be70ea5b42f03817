using NotebookCourse.Nn;
using NotebookCourse.Tensors;

namespace NotebookCourse.Tests.Nn;

/// <summary>Small hand-written modules shared by the nn tests.</summary>
internal sealed class TwoLayerNet : Module
{
    public readonly NotebookCourse.Nn.Linear fc1, fc2;
    public TwoLayerNet(int inF = 4, int hidden = 3, int outF = 2)
    {
        fc1 = register_module("fc1", torch.nn.Linear(inF, hidden));
        fc2 = register_module("fc2", torch.nn.Linear(hidden, outF));
    }
    public override Tensor forward(Tensor x) => fc2.call(fc1.call(x).relu());
}

/// <summary>A module with a buffer of each kind and a scalar parameter.</summary>
internal sealed class WithBuffers : Module
{
    public WithBuffers()
    {
        register_parameter("scale", torch.ones(1));
        register_buffer("stats", torch.zeros(3));
        register_buffer("scratch", torch.zeros(2), persistent: false);
    }
    public override Tensor forward(Tensor x) => x * param("scale")!;
}

/// <summary>A two-input module: a linear layer whose output is masked.</summary>
internal sealed class MaskedLinear : Module<(Tensor x, Tensor keep), Tensor>
{
    public readonly NotebookCourse.Nn.Linear fc;
    public MaskedLinear() => fc = register_module("fc", torch.nn.Linear(3, 2));
    public override Tensor forward((Tensor x, Tensor keep) input) => fc.call(input.x).masked_fill(input.keep.logical_not(), 0f);
}
