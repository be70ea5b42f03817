using NotebookCourse.Tests.TestUtil;
using static NotebookCourse.Tests.TestUtil.GradCheck;

namespace NotebookCourse.Tests.Autograd;

/// <summary>Reductions, softmax family and indexing ops.</summary>
public class GradCheckReductionTests
{
    [Fact, GradCheckFor("sum")]
    public void Sum()
    {
        Check("sum", t => t[0].sum(), Input(3, 4));
        Check("sum", t => t[0].sum(1), Input(3, 5, 2));
        Check("sum", t => t[0].sum(new[] { 0, 2 }, keepdim: true), Input(3, 5, 2));
        Check("sum", t => t[0].sum(-1), Input(7));
    }

    [Fact, GradCheckFor("sum")]
    public void MeanVarStdThroughPrimitives()
    {
        Check("sum", t => t[0].mean(1, keepdim: true), Input(3, 5));
        Check("sum", t => t[0].var(0), Input(4, 3));
        Check("sum", t => t[0].std(new[] { 0, 1 }), Input(3, 5, 2));
        Check("sum", t => t[0].logsumexp(1), Input(2, 5));
    }

    [Fact, GradCheckFor("gather")]
    public void MaxMinTopkGoThroughGather()
    {
        Check("gather", t => t[0].max(1).values, Distinct(3, 5));
        Check("gather", t => t[0].min(0, keepdim: true).values, Distinct(3, 5));
        Check("gather", t => t[0].max(), Distinct(4, 3));
        Check("gather", t => t[0].topk(2, dim: 1).values, Distinct(3, 5));
        Check("gather", t => t[0].gather(1, torch.tensor(new long[] { 0, 4, 4, 1, 2, 2 }, 3, 2)), Input(3, 5));
    }

    [Fact, GradCheckFor("softmax")]
    public void Softmax()
    {
        Check("softmax", t => t[0].softmax(-1), Input(3, 5));
        Check("softmax", t => t[0].softmax(1), Input(2, 3, 4));
    }

    [Fact, GradCheckFor("log_softmax")]
    public void LogSoftmax()
    {
        Check("log_softmax", t => t[0].log_softmax(-1), Input(3, 5));
        Check("log_softmax", t => t[0].log_softmax(0), Input(3, 1, 2));
    }

    [Fact, GradCheckFor("index_select")]
    public void IndexSelectAndEmbedding()
    {
        Check("index_select", t => t[0].index_select(1, torch.tensor(new long[] { 2, 0, 2 })), Input(3, 4));
        Check("index_select", t => t[0].embedding(torch.tensor(new long[] { 1, 4, 1, 0, 3, 3 }, 2, 3)), Input(5, 3));
    }

    [Fact, GradCheckFor("cumsum")]
    public void Cumsum()
    {
        Check("cumsum", t => t[0].cumsum(1), Input(3, 4));
        Check("cumsum", t => t[0].cumsum(0), Input(5));
    }

    [Fact, GradCheckFor("matmul")]
    public void Matmul()
    {
        Check("matmul", t => t[0].matmul(t[1]), Input(3, 4), Input(4, 5));
        Check("matmul", t => t[0].matmul(t[1]), Input(2, 1, 3, 4), Input(5, 4, 2));   // broadcast batch
        Check("matmul", t => t[0].matmul(t[1]), Input(4), Input(4));                  // dot
        Check("matmul", t => t[0].matmul(t[1]), Input(3), Input(2, 3, 5));            // vector @ batch
        Check("matmul", t => t[0].matmul(t[1]), Input(2, 3, 4), Input(4));            // batch @ vector
        Check("matmul", t => t[0].matmul(t[1].t()), Input(3, 4), Input(5, 4));        // transposed operand read in place
        Check("matmul", t => t[0].bmm(t[1]), Input(2, 3, 1), Input(2, 1, 3));
    }
}
