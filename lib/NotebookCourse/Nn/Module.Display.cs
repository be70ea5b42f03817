using System.Globalization;
using System.Net;
using System.Text;
using NotebookCourse.Runtime;
using NotebookCourse.Tensors;

namespace NotebookCourse.Nn;

public abstract partial class Module
{
    /// <summary>The settings shown inside this module's parentheses, e.g. "in_features=784, out_features=10, bias=True".</summary>
    public virtual string extra_repr() => "";

    /// <summary>
    /// The module tree like PyTorch prints it, with each module's parameter count and the total at the end:
    /// <code>
    /// Net(                                                      # 79,510 params
    ///   (fc1): Linear(in_features=784, out_features=100, bias=True)  # 78,500 params
    ///   (fc2): Linear(in_features=100, out_features=10, bias=True)   # 1,010 params
    /// )
    /// Total: 79,510 parameters (79,510 trainable)
    /// </code>
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendTree(sb, "", 0);
        long total = num_parameters(), trainable = num_parameters(only_trainable: true);
        sb.Append('\n').Append($"Total: {Count(total)} parameters ({Count(trainable)} trainable)");
        return sb.ToString();
    }

    private void AppendTree(StringBuilder sb, string label, int depth)
    {
        string indent = new(' ', 2 * depth);
        string head = indent + label + GetType().Name + "(" + extra_repr();
        long n = num_parameters();
        string count = n > 0 ? $"  # {Count(n)} params" : "";
        var kids = new List<(string, Module)>();
        foreach (var (name, m) in _modules) if (m != null) kids.Add((name, m));
        if (kids.Count == 0) { sb.Append(head).Append(')').Append(count); return; }
        if (extra_repr().Length > 0) head += ",";
        sb.Append(head).Append(count);
        foreach (var (name, m) in kids)
        {
            sb.Append('\n');
            m.AppendTree(sb, $"({name}): ", depth + 1);
        }
        sb.Append('\n').Append(indent).Append(')');
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>text/plain is <see cref="ToString"/>; text/html is a table of parameters (name, owning layer, shape, count) with the total.</summary>
    public MimeBundle ToMimeBundle()
    {
        var owners = new Dictionary<Tensor, string>(ReferenceEqualityComparer.Instance);
        foreach (var (_, m) in named_modules())
            foreach (var (_, p) in m._parameters) if (p != null) owners.TryAdd(p, m.GetType().Name);

        var h = new StringBuilder();
        h.Append("<table class=\"nc-module\"><caption>").Append(WebUtility.HtmlEncode(GetType().Name)).Append("</caption>");
        h.Append("<thead><tr><th style=\"text-align:left\">name</th><th style=\"text-align:left\">type</th><th style=\"text-align:left\">shape</th><th style=\"text-align:right\">#params</th></tr></thead><tbody>");
        foreach (var (name, p) in named_parameters())
        {
            h.Append("<tr><td style=\"text-align:left\"><code>").Append(WebUtility.HtmlEncode(name)).Append("</code></td>");
            h.Append("<td style=\"text-align:left\">").Append(WebUtility.HtmlEncode(owners[p])).Append(p.requires_grad ? "" : " (frozen)").Append("</td>");
            h.Append("<td style=\"text-align:left\">").Append(ShapeUtil.Format(p._shape)).Append("</td>");
            h.Append("<td style=\"text-align:right\">").Append(Count(p.numel())).Append("</td></tr>");
        }
        h.Append("</tbody><tfoot><tr><td colspan=\"3\" style=\"text-align:left\"><b>total</b> (")
         .Append(Count(num_parameters(only_trainable: true))).Append(" trainable)</td><td style=\"text-align:right\"><b>")
         .Append(Count(num_parameters())).Append("</b></td></tr></tfoot></table>");
        return MimeBundle.Text(ToString()).Add("text/html", h.ToString());
    }
}
