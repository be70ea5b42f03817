using System.Globalization;
using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

/// <summary>
/// Resizes images to a size or by a scale factor, "nearest" (copy pixels) or "bilinear" (interpolate).
/// Args: size or scaleFactor (exactly one), mode = "nearest", alignCorners (bilinear only).
/// Shape: (N, C, H, W) → (N, C, OH, OW). Example: <c>nn.Upsample(scaleFactor: 2, mode: "bilinear") // 14×14 → 28×28</c>.
/// </summary>
public sealed class Upsample : Module
{
    /// <summary>Target size, or unset.</summary>
    public IntPair size { get; }
    /// <summary>Scale factor, or null.</summary>
    public double? scale_factor { get; }
    /// <summary>"nearest" or "bilinear".</summary>
    public string mode { get; }
    /// <summary>Bilinear corner alignment (null: false).</summary>
    public bool? align_corners { get; }

    /// <summary>Creates the layer; give exactly one of size and scaleFactor.</summary>
    public Upsample(IntPair size = default, double? scaleFactor = null, string mode = "nearest", bool? alignCorners = null)
    {
        if (size.IsSet == scaleFactor.HasValue)
            throw new ArgumentException("Upsample: give exactly one of size and scaleFactor, e.g. nn.Upsample(scaleFactor: 2)");
        if (mode is not ("nearest" or "bilinear"))
            throw new ArgumentException($"Upsample: mode must be \"nearest\" or \"bilinear\", got \"{mode}\"");
        this.size = size; scale_factor = scaleFactor; this.mode = mode; align_corners = alignCorners;
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        if (x.dim() != 4) throw new ArgumentException($"Upsample expected input (N, C, H, W), got {ShapeUtil.Format(x._shape)}");
        return torch.nn.functional.interpolate(x, size, scale_factor, mode, align_corners);
    }

    /// <inheritdoc/>
    public override string extra_repr() =>
        (size.IsSet ? $"size={size}" : $"scale_factor={scale_factor!.Value.ToString(CultureInfo.InvariantCulture)}") + $", mode='{mode}'" +
        (align_corners is bool a ? $", align_corners={(a ? "True" : "False")}" : "");
}
