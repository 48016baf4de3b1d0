using System.Text;
using ProcNetMon2.Record;

namespace ProcNetMon2.Tests.Record;

/// <summary>
/// The classifier against the first bytes real clients and servers send. The kernel shows a prefix
/// of 8, 16, 24, 32, 48 or 64 bytes, the largest that fits, so truncations are tried too.
/// </summary>
public sealed class ProtocolClassifierTests
{
    private static readonly byte[] HttpRequest = Ascii("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n");
    private static readonly byte[] HttpResponse = Ascii("HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\nContent-type: text/html\r\n\r\n");
    private static readonly byte[] Http2Preface = [.. Ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 0x00, 0x00, 0x12, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00];

    // Record type 22 (handshake), record version 3.1 as TLS 1.3 clients send it, then ClientHello (1) with legacy version 3.3.
    private static readonly byte[] ClientHelloRecord31 =
        [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0x5e, 0x8a, 0x12, 0x99, 0x04, 0x7c, 0x3b, 0xd1, 0x20, 0x6a, 0x0e, 0x41, 0x77];
    private static readonly byte[] ClientHelloRecord33 =
        [0x16, 0x03, 0x03, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c];

    private static readonly byte[] SshBanner = Ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");

    // dig example.test A: one question, one additional record (EDNS with a cookie), 53 bytes.
    private static readonly byte[] DnsQuery =
    [
        0x6e, 0x01, 0x01, 0x20, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
        0x07, .. Ascii("example"), 0x04, .. Ascii("test"), 0x00, 0x00, 0x01, 0x00, 0x01,
        0x00, 0x00, 0x29, 0x04, 0xd0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x0a, 0x00, 0x08,
        0x6b, 0x78, 0x94, 0x5c, 0xaf, 0xd0, 0xaa, 0x65,
    ];
    private static readonly byte[] DnsQueryOverTcp = [0x00, (byte)DnsQuery.Length, .. DnsQuery];

    // A QUIC v1 Initial: long header form and fixed bit, version 1, an 8-byte destination connection id.
    private static readonly byte[] QuicInitial =
        [0xc3, 0x00, 0x00, 0x00, 0x01, 0x08, 0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08, 0x00, 0x00, 0x44, 0x9e, 0x7b, 0x9a, 0xec, 0x34, 0xd1, 0xb1];

    private static readonly byte[] RedisSetCommand = Ascii("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n");

    // Length 84, protocol 3.0, then name/value pairs as psql sends them.
    private static readonly byte[] PostgresStartup =
        [0x00, 0x00, 0x00, 0x54, 0x00, 0x03, 0x00, 0x00, .. Ascii("user\0postgres\0database\0postgres\0application_name\0psql\0client_encoding\0UTF8\0\0")];
    private static readonly byte[] PostgresSslRequest = [0x00, 0x00, 0x00, 0x08, 0x04, 0xd2, 0x16, 0x2f];

    // Length 74, sequence 0, protocol 10, server version "8.0.36", then the connection id.
    private static readonly byte[] MySqlGreeting =
        [0x4a, 0x00, 0x00, 0x00, 0x0a, .. Ascii("8.0.36\0"), 0x0b, 0x00, 0x00, 0x00, 0x1f, 0x3c, 0x5a, 0x64, 0x12, 0x7e, 0x01, 0x2b, 0x00, 0xff, 0xff];

    public static TheoryData<string, byte[], string> TcpPayloads => new()
    {
        { "http request", HttpRequest, "http" },
        { "http response", HttpResponse, "http" },
        { "http/2 preface", Http2Preface, "http2" },
        { "tls client hello, record 3.1", ClientHelloRecord31, "tls" },
        { "tls client hello, record 3.3", ClientHelloRecord33, "tls" },
        { "ssh banner", SshBanner, "ssh" },
        { "dns query with its length", DnsQueryOverTcp, "dns" },
        { "redis command array", RedisSetCommand, "redis" },
        { "redis PING array", Ascii("*1\r\n$4\r\nPING\r\n"), "redis" },
        { "redis simple reply", Ascii("+PONG\r\n"), "redis" },
        { "redis error reply", Ascii("-ERR unknown command 'FOO'\r\n"), "redis" },
        { "redis integer reply", Ascii(":1000\r\n"), "redis" },
        { "postgresql startup", PostgresStartup, "postgresql" },
        { "postgresql SSLRequest", PostgresSslRequest, "postgresql" },
        { "mysql server greeting", MySqlGreeting, "mysql" },
    };

