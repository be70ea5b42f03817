namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>input_request content (stdin): asks the frontend for a line of text.</summary>
public sealed record InputRequest(string Prompt, bool Password);
