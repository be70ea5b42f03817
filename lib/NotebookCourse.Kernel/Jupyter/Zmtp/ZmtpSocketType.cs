namespace NotebookCourse.Kernel.Jupyter.Zmtp;

/// <summary>The ZeroMQ socket types a kernel deals with, and which peers each accepts (ZMTP 3.x, RFC 23/37).</summary>
public static class ZmtpSocketType
{
    /// <summary>Socket-type names as sent in the READY command.</summary>
    public const string Router = "ROUTER", Dealer = "DEALER", Req = "REQ", Rep = "REP", Pub = "PUB", Sub = "SUB", XSub = "XSUB", XPub = "XPUB";

    /// <summary>True when a socket of type <paramref name="local"/> may talk to a peer of type <paramref name="peer"/>.</summary>
    public static bool IsCompatible(string local, string peer) => local switch
    {
        Router => peer is Dealer or Req or Router,
        Rep => peer is Req or Dealer,
        Pub => peer is Sub or XSub,
        Dealer => peer is Router or Rep or Dealer,
        Req => peer is Rep or Router,
        Sub => peer is Pub or XPub,
        _ => false,
    };
}
