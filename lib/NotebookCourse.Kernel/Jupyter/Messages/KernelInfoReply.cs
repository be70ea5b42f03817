namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>kernel_info_reply content.</summary>
public sealed record KernelInfoReply(string Status, string ProtocolVersion, string Implementation, string ImplementationVersion,
    LanguageInfo LanguageInfo, string Banner, bool Debugger, HelpLink[] HelpLinks);

/// <summary>language_info of kernel_info_reply.</summary>
public sealed record LanguageInfo(string Name, string Version, string Mimetype, string FileExtension, string PygmentsLexer, string CodemirrorMode);

/// <summary>One entry of help_links.</summary>
public sealed record HelpLink(string Text, string Url);
