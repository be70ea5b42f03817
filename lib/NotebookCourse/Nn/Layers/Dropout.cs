using System.Globalization;
using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// During training zeroes each element with probability p and scales the rest by 1/(1−p); in eval mode it is the
/// identity. Args: p = 0.5. Shape: any → same. Example: <c>var drop = nn.Dropout(0.2f); model.eval(); // now a no-op</c>.
/// </summary>
public sealed class Dropout : Module
{
    /// <summary>Probability of zeroing an element.</summary>
    public float p { get; }

    /// <summary>Random source (null: the global generator).</summary>
    public torch.Generator? generator { get; set; }

    /// <summary>Creates the layer; p must be in [0, 1].</summary>
    public Dropout(float p = 0.5f)
    {
        if (p < 0f || p > 1f) throw new ArgumentException($"Dropout: p must be between 0 and 1, got {p}");
        this.p = p;
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => torch.nn.functional.dropout(x, p, training, generator);

    /// <inheritdoc/>
    public override string extra_repr() => "p=" + p.ToString(CultureInfo.InvariantCulture);
}
