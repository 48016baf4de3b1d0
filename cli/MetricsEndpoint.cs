using System.Net;
using System.Text;
using ProcNetMon2.Analyze.Live;

namespace ProcNetMon2.Cli;

/// <summary>Serves <see cref="LiveMetrics"/> over HTTP at /metrics while a capture runs; anything else is 404.</summary>
internal sealed class MetricsEndpoint : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly LiveMetrics metrics;
    private readonly Thread thread;

    private MetricsEndpoint(IPEndPoint address, LiveMetrics metrics)
    {
        this.metrics = metrics;
        string host = address.Address.Equals(IPAddress.Any) || address.Address.Equals(IPAddress.IPv6Any) ? "*"
            : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address.Address}]"
            : address.Address.ToString();
        listener.Prefixes.Add($"http://{host}:{address.Port}/");
        thread = new Thread(Serve) { Name = "pnm-metrics", IsBackground = true };
    }

    /// <summary>Listens now, so a port in use fails before the capture starts.</summary>
    public static MetricsEndpoint Start(IPEndPoint address, LiveMetrics metrics)
    {
        var endpoint = new MetricsEndpoint(address, metrics);
        try
        {
            endpoint.listener.Start();
        }
        catch (HttpListenerException e)
        {
            endpoint.listener.Close();
            throw new MetricsEndpointException($"cannot serve metrics on {address}: {e.Message}", e);
        }
        endpoint.thread.Start();
        return endpoint;
    }

    /// <summary>The endpoint <paramref name="args"/> asks for (null when none), or the refusal as one line and its exit code in <paramref name="failed"/>.</summary>
    public static MetricsEndpoint? StartOrReport(Commands.MetricsArgs? args, LiveMetrics? metrics, TextWriter error, out int failed)
    {
        failed = 0;
        if (args is null || metrics is null)
            return null;
        try
        {
            return Start(args.Address, metrics);
        }
        catch (MetricsEndpointException e)
        {
            error.WriteLine($"pnm: {e.Message}");
            failed = (int)ReturnCode.Failed;
            return null;
        }
    }

    private void Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = listener.GetContext();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                Respond(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The scraper went away mid-response: nothing to tell it.
            }
        }
    }

    private void Respond(HttpListenerContext context)
    {
        using var response = context.Response;
        if (context.Request.Url?.AbsolutePath != "/metrics" || context.Request.HttpMethod is not ("GET" or "HEAD"))
        {
            response.StatusCode = 404;
            return;
        }
        byte[] body = Encoding.UTF8.GetBytes(metrics.Exposition());
        response.ContentType = OpenMetricsText.ContentType;
        response.ContentLength64 = body.Length;
        if (context.Request.HttpMethod == "GET")
            response.OutputStream.Write(body);
    }

    public void Dispose()
    {
        listener.Close();
        thread.Join(TimeSpan.FromSeconds(5));
    }
}

public sealed class MetricsEndpointException(string message, Exception inner) : Exception(message, inner);