    [Theory]
    [MemberData(nameof(TcpPayloads))]
    public void First_bytes_over_tcp_name_their_protocol(string what, byte[] payload, string expected)
    {
        var app = ProtocolClassifier.FromPayload(payload, tcp: true);

        Assert.True(app is not null, $"{what} was not recognised");
        Assert.Equal((expected, "payload"), (app.Name, app.Method));
    }

    public static TheoryData<string, byte[], int, string> TruncatedTcpPayloads => new()
    {
        { "http request", HttpRequest, 8, "http" },
        { "http response", HttpResponse, 8, "http" },
        { "http/2 preface", Http2Preface, 16, "http2" },
        { "http/2 preface", Http2Preface, 24, "http2" },
        { "tls client hello", ClientHelloRecord31, 8, "tls" },
        { "ssh banner", SshBanner, 8, "ssh" },
        { "dns query with its length", DnsQueryOverTcp, 16, "dns" },
        { "dns query with its length", DnsQueryOverTcp, 24, "dns" },
        { "dns query with its length", DnsQueryOverTcp, 48, "dns" },
        { "redis command array", RedisSetCommand, 8, "redis" },
        { "postgresql startup", PostgresStartup, 8, "postgresql" },
        { "postgresql startup", PostgresStartup, 24, "postgresql" },
        { "mysql server greeting", MySqlGreeting, 8, "mysql" },
    };

    [Theory]
    [MemberData(nameof(TruncatedTcpPayloads))]
    public void A_prefix_as_the_kernel_shows_it_is_enough(string what, byte[] payload, int shown, string expected)
    {
        var app = ProtocolClassifier.FromPayload(payload.AsSpan(0, shown), tcp: true);

        Assert.True(app is not null, $"the first {shown} bytes of a {what} were not recognised");
        Assert.Equal((expected, "payload"), (app.Name, app.Method));
    }

    [Theory]
    [InlineData(new byte[] { 0x16, 0x03, 0x01 }, "record version 3.1")]
    [InlineData(new byte[] { 0x16, 0x03, 0x03 }, "record version 3.3")]
    public void Tls_carries_its_record_version(byte[] recordStart, string detail)
    {
        byte[] hello = [.. recordStart, .. ClientHelloRecord31.AsSpan(3)];

        Assert.Equal(new AppProtocol("tls", "payload", detail), ProtocolClassifier.FromPayload(hello, tcp: true));
    }

    [Fact]
    public void The_start_of_the_http2_preface_is_too_short_to_tell() =>
        Assert.Null(ProtocolClassifier.FromPayload(Http2Preface.AsSpan(0, 8), tcp: true));

    [Theory]
    [InlineData(64)]
    [InlineData(48)]
    [InlineData(24)]
    [InlineData(16)]
    public void A_dns_query_over_udp_is_dns(int shown) =>
        Assert.Equal(new AppProtocol("dns", "payload"), ProtocolClassifier.FromPayload(DnsQuery.AsSpan(0, Math.Min(shown, DnsQuery.Length)), tcp: false));

    [Fact]
    public void A_dns_answer_over_udp_is_dns()
    {
        byte[] answer = [0x6e, 0x01, 0x85, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, .. DnsQuery.AsSpan(12)];

        Assert.Equal(new AppProtocol("dns", "payload"), ProtocolClassifier.FromPayload(answer, tcp: false));
    }

    [Fact]
    public void A_dns_header_alone_is_too_short_to_tell() =>
        Assert.Null(ProtocolClassifier.FromPayload(DnsQuery.AsSpan(0, 8), tcp: false));

    [Theory]
    [InlineData(0x00, 0x00, 0x00, 0x01)]
    [InlineData(0x6b, 0x33, 0x43, 0xcf)]
    public void A_quic_long_header_of_a_known_version_is_quic(byte v0, byte v1, byte v2, byte v3)
    {
        byte[] packet = [QuicInitial[0], v0, v1, v2, v3, .. QuicInitial.AsSpan(5)];

        Assert.Equal(new AppProtocol("quic", "payload"), ProtocolClassifier.FromPayload(packet, tcp: false));
        Assert.Equal(new AppProtocol("quic", "payload"), ProtocolClassifier.FromPayload(packet.AsSpan(0, 8), tcp: false));
    }

