using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ProcNetMon2.Tests.Analyze.Html;

/// <summary>What a page did while it loaded: its console errors and uncaught exceptions, and every request it made.</summary>
internal sealed record PageLoad(IReadOnlyList<string> Errors, IReadOnlyList<string> Requests, double LoadMilliseconds);

/// <summary>
/// Debian's chromium, headless, with its network pointed nowhere (a proxy on the discard port, every host name
/// unresolvable), driven over the Chrome DevTools Protocol: load a page, collect what it logged and requested, evaluate
/// script in it.
/// </summary>
internal sealed partial class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly string profile;
    private readonly ClientWebSocket socket = new();
    private readonly List<JsonObject> events = [];
    private int nextId;

    private HeadlessChromium(Process process, string profile)
    {
        this.process = process;
        this.profile = profile;
    }

    public const string Program = "chromium";

    /// <exception cref="InvalidOperationException">chromium is not installed.</exception>
    public static void Ensure()
    {
        bool found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, Program)));
        if (!found)
            throw new InvalidOperationException($"{Program} is not installed: run tests/install-prerequisites.sh (apt-get install chromium)");
    }

    public static async Task<HeadlessChromium> StartAsync()
    {
        Ensure();
        string profile = Directory.CreateTempSubdirectory("pnm-chromium-").FullName;
        var start = new ProcessStartInfo(Program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
                     "--window-size=1400,1000", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
                 })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.ConnectAsync(await DevToolsPortAsync(process));
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Chromium says where its DevTools listen on stderr: "DevTools listening on ws://127.0.0.1:PORT/…".</summary>
    private static async Task<int> DevToolsPortAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var seen = new StringBuilder();
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.AppendLine(line);
            if (DevToolsLine().Match(line) is { Success: true } match)
                return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"chromium exited without opening its DevTools port:\n{seen}");
    }

    [GeneratedRegex(@"DevTools listening on ws://127\.0\.0\.1:(\d+)/")]
    private static partial Regex DevToolsLine();

    private async Task ConnectAsync(int port)
    {
        // Chromium keeps writing to stderr; it must be drained or it blocks.
        _ = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var http = new HttpClient { Timeout = Timeout };
        var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
        string url = targets.First(t => (string?)t!["type"] == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
        await socket.ConnectAsync(new Uri(url), CancellationToken.None);
        foreach (string domain in new[] { "Runtime", "Log", "Network", "Page" })
            await CallAsync($"{domain}.enable");
    }

    /// <summary>Opens <paramref name="file"/> and waits for its load event (the page's scripts have run by then).</summary>
    public async Task<PageLoad> LoadAsync(string file)
    {
        events.Clear();
        await CallAsync("Page.navigate", new JsonObject { ["url"] = new Uri(Path.GetFullPath(file)).AbsoluteUri });
        await WaitForEventAsync("Page.loadEventFired");
        // Messages logged during load arrive before the load event; let any late one in.
        await EvaluateAsync("new Promise(r => setTimeout(r, 200))", awaitPromise: true);
        double load = (await EvaluateAsync("performance.getEntriesByType('navigation')[0].loadEventEnd")).GetValue<double>();
        var errors = new List<string>();
        var requests = new List<string>();
        foreach (var message in events)
        {
            var parameters = message["params"];
            switch ((string?)message["method"])
            {
                case "Runtime.exceptionThrown":
                    errors.Add(parameters!["exceptionDetails"]!.ToJsonString());
                    break;
                case "Runtime.consoleAPICalled" when (string?)parameters!["type"] is "error" or "assert":
                    errors.Add(parameters.ToJsonString());
                    break;
                case "Log.entryAdded" when (string?)parameters!["entry"]!["level"] == "error":
                    errors.Add(parameters["entry"]!.ToJsonString());
                    break;
                case "Network.requestWillBeSent":
                    requests.Add((string)parameters!["request"]!["url"]!);
                    break;
            }
        }
        return new PageLoad(errors, requests, load);
    }

    /// <summary>The value of a script expression (JSON-serializable).</summary>
    public async Task<JsonNode> EvaluateAsync(string expression, bool awaitPromise = false)
    {
        var result = await CallAsync("Runtime.evaluate",
            new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = awaitPromise });
        if (result["exceptionDetails"] is { } exception)
            throw new InvalidOperationException($"script failed: {exception.ToJsonString()}");
        return result["result"]!["value"] ?? JsonValue.Create((string?)null)!;
    }

    private async Task<JsonNode> CallAsync(string method, JsonObject? parameters = null)
    {
        int id = ++nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        while (true)
        {
            var reply = await ReceiveAsync();
            if ((int?)reply["id"] != id)
                continue;
            if (reply["error"] is { } error)
                throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            return reply["result"]!;
        }
    }

    private async Task WaitForEventAsync(string method)
    {
        while (!events.Any(e => (string?)e["method"] == method))
            await ReceiveAsync();
    }

    /// <summary>The next message; events are kept for <see cref="LoadAsync"/>.</summary>
    private async Task<JsonObject> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var text = new MemoryStream();
        var buffer = new byte[1 << 16];
        WebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
                throw new InvalidOperationException("chromium closed the DevTools connection");
            text.Write(buffer, 0, received.Count);
        } while (!received.EndOfMessage);
        var message = JsonNode.Parse(text.ToArray())!.AsObject();
        if (message["method"] is not null)
            events.Add(message);
        return message;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
                await CallAsync("Browser.close");
        }
        catch (Exception e) when (e is WebSocketException or InvalidOperationException or OperationCanceledException)
        {
            // Closing anyway below.
        }
        socket.Dispose();
        if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            process.Kill(entireProcessTree: true);
        process.Dispose();
        Directory.Delete(profile, recursive: true);
    }
}
