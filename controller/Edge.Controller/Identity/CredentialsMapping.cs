using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Controller.Identity;

/// <summary>Domain credentials to their proto message.</summary>
internal static class CredentialsMapping
{
    public static NodeCredentials ToProto(this IssuedCredentials issued)
    {
        var message = new NodeCredentials
        {
            NodeName = issued.NodeName,
            CertificatePem = issued.CertificatePem,
            CaPem = issued.CaPem,
            NotAfter = Timestamp.FromDateTimeOffset(issued.NotAfter),
            MqttUsername = issued.NodeName,
            MqttPassword = issued.MqttPassword,
        };
        foreach (var (key, value) in issued.Labels)
        {
            message.Labels[key] = value;
        }

        return message;
    }
}
