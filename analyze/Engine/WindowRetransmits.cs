using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze;

/// <summary>
/// The retransmits of one recording's sockets in a window. A recording that holds timestamped incidents counts those
/// whose time lies in the window; one made before they were kept holds none and has only each socket's whole-life count.
/// </summary>
internal sealed class WindowRetransmits
{
    // By socket id; null when the recording holds no incidents.
    private readonly Dictionary<long, long>? inWindow;

    public WindowRetransmits(RecordingView recording, AnalysisWindow window)
    {
        if (!recording.KeepsTcpIncidents)
            return;
        inWindow = [];
        foreach (var incident in recording.TcpIncidents)
            if (incident.Kind == TcpIncident.Retransmit && window.Contains(incident.TimestampNs + recording.WallOffsetNs))
                inWindow[incident.SocketId] = inWindow.GetValueOrDefault(incident.SocketId) + 1;
    }

    /// <summary>False: the counts are the sockets' whole-life totals, whatever the window.</summary>
    public bool Timestamped => inWindow is not null;

    public long Of(SocketRecord socket) => inWindow is null ? socket.Retransmits : inWindow.GetValueOrDefault(socket.SocketId);
}
