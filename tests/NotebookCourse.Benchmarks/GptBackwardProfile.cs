using System.Diagnostics;
using NotebookCourse.Autograd;
using NotebookCourse.Tensors;

namespace NotebookCourse.Benchmarks;

/// <summary>
/// Diagnostic twin of the engine's backward walk (same order, same accumulation) that times each node's backward
/// function by op name, so `--only gpt-parts` can say which ops the backward time goes to. Not used for results.
/// </summary>
static class GptBackwardProfile
{
    public static void Run(Tensor loss, Dictionary<string, double> msByOp)
    {
        using var _ = torch.no_grad();
        var order = new List<Node>();
        var visited = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Node node, int next)>();
        stack.Push((loss.grad_fn!, 0));
        visited.Add(loss.grad_fn!);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            int i = next;
            for (; i < node._inputs.Length; i++)
            {
                var child = node._inputs[i].grad_fn;
                if (child != null && node._inputs[i].requires_grad && visited.Add(child)) { stack.Push((node, i + 1)); stack.Push((child, 0)); break; }
            }
            if (i == node._inputs.Length) order.Add(node);
        }
        var grads = new Dictionary<Node, Tensor>(ReferenceEqualityComparer.Instance) { [loss.grad_fn!] = torch.ones_like(loss) };
        var sw = Stopwatch.StartNew();
        for (int k = order.Count - 1; k >= 0; k--)
        {
            var node = order[k];
            if (!grads.Remove(node, out var g)) continue;
            double t0 = sw.Elapsed.TotalMilliseconds;
            var inGrads = node.Backward!(g);
            double t1 = sw.Elapsed.TotalMilliseconds;
            for (int i = 0; i < inGrads.Length; i++)
            {
                var input = node._inputs[i]; var gi = inGrads[i];
                if (gi == null || !input.requires_grad) continue;
                if (input.grad_fn == null) input.grad = input.grad == null ? gi.contiguous_copy() : input.grad + gi;
                else grads[input.grad_fn] = grads.TryGetValue(input.grad_fn, out var prev) ? prev + gi : gi;
            }
            double t2 = sw.Elapsed.TotalMilliseconds;
            msByOp[node.Name] = msByOp.GetValueOrDefault(node.Name) + (t1 - t0);
            msByOp["(accumulate)"] = msByOp.GetValueOrDefault("(accumulate)") + (t2 - t1);
            node.Release();
        }
    }
}
