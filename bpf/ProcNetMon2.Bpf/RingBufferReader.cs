using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProcNetMon2.Bpf;

/// <summary>Receives each ring-buffer record; the span is valid only during the call.</summary>
public interface IRingSampleHandler
{
    void OnSample(ReadOnlySpan<byte> sample);
}

/// <summary>
/// Consumes a BPF ring buffer on the calling thread. The kernel side wakes the consumer only past a
/// fill threshold, so callers poll with a short timeout and then consume whatever is waiting.
/// </summary>
public sealed unsafe class RingBufferReader : IDisposable
{
    private readonly RingBufferHandle ring;
    private GCHandle self;
    private readonly IRingSampleHandler handler;
    private Exception? handlerFailure;

    private RingBufferReader(IRingSampleHandler handler)
    {
        this.handler = handler;
        ring = new RingBufferHandle();
        self = GCHandle.Alloc(this);
    }

    internal static RingBufferReader Create(int mapFd, IRingSampleHandler handler)
    {
        var reader = new RingBufferReader(handler);
        nint native = LibBpf.RingBufferNew(mapFd, &OnSample, (void*)GCHandle.ToIntPtr(reader.self), null);
        if (native == 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            reader.Dispose();
            throw BpfException.FromErrno("cannot open the ring buffer", errno);
        }
        Marshal.InitHandle(reader.ring, native);
        return reader;
    }

    /// <summary>Waits up to timeoutMs for a wake-up, then drains everything waiting. Returns records read.</summary>
    public int PollAndConsume(int timeoutMs)
    {
        int polled = LibBpf.RingBufferPoll(ring, timeoutMs);
        // A handler failure stops libbpf with the handler's -1: report the failure, not an EPERM.
        ThrowIfHandlerFailed();
        if (polled < 0 && polled != -4 /* EINTR */)
            throw BpfException.FromErrno("ring buffer poll failed", -polled);
        int consumed = LibBpf.RingBufferConsume(ring);
        ThrowIfHandlerFailed();
        if (consumed < 0)
            throw BpfException.FromErrno("ring buffer consume failed", -consumed);
        return Math.Max(polled, 0) + consumed;
    }

    private void ThrowIfHandlerFailed()
    {
        if (handlerFailure is { } failure)
        {
            handlerFailure = null;
            throw new InvalidOperationException("the ring-buffer handler failed: " + failure.Message, failure);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnSample(void* context, void* data, nuint size)
    {
        var reader = (RingBufferReader)GCHandle.FromIntPtr((nint)context).Target!;
        try
        {
            reader.handler.OnSample(new ReadOnlySpan<byte>(data, (int)size));
            return 0;
        }
        catch (Exception e)
        {
            // Never let an exception cross into native code: stop consuming and rethrow on our side.
            reader.handlerFailure = e;
            return -1;
        }
    }

    public void Dispose()
    {
        ring.Dispose();
        if (self.IsAllocated)
            self.Free();
    }
}
