// Entry point of the notebook runtime: the runner CLI ("run", "strip") and the Jupyter kernel ("kernel").
// The notebook-runtime issue fills in the commands.
Console.Error.WriteLine("NotebookCourse.Kernel: no command implemented yet");
return 2;
