// Entry point of the notebook runtime: the headless runner ("run", "strip") and the Jupyter kernel ("kernel").
using System.CommandLine;
using NotebookCourse.Kernel.Jupyter;
using NotebookCourse.Kernel.Runner;

var root = new RootCommand("NotebookCourse notebook runtime: run notebooks headlessly, strip outputs, serve Jupyter")
{
    RunnerCommands.Run(),
    RunnerCommands.Strip(),
};
KernelCommand.BackendFactory = () => new SessionBackend();
root.Subcommands.Add(KernelCommand.Create());
return await root.Parse(args).InvokeAsync();
