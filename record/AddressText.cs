using System.Net;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>Kernel address bytes as text; IPv4-mapped IPv6 peers of dual-stack sockets become plain IPv4.</summary>
public static class AddressText
{
    public static string Format(ReadOnlySpan<byte> address16, ushort family, bool emptyWhenUnspecified)
    {
        var address = family == AddressFamily.Inet ? new IPAddress(address16[..4]) : new IPAddress(address16);
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (emptyWhenUnspecified && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
            return "";
        return address.ToString();
    }
}
