namespace NotebookCourse.Tensors;

/// <summary>Element type of a tensor. Lower-case like PyTorch: <c>torch.float32</c>, <c>torch.int64</c>, <c>torch.@bool</c>.</summary>
public enum DType
{
    /// <summary>32-bit float: values, activations, parameters, gradients.</summary>
    float32,
    /// <summary>64-bit integer: indices and class labels.</summary>
    int64,
    /// <summary>Boolean: masks and comparison results.</summary>
    @bool,
}
