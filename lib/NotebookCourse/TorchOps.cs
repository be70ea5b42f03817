using NotebookCourse.Autograd;
using NotebookCourse.Tensors;

namespace NotebookCourse;

public static partial class torch
{
    /// <summary>Elementwise choice: <paramref name="x"/> where <paramref name="condition"/> is true, else <paramref name="y"/> (all broadcast).</summary>
    [DifferentiableOp("where")]
    public static Tensor where(Tensor condition, Tensor x, Tensor y)
    {
        if (condition.dtype != DType.@bool) throw new ArgumentException($"where: condition must be a bool tensor, got {condition.dtype}; build it with a comparison such as x.gt(0)");
        var shape = ShapeUtil.Broadcast(ShapeUtil.Broadcast(condition._shape, x._shape, "where"), y._shape, "where");
        var xf = x.@float(); var yf = y.@float();
        var c = condition.expand_raw(shape, "where").SpanB();
        var xs = xf.expand_raw(shape, "where").SpanF();
        var ys = yf.expand_raw(shape, "where").SpanF();
        var d = new float[c.Length];
        for (int i = 0; i < d.Length; i++) d[i] = c[i] ? xs[i] : ys[i];
        var r = new Tensor(d, shape);
        if (x.dtype != DType.float32 && y.dtype != DType.float32) return r.to(x.dtype == y.dtype ? x.dtype : DType.int64);
        if (OpTrace.Current != null) OpTrace.Pending = condition; // the condition is not a recorded input
        return Function.Record("where", r, [xf, yf], g =>
        [
            Function.SumTo(g.masked_fill(condition.logical_not(), 0f), xf._shape),
            Function.SumTo(g.masked_fill(condition, 0f), yf._shape),
        ]);
    }

    /// <summary>where with a scalar for the false branch.</summary>
    public static Tensor where(Tensor condition, Tensor x, float y) => where(condition, x, tensor(y));
    /// <summary>where with a scalar for the true branch.</summary>
    public static Tensor where(Tensor condition, float x, Tensor y) => where(condition, tensor(x), y);

    /// <summary>Concatenates along an existing dim.</summary>
    public static Tensor cat(Tensor[] tensors, int dim = 0) => Tensor.Cat(tensors, dim);
    /// <summary>Concatenates along an existing dim.</summary>
    public static Tensor cat(IEnumerable<Tensor> tensors, int dim = 0) => Tensor.Cat(tensors.ToArray(), dim);
    /// <summary>Stacks along a new dim.</summary>
    public static Tensor stack(Tensor[] tensors, int dim = 0) => Tensor.Stack(tensors, dim);
    /// <summary>Stacks along a new dim.</summary>
    public static Tensor stack(IEnumerable<Tensor> tensors, int dim = 0) => Tensor.Stack(tensors.ToArray(), dim);

