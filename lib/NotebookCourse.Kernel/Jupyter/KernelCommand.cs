using System.CommandLine;

namespace NotebookCourse.Kernel.Jupyter;

/// <summary>
/// The <c>kernel</c> subcommand: <c>kernel -f CONNECTION_FILE</c> runs the Jupyter kernel;
/// <c>kernel install [--user|--sys-prefix|--prefix DIR]</c> writes the kernelspec.
/// </summary>
public static class KernelCommand
{
    /// <summary>Creates the execution backend for a new kernel process; set once at startup by the runtime.</summary>
    public static Func<IKernelBackend>? BackendFactory { get; set; }

    /// <summary>Builds the command tree, ready to be added to the root command.</summary>
    public static Command Create()
    {
        var connectionFile = new Option<FileInfo>("--connection-file", "-f") { Description = "Jupyter connection file written by the frontend" };
        var kernel = new Command("kernel", "Run the C# (NotebookCourse) Jupyter kernel, or install its kernelspec") { connectionFile };
        kernel.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(connectionFile);
            if (file is null)
            {
                Console.Error.WriteLine("kernel: --connection-file PATH is required (Jupyter passes it as -f {connection_file}); to install the kernelspec use 'kernel install'");
                return 2;
            }
            return await RunAsync(file.FullName, ct);
        });
        kernel.Subcommands.Add(CreateInstall());
        return kernel;
    }

    private static Command CreateInstall()
    {
        var user = new Option<bool>("--user") { Description = "Install for the current user (default)" };
        var sysPrefix = new Option<bool>("--sys-prefix") { Description = "Install into the active Python environment (VIRTUAL_ENV / CONDA_PREFIX)" };
        var prefix = new Option<DirectoryInfo>("--prefix") { Description = "Install into DIR/share/jupyter/kernels" };
        var install = new Command("install", "Write the notebookcourse kernelspec where Jupyter, JupyterLab and VS Code find it") { user, sysPrefix, prefix };
        install.SetAction(parse =>
        {
            try
            {
                var p = parse.GetValue(prefix);
                int chosen = (parse.GetValue(user) ? 1 : 0) + (parse.GetValue(sysPrefix) ? 1 : 0) + (p is null ? 0 : 1);
                if (chosen > 1) throw new ArgumentException("kernel install: choose one of --user, --sys-prefix, --prefix DIR");
                var dir = p is not null ? Kernelspec.PrefixKernelsDir(p.FullName)
                    : parse.GetValue(sysPrefix) ? Kernelspec.PrefixKernelsDir(Kernelspec.SysPrefix())
                    : Kernelspec.UserKernelsDir();
                var (dotnet, dll) = Kernelspec.CurrentKernel();
                Console.WriteLine($"Installed kernelspec '{Kernelspec.Name}' ({Kernelspec.DisplayName}) in {Kernelspec.Install(dir, dotnet, dll)}");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        });
        return install;
    }

    /// <summary>Runs a kernel until shutdown_request, parent death or cancellation.</summary>
    public static async Task<int> RunAsync(string connectionFile, CancellationToken ct)
    {
        ConnectionInfo info;
        try { info = ConnectionInfo.Load(connectionFile); }
        catch (ArgumentException e) { Console.Error.WriteLine($"kernel: {e.Message}"); return 1; }
        if (BackendFactory is null)
        {
            Console.Error.WriteLine("kernel: no execution backend is registered (KernelCommand.BackendFactory is unset); this build cannot run code");
            return 1;
        }
        KernelHost host;
        try { host = KernelHost.Start(info, BackendFactory()); }
        catch (InvalidOperationException e) { Console.Error.WriteLine($"kernel: {e.Message}"); return 1; }
        await using var _ = host;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var parentGone = ParentWatcher.WaitForParentExitAsync(TimeSpan.FromSeconds(1), stop.Token);
        var cancelled = Task.Delay(Timeout.Infinite, stop.Token);
        var first = await Task.WhenAny(host.Completion, parentGone, cancelled);
        if (first == parentGone && parentGone.IsCompletedSuccessfully) Console.Error.WriteLine("kernel: the frontend process has exited; shutting down");
        stop.Cancel();
        return 0;
    }
}
