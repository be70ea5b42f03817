using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.Tests.TestUtil.GradCheck;
using F = NotebookCourse.torch.nn.functional;

namespace NotebookCourse.Tests.Nn.Functional;

/// <summary>Finite-difference checks of the normalizations and resizing ops.</summary>
public class GradCheckNormTests
{
    [Fact, GradCheckFor("batch_norm")]
    public void BatchNormTraining()
    {
        var rm = torch.zeros(3); var rv = torch.ones(3);
        Check("batch_norm", t => F.batch_norm(t[0], rm, rv, t[1], t[2], training: true), Input(4, 3, 2, 3), Input(3), Input(3));
        Check("batch_norm", t => F.batch_norm(t[0], null, null, training: true), Input(5, 3));
        Check("batch_norm", t => F.batch_norm(t[0], null, null, t[1], null, training: true, eps: 1e-3f), Input(2, 3, 5), Input(3));
    }

    [Fact, GradCheckFor("batch_norm")]
    public void BatchNormEval()
    {
        var rm = torch.tensor(new[] { 0.3f, -0.2f, 1f }); var rv = torch.tensor(new[] { 0.5f, 2f, 1.5f });
        Check("batch_norm", t => F.batch_norm(t[0], rm, rv, t[1], t[2]), Input(3, 3, 2, 2), Input(3), Input(3));
    }

    [Fact, GradCheckFor("layer_norm")]
    public void LayerNorm()
    {
        Check("layer_norm", t => F.layer_norm(t[0], [5], t[1], t[2]), Input(3, 5), Input(5), Input(5));
        Check("layer_norm", t => F.layer_norm(t[0], [3, 2]), Input(2, 3, 2));
        Check("layer_norm", t => F.layer_norm(t[0], [7], t[1], null, eps: 1e-3f), Input(2, 1, 7), Input(7));
    }

    [Fact, GradCheckFor("group_norm")]
    public void GroupNorm()
    {
        Check("group_norm", t => F.group_norm(t[0], 2, t[1], t[2]), Input(2, 4, 3, 2), Input(4), Input(4));
        Check("group_norm", t => F.group_norm(t[0], 3), Input(3, 3, 5));
        Check("group_norm", t => F.group_norm(t[0], 1, t[1]), Input(2, 2, 3), Input(2));
    }

    [Fact, GradCheckFor("interpolate")]
    public void Interpolate()
    {
        Check("interpolate", t => F.interpolate(t[0], scale_factor: 2), Input(2, 3, 3, 2));
        Check("interpolate", t => F.interpolate(t[0], size: (5, 3)), Input(1, 2, 3, 4));
        Check("interpolate", t => F.interpolate(t[0], size: (5, 7), mode: "bilinear"), Input(2, 2, 3, 4));
        Check("interpolate", t => F.interpolate(t[0], size: (2, 7), mode: "bilinear", align_corners: true), Input(1, 3, 5, 3));
        Check("interpolate", t => F.upsample(t[0], scale_factor: 2, mode: "bilinear"), Input(1, 1, 3, 3));
    }
}
