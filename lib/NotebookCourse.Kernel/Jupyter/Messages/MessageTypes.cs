namespace NotebookCourse.Kernel.Jupyter.Messages;

/// <summary>msg_type names used by the kernel.</summary>
public static class MessageTypes
{
#pragma warning disable CS1591 // names speak for themselves
    public const string KernelInfoRequest = "kernel_info_request", KernelInfoReply = "kernel_info_reply";
    public const string ExecuteRequest = "execute_request", ExecuteReply = "execute_reply", ExecuteInput = "execute_input";
    public const string ExecuteResult = "execute_result", Stream = "stream", DisplayData = "display_data", UpdateDisplayData = "update_display_data";
    public const string Error = "error", Status = "status", ClearOutput = "clear_output";
    public const string IsCompleteRequest = "is_complete_request", IsCompleteReply = "is_complete_reply";
    public const string CompleteRequest = "complete_request", CompleteReply = "complete_reply";
    public const string InspectRequest = "inspect_request", InspectReply = "inspect_reply";
    public const string InterruptRequest = "interrupt_request", InterruptReply = "interrupt_reply";
    public const string ShutdownRequest = "shutdown_request", ShutdownReply = "shutdown_reply";
    public const string CommInfoRequest = "comm_info_request", CommInfoReply = "comm_info_reply";
    public const string HistoryRequest = "history_request", HistoryReply = "history_reply";
    public const string InputRequest = "input_request", InputReply = "input_reply";
#pragma warning restore CS1591
}