    [Fact]
    public void A_quic_short_header_is_not_recognised()
    {
        byte[] shortHeader = [0x43, .. QuicInitial.AsSpan(1)];

        Assert.Null(ProtocolClassifier.FromPayload(shortHeader, tcp: false));
    }

    [Fact]
    public void Signatures_count_only_over_their_own_transport()
    {
        Assert.Null(ProtocolClassifier.FromPayload(QuicInitial, tcp: true));
        Assert.Null(ProtocolClassifier.FromPayload(DnsQuery, tcp: true));
        Assert.Null(ProtocolClassifier.FromPayload(HttpRequest, tcp: false));
        Assert.Null(ProtocolClassifier.FromPayload(ClientHelloRecord31, tcp: false));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_bytes_are_not_recognised(int seed)
    {
        var payload = new byte[64];
        new Random(seed).NextBytes(payload);

        foreach (int shown in new[] { 8, 16, 24, 32, 48, 64 })
        {
            Assert.Null(ProtocolClassifier.FromPayload(payload.AsSpan(0, shown), tcp: true));
            Assert.Null(ProtocolClassifier.FromPayload(payload.AsSpan(0, shown), tcp: false));
        }
    }

    [Theory]
    [InlineData("Hello, this is just a line of plain text, nothing more.\n")]
    [InlineData("220 mail.example.com ESMTP Postfix (Debian/GNU)\r\n")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}\n")]
    public void Plain_text_is_not_recognised(string text)
    {
        Assert.Null(ProtocolClassifier.FromPayload(Ascii(text), tcp: true));
        Assert.Null(ProtocolClassifier.FromPayload(Ascii(text), tcp: false));
    }

    [Fact]
    public void Near_misses_are_not_recognised()
    {
        Assert.Null(ProtocolClassifier.FromPayload([0x17, 0x03, 0x03, 0x00, 0x20, 0x01, 0x02, 0x03], tcp: true)); // TLS application data
        Assert.Null(ProtocolClassifier.FromPayload([0x16, 0x03, 0x07, 0x00, 0x20, 0x01, 0x02, 0x03], tcp: true)); // no such record version
        Assert.Null(ProtocolClassifier.FromPayload([0x16, 0x03, 0x01, 0x00, 0x00, 0x01, 0x02, 0x03], tcp: true)); // an empty record
        Assert.Null(ProtocolClassifier.FromPayload(Ascii("get / http/1.1\r\n"), tcp: true));
        Assert.Null(ProtocolClassifier.FromPayload([0x00, 0x10, .. DnsQuery.AsSpan(0, 22)], tcp: true)); // length shorter than the bytes shown
    }

    [Fact]
    public void An_empty_payload_is_not_recognised()
    {
        Assert.Null(ProtocolClassifier.FromPayload([], tcp: true));
        Assert.Null(ProtocolClassifier.FromPayload([], tcp: false));
    }

    [Theory]
    [InlineData(80, true, "http")]
    [InlineData(8080, true, "http")]
    [InlineData(443, true, "tls")]
    [InlineData(443, false, "quic")]
    [InlineData(22, true, "ssh")]
    [InlineData(53, true, "dns")]
    [InlineData(53, false, "dns")]
    [InlineData(6379, true, "redis")]
    [InlineData(5432, true, "postgresql")]
    [InlineData(3306, true, "mysql")]
    public void A_well_known_port_on_either_end_names_its_protocol(int port, bool tcp, string expected)
    {
        var byPort = new AppProtocol(expected, "port");

        Assert.Equal(byPort, ProtocolClassifier.FromPort(localPort: 51234, remotePort: port, tcp));
        Assert.Equal(byPort, ProtocolClassifier.FromPort(localPort: port, remotePort: 51234, tcp));
    }

    [Fact]
    public void The_remote_port_wins_over_the_local_one() =>
        Assert.Equal(new AppProtocol("postgresql", "port"), ProtocolClassifier.FromPort(localPort: 8080, remotePort: 5432, tcp: true));

    [Theory]
    [InlineData(51234, 40000, true)]
    [InlineData(51234, 6379, false)]
    [InlineData(51234, 22, false)]
    [InlineData(0, 0, true)]
    public void Other_ports_name_nothing(int localPort, int remotePort, bool tcp) =>
        Assert.Null(ProtocolClassifier.FromPort(localPort, remotePort, tcp));

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
