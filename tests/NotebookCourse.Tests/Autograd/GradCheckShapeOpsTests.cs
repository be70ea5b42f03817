using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.Tests.TestUtil.GradCheck;

namespace NotebookCourse.Tests.Autograd;

/// <summary>View and joining ops: gradients must land in the right positions of the source.</summary>
public class GradCheckShapeOpsTests
{
    [Fact, GradCheckFor("view")]
    public void ViewReshapeFlattenSqueeze()
    {
        Check("view", t => t[0].view(6, -1), Input(3, 2, 2));
        Check("view", t => t[0].transpose(0, 1).reshape(-1) * torch.arange(0f, 6f), Input(2, 3));
        Check("view", t => t[0].flatten(1), Input(2, 3, 2));
        Check("view", t => t[0].unsqueeze(1).squeeze(), Input(3, 1));
    }

    [Fact, GradCheckFor("permute")]
    public void PermuteTranspose()
    {
        Check("permute", t => t[0].permute(2, 0, 1), Input(2, 3, 4));
        Check("permute", t => t[0].t() * torch.arange(0f, 6f).view(3, 2), Input(2, 3));
    }

    [Fact, GradCheckFor("expand")]
    public void Expand() => Check("expand", t => t[0].expand(4, 3, 5), Input(3, 1));

    [Fact, GradCheckFor("slice")]
    public void SliceNarrowIndexer()
    {
        Check("slice", t => t[0].slice(1, 1, 6, 2), Input(3, 7));
        Check("slice", t => t[0].narrow(0, 1, 2), Input(4, 3));
        Check("slice", t => t[0][1..3, ..], Input(5, 2));
        Check("slice", t => t[0].chunk(3, 1)[1], Input(2, 7));
    }

    [Fact, GradCheckFor("select")]
    public void Select()
    {
        Check("select", t => t[0].select(1, -1), Input(3, 4));
        Check("select", t => t[0][.., 2], Input(3, 4, 2));
    }

    [Fact, GradCheckFor("clone")]
    public void CloneAndContiguous()
    {
        Check("clone", t => t[0].clone(), Input(3, 2));
        Check("clone", t => t[0].t().contiguous(), Input(3, 2));
    }

    [Fact, GradCheckFor("cat")]
    public void CatStack()
    {
        Check("cat", t => torch.cat(new[] { t[0], t[1] }, 1), Input(2, 3), Input(2, 1));
        Check("cat", t => torch.stack(new[] { t[0], t[1], t[0] }, 0), Input(2, 3), Input(2, 3));
    }
}
