// Entry point of the notebook runtime: the headless runner ("run", "strip") and the Jupyter kernel ("kernel").
using System.CommandLine;
using NotebookCourse.Kernel.Grading;
using NotebookCourse.Kernel.Runner;

var root = new RootCommand("NotebookCourse notebook runtime: run notebooks headlessly, strip outputs, serve Jupyter")
{
    RunnerCommands.Run(),
    RunnerCommands.Strip(),
    GradingCommands.Assign(),
    GradingCommands.Grade(),
    GradingCommands.Validate(),
};
// TODO(kernel, issue 7): register the Jupyter kernel here once it exists:
//     root.Subcommands.Add(NotebookCourse.Kernel.Jupyter.KernelCommand.Create());
return await root.Parse(args).InvokeAsync();
