// Entry point of the notebook runtime: the headless runner ("run", "strip"), the Jupyter kernel ("kernel"), the
// instructor tools ("assign", "grade", "validate") and "pretrain" (reproduces the backbone shipped for notebook 04).
using System.CommandLine;
using NotebookCourse.Kernel.Grading;
using NotebookCourse.Kernel.Jupyter;
using NotebookCourse.Kernel.Pretrain;
using NotebookCourse.Kernel.Runner;

var root = new RootCommand("NotebookCourse notebook runtime: run notebooks headlessly, strip outputs, serve Jupyter")
{
    RunnerCommands.Run(),
    RunnerCommands.Strip(),
    GradingCommands.Assign(),
    GradingCommands.Grade(),
    GradingCommands.Validate(),
    PretrainCommand.Create(),
};
KernelCommand.BackendFactory = () => new SessionBackend();
root.Subcommands.Add(KernelCommand.Create());

// The first Ctrl+C interrupts the running cell (the runner then writes the executed copy and the summary);
// a second one ends the process at once.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (interrupt.IsCancellationRequested) return;
    e.Cancel = true;
    Console.Error.WriteLine("interrupted: stopping the running cell (Ctrl+C again to quit at once)");
    interrupt.Cancel();
};
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, interrupt.Token);
