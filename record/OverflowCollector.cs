namespace ProcNetMon2.Record;

/// <summary>
/// Takes the socket calls the kernel summed for want of ring space, once a flush: switches the
/// programs to the other overflow map and drains the one they left a flush ago, so nothing is read
/// while it is being written. Each entry then becomes a summarized I/O record through the assembler.
/// </summary>
internal sealed class OverflowCollector(CaptureObject capture, RecordingAssembler assembler)
{
    private uint active;

    public void Rotate()
    {
        uint idle = 1 - active;
        assembler.OnOverflow(capture.DrainOverflow(idle));
        capture.ActivateOverflowMap(idle);
        active = idle;
    }

    /// <summary>After the programs are detached: both maps, oldest first.</summary>
    public void DrainAll()
    {
        assembler.OnOverflow(capture.DrainOverflow(1 - active));
        assembler.OnOverflow(capture.DrainOverflow(active));
    }
}
