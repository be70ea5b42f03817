using NotebookCourse.Kernel.Jupyter.Messages;
using NotebookCourse.Kernel.Jupyter.Zmtp;

namespace NotebookCourse.Kernel.Jupyter.Handlers;

/// <summary>execute_request: execute_input → outputs → error (if any) → execute_reply, counting executions.</summary>
internal sealed class ExecuteHandler : IRequestHandler
{
    public string MsgType => MessageTypes.ExecuteRequest;

    public async Task HandleAsync(KernelContext ctx, JupyterMessage request, RouterSocket replyTo)
    {
        var code = request.Str("code");
        bool silent = request.Bool("silent", false);
        bool storeHistory = request.Bool("store_history", !silent) && !silent;
        if (storeHistory) ctx.ExecutionCount++;
        int count = ctx.ExecutionCount;
        if (!silent) ctx.Iopub.Publish(MessageTypes.ExecuteInput, WireCodec.ToContent(new ExecuteInput(code, count)), request);

        var observer = new ExecutionObserver(ctx, request, count, silent, request.Bool("allow_stdin", true));
        var cts = ctx.BeginExecution();
        ExecutionOutcome outcome;
        try
        {
            // A dedicated thread: cell code may block synchronously for minutes and must not starve the pool.
            outcome = await Task.Factory.StartNew(() => ctx.Backend.ExecuteAsync(code, observer, cts.Token),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            outcome = ExecutionOutcome.Failed("OperationCanceledException", "the cell was interrupted", ["Execution interrupted by the frontend."]);
        }
        catch (Exception e)
        {
            outcome = ExecutionOutcome.Failed(e.GetType().Name, e.Message, e.ToString().Split('\n'));
        }
        finally
        {
            ctx.EndExecution(cts);
            cts.Dispose();
        }

        ExecuteReply reply;
        if (outcome.Success) reply = new ExecuteReply("ok", count);
        else
        {
            var traceback = outcome.Traceback ?? [$"{outcome.Ename}: {outcome.Evalue}"];
            if (!silent) ctx.Iopub.Publish(MessageTypes.Error, WireCodec.ToContent(new ErrorContent(outcome.Ename, outcome.Evalue, traceback)), request);
            reply = new ExecuteReply("error", count) { Ename = outcome.Ename, Evalue = outcome.Evalue, Traceback = traceback };
            if (request.Bool("stop_on_error", true)) ctx.AbortRemaining = int.MaxValue;
        }
        await ctx.ReplyAsync(replyTo, request, MessageTypes.ExecuteReply, WireCodec.ToContent(reply));
    }
}
