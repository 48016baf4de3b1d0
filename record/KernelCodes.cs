using ProcNetMon2.Bpf.Abi;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>
/// The kernel ABI's direction and incident codes as the recording stores them. The numbers agree, but
/// the ABI (bpf/) and the recording format (schema/) each keep their own enum so that neither changes
/// with the other; this is the one place that joins them. A code the layout test let through but this
/// recorder does not know is a broken build, not data: it stops the recording with its reason.
/// </summary>
internal static class KernelCodes
{
    public static Direction ToRecorded(this EventDirection direction) => direction switch
    {
        EventDirection.Tx => Direction.Tx,
        EventDirection.Rx => Direction.Rx,
        _ => throw new InvalidDataException($"the kernel sent direction {(byte)direction}, which this recorder does not know"),
    };

    public static TcpIncident ToRecorded(this EventTcpIncident incident) => incident switch
    {
        EventTcpIncident.Retransmit => TcpIncident.Retransmit,
        EventTcpIncident.ResetSent => TcpIncident.ResetSent,
        EventTcpIncident.ResetReceived => TcpIncident.ResetReceived,
        _ => throw new InvalidDataException($"the kernel sent TCP incident {(byte)incident}, which this recorder does not know"),
    };
}
