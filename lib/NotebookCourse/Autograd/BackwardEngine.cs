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
        using var __ = BufferPool.EnterBackward();
        if (root.grad_fn == null)
        {
            Accumulate(root, gradient, owned: false);
            return;
        }

        var order = TopologicalOrder(root.grad_fn);
        // Pending gradient per node, and whether the engine owns its buffer (see Owned): owned buffers are summed into
        // in place and recycled into the BufferPool once their node has consumed them.
        var grads = new Dictionary<Node, (Tensor g, bool owned)>(ReferenceEqualityComparer.Instance) { [root.grad_fn] = (gradient, false) };
        bool anomaly = AnomalyMode.IsEnabled;
        for (int k = order.Count - 1; k >= 0; k--)
        {
            var node = order[k];
            if (!grads.Remove(node, out var pending)) continue;
            var (g, gOwned) = pending;
            if (node.RetainTarget != null) Accumulate(node.RetainTarget, g, owned: false);
            var fn = node.Backward ?? throw new InvalidOperationException(
                $"backward: trying to go through the graph a second time, but the buffers of '{node.Name}' were freed by the first backward; pass retain_graph: true to the first backward call (or recompute the forward pass)");
            node.CheckSavedVersions();
            long mark = Storage.LastSerial;
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
                bool owned = Owned(gi, i, inGrads, g, mark);
                if (input.grad_fn == null) Accumulate(input, gi, owned);
                else if (grads.TryGetValue(input.grad_fn, out var prev))
                {
                    if (prev.owned)
                    {
                        // prev is a whole contiguous buffer only the engine holds: add in place, no new tensor.
                        System.Numerics.Tensors.TensorPrimitives.Add(prev.g.F.AsSpan(0, prev.g.numel()), gi.SpanF(), prev.g.F.AsSpan(0, prev.g.numel()));
                        if (owned) BufferPool.Return(gi.F);
                    }
                    else
                    {
                        grads[input.grad_fn] = (prev.g + gi, true);
                        if (owned) BufferPool.Return(gi.F);
                    }
                }
                else grads[input.grad_fn] = (gi, owned);
            }
            // The consumed gradient is dead unless the closure passed it (or a view of it) on as an input's gradient.
            if (gOwned && !SharesStorage(g, inGrads, -1)) BufferPool.Return(g.F);
            if (!retainGraph) node.Release();
        }
    }

    /// <summary>
    /// Whether gradient <paramref name="gi"/> (returned for input <paramref name="index"/>) is a buffer the engine may
    /// take over: allocated by the engine's allocator while the closure ran (so nothing older can reference it),
    /// a whole contiguous float buffer, and not shared with the incoming gradient or another returned gradient.
    /// </summary>
    private static bool Owned(Tensor gi, int index, Tensor?[] inGrads, Tensor g, long mark)
    {
        var st = gi.storage;
        if (st.Serial <= mark || gi.offset != 0 || st.F is not { } f || f.Length != gi.numel() || !gi.is_contiguous()) return false;
        return !ReferenceEquals(st, g.storage) && !SharesStorage(gi, inGrads, index);
    }

    /// <summary>True when some entry of <paramref name="grads"/> other than <paramref name="skip"/> uses <paramref name="t"/>'s storage.</summary>
    private static bool SharesStorage(Tensor t, Tensor?[] grads, int skip)
    {
        for (int j = 0; j < grads.Length; j++)
            if (j != skip && grads[j] is { } o && ReferenceEquals(o.storage, t.storage)) return true;
        return false;
    }

    private static void Accumulate(Tensor t, Tensor g, bool owned)
    {
        // The grad must not alias a buffer an op might reuse or the user might modify: a gradient the engine owns is
        // taken as is (nothing else can see it), anything else is copied.
        if (t.grad == null) { t.grad = owned ? g : g.contiguous_copy(); return; }
        t.grad = t.grad + g;
        if (owned) BufferPool.Return(g.F);
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
