using System.Globalization;
using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>max(x, 0) elementwise. Shape: any → same. Example: <c>nn.ReLU().call(x)</c>.</summary>
public sealed class ReLU : Module
{
    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => x.relu();
}

/// <summary>x for x ≥ 0, negativeSlope·x otherwise. Args: negativeSlope (default 0.01). Shape: any → same.</summary>
public sealed class LeakyReLU(float negativeSlope = 0.01f) : Module
{
    /// <summary>Slope for negative inputs.</summary>
    public float negative_slope { get; } = negativeSlope;
    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => x.leaky_relu(negative_slope);
    /// <inheritdoc/>
    public override string extra_repr() => "negative_slope=" + negative_slope.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Gaussian error linear unit x·Φ(x). Args: approximate ("none" or "tanh"). Shape: any → same.</summary>
public sealed class GELU(string approximate = "none") : Module
{
    /// <summary>"none" (exact erf form) or "tanh".</summary>
    public string approximate { get; } = approximate is "none" or "tanh" ? approximate
        : throw new ArgumentException($"GELU: approximate must be \"none\" or \"tanh\", got \"{approximate}\"");
    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => x.gelu(approximate);
    /// <inheritdoc/>
    public override string extra_repr() => approximate == "none" ? "" : $"approximate='{approximate}'";
}

/// <summary>x·sigmoid(x) (also called swish). Shape: any → same.</summary>
public sealed class SiLU : Module
{
    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => x.silu();
}

/// <summary>1/(1+e^−x) elementwise. Shape: any → same.</summary>
public sealed class Sigmoid : Module
{
    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => x.sigmoid();
}

/// <summary>tanh elementwise. Shape: any → same.</summary>
public sealed class Tanh : Module
{
    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => x.tanh();
}

/// <summary>Softmax along <c>dim</c> (values along it become positive and sum to 1). Shape: any → same.</summary>
public sealed class Softmax(int dim) : Module
{
    /// <summary>The dim that sums to 1.</summary>
    public int dim { get; } = dim;
    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => x.softmax(dim);
    /// <inheritdoc/>
    public override string extra_repr() => $"dim={dim}";
}

/// <summary>log(softmax(x)) along <c>dim</c>, computed stably (pair it with nll_loss). Shape: any → same.</summary>
public sealed class LogSoftmax(int dim) : Module
{
    /// <summary>The normalized dim.</summary>
    public int dim { get; } = dim;
    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => x.log_softmax(dim);
    /// <inheritdoc/>
    public override string extra_repr() => $"dim={dim}";
}
