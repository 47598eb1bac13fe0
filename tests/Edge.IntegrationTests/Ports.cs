using System.Net;
using System.Net.Sockets;

namespace Edge.IntegrationTests;

internal static class Ports
{
    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A loopback port free at the time of asking, and never one this process was given before:
    /// the kernel may hand a just-closed ephemeral port out again, and two ports of one controller
    /// (gRPC and MQTT) must differ.
    /// </summary>
    public static int Free()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (Given)
            {
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
