using NotebookCourse.Tensors;

namespace NotebookCourse.Autograd;

/// <summary>
/// Reverse-mode differentiation: orders the graph's nodes topologically (iteratively, so deep graphs cannot overflow
/// the stack), seeds the root's gradient, and walks the order backwards accumulating gradients into inputs.
/// </summary>
internal static class BackwardEngine
{
    public static void Run(Tensor root, Tensor? gradient, bool retainGraph)
    {
        if (!root.requires_grad)
            throw new InvalidOperationException($"backward: this tensor of shape {ShapeUtil.Format(root._shape)} does not require grad and has no grad_fn; create inputs with requires_grad: true (and do not compute it under torch.no_grad())");
        if (gradient == null)
        {
            if (root.numel() != 1)
                throw new InvalidOperationException($"backward: output has shape {ShapeUtil.Format(root._shape)}; pass a gradient of the same shape or call .sum() first");
            gradient = torch.ones_like(root);
        }
        else if (!ShapeUtil.SameShape(gradient._shape, root._shape))
            throw new ArgumentException($"backward: gradient has shape {ShapeUtil.Format(gradient._shape)} but the output has shape {ShapeUtil.Format(root._shape)}; they must match");

        using var _ = GradMode.Disable();
        if (root.grad_fn == null)
        {
            Accumulate(root, gradient);
            return;
        }

        var order = TopologicalOrder(root.grad_fn);
        var grads = new Dictionary<Node, Tensor>(ReferenceEqualityComparer.Instance) { [root.grad_fn] = gradient };
        bool anomaly = AnomalyMode.IsEnabled;
        for (int k = order.Count - 1; k >= 0; k--)
        {
            var node = order[k];
            if (!grads.Remove(node, out var g)) continue;
            if (node.RetainTarget != null) Accumulate(node.RetainTarget, g);
            var fn = node.Backward ?? throw new InvalidOperationException(
                $"backward: trying to go through the graph a second time, but the buffers of '{node.Name}' were freed by the first backward; pass retain_graph: true to the first backward call (or recompute the forward pass)");
            node.CheckSavedVersions();
            var inGrads = fn(g);
            if (inGrads.Length != node._inputs.Length)
                throw new InvalidOperationException($"backward of '{node.Name}' returned {inGrads.Length} gradients for {node._inputs.Length} inputs");
            for (int i = 0; i < inGrads.Length; i++)
            {
                var input = node._inputs[i];
                var gi = inGrads[i];
                if (gi == null || !input.requires_grad) continue;
                if (!ShapeUtil.SameShape(gi._shape, input._shape))
                    throw new InvalidOperationException($"backward of '{node.Name}' returned a gradient of shape {ShapeUtil.Format(gi._shape)} for input {i} of shape {ShapeUtil.Format(input._shape)}");
                if (anomaly) AnomalyMode.CheckBackward(node.Name, i, gi);
                if (input.grad_fn == null) Accumulate(input, gi);
                else if (grads.TryGetValue(input.grad_fn, out var prev)) grads[input.grad_fn] = prev + gi;
                else grads[input.grad_fn] = gi;
            }
            if (!retainGraph) node.Release();
        }
    }

    private static void Accumulate(Tensor t, Tensor g)
    {
        // A fresh contiguous copy: the grad must not alias a buffer an op might reuse or the user might modify.
        t.grad = t.grad == null ? g.contiguous_copy() : t.grad + g;
    }

    /// <summary>Post-order DFS with an explicit stack; returns nodes with every node after all nodes it depends on… reversed.</summary>
    private static List<Node> TopologicalOrder(Node root)
    {
        var order = new List<Node>();
        var visited = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Node node, int next)>();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            var inputs = node._inputs;
            int i = next;
            for (; i < inputs.Length; i++)
            {
                var child = inputs[i].grad_fn;
                if (child != null && inputs[i].requires_grad && visited.Add(child))
                {
                    stack.Push((node, i + 1));
                    stack.Push((child, 0));
                    break;
                }
            }
            if (i == inputs.Length) order.Add(node);
        }
        // order has inputs before consumers; walking it from the end visits consumers first.
        return order;
    }
}