    /// <summary>Matrix product (see <see cref="Tensor.matmul"/>).</summary>
    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    /// <summary>2-D matrix product.</summary>
    public static Tensor mm(Tensor a, Tensor b) => a.mm(b);
    /// <summary>Batched matrix product.</summary>
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);
    /// <summary>Elementwise maximum.</summary>
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    /// <summary>Elementwise minimum.</summary>
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    /// <summary>eˣ.</summary>
    public static Tensor exp(Tensor x) => x.exp();
    /// <summary>ln x.</summary>
    public static Tensor log(Tensor x) => x.log();
    /// <summary>√x.</summary>
    public static Tensor sqrt(Tensor x) => x.sqrt();
    /// <summary>|x|.</summary>
    public static Tensor abs(Tensor x) => x.abs();
    /// <summary>tanh x.</summary>
    public static Tensor tanh(Tensor x) => x.tanh();
    /// <summary>Logistic sigmoid.</summary>
    public static Tensor sigmoid(Tensor x) => x.sigmoid();
    /// <summary>max(x, 0).</summary>
    public static Tensor relu(Tensor x) => x.relu();
    /// <summary>Softmax along a dim.</summary>
    public static Tensor softmax(Tensor x, int dim) => x.softmax(dim);
    /// <summary>Log-softmax along a dim.</summary>
    public static Tensor log_softmax(Tensor x, int dim) => x.log_softmax(dim);
    /// <summary>Clamp to [min, max].</summary>
    public static Tensor clamp(Tensor x, float? min = null, float? max = null) => x.clamp(min, max);
    /// <summary>Power with a scalar exponent.</summary>
    public static Tensor pow(Tensor x, float exponent) => x.pow(exponent);
    /// <summary>Power with a tensor exponent.</summary>
    public static Tensor pow(Tensor x, Tensor exponent) => x.pow(exponent);
    /// <summary>Sum of all elements.</summary>
    public static Tensor sum(Tensor x) => x.sum();
    /// <summary>Sum over a dim.</summary>
    public static Tensor sum(Tensor x, int dim, bool keepdim = false) => x.sum(dim, keepdim);
    /// <summary>Mean of all elements.</summary>
    public static Tensor mean(Tensor x) => x.mean();
    /// <summary>Mean over a dim.</summary>
    public static Tensor mean(Tensor x, int dim, bool keepdim = false) => x.mean(dim, keepdim);
    /// <summary>Index of the maximum along a dim.</summary>
    public static Tensor argmax(Tensor x, int dim, bool keepdim = false) => x.argmax(dim, keepdim);
    /// <summary>Gather along a dim.</summary>
    public static Tensor gather(Tensor x, int dim, Tensor index) => x.gather(dim, index);
    /// <summary>Select slices by index along a dim.</summary>
    public static Tensor index_select(Tensor x, int dim, Tensor index) => x.index_select(dim, index);
    /// <summary>k largest values and indices.</summary>
    public static (Tensor values, Tensor indices) topk(Tensor x, int k, int dim = -1, bool largest = true, bool sorted = true) => x.topk(k, dim, largest, sorted);
    /// <summary>Cumulative sum.</summary>
    public static Tensor cumsum(Tensor x, int dim) => x.cumsum(dim);
    /// <summary>Flattens dims start..end.</summary>
    public static Tensor flatten(Tensor x, int start_dim = 0, int end_dim = -1) => x.flatten(start_dim, end_dim);
    /// <summary>Reshape.</summary>
    public static Tensor reshape(Tensor x, params int[] shape) => x.reshape(shape);
    /// <summary>Transpose two dims.</summary>
    public static Tensor transpose(Tensor x, int dim0, int dim1) => x.transpose(dim0, dim1);
    /// <summary>Permute dims.</summary>
    public static Tensor permute(Tensor x, params int[] dims) => x.permute(dims);
    /// <summary>Remove size-1 dims.</summary>
    public static Tensor squeeze(Tensor x) => x.squeeze();
    /// <summary>Insert a size-1 dim.</summary>
    public static Tensor unsqueeze(Tensor x, int dim) => x.unsqueeze(dim);
    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> have the same shape and the same values (see <see cref="Tensor.equal"/>).</summary>
    public static bool equal(Tensor a, Tensor b) { ArgumentNullException.ThrowIfNull(a); return a.equal(b); }
    /// <summary>A copy of <paramref name="x"/> with the elements reversed along <paramref name="dims"/> (see <see cref="Tensor.flip"/>).</summary>
    public static Tensor flip(Tensor x, params int[] dims) { ArgumentNullException.ThrowIfNull(x); return x.flip(dims); }
    /// <summary>True when all elements are within atol + rtol·|other| of each other.</summary>
    public static bool allclose(Tensor a, Tensor b, float rtol = 1e-5f, float atol = 1e-8f)
    {
        using var _ = no_grad();
        var diff = (a.@float() - b.@float()).abs();
        var tol = b.@float().abs() * rtol + atol;
        return !diff.gt(tol).any().item<bool>();
    }

    /// <summary>Turns off autograd recording until disposed: <c>using (torch.no_grad()) { ... }</c>.</summary>
    public static IDisposable no_grad() => GradMode.Disable();
    /// <summary>Turns autograd recording on or off until disposed.</summary>
    public static IDisposable set_grad_enabled(bool enabled) => GradMode.Set(enabled);
    /// <summary>True when ops are currently recorded for backward.</summary>
    public static bool is_grad_enabled() => GradMode.IsEnabled;

    /// <summary>Autograd controls, as in <c>torch.autograd</c>.</summary>
    public static class autograd
    {
        /// <summary>Turns NaN/Inf detection on or off (names the op whose forward or backward produced it).</summary>
        public static void set_detect_anomaly(bool enabled) => AnomalyMode.Set(enabled);
        /// <summary>NaN/Inf detection for a scope: <c>using (torch.autograd.detect_anomaly()) { loss.backward(); }</c>.</summary>
        public static IDisposable detect_anomaly() => AnomalyMode.Scope();
        /// <summary>Whether anomaly detection is on.</summary>
        public static bool is_anomaly_enabled() => AnomalyMode.IsEnabled;
    }
}
