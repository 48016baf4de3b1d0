using System.Buffers.Binary;
using System.Text;

namespace ProcNetMon2.Record;

/// <summary>An application protocol and how it was decided.</summary>
/// <param name="Method">payload (a signature in the first bytes) or port (a well-known port only).</param>
/// <param name="Detail">e.g. the TLS record version.</param>
public sealed record AppProtocol(string Name, string Method, string? Detail = null);

/// <summary>
/// Recognises application protocols from the first payload bytes of a socket, with well-known
/// ports as the fallback. The bytes are looked at and dropped: payload is never stored.
/// </summary>
public static class ProtocolClassifier
{
    private static readonly string[] HttpMethods = ["GET ", "POST ", "PUT ", "HEAD ", "DELETE ", "OPTIONS ", "PATCH ", "CONNECT ", "TRACE "];
    private static readonly byte[] Http2Preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    private const uint PostgresProtocol3 = 0x0003_0000, PostgresSslRequest = 80877103, PostgresGssRequest = 80877104;

    public static AppProtocol? FromPayload(ReadOnlySpan<byte> payload, bool tcp)
    {
        if (payload.IsEmpty)
            return null;
        if (tcp)
        {
            if (StartsWithAscii(payload, "HTTP/1.") || StartsWithAny(payload, HttpMethods))
                return new("http", "payload");
            if (payload.StartsWith(Http2Preface.AsSpan(0, Math.Min(payload.Length, Http2Preface.Length))) && payload.Length >= 16)
                return new("http2", "payload");
            if (StartsWithAscii(payload, "SSH-"))
                return new("ssh", "payload");
            if (IsTlsRecord(payload, out string? version))
                return new("tls", "payload", version);
            if (IsRedis(payload))
                return new("redis", "payload");
            if (IsPostgresStartup(payload))
                return new("postgresql", "payload");
            if (IsMySqlGreeting(payload))
                return new("mysql", "payload");
            // The 2-byte length covers at least the bytes shown: a prefix may end inside the message.
            if (payload.Length > 2 && IsDnsMessage(payload[2..]) && BinaryPrimitives.ReadUInt16BigEndian(payload) >= payload.Length - 2)
                return new("dns", "payload");
            return null;
        }
        if (IsQuicLongHeader(payload))
            return new("quic", "payload");
        if (IsDnsMessage(payload))
            return new("dns", "payload");
        return null;
    }

    public static AppProtocol? FromPort(int localPort, int remotePort, bool tcp)
    {
        foreach (int port in new[] { remotePort, localPort })
        {
            string? name = (port, tcp) switch
            {
                (80 or 8080, true) => "http",
                (443, true) => "tls",
                (443, false) => "quic",
                (22, true) => "ssh",
                (53, _) => "dns",
                (6379, true) => "redis",
                (5432, true) => "postgresql",
                (3306, true) => "mysql",
                _ => null,
            };
            if (name is not null)
                return new(name, "port");
        }
        return null;
    }

    private static bool StartsWithAny(ReadOnlySpan<byte> payload, string[] prefixes)
    {
        foreach (string prefix in prefixes)
            if (StartsWithAscii(payload, prefix))
                return true;
        return false;
    }

    private static bool StartsWithAscii(ReadOnlySpan<byte> payload, string prefix) =>
        payload.Length >= prefix.Length && Encoding.ASCII.GetString(payload[..prefix.Length]) == prefix;

    /// <summary>A handshake record: type 22, version 3.x, then a plausible length.</summary>
    private static bool IsTlsRecord(ReadOnlySpan<byte> payload, out string? version)
    {
        version = null;
        if (payload.Length < 5 || payload[0] != 22 || payload[1] != 3 || payload[2] > 4)
            return false;
        version = $"record version 3.{payload[2]}";
        return BinaryPrimitives.ReadUInt16BigEndian(payload[3..]) is > 0 and <= 16_640;
    }

    /// <summary>RESP: an array of bulk strings (*N\r\n$), or a simple reply.</summary>
    private static bool IsRedis(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4 || payload[0] is not ((byte)'*' or (byte)'+' or (byte)'-' or (byte)':' or (byte)'$'))
            return false;
        int end = payload.IndexOf("\r\n"u8);
        if (end < 2)
            return false;
        var head = payload[1..end];
        return payload[0] switch
        {
            (byte)'*' => IsDigits(head) && (payload.Length == end + 2 || payload[end + 2] == (byte)'$'),
            (byte)'$' or (byte)':' => IsDigits(head) || (head.Length > 1 && head[0] == (byte)'-' && IsDigits(head[1..])),
            _ => head.IndexOfAnyInRange((byte)0, (byte)31) < 0,
        };
    }

    private static bool IsPostgresStartup(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 8)
            return false;
        int length = BinaryPrimitives.ReadInt32BigEndian(payload);
        uint code = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
        return length is >= 8 and < 10_000 && code is PostgresProtocol3 or PostgresSslRequest or PostgresGssRequest;
    }

    /// <summary>The server's first packet: 3-byte length, sequence 0, protocol 10, a version string.</summary>
    private static bool IsMySqlGreeting(ReadOnlySpan<byte> payload) =>
        payload.Length > 6 && payload[3] == 0 && payload[4] == 10 && payload[5] is >= (byte)'0' and <= (byte)'9'
        && (payload[0] | payload[1] << 8 | payload[2] << 16) is > 10 and < 1024;

    /// <summary>A DNS header with one question and sane counts.</summary>
    private static bool IsDnsMessage(ReadOnlySpan<byte> message)
    {
        // The header and the first label's length: a 16-byte prefix is enough.
        if (message.Length < 13)
            return false;
        int opcode = (message[2] >> 3) & 0xf;
        ushort questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        ushort answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        ushort authorities = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        ushort additional = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        // The question's first label: a length of 1..63 and that many name bytes.
        byte label = message[12];
        return opcode is 0 or 2 && questions == 1 && answers < 256 && authorities < 256 && additional < 256
               && label is >= 1 and <= 63;
    }

    /// <summary>Long header with the fixed bit, and a known version (1, 2, or a draft).</summary>
    private static bool IsQuicLongHeader(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 7 || (payload[0] & 0xC0) != 0xC0)
            return false;
        uint version = BinaryPrimitives.ReadUInt32BigEndian(payload[1..]);
        return version is 0x0000_0001 or 0x6b33_43cf || (version & 0xffff_ff00) == 0xff00_0000;
    }

    private static bool IsDigits(ReadOnlySpan<byte> text) =>
        !text.IsEmpty && text.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
}
